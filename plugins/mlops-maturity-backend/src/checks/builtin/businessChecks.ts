import { ANNOTATIONS } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  RepositoryView,
  capitalize,
  defineCheck,
  describeSignals,
  fail,
  pass,
  repositoryOf,
  unknown,
  withCatalog,
} from './evidence';

export const businessChecks: MaturityCheck[] = [
  defineCheck({
    id: 'business.kpi-defined',
    title: 'Business KPI is defined',
    description:
      'Verifies that the business KPI the model serves is named, by annotation, a `kpi` link, or a KPI definition in the repository.',
    dimension: 'business',
    level: 1,
    persona: 'data-scientist',
    sources: ['catalog', 'repository'],
    remediation:
      'Name the KPI the model moves: add `mlops-maturity.io/kpi: <metric name or dashboard URL>` to catalog-info.yaml (or a link of type `kpi`), and define the KPI metric in code so it can be tracked.',
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.kpi);
        if (malformed) {
          return malformed;
        }
        const annotated = catalog.facts.kpi;
        if (annotated) {
          const detail = `${ANNOTATIONS.kpi}: ${annotated}`;
          return pass(`KPI defined: ${annotated}`, [catalog.evidence(detail)]);
        }
        const link = catalog.facts.linksByType?.kpi;
        if (link) {
          return pass(`KPI linked: ${link}`, [
            catalog.evidence(`link of type kpi: ${link}`, link),
          ]);
        }
        const noAnnotation = `no ${ANNOTATIONS.kpi} annotation or kpi link`;
        const repo = repositoryOf(ctx);
        if (!(repo instanceof RepositoryView)) {
          // The repository might define the KPI; without it nothing can be claimed either way.
          return unknown(`${noAnnotation}, and ${repo.reason}`, [
            catalog.evidence(noAnnotation),
          ]);
        }
        const kpis = repo.signals('kpi');
        if (kpis.length > 0) {
          return pass(
            `KPI defined in ${describeSignals(kpis)}`,
            kpis.map(s => repo.found(s)),
          );
        }
        const missing = repo.missing('KPI definition');
        return fail(`${capitalize(noAnnotation)}; ${missing.detail}`, [
          catalog.evidence(noAnnotation),
          missing,
        ]);
      }),
  }),
];
