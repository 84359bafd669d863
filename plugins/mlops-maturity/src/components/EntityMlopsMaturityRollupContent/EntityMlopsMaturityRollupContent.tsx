import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { mlopsMaturityApiRef } from '../../api';
import {
  ROLLUP_BY_KIND,
  RollupEntityKind,
  rollupKindOf,
} from '../../isMlopsMaturityRollupAvailable';
import { mlopsMaturityTranslationRef } from '../../translation';
import { KpiTiles } from '../OrgPage/KpiTiles';
import { LevelDistributionCard } from '../OrgPage/LevelDistributionCard';
import { OrgTrendCard } from '../OrgPage/OrgTrendCard';
import { PassRateHeatmap } from '../OrgPage/PassRateHeatmap';
import { ServicesTable } from '../OrgPage/ServicesTable';
import { TopBlockersCard } from '../OrgPage/TopBlockersCard';
import {
  aggregateTrend,
  summarize,
  thirtyDayChange,
} from '../OrgPage/orgMetrics';

const TREND_DAYS = 90;
const TOP_BLOCKERS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The "MLOps maturity" tab of a Group, Domain or System page: the org page's view
 * of the ML services in that part of the organisation, descendants included.
 */
export function EntityMlopsMaturityRollupContent() {
  const { entity } = useEntity();
  const kind = rollupKindOf(entity);
  if (!kind) {
    throw new Error(
      `The MLOps maturity rollup tab is for groups, domains and systems, not ${entity.kind}`,
    );
  }
  return <RollupView kind={kind} entityRef={stringifyEntityRef(entity)} />;
}

function RollupView(props: { kind: RollupEntityKind; entityRef: string }) {
  const { kind, entityRef } = props;
  const api = useApi(mlopsMaturityApiRef);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const by = ROLLUP_BY_KIND[kind];
  // The same filter narrows every read to the services this entity holds.
  const scope = useMemo(() => ({ [by]: entityRef }), [by, entityRef]);

  const own = useAsync(() => api.getRollups({ by, ...scope }), [api, scope]);
  const domains = useAsync(
    () => api.getRollups({ by: 'domain', ...scope }),
    [api, scope],
  );
  const owners = useAsync(
    () => api.getRollups({ by: 'owner', ...scope }),
    [api, scope],
  );
  const personas = useAsync(
    () => api.getRollups({ by: 'persona', ...scope }),
    [api, scope],
  );
  const blockers = useAsync(
    () => api.getTopBlockers({ limit: TOP_BLOCKERS, ...scope }),
    [api, scope],
  );
  const trend = useAsync(async () => {
    const points = await api.getRollupTrend({
      by,
      keys: [entityRef],
      from: new Date(Date.now() - TREND_DAYS * DAY_MS),
    });
    return aggregateTrend(points);
  }, [api, by, entityRef]);

  const row = own.value?.items.find(item => item.key === entityRef);
  const change = useMemo(
    () => (trend.value ? thirtyDayChange(trend.value) : undefined),
    [trend.value],
  );
  // The entity's own row is the key figures; the cards break it down below it.
  const below = (rows: typeof own.value) =>
    rows?.items.filter(item => item.key !== entityRef);

  if (own.error) {
    return <ResponseErrorPanel error={own.error} />;
  }
  if (own.loading) {
    return <Progress aria-label={t('loading')} />;
  }
  if (!row || row.services === 0) {
    return (
      <EmptyState
        missing="data"
        title={t(`rollupTab.empty.${kind}`)}
        description={t('rollupTab.emptyDetail')}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1" component="p">
          {t(`rollupTab.scope.${kind}`)}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <KpiTiles summary={summarize([row])} change={change} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <LevelDistributionCard
          by="domain"
          rows={by === 'domain' ? below(domains.value) : domains.value?.items}
          filter={scope}
          emptyText={
            by === 'domain' ? t('rollupTab.nothingBelow.domain') : undefined
          }
          loading={domains.loading}
          error={domains.error}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <LevelDistributionCard
          by="owner"
          rows={by === 'owner' ? below(owners.value) : owners.value?.items}
          filter={scope}
          emptyText={
            by === 'owner' ? t('rollupTab.nothingBelow.group') : undefined
          }
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
        <OrgTrendCard
          points={trend.value}
          loading={trend.loading}
          error={trend.error}
        />
      </Grid>
      <Grid item xs={12}>
        <ServicesTable
          scope={scope}
          domainOptions={(domains.value?.items ?? []).map(item => item.key)}
          ownerOptions={(owners.value?.items ?? []).map(item => item.key)}
        />
      </Grid>
    </Grid>
  );
}
