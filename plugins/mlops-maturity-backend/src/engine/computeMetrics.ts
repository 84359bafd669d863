import {
  BusinessMetrics,
  CiFacts,
  FactSet,
  RegistryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const DAY_MS = 24 * 60 * 60 * 1000;

function days(from: string | null | undefined, to: Date): number | undefined {
  if (!from) {
    return undefined;
  }
  const start = new Date(from).getTime();
  if (Number.isNaN(start)) {
    return undefined;
  }
  return Math.max(0, Math.round((to.getTime() - start) / DAY_MS));
}

/** Business metrics, each only where its evidence exists (DESIGN §7). */
export function computeMetrics(
  facts: { ci?: FactSet<CiFacts>; registry?: FactSet<RegistryFacts> },
  now: Date,
): BusinessMetrics {
  const metrics: BusinessMetrics = {};
  const ci = facts.ci?.facts;
  if (ci?.deploy) {
    metrics.deploysLast30d = ci.deploy.successesLast30d;
  }
  if (ci && typeof ci.successRate === 'number') {
    metrics.ciSuccessRate = Math.round(ci.successRate * 100) / 100;
  }
  if (ci?.firstDeployAt && ci.firstCommitAt) {
    metrics.timeToProductionDays = days(
      ci.firstCommitAt,
      new Date(ci.firstDeployAt),
    );
  }
  const registry = facts.registry?.facts;
  if (registry?.productionVersion) {
    const version = registry.versions?.find(
      v => v.version === registry.productionVersion,
    );
    metrics.modelAgeDays = days(version?.createdAt, now);
  }
  for (const key of Object.keys(metrics) as (keyof BusinessMetrics)[]) {
    if (metrics[key] === undefined) {
      delete metrics[key];
    }
  }
  return metrics;
}
