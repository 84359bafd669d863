import {
  ANNOTATIONS,
  CiFacts,
  FACT_SOURCES,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { activityEvidence, placeholderOnlyTests } from './ciJobEvidence';
import {
  capitalize,
  citeRejections,
  daysSince,
  decide,
  declaredAutomaticJobs,
  declaredCiJobs,
  defineCheck,
  describeJob,
  describeRuns,
  describeSignals,
  fail,
  judgeRuns,
  matchesPrefixPattern,
  normalizeDependency,
  numberParam,
  pass,
  requireSignals,
  signalsRequired,
  runsEvidence,
  stringsParam,
  judgeTriggeredActivity,
  triggerOutsideRepository,
  withCatalog,
  withRepository,
} from './evidence';

export const pipelineChecks: MaturityCheck[] = [
  defineCheck({
    id: 'pipeline.defined',
    title: 'Training pipeline is defined',
    description:
      'Verifies that training runs as a defined pipeline (DVC, Kubeflow/TFX, Vertex AI, SageMaker, Azure ML, ZenML, Airflow, Metaflow, Prefect, MLflow Projects) rather than notebooks run by hand.',
    dimension: 'pipeline',
    level: 1,
    weight: 2,
    persona: 'data-scientist',
    ownModelOnly: true,
    sources: ['repository'],
    remediation:
      'Turn the notebook steps into a pipeline: a `dvc.yaml` with prepare/train/evaluate stages, a Kubeflow/Vertex AI pipeline, a ZenML or Metaflow flow, or an Airflow DAG, committed to the repository; or let CI run the training script (e.g. a workflow job running `python train.py` or `az ml job create`).',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const outcome = requireSignals(repo, {
          kinds: 'pipeline',
          lookingFor:
            'ML pipeline definition (dvc.yaml, Kubeflow, Vertex AI, SageMaker, ZenML, Airflow, Metaflow, Prefect, MLproject) or CI job that runs training',
          foundMessage: 'Pipeline defined',
        });
        if (outcome.status === 'pass') {
          return outcome;
        }
        // Training that CI runs is a defined, reproducible run by automation too.
        const training = repo.ciJobs(job => job.activities.includes('train'));
        if (training.length === 0) {
          return outcome;
        }
        const details = training.map(
          j => `${describeJob(j)} runs ${activityEvidence(j, 'train')}`,
        );
        return pass(
          `Training is run by CI: ${details.join(', ')}`,
          training.map((j, i) =>
            repo.found(j.signal, `CI-run training: ${details[i]}`),
          ),
        );
      }),
  }),

  defineCheck({
    id: 'pipeline.tests',
    title: 'Pipeline code is tested',
    description:
      'Verifies that the repository has real automated tests (test functions that assert), not placeholders.',
    dimension: 'pipeline',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      'Add pytest tests under `tests/` that assert on feature engineering, data loading and model output shapes (e.g. `tests/test_features.py`), and run them with `pytest` in CI.',
    evaluate: signalsRequired({
      kinds: 'tests',
      lookingFor: 'automated tests with assertions',
      foundMessage: 'Automated tests found',
    }),
  }),

  defineCheck({
    id: 'pipeline.standard-template',
    title: 'Created from a standard template',
    description:
      'Verifies that the service was scaffolded from a Backstage Software Template (backstage.io/source-template).',
    dimension: 'pipeline',
    level: 1,
    persona: 'devops',
    sources: ['catalog'],
    remediation:
      "Create ML services from the platform's Software Template so they start with the standard pipeline, CI and deployment; for an existing service, adopt the template's layout and set `backstage.io/source-template: template:default/<name>` in catalog-info.yaml.",
    parameters: {
      allowedTemplates: {
        type: 'string[]',
        default: [],
        description:
          'Template refs that count as standard (`*` wildcards allowed); empty accepts any template.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.sourceTemplate);
        if (malformed) {
          return malformed;
        }
        const template = catalog.facts.sourceTemplate;
        if (!template) {
          const detail = `no ${ANNOTATIONS.sourceTemplate} annotation: the service was not created from a Software Template`;
          return fail(detail, [catalog.evidence(detail)]);
        }
        const allowed = stringsParam(ctx, 'allowedTemplates');
        if (
          allowed.length > 0 &&
          !allowed.some(p => matchesPrefixPattern(template, p))
        ) {
          const detail = `created from ${template}, which is not a standard template (${allowed.join(
            ', ',
          )})`;
          return fail(capitalize(detail), [catalog.evidence(detail)]);
        }
        return pass(`Created from template ${template}`, [
          catalog.evidence(`${ANNOTATIONS.sourceTemplate}: ${template}`),
        ]);
      }),
  }),

  defineCheck({
    id: 'pipeline.standard-sdk',
    title: 'Uses a standard ML SDK',
    description:
      "Verifies that the code depends on one of the organisation's standard ML libraries or SDKs.",
    dimension: 'pipeline',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      "Build on the standard SDKs instead of bespoke glue code: add the platform's SDK (e.g. `mlflow`, `kfp` or `zenml`) to requirements.txt or pyproject.toml and use it for tracking, pipelines and registration.",
    parameters: {
      standardSdks: {
        type: 'string[]',
        default: [
          'mlflow',
          'kfp',
          'zenml',
          'sagemaker',
          'azure-ai-ml',
          'google-cloud-aiplatform',
          'bentoml',
          'metaflow',
          'dvc',
        ],
        description:
          'Dependency names (as in requirements/pyproject) that count as standard SDKs.',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const standard = stringsParam(ctx, 'standardSdks').map(
          normalizeDependency,
        );
        const dependencies = repo.dependencies();
        const used = standard.filter(sdk => dependencies.includes(sdk));
        if (used.length > 0) {
          return pass(`Depends on standard SDKs: ${used.join(', ')}`, [
            repo.about(`dependencies include ${used.join(', ')}`),
          ]);
        }
        const detail =
          dependencies.length === 0
            ? `no dependencies found in the manifests of ${repo.facts.location}`
            : `none of the standard SDKs (${standard.join(', ')}) among ${
                dependencies.length
              } dependencies in ${repo.facts.location}`;
        return fail(capitalize(detail), [repo.about(detail)]);
      }),
  }),

  defineCheck({
    id: 'pipeline.ci-on-pr',
    title: 'Tests run by CI on every change',
    description:
      'Verifies that a CI job runs real tests on every change (pull requests or pushes), and, where CI is connected, that those runs happen and succeed. A CI definition whose trigger is configured outside the repository (Cloud Build, CodeBuild, Jenkins) counts when it really runs tests.',
    dimension: 'pipeline',
    level: 2,
    required: true,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Add a CI job triggered by pull requests or pushes that runs the test suite, e.g. `.github/workflows/ci.yml` with `on: pull_request` and a `pytest` step (GitLab: a `test` job with `rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"`), and make sure the tests it runs assert something.',
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) =>
          judgeRuns(set, 'pull-request test', ci.prTests, () =>
            declaredCiJobs(
              ctx,
              job =>
                job.activities.includes('test') &&
                job.triggers.some(t => t === 'pull-request' || t === 'push'),
            ),
          ),
        declared: () =>
          withRepository(ctx, repo => {
            const testing = repo.ciJobs(job => job.activities.includes('test'));
            const onChange = testing.filter(
              j =>
                j.job.triggers.some(
                  t => t === 'pull-request' || t === 'push',
                ) ||
                (j.job.triggers.includes('external') &&
                  triggerOutsideRepository(j)),
            );
            const judged = onChange.map(j => ({
              job: j,
              placeholders: placeholderOnlyTests(repo, j),
            }));
            const counted = judged
              .filter(j => j.placeholders === undefined)
              .map(j => j.job);
            if (counted.length > 0) {
              const declaredHere = counted.filter(
                j => !triggerOutsideRepository(j),
              );
              const shown = declaredHere.length ? declaredHere : counted;
              const message = declaredHere.length
                ? `Tests run by CI on ${
                    shown.some(j => j.job.triggers.includes('pull-request'))
                      ? 'pull requests'
                      : 'push'
                  }: ${shown.map(describeJob).join(', ')}`
                : `Tests run by CI: ${shown
                    .map(describeJob)
                    .join(
                      ', ',
                    )}; the trigger lives outside the repository (configured in the CI system), so when they run cannot be read from the files`;
              return pass(
                message,
                shown.map(j => repo.found(j.signal)),
              );
            }
            const reasons = [
              ...judged.map(
                ({ job, placeholders }) =>
                  `${describeJob(
                    job,
                  )} runs tests, but only placeholder tests (${placeholders})`,
              ),
              ...testing
                .filter(j => !onChange.includes(j))
                .map(
                  j =>
                    `${describeJob(j)} runs tests only on ${
                      j.job.triggers.join(', ') || 'no recognised trigger'
                    }, not on pull requests or pushes`,
                ),
            ];
            const rejections = repo.rejections(['ci-job', 'tests']);
            const missing = repo.notFound(
              'CI job that runs real tests on pull requests or pushes',
            );
            return fail(
              `${missing.message}${reasons
                .map(r => `; ${r}`)
                .join('')}${citeRejections(rejections)}`,
              [
                missing.evidence,
                ...[
                  ...judged.map(j => j.job),
                  ...testing.filter(j => !onChange.includes(j)),
                ].map((j, i) => repo.found(j.signal, reasons[i])),
                ...rejections.map(r => repo.rejected(r)),
              ],
            );
          }),
      }),
  }),

  defineCheck({
    id: 'pipeline.retrain-trigger',
    title: 'Retraining is triggered automatically',
    description:
      'Verifies that models are retrained by a schedule or an event (new data, drift) and, where CI is connected, that a triggered training run succeeded recently.',
    dimension: 'pipeline',
    level: 2,
    weight: 2,
    persona: 'devops',
    ownModelOnly: true,
    sources: ['repository', 'ci'],
    remediation:
      'Trigger retraining without a person: add a `schedule` (cron) or `repository_dispatch`/pipeline trigger to the training workflow, or schedule the training DAG in Airflow/Prefect, and keep it green.',
    parameters: {
      maxDaysSinceLastSuccess: {
        type: 'number',
        default: 14,
        min: 1,
        description:
          'A triggered training run must have succeeded within this many days.',
      },
    },
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) => {
          const declared = declaredAutomaticJobs(ctx, 'train');
          const stats = ci.training;
          if (stats.runs === 0 && declared.jobs.length === 0) {
            // Retraining scheduled outside CI (Airflow, cron) is invisible to CI.
            return undefined;
          }
          if (stats.runs === 0 || !stats.lastSuccessAt) {
            return judgeRuns(set, 'triggered training', stats, () => declared);
          }
          const maxDays = numberParam(ctx, 'maxDaysSinceLastSuccess');
          const age = daysSince(stats.lastSuccessAt, ctx.now);
          const observed = runsEvidence(set, 'triggered training', stats);
          if (age > maxDays) {
            return fail(
              `The last successful triggered training run was ${age} days ago (more than ${maxDays}): ${describeRuns(
                'training',
                stats,
              )}`,
              [observed, ...declared.evidence],
            );
          }
          return pass(
            `Triggered training succeeded ${age} days ago: ${describeRuns(
              'training',
              stats,
            )}`,
            [observed],
          );
        },
        declared: () =>
          withRepository(ctx, repo =>
            judgeTriggeredActivity(repo, {
              activity: 'train',
              doing: 'trains a model',
              passed: 'Retraining is triggered automatically',
              missing:
                'scheduled or event-triggered training (CI schedule/dispatch, Airflow or Prefect schedule)',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'pipeline.hyperparameter-tuning',
    title: 'Hyperparameters are tuned automatically',
    description:
      'Verifies that hyperparameter tuning (Optuna, Katib, W&B sweeps, Ray Tune, Hyperopt) is run by the pipeline or CI, not by hand.',
    dimension: 'pipeline',
    level: 2,
    persona: 'devops',
    ownModelOnly: true,
    sources: ['repository'],
    remediation:
      'Automate parameter updates: run an Optuna study, Katib experiment or W&B sweep as a pipeline stage (e.g. a `tune` stage in `dvc.yaml` feeding `params.yaml`) or a CI job, instead of tuning in a notebook.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const jobs = repo.ciJobs(job =>
          job.activities.includes('hyperparameter-tuning'),
        );
        const tuning = repo.signals('hyperparameter-tuning');
        const pipelines = repo.signals('pipeline');
        if (jobs.length > 0) {
          return pass(
            `Tuning runs in CI: ${jobs.map(describeJob).join(', ')}`,
            jobs.map(j => repo.found(j.signal)),
          );
        }
        if (tuning.length > 0 && pipelines.length > 0) {
          return pass(
            `Tuning (${describeSignals(
              tuning,
            )}) alongside pipeline ${describeSignals(pipelines)}`,
            [...tuning, ...pipelines].map(s => repo.found(s)),
          );
        }
        if (tuning.length > 0) {
          return fail(
            `Tuning code in ${describeSignals(
              tuning,
            )} is not run by any pipeline or CI job`,
            [
              ...tuning.map(s => repo.found(s)),
              repo.missing('pipeline or CI job that runs it'),
            ],
          );
        }
        const rejections = repo.rejections('hyperparameter-tuning');
        const missing = repo.notFound(
          'hyperparameter tuning (Optuna, Katib, W&B sweeps, Ray Tune, Hyperopt)',
        );
        return fail(`${missing.message}${citeRejections(rejections)}`, [
          missing.evidence,
          ...rejections.map(r => repo.rejected(r)),
        ]);
      }),
  }),
];
