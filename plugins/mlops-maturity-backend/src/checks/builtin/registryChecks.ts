import {
  FACT_SOURCES,
  FactSet,
  RegistryFacts,
  RegistryModelVersion,
  RepoSignal,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  capitalize,
  citeRejections,
  daysSince,
  decide,
  defineCheck,
  describeJob,
  describeSignals,
  evidenceFrom,
  fail,
  numberParam,
  observedOnly,
  pass,
  RepositoryView,
  requireSignals,
  withRepository,
} from './evidence';

const CONFIGURE_REGISTRY =
  'add the `mlflow.org/instance` and `mlflow.org/registered-model` annotations';

function modelUri(registry: RegistryFacts, version?: string): string {
  return version
    ? `models:/${registry.model.name}/${version}`
    : `models:/${registry.model.name}`;
}

/**
 * The version that matters: the one serving production (alias or stage), else the
 * newest. Undefined when the model has no versions.
 */
function currentVersion(
  registry: RegistryFacts,
): RegistryModelVersion | undefined {
  const versions = registry.versions ?? [];
  const production = versions.find(
    v => v.version === registry.productionVersion,
  );
  if (production) {
    return production;
  }
  return [...versions].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
  )[0];
}

/** Fails when the registry has no versions of the model, saying which of the two is missing. */
function missingModel(
  registry: RegistryFacts,
  set: FactSet<RegistryFacts>,
): CheckOutcome | undefined {
  if (!registry.model?.exists) {
    const detail = `model ${registry.model?.name} is not registered in ${registry.provider} instance ${registry.instance}`;
    return fail(capitalize(detail), [evidenceFrom(set, 'observed', detail)]);
  }
  if ((registry.versions ?? []).length === 0) {
    const detail = `model ${registry.model.name} is registered in ${registry.provider} instance ${registry.instance} but has no versions`;
    return fail(capitalize(detail), [
      evidenceFrom(set, 'observed', detail, modelUri(registry)),
    ]);
  }
  return undefined;
}

/**
 * Registration signals that put versions in a registry, apart from those that only keep
 * model files versioned (Kedro `versioned: true`, a DVC-tracked model file): versions
 * exist, but no registry records them, so nothing can be promoted or looked up.
 */
function registrations(repo: RepositoryView): {
  registered: RepoSignal[];
  versionedOnly: RepoSignal[];
} {
  const all = repo.signals('model-registration');
  return {
    registered: all.filter(s => s.attributes?.registry !== false),
    versionedOnly: all.filter(s => s.attributes?.registry === false),
  };
}

function describeVersionedOnly(signals: RepoSignal[]): string {
  return signals.length > 0
    ? `; model files are versioned without a registry: ${signals
        .map(s => s.detail)
        .join('; ')}`
    : '';
}

export const registryChecks: MaturityCheck[] = [
  defineCheck({
    id: 'registry.model-registered',
    title: 'Model is in a registry',
    description:
      'Verifies that the model is registered with versions in a model registry (observed in MLflow, or declared by registration code).',
    dimension: 'registry',
    level: 1,
    weight: 2,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'registry'],
    remediation:
      'Register every trained model: call `mlflow.register_model()` (or `log_model(..., registered_model_name=...)`) at the end of the training pipeline, and add the `mlflow.org/instance` and `mlflow.org/registered-model` annotations to catalog-info.yaml.',
    evaluate: ctx =>
      decide<RegistryFacts>({
        ctx,
        observedSource: FACT_SOURCES.registry,
        observed: (registry, set) => {
          const missing = missingModel(registry, set);
          if (missing) {
            return missing;
          }
          const latest = currentVersion(registry)!;
          const detail = `${registry.versions.length} versions of ${registry.model.name} in ${registry.provider} instance ${registry.instance}; current version ${latest.version}`;
          return pass(capitalize(detail), [
            evidenceFrom(
              set,
              'observed',
              detail,
              modelUri(registry, latest.version),
            ),
          ]);
        },
        declared: () =>
          withRepository(ctx, repo => {
            const jobs = repo.ciJobs(job =>
              job.activities.includes('register-model'),
            );
            const { registered: code, versionedOnly } = registrations(repo);
            if (jobs.length > 0 || code.length > 0) {
              return pass(
                `Model registration declared: ${[
                  ...(code.length > 0 ? [describeSignals(code)] : []),
                  ...jobs.map(describeJob),
                ].join(', ')}`,
                [
                  ...code.map(s => repo.found(s)),
                  ...jobs.map(j => repo.found(j.signal)),
                ],
              );
            }
            const rejections = repo.rejections('model-registration');
            const missing = repo.notFound(
              'model registration (MLflow, SageMaker model package, Azure ML, Vertex AI, ZenML, TFX Pusher)',
            );
            return fail(
              `${missing.message}${describeVersionedOnly(
                versionedOnly,
              )}${citeRejections(rejections)}`,
              [
                missing.evidence,
                ...versionedOnly.map(s => repo.found(s)),
                ...rejections.map(r => repo.rejected(r)),
              ],
            );
          }),
      }),
  }),

  defineCheck({
    id: 'registry.lineage',
    title: 'Model versions have lineage',
    description:
      'Verifies that the current model version links back to the run (or source) that produced it.',
    dimension: 'registry',
    level: 1,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'registry'],
    remediation:
      'Register models from tracked runs, e.g. `mlflow.register_model(f"runs:/{run.info.run_id}/model", name)` or `mlflow.sklearn.log_model(..., registered_model_name=...)` inside `mlflow.start_run()`, so each version records its run id and source.',
    evaluate: ctx =>
      decide<RegistryFacts>({
        ctx,
        observedSource: FACT_SOURCES.registry,
        observed: (registry, set) => {
          const missing = missingModel(registry, set);
          if (missing) {
            return missing;
          }
          const version = currentVersion(registry)!;
          const location = modelUri(registry, version.version);
          if (version.runId) {
            const detail = `version ${version.version} was produced by run ${version.runId}`;
            return pass(capitalize(detail), [
              evidenceFrom(set, 'observed', detail, location),
            ]);
          }
          if (version.source) {
            const detail = `version ${version.version} records its source ${version.source}`;
            return pass(capitalize(detail), [
              evidenceFrom(set, 'observed', detail, location),
            ]);
          }
          const detail = `version ${version.version} has neither a run id nor a source: it cannot be traced to the run that produced it`;
          return fail(capitalize(detail), [
            evidenceFrom(set, 'observed', detail, location),
          ]);
        },
        declared: () =>
          withRepository(ctx, repo => {
            const registration = registrations(repo).registered;
            const tracking = repo.signals('experiment-tracking');
            if (registration.length > 0 && tracking.length > 0) {
              return pass(
                `Models are registered (${describeSignals(
                  registration,
                )}) from tracked runs (${describeSignals(tracking)})`,
                [...registration, ...tracking].map(s => repo.found(s)),
              );
            }
            if (registration.length > 0) {
              return fail(
                `Models are registered by ${describeSignals(
                  registration,
                )} but no run is tracked, so versions cannot link to a run`,
                [
                  ...registration.map(s => repo.found(s)),
                  repo.missing('experiment tracking calls'),
                ],
              );
            }
            const missing = repo.notFound(
              'model registration from a tracked run',
            );
            return fail(missing.message, [missing.evidence]);
          }),
      }),
  }),

  defineCheck({
    id: 'registry.promotion',
    title: 'Model promotion uses aliases or stages',
    description:
      'Verifies that the registry marks which version is in production with an alias (e.g. champion) or a stage.',
    dimension: 'registry',
    level: 1,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['registry'],
    remediation:
      'Promote versions explicitly: set an alias with `MlflowClient().set_registered_model_alias(name, "champion", version)` after evaluation, and have serving load `models:/<name>@champion`.',
    evaluate: ctx =>
      observedOnly<RegistryFacts>(
        ctx,
        FACT_SOURCES.registry,
        (registry, set) => {
          const missing = missingModel(registry, set);
          if (missing) {
            return missing;
          }
          const aliases = Object.entries(registry.aliases ?? {});
          const staged = registry.versions.filter(
            v =>
              v.stage && !['none', 'archived'].includes(v.stage.toLowerCase()),
          );
          if (aliases.length > 0 || staged.length > 0) {
            const described = [
              ...aliases.map(
                ([alias, version]) => `@${alias} → version ${version}`,
              ),
              ...staged.map(v => `version ${v.version} in stage ${v.stage}`),
            ].join(', ');
            return pass(`Promotion is recorded: ${described}`, [
              evidenceFrom(set, 'observed', described, modelUri(registry)),
            ]);
          }
          const detail =
            registry.versions.length === 1
              ? `the only version of ${registry.model.name} has no alias or stage`
              : `none of the ${registry.versions.length} versions of ${registry.model.name} has an alias or a stage`;
          return fail(capitalize(detail), [
            evidenceFrom(set, 'observed', detail, modelUri(registry)),
          ]);
        },
        CONFIGURE_REGISTRY,
      ),
  }),

  defineCheck({
    id: 'registry.metrics-logged',
    title: 'Model metrics are logged',
    description:
      'Verifies that performance metrics are logged with the run behind the production model version.',
    dimension: 'registry',
    level: 1,
    persona: 'data-scientist',
    ownModelOnly: true,
    sources: ['repository', 'registry'],
    remediation:
      'Log evaluation metrics with the model\'s run: `mlflow.log_metrics({"auc": auc, "f1": f1})` (or `mlflow.evaluate()`) in the same run that logs and registers the model.',
    evaluate: ctx =>
      decide<RegistryFacts>({
        ctx,
        observedSource: FACT_SOURCES.registry,
        observed: (registry, set) => {
          const missing = missingModel(registry, set);
          if (missing) {
            return missing;
          }
          const run = registry.productionRun;
          if (!run) {
            const detail = `no run is linked to the production version of ${registry.model.name}, so no metrics can be read`;
            return fail(capitalize(detail), [
              evidenceFrom(set, 'observed', detail, modelUri(registry)),
            ]);
          }
          const metrics = Object.keys(run.metrics ?? {});
          if (metrics.length === 0) {
            const detail = `run ${run.runId} behind the production version logged no metrics`;
            return fail(capitalize(detail), [
              evidenceFrom(set, 'observed', detail, `runs:/${run.runId}`),
            ]);
          }
          const detail = `run ${run.runId} logged ${metrics
            .slice(0, 5)
            .join(', ')}${
            metrics.length > 5 ? ` and ${metrics.length - 5} more` : ''
          }`;
          return pass(capitalize(detail), [
            evidenceFrom(set, 'observed', detail, `runs:/${run.runId}`),
          ]);
        },
        declared: () =>
          withRepository(ctx, repo =>
            requireSignals(repo, {
              kinds: 'metrics-logging',
              lookingFor: 'code that logs model metrics with the run',
              foundMessage: 'Model metrics are logged',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'registry.model-freshness',
    title: 'Production model is fresh',
    description:
      'Verifies that the model version in production is younger than the allowed age, as observed in the registry.',
    dimension: 'registry',
    level: 2,
    persona: 'data-scientist',
    ownModelOnly: true,
    sources: ['registry'],
    remediation:
      'Retrain and promote regularly: schedule the training pipeline (see pipeline.retrain-trigger) and move the production alias to the new version when it beats the current one.',
    parameters: {
      maxModelAgeDays: {
        type: 'number',
        default: 90,
        min: 1,
        description:
          'Oldest acceptable age of the production model version, in days.',
      },
    },
    evaluate: ctx =>
      observedOnly<RegistryFacts>(
        ctx,
        FACT_SOURCES.registry,
        (registry, set) => {
          const missing = missingModel(registry, set);
          if (missing) {
            return missing;
          }
          const version = currentVersion(registry)!;
          const age = daysSince(version.createdAt, ctx.now);
          const maxDays = numberParam(ctx, 'maxModelAgeDays');
          const detail = `version ${version.version} of ${registry.model.name} was created ${age} days ago (limit ${maxDays})`;
          const evidence = [
            evidenceFrom(
              set,
              'observed',
              detail,
              modelUri(registry, version.version),
            ),
          ];
          return age > maxDays
            ? fail(`Production model is stale: ${detail}`, evidence)
            : pass(capitalize(detail), evidence);
        },
        CONFIGURE_REGISTRY,
      ),
  }),
];
