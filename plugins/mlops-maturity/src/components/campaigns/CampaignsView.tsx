import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { CampaignSummary } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CampaignDetailsView } from './CampaignDetailsView';
import { CampaignProgress } from './CampaignProgress';
import { NewCampaignDialog } from './NewCampaignDialog';
import { useCampaignText } from './useCampaignText';

function CampaignCard(props: {
  campaign: CampaignSummary;
  onDeleted: () => void;
}) {
  const { campaign, onDeleted } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const text = useCampaignText();
  const [open, setOpen] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const titleId = `mlops-maturity-campaign-${campaign.id}`;

  const remove = async () => {
    try {
      await api.deleteCampaign(campaign.id);
      onDeleted();
    } catch (e) {
      setDeleteError(
        t('campaigns.deleteFailed', { message: (e as Error).message }),
      );
    }
  };

  return (
    <section aria-labelledby={titleId}>
      <InfoCard
        title={<span id={titleId}>{campaign.title}</span>}
        subheader={
          campaign.source === 'config'
            ? t('campaigns.source.config')
            : t('campaigns.source.api', {
                createdBy: campaign.createdBy ?? '',
              })
        }
      >
        {campaign.description && (
          <Typography variant="body2">{campaign.description}</Typography>
        )}
        <Typography variant="body2">{text.goal(campaign.goal)}</Typography>
        <Typography variant="body2">{text.scope(campaign.scope)}</Typography>
        <Typography variant="body2">{text.deadline(campaign)}</Typography>
        <CampaignProgress campaign={campaign} />
        <Box display="flex" style={{ gap: 8 }}>
          <Button
            size="small"
            aria-expanded={open}
            onClick={() => setOpen(value => !value)}
          >
            {open ? t('campaigns.hideDetails') : t('campaigns.showDetails')}
          </Button>
          {campaign.source === 'api' && (
            <Button size="small" color="secondary" onClick={remove}>
              {t('campaigns.delete')}
            </Button>
          )}
        </Box>
        <Typography role="alert" color="error" variant="body2">
          {deleteError ?? ''}
        </Typography>
        {open && (
          <CampaignDetailsView id={campaign.id} title={campaign.title} />
        )}
      </InfoCard>
    </section>
  );
}

/** Every campaign with its progress; campaigns can be created and deleted here. */
export function CampaignsView() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const campaigns = useAsyncRetry(() => api.listCampaigns(), [api]);
  const [creating, setCreating] = useState(false);

  let content;
  if (campaigns.error) {
    content = <ResponseErrorPanel error={campaigns.error} />;
  } else if (!campaigns.value) {
    content = <Progress />;
  } else if (campaigns.value.length === 0) {
    content = <Typography>{t('campaigns.empty')}</Typography>;
  } else {
    content = (
      <Grid container spacing={3}>
        {campaigns.value.map(campaign => (
          <Grid item xs={12} md={6} key={campaign.id}>
            <CampaignCard campaign={campaign} onDeleted={campaigns.retry} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <>
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="center"
        mb={2}
      >
        <Typography variant="body2">{t('campaigns.subheader')}</Typography>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setCreating(true)}
        >
          {t('campaigns.create.button')}
        </Button>
      </Box>
      {content}
      <NewCampaignDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          campaigns.retry();
        }}
      />
    </>
  );
}
