import {
  ANNOTATIONS,
  FACT_SOURCES,
  RegistryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  capitalize,
  CiJob,
  decide,
  defineCheck,
  describeJob,
  evidenceFrom,
  fail,
  pass,
  repositoryOf,
  RepositoryView,
  requireSignals,
  signalsRequired,
  staleSuffix,
  stringList,
  unknown,
  withCatalog,
  withRepository,
} from './evidence';

/** CLI commands that train on a managed service, which records every run it executes. */
const MANAGED_TRAINING: Array<{ command: RegExp; service: string }> = [
  {
    command: /\baws sagemaker create-training-job\b/,
    service:
      'SageMaker records each training job with its hyperparameters, metrics and output model',
  },
  {
    command:
      /\bgcloud (beta )?ai custom-jobs create\b|\bgcloud ai-platform jobs submit training\b/,
    service:
      'Vertex AI records each training job with its parameters, logs and output model',
  },
  {
    command: /\baz ml (job create|run submit-script)\b/,
    service:
      'Azure ML records each run with its parameters, metrics, logs and outputs',
  },
];

/** CI jobs that train by submitting to a managed training service (the CI job's own evidence says how). */
function managedTrainingJobs(
  repo: RepositoryView,
): Array<{ job: CiJob; detail: string }> {
  return repo
    .ciJobs(job => job.activities.includes('train'))
    .flatMap(job => {
      const training = stringList(job.signal.attributes?.evidence).find(e =>
        e.startsWith('train:'),
      );
      const managed = training
        ? MANAGED_TRAINING.find(m => m.command.test(training))
        : undefined;
      return managed
        ? [
            {
              job,
              detail: `${describeJob(job)} trains with \`${training!
                .replace(/^train:\s*/, '')
                .trim()}\`: ${managed.service}`,
            },
          ]
        : [];
    });
}

export const experimentationChecks: MaturityCheck[] = [
  defineCheck({
    id: 'exp.version-control',
    title: 'Code is in version control',
    description:
      "Verifies that the service's backstage.io/source-location points at a repository that could actually be read, and that it is under version control (an SCM, or a local git work tree).",
    dimension: 'experimentation',
    level: 1,
    persona: 'data-scientist',
    sources: ['catalog', 'repository'],
    remediation:
      "Push the service's code (notebooks, training and serving code) to a Git repository and set the `backstage.io/source-location` annotation in catalog-info.yaml to it, e.g. `url:https://github.com/org/repo/tree/main/`.",
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.sourceLocation);
        if (malformed) {
          return malformed;
        }
        const location = catalog.facts.sourceLocation;
        if (!location) {
          const detail = `no ${ANNOTATIONS.sourceLocation} annotation: the service's code is not linked to a repository`;
          return fail(detail, [catalog.evidence(detail)]);
        }
        const repo = repositoryOf(ctx);
        if ('reason' in repo) {
          return unknown(repo.reason, [
            catalog.evidence(
              `${ANNOTATIONS.sourceLocation} is ${location}`,
              location,
            ),
          ]);
        }
        const read = `${repo.facts.fileCount} files read from ${repo.facts.location}`;
        const vcs = repo.facts.versionControl;
        // Facts from before the reader recorded version control: a URL read is an SCM read.
        const unrecorded =
          vcs === undefined && !repo.facts.location.startsWith('file:');
        if (vcs === null || (vcs === undefined && !unrecorded)) {
          const detail = `${read}, but the folder is not in version control (no .git in it or in a parent folder)`;
          return fail(capitalize(detail), [
            evidenceFrom(repo.set, 'observed', detail, repo.facts.location),
          ]);
        }
        const how = vcs ? `; ${vcs.detail}` : '';
        return pass(
          `Source location resolves: ${read}${how}${staleSuffix(repo.set)}`,
          [
            // Reading the repository is itself an observation that the location resolves.
            evidenceFrom(
              repo.set,
              'observed',
              `${read}${how}`,
              repo.facts.location,
            ),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'exp.config-as-code',
    title: 'Configuration is code',
    description:
      'Verifies that parameters and settings live in versioned configuration files (params.yaml, Hydra) rather than in code or notebooks.',
    dimension: 'experimentation',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      'Move hyperparameters and paths out of the code into a `params.yaml` (read by DVC stages) or a Hydra/OmegaConf `conf/` tree, and load them in the training script.',
    evaluate: signalsRequired({
      kinds: 'config-as-code',
      lookingFor: 'configuration file (params.yaml, Hydra or OmegaConf config)',
      foundMessage: 'Configuration kept as code',
    }),
  }),

  defineCheck({
    id: 'exp.tracking',
    title: 'Experiments are tracked',
    description:
      'Verifies that training runs are recorded with their parameters and metrics: by an experiment tracker (MLflow, W&B, Neptune, Comet, ClearML, SageMaker or Vertex AI Experiments), by the ML Metadata of a Kubeflow/TFX pipeline, or by the managed training service that runs them.',
    dimension: 'experimentation',
    level: 1,
    weight: 2,
    persona: 'data-scientist',
    ownModelOnly: true,
    sources: ['repository', 'registry'],
    remediation:
      'Log every training run: call `mlflow.autolog()` (or `mlflow.start_run()` with `log_params`/`log_metrics`) or `wandb.init()` in the training script, and point it at the shared tracking server.',
    evaluate: ctx =>
      decide<RegistryFacts>({
        ctx,
        observedSource: FACT_SOURCES.registry,
        // Model versions linked to runs prove tracking; their absence does not disprove it
        // (runs may be tracked without registering a model yet).
        observed: (registry, set) => {
          const tracked = (registry.versions ?? []).filter(v => v.runId);
          if (tracked.length === 0) {
            return undefined;
          }
          return pass(
            `${tracked.length} registered versions of ${registry.model.name} come from tracked runs`,
            tracked
              .slice(0, 3)
              .map(v =>
                evidenceFrom(
                  set,
                  'observed',
                  `version ${v.version} was logged by run ${v.runId}`,
                  `models:/${registry.model.name}/${v.version}`,
                ),
              ),
          );
        },
        declared: () =>
          withRepository(ctx, repo => {
            const managed =
              repo.signals('experiment-tracking').length === 0
                ? managedTrainingJobs(repo)
                : [];
            if (managed.length > 0) {
              return pass(
                `Training runs are recorded by the managed training service: ${managed
                  .map(m => m.detail)
                  .join('; ')}`,
                managed.map(m => repo.found(m.job.signal, m.detail)),
              );
            }
            return requireSignals(repo, {
              kinds: 'experiment-tracking',
              lookingFor:
                'experiment tracking (MLflow, W&B, Neptune, Comet, ClearML, SageMaker Experiments, Vertex AI Experiments, Azure ML runs, ML Metadata of Kubeflow/TFX pipelines, training on a managed service)',
              foundMessage: 'Experiments are logged',
            });
          }),
      }),
  }),

  defineCheck({
    id: 'exp.reproducible-env',
    title: 'Environment is reproducible',
    description:
      'Verifies that the training environment is pinned (lock file, fully pinned requirements, conda environment or MLproject).',
    dimension: 'experimentation',
    level: 1,
    persona: 'data-scientist',
    sources: ['repository'],
    remediation:
      'Pin the environment: commit a lock file (`uv.lock`, `poetry.lock`, `conda-lock.yml`) or a `requirements.txt` with `==` pins generated by `pip-compile`, and reference it from the MLproject or Dockerfile.',
    evaluate: signalsRequired({
      kinds: 'reproducible-env',
      lookingFor: 'lock file or pinned environment',
      foundMessage: 'Environment pinned',
    }),
  }),
];
