import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CampaignProgress } from './CampaignProgress';
import { useCampaignText } from './useCampaignText';

/**
 * The campaigns a service is in, on its tab: where it stands and how the campaign goes.
 * Nothing is shown for a service in no campaign.
 */
export function ServiceCampaigns(props: { entityRef: string }) {
  const { entityRef } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const text = useCampaignText();
  const campaigns = useAsync(
    () => api.getServiceCampaigns(entityRef),
    [api, entityRef],
  );

  if (campaigns.error) {
    return <ResponseErrorPanel error={campaigns.error} />;
  }
  if (!campaigns.value || campaigns.value.length === 0) {
    return null;
  }
  return (
    <InfoCard title={t('campaigns.tab.title')}>
      <List disablePadding>
        {campaigns.value.map(campaign => (
          <ListItem key={campaign.id} disableGutters divider>
            <div style={{ width: '100%' }}>
              <Typography variant="subtitle1" component="h3">
                {campaign.title}
              </Typography>
              <Typography variant="body2">
                <strong>
                  {t('campaigns.tab.standing', {
                    status: t(`campaigns.status.${campaign.service.status}`),
                  })}
                </strong>
              </Typography>
              <Typography variant="body2">
                {text.goal(campaign.goal)} · {text.deadline(campaign)}
              </Typography>
              <CampaignProgress campaign={campaign} />
            </div>
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
