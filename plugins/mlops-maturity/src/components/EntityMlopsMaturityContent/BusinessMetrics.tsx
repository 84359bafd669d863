import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { BusinessMetrics as Metrics } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { toPercent } from '../shared/format';

/** The business metrics the scorecard carries; a metric without evidence is left out. */
export function BusinessMetrics(props: { metrics: Metrics }) {
  const { metrics } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);

  const rows: { label: string; value: string }[] = [];
  if (metrics.timeToProductionDays !== undefined) {
    rows.push({
      label: t('metrics.timeToProductionDays'),
      value: t('metrics.days', { count: metrics.timeToProductionDays }),
    });
  }
  if (metrics.deploysLast30d !== undefined) {
    rows.push({
      label: t('metrics.deploysLast30d'),
      value: String(metrics.deploysLast30d),
    });
  }
  if (metrics.modelAgeDays !== undefined) {
    rows.push({
      label: t('metrics.modelAgeDays'),
      value: t('metrics.days', { count: metrics.modelAgeDays }),
    });
  }
  if (metrics.ciSuccessRate !== undefined) {
    rows.push({
      label: t('metrics.ciSuccessRate'),
      value: t('metrics.percent', {
        percent: String(toPercent(metrics.ciSuccessRate)),
      }),
    });
  }
  if (rows.length === 0) {
    return null;
  }

  return (
    <InfoCard title={t('metrics.title')}>
      <Box
        component="dl"
        display="flex"
        flexWrap="wrap"
        m={0}
        style={{ gap: 32 }}
      >
        {rows.map(row => (
          <div key={row.label}>
            <Typography component="dt" variant="body2" color="textSecondary">
              {row.label}
            </Typography>
            <Typography component="dd" variant="h6" style={{ margin: 0 }}>
              {row.value}
            </Typography>
          </div>
        ))}
      </Box>
    </InfoCard>
  );
}
