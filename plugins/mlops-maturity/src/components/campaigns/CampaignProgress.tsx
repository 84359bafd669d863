import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CampaignSummary } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';

/** The share of the campaign's services that meet its goal, as a bar and in words. */
export function CampaignProgress(props: { campaign: CampaignSummary }) {
  const { campaign } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const { progress } = campaign;
  const percent =
    progress.services === 0
      ? 0
      : Math.round((100 * progress.met) / progress.services);
  return (
    <Box my={1}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={t('campaigns.progressLabel', { title: campaign.title })}
      />
      <Typography variant="body2">
        <strong>
          {t('campaigns.progress', {
            met: String(progress.met),
            services: String(progress.services),
          })}
        </strong>
        {' — '}
        {t('campaigns.progressDetail', {
          behind: String(progress.behind),
          waived: String(progress.waived),
          unknown: String(progress.unknown),
        })}
      </Typography>
    </Box>
  );
}
