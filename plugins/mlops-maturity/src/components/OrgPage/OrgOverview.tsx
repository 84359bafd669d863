import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { KpiTiles } from './KpiTiles';
import { TeamPersonaCard } from './TeamPersonaCard';
import { LevelDistributionCard } from './LevelDistributionCard';
import { OrgTrendCard } from './OrgTrendCard';
import { PassRateHeatmap } from './PassRateHeatmap';
import { ServicesTable } from './ServicesTable';
import { TopBlockersCard } from './TopBlockersCard';
import {
  aggregateTrend,
  summarize,
  thirtyDayChange,
  topLevelRows,
} from './orgMetrics';

const TREND_DAYS = 90;
const TOP_BLOCKERS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The org page: key figures, level distributions, pass rates, top blockers, trend
 * and the list of services. Org-wide numbers add up the top-level domains, the same
 * groups the trend follows, so the 30-day change compares like with like.
 */
export function OrgOverview() {
  const api = useApi(mlopsMaturityApiRef);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const domains = useAsync(() => api.getRollups({ by: 'domain' }), [api]);
  const owners = useAsync(() => api.getRollups({ by: 'owner' }), [api]);
  const personas = useAsync(() => api.getRollups({ by: 'persona' }), [api]);
  const blockers = useAsync(
    () => api.getTopBlockers({ limit: TOP_BLOCKERS }),
    [api],
  );

  const topDomains = useMemo(
    () => (domains.value ? topLevelRows(domains.value.items) : undefined),
    [domains.value],
  );
  const trend = useAsync(async () => {
    if (!topDomains) {
      return undefined;
    }
    if (topDomains.length === 0) {
      return [];
    }
    const points = await api.getRollupTrend({
      by: 'domain',
      keys: topDomains.map(row => row.key),
      from: new Date(Date.now() - TREND_DAYS * DAY_MS),
    });
    return aggregateTrend(points);
  }, [api, topDomains]);

  const summary = useMemo(
    () => (topDomains ? summarize(topDomains) : undefined),
    [topDomains],
  );
  const change = useMemo(
    () => (trend.value ? thirtyDayChange(trend.value) : undefined),
    [trend.value],
  );

  let kpis;
  if (domains.error) {
    kpis = <ResponseErrorPanel error={domains.error} />;
  } else if (!summary) {
    kpis = <Progress aria-label={t('loading')} />;
  } else {
    kpis = <KpiTiles summary={summary} change={change} />;
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {kpis}
      </Grid>
      <Grid item xs={12} lg={6}>
        <LevelDistributionCard
          by="domain"
          rows={domains.value?.items}
          loading={domains.loading}
          error={domains.error}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <LevelDistributionCard
          by="owner"
          rows={owners.value?.items}
          loading={owners.loading}
          error={owners.error}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <PassRateHeatmap
          rows={personas.value?.items}
          loading={personas.loading}
          error={personas.error}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <TopBlockersCard
          blockers={blockers.value}
          loading={blockers.loading}
          error={blockers.error}
        />
      </Grid>
      <Grid item xs={12}>
        <TeamPersonaCard />
      </Grid>
      <Grid item xs={12}>
        <OrgTrendCard
          points={trend.value}
          loading={trend.loading || domains.loading}
          error={trend.error ?? domains.error}
        />
      </Grid>
      <Grid item xs={12}>
        <ServicesTable
          domainOptions={(domains.value?.items ?? []).map(row => row.key)}
          ownerOptions={(owners.value?.items ?? []).map(row => row.key)}
        />
      </Grid>
    </Grid>
  );
}
