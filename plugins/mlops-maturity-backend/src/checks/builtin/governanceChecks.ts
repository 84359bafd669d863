import {
  ANNOTATIONS,
  CiFacts,
  FACT_SOURCES,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  capitalize,
  citeRejections,
  decide,
  declaredCiJobs,
  defineCheck,
  describeJob,
  describeSignals,
  fail,
  matchesPattern,
  pass,
  RepositoryView,
  repositoryOf,
  signalsRequired,
  runsEvidence,
  stringsParam,
  unknown,
  withCatalog,
  withRepository,
} from './evidence';

const isSecurityJob = (job: { activities: string[] }) =>
  job.activities.includes('security-scan');

export const governanceChecks: MaturityCheck[] = [
  defineCheck({
    id: 'gov.owner',
    title: 'Owned by a team',
    description:
      'Verifies that spec.owner names a Group that exists in the catalog, not a person or a dangling reference.',
    dimension: 'governance',
    level: 1,
    persona: 'devops',
    sources: ['catalog'],
    remediation:
      "Set `spec.owner` in catalog-info.yaml to the owning team's Group (e.g. `group:default/fraud-ml`) and make sure that Group is ingested into the catalog.",
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const { owner, ownerKind, ownerExists, relationsResolved } =
          catalog.facts;
        const outcome = (ok: boolean, detail: string) =>
          (ok ? pass : fail)(capitalize(detail), [catalog.evidence(detail)]);
        if (!owner) {
          return outcome(
            false,
            'no spec.owner: nobody is accountable for the service',
          );
        }
        // Without a catalog (the CLI) the owner is as declared and its existence unverified.
        if (relationsResolved === false) {
          return ownerKind === 'group'
            ? outcome(
                true,
                `owned by the group ${owner} (as declared; no catalog was consulted to confirm it exists)`,
              )
            : outcome(
                false,
                `owner ${owner} is a ${
                  ownerKind ?? 'reference of unknown kind'
                }, not a Group`,
              );
        }
        if (!ownerExists) {
          return outcome(
            false,
            `owner ${owner} does not resolve to an entity in the catalog`,
          );
        }
        if (ownerKind === 'user') {
          return outcome(
            false,
            `owned by the user ${owner}: ownership should sit with a team (Group)`,
          );
        }
        if (ownerKind !== 'group') {
          return outcome(
            false,
            `owner ${owner} is a ${
              ownerKind ?? 'entity of unknown kind'
            }, not a Group`,
          );
        }
        return outcome(true, `owned by the group ${owner}`);
      }),
  }),

  defineCheck({
    id: 'gov.documentation',
    title: 'Service is documented',
    description:
      'Verifies that the service has documentation with substance (README or TechDocs), not an empty template.',
    dimension: 'governance',
    level: 1,
    persona: 'ml-engineer',
    sources: ['catalog', 'repository'],
    remediation:
      'Write a README (or TechDocs under `docs/` with `mkdocs.yml` and the `backstage.io/techdocs-ref: dir:.` annotation) covering what the model does, its inputs and outputs, how to train and deploy it, and who to call.',
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.techdocsRef);
        if (malformed) {
          return malformed;
        }
        const techdocs = catalog.facts.techdocsRef;
        const repo = repositoryOf(ctx);
        const docs =
          repo instanceof RepositoryView ? repo.signals('documentation') : [];
        if (repo instanceof RepositoryView && docs.length > 0) {
          const via = techdocs ? ` (TechDocs ${techdocs})` : '';
          return pass(`Documented: ${describeSignals(docs)}${via}`, [
            ...docs.map(s => repo.found(s)),
            ...(techdocs
              ? [catalog.evidence(`${ANNOTATIONS.techdocsRef}: ${techdocs}`)]
              : []),
          ]);
        }
        // Docs published elsewhere cannot be inspected here; the catalog's pointer is the evidence.
        if (techdocs?.startsWith('url:')) {
          const detail = `TechDocs published from ${techdocs.slice(
            'url:'.length,
          )}`;
          return pass(detail, [
            catalog.evidence(detail, techdocs.slice('url:'.length)),
          ]);
        }
        if (!(repo instanceof RepositoryView)) {
          return unknown(repo.reason, [catalog.evidence(repo.reason)]);
        }
        const rejections = repo.rejections('documentation');
        const missing = repo.notFound('README or docs with substance');
        const pointer = techdocs
          ? `; ${ANNOTATIONS.techdocsRef} is ${techdocs} but there is nothing of substance there`
          : '';
        return fail(
          `${missing.message}${pointer}${citeRejections(rejections)}`,
          [missing.evidence, ...rejections.map(r => repo.rejected(r))],
        );
      }),
  }),

  defineCheck({
    id: 'gov.model-card',
    title: 'Model card',
    description:
      "Verifies that a model card describes the model's purpose, data, metrics, limitations and ethical considerations.",
    dimension: 'governance',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      'Add a `MODEL_CARD.md` (or `model_card.md`) with intended use, training data, evaluation metrics, limitations and ethical considerations, and update it with each significant model version.',
    evaluate: signalsRequired({
      kinds: 'model-card',
      lookingFor: 'model card with substance',
      foundMessage: 'Model card found',
    }),
  }),

  defineCheck({
    id: 'gov.security-scan',
    title: 'Dependencies and code are scanned',
    description:
      'Verifies that dependency and code scanning is configured and, where CI is connected, that scans run.',
    dimension: 'governance',
    level: 1,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Enable scanning: add `.github/dependabot.yml` or Renovate for dependencies, and a CI job running Trivy on the image and pip-audit/Snyk or CodeQL on the code.',
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) => {
          const declared = declaredCiJobs(ctx, isSecurityJob);
          if (ci.securityScan.runs === 0 && declared.jobs.length === 0) {
            // Dependabot, Renovate and hosted scanners run outside the CI pipelines.
            return undefined;
          }
          const observed = runsEvidence(set, 'security scan', ci.securityScan);
          // A scan that finds vulnerabilities fails its run: running is what shows scanning.
          if (ci.securityScan.runs > 0) {
            return pass(`Security scans run in CI: ${observed.detail}`, [
              observed,
            ]);
          }
          return fail(
            `${ci.provider} saw no security scan runs, although ${
              declared.names
            } declare${declared.jobs.length === 1 ? 's' : ''} one`,
            [observed, ...declared.evidence],
          );
        },
        declared: () =>
          withRepository(ctx, repo => {
            const configs = repo.signals('security-scan');
            const jobs = repo.ciJobs(isSecurityJob);
            if (configs.length > 0 || jobs.length > 0) {
              return pass(
                `Security scanning configured: ${[
                  ...(configs.length > 0 ? [describeSignals(configs)] : []),
                  ...jobs.map(describeJob),
                ].join(', ')}`,
                [
                  ...configs.map(s => repo.found(s)),
                  ...jobs.map(j => repo.found(j.signal)),
                ],
              );
            }
            const rejections = repo.rejections('security-scan');
            const missing = repo.notFound(
              'security scanning (Dependabot, Renovate, Trivy, Snyk, CodeQL, pip-audit)',
            );
            return fail(`${missing.message}${citeRejections(rejections)}`, [
              missing.evidence,
              ...rejections.map(r => repo.rejected(r)),
            ]);
          }),
      }),
  }),

  defineCheck({
    id: 'gov.data-classification',
    title: 'Data is classified',
    description:
      'Verifies that the service declares the classification of the data it processes, from the allowed set.',
    dimension: 'governance',
    level: 1,
    persona: 'devops',
    sources: ['catalog'],
    remediation:
      'Add `mlops-maturity.io/data-classification: <public|internal|confidential|restricted>` to catalog-info.yaml, agreed with the data owner, so compliance checks know what the service handles.',
    parameters: {
      allowedClassifications: {
        type: 'string[]',
        default: ['public', 'internal', 'confidential', 'restricted'],
        description: 'Classification values the organisation uses.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.dataClassification);
        if (malformed) {
          return malformed;
        }
        const value = catalog.facts.dataClassification;
        const allowed = stringsParam(ctx, 'allowedClassifications');
        if (!value) {
          const detail = `no ${ANNOTATIONS.dataClassification} annotation`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        if (!allowed.map(a => a.toLowerCase()).includes(value.toLowerCase())) {
          const detail = `data classification "${value}" is not one of ${allowed.join(
            ', ',
          )}`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        const detail = `data classified as ${value}`;
        return pass(capitalize(detail), [catalog.evidence(detail)]);
      }),
  }),

  defineCheck({
    id: 'gov.cost-center',
    title: 'Cost center assigned',
    description:
      'Verifies that the service names the cost center that pays for it.',
    dimension: 'governance',
    level: 1,
    persona: 'devops',
    sources: ['catalog'],
    remediation:
      "Add `mlops-maturity.io/cost-center: <id>` to catalog-info.yaml and label the service's cloud resources with the same id, so its spend can be attributed and controlled.",
    parameters: {
      allowedCostCenters: {
        type: 'string[]',
        default: [],
        description:
          'Known cost centers (`*` wildcards allowed); empty accepts any value.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.costCenter);
        if (malformed) {
          return malformed;
        }
        const value = catalog.facts.costCenter;
        if (!value) {
          const detail = `no ${ANNOTATIONS.costCenter} annotation`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        const allowed = stringsParam(ctx, 'allowedCostCenters');
        if (
          allowed.length > 0 &&
          !allowed.some(p => matchesPattern(value, p))
        ) {
          const detail = `cost center "${value}" is not a known cost center (${allowed.join(
            ', ',
          )})`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        const detail = `paid by cost center ${value}`;
        return pass(capitalize(detail), [catalog.evidence(detail)]);
      }),
  }),

  defineCheck({
    id: 'gov.lifecycle',
    title: 'Lifecycle is declared',
    description:
      'Verifies that spec.lifecycle is set to one of the known lifecycle stages.',
    dimension: 'governance',
    level: 1,
    persona: 'ml-engineer',
    sources: ['catalog'],
    remediation:
      'Set `spec.lifecycle` in catalog-info.yaml to `experimental`, `production` or `deprecated`, and update it when the service changes stage.',
    parameters: {
      allowedLifecycles: {
        type: 'string[]',
        default: ['experimental', 'production', 'deprecated'],
        description: 'Lifecycle values the organisation uses.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const lifecycle = catalog.facts.lifecycle;
        const allowed = stringsParam(ctx, 'allowedLifecycles');
        if (!lifecycle) {
          const detail = 'no spec.lifecycle';
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        if (!allowed.includes(lifecycle)) {
          const detail = `lifecycle "${lifecycle}" is not one of ${allowed.join(
            ', ',
          )}`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        const detail = `lifecycle is ${lifecycle}`;
        return pass(capitalize(detail), [catalog.evidence(detail)]);
      }),
  }),
];
