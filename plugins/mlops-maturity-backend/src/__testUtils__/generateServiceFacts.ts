import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ANNOTATIONS,
  CatalogFacts,
  CiActivity,
  CiFacts,
  CiRunStats,
  CiTrigger,
  FactSet,
  MonitoringFacts,
  RegistryFacts,
  RegistryModelVersion,
  RepoRejection,
  RepoSignal,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * Deterministic stored facts of generated ML and LLM services, shaped like what the
 * collectors store (the repository signals follow the analyzer's output for the example
 * repositories): the evaluation benchmark measures on them and the engine's equivalence
 * test pins the scorecards they produce. Changing the generator changes that test's
 * fixture.
 */

/** The evaluation time of every generated service. */
export const GENERATED_NOW = new Date('2026-06-30T12:00:00Z');

export interface GeneratedService {
  entity: Entity;
  facts: FactSet[];
  liveSources: Set<string>;
}

type Random = () => number;

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function random(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(next: Random, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)];

const some = <T>(next: Random, items: readonly T[], chance: number): T[] =>
  items.filter(() => next() < chance);

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) =>
  new Date(GENERATED_NOW.getTime() - days * DAY_MS).toISOString();

const ML_DEPENDENCIES = [
  'mlflow',
  'scikit-learn',
  'xgboost',
  'pandas',
  'numpy',
  'fastapi',
  'pytest',
  'dvc',
  'great-expectations',
  'evidently',
  'optuna',
  'Azure_AI_ML',
  'kfp',
  'sagemaker',
  'lakefs-client',
  'delta-spark',
  'prometheus-client',
  'mlflow[extras]',
  'torch',
  'bentoml',
];
const LLM_DEPENDENCIES = [
  'openai',
  'langchain',
  'litellm',
  'ragas',
  'deepeval',
  'presidio-analyzer',
  'langfuse',
  'tiktoken',
  'fastapi',
  'pydantic',
];

interface RepositoryOptions {
  name: string;
  llm: boolean;
  maturity: number;
}

function ciJob(
  next: Random,
  path: string,
  job: string,
  activities: CiActivity[],
  triggers: CiTrigger[],
  extra: JsonObject = {},
): RepoSignal {
  const system = path.startsWith('.gitlab') ? 'gitlab-ci' : 'github-actions';
  const commands: Partial<Record<CiActivity, string>> = {
    test: 'pytest -q tests',
    deploy: pick(next, ['helm upgrade --install', 'kubectl apply -k']),
    train: pick(next, [
      'python -m pipeline.train',
      'aws sagemaker create-training-job --cli-input-json file://job.json',
      'az ml job create -f train.yml',
    ]),
    'security-scan': 'pip-audit -r requirements.txt',
    'llm-eval': 'npx promptfoo eval',
    'build-image': 'docker build',
  };
  return {
    kind: 'ci-job',
    tool: system,
    path,
    detail: `${system} job \`${job}\` in ${path} runs ${activities.join(
      ', ',
    )} on ${triggers.join(', ')}`,
    attributes: {
      system,
      workflow: job,
      job,
      triggers,
      branches: triggers.includes('push')
        ? pick(next, [['main'], [], ['release/*'], ['master']])
        : [],
      manualGate: next() < 0.2,
      activities,
      evidence: activities
        .filter(a => commands[a])
        .map(a => `${a}: ${commands[a]}`),
      ...extra,
    },
  };
}

function k8s(
  path: string,
  resourceKind: string,
  name: string,
  attributes: JsonObject,
): RepoSignal {
  return {
    kind: 'k8s-resource',
    tool: 'kubernetes',
    path,
    detail: `Kubernetes ${resourceKind} \`${name}\` in ${path}`,
    attributes: {
      apiVersion: 'apps/v1',
      resourceKind,
      name,
      replicas: null,
      minReplicas: null,
      maxReplicas: null,
      hasResourceRequests: false,
      hasResourceLimits: false,
      gpu: false,
      canaryTrafficPercent: null,
      revisionHistoryLimit: null,
      ...attributes,
    },
  };
}

function signal(
  kind: RepoSignal['kind'],
  tool: string,
  path: string,
  attributes: JsonObject = {},
): RepoSignal {
  return {
    kind,
    tool,
    path,
    detail: `${path} shows ${kind} with ${tool}`,
    attributes,
  };
}

/** Signals of a repository the analyzer read: more and better practices the more mature. */
function repositorySignals(
  next: Random,
  { name, llm, maturity }: RepositoryOptions,
): { signals: RepoSignal[]; rejections: RepoRejection[] } {
  const signals: RepoSignal[] = [];
  const rejections: RepoRejection[] = [];
  const has = (weight = 1) => next() < maturity * weight + 0.05;
  const helm = `deploy/helm/${name}/templates`;

  if (has()) {
    signals.push(
      signal('config-as-code', 'yaml-config', 'src/train.py', {
        configFiles: ['params.yaml'],
      }),
    );
  }
  if (has()) {
    signals.push(
      signal(
        'experiment-tracking',
        pick(next, ['mlflow', 'wandb']),
        'src/train.py',
        {
          call: 'mlflow.set_experiment',
          notebook: next() < 0.1,
        },
      ),
    );
  }
  if (has()) {
    signals.push(
      signal(
        'reproducible-env',
        pick(next, ['pip', 'poetry', 'uv']),
        'requirements.txt',
        {
          ecosystem: 'python',
          packages: 12 + Math.floor(next() * 20),
        },
      ),
    );
  } else if (next() < 0.5) {
    rejections.push({
      kind: 'reproducible-env',
      tool: 'pip',
      path: 'requirements.txt',
      reason: 'requirements.txt leaves 4 of 9 requirements unpinned',
    });
  }
  if (has(0.9)) {
    const framework = pick(next, [
      'dvc',
      'kubeflow',
      'airflow',
      'prefect',
      'sagemaker',
    ]);
    signals.push(
      signal(
        'pipeline',
        framework,
        framework === 'dvc' ? 'dvc.yaml' : 'pipelines/train.py',
        {
          framework,
          steps: 3,
          activities: some(
            next,
            [
              'train',
              'evaluate-model',
              'register-model',
              'deploy',
              'data-validation',
              'data-refresh',
            ],
            0.5,
          ),
        },
      ),
    );
  }
  if (has()) {
    const files = ['tests/test_features.py', 'tests/unit/test_model.py'];
    signals.push(
      signal('tests', 'pytest', files[0], {
        testFiles: 2,
        testFunctions: 9,
        placeholders: 0,
        files,
      }),
    );
  } else if (next() < 0.4) {
    rejections.push({
      kind: 'tests',
      tool: 'pytest',
      path: 'tests/test_placeholder.py',
      reason: 'only asserts True',
    });
  }

  // CI jobs: the pull-request tests, the deploy, training, scanning and evaluations.
  const gitlab = next() < 0.25;
  const workflow = (file: string) =>
    gitlab ? '.gitlab-ci.yml' : `.github/workflows/${file}.yml`;
  if (has(1.1)) {
    signals.push(
      ciJob(
        next,
        workflow('ci'),
        'test',
        some<CiActivity>(next, ['lint', 'build-image'], 0.5).concat('test'),
        pick(next, [
          ['pull-request'],
          ['push', 'pull-request'],
          ['manual'],
          ['external'],
        ]),
        {
          testTargets: pick(next, [
            [''],
            ['tests'],
            ['tests/unit'],
            ['tests/integration'],
          ]),
          ...(next() < 0.1 ? { triggerOutsideRepository: true } : {}),
        },
      ),
    );
  }
  if (has()) {
    signals.push(
      ciJob(
        next,
        workflow('deploy'),
        'deploy',
        ['build-image', 'push-image', 'deploy'],
        pick(next, [
          ['push'],
          ['push'],
          ['manual'],
          ['tag'],
          ['pipeline'],
          ['external'],
        ]),
        next() < 0.15 ? { triggerOutsideRepository: true } : {},
      ),
    );
  } else if (next() < 0.3) {
    rejections.push({
      kind: 'ci-job',
      tool: 'github-actions',
      path: '.github/workflows/deploy.yml',
      reason:
        'only builds a container image; building an image is not deploying it',
    });
  }
  if (has(0.8)) {
    signals.push(
      ciJob(
        next,
        workflow('retrain'),
        'retrain',
        some<CiActivity>(
          next,
          [
            'register-model',
            'evaluate-model',
            'data-refresh',
            'hyperparameter-tuning',
          ],
          0.4,
        ).concat('train'),
        pick(next, [
          ['schedule'],
          ['manual'],
          ['schedule', 'manual'],
          ['external'],
          ['pipeline'],
        ]),
      ),
    );
  }
  if (has(0.7)) {
    signals.push(
      ciJob(
        next,
        workflow('ci'),
        'security',
        ['security-scan'],
        ['pull-request'],
      ),
    );
  }
  if (has(0.5)) {
    signals.push(
      ciJob(
        next,
        workflow('data'),
        'validate-data',
        ['data-validation'],
        pick(next, [['schedule'], ['manual'], ['push']]),
      ),
    );
  }
  if (llm && has()) {
    signals.push(
      ciJob(next, workflow('eval'), 'eval', ['llm-eval'], ['pull-request']),
    );
  }

  if (has(0.9)) {
    signals.push(
      signal('model-registration', 'mlflow', 'src/train.py', {
        call: 'registered_model_name',
        ...(next() < 0.15 ? { registry: false } : {}),
      }),
    );
  }
  if (has()) {
    signals.push(
      signal('metrics-logging', 'mlflow', 'src/train.py', {
        call: 'mlflow.log_metrics',
      }),
    );
  }
  if (has(1.2)) {
    signals.push(
      signal('container-image', 'docker', 'Dockerfile', {
        baseImages: [
          pick(next, [
            'python:3.12-slim',
            'docker.io/library/python:3.11-slim-bookworm',
            'ubuntu:22.04',
            'nvcr.io/nvidia/tritonserver:24.01-py3',
            'python:3.1',
            'gcr.io/distroless/python3',
          ]),
        ],
        stages: 1,
      }),
    );
  }

  // Kubernetes manifests: a workload, the Service in front of it, and maybe scaling.
  const kubernetes = has();
  if (kubernetes) {
    const kind = pick(next, [
      'Deployment',
      'Deployment',
      'Rollout',
      'InferenceService',
      'StatefulSet',
    ]);
    const replicas = pick(next, [1, 2, 3, null]);
    signals.push(
      k8s(`${helm}/deployment.yaml`, kind, name, {
        ...(kind === 'InferenceService'
          ? { apiVersion: 'serving.kserve.io/v1beta1' }
          : {}),
        replicas,
        minReplicas: kind === 'InferenceService' ? pick(next, [1, 2]) : null,
        maxReplicas:
          kind === 'InferenceService' ? pick(next, [1, 4, null]) : null,
        hasResourceRequests: next() < 0.7,
        hasResourceLimits: next() < 0.5,
        gpu: llm && next() < 0.3,
        canaryTrafficPercent:
          kind === 'InferenceService' ? pick(next, [null, 10, 100]) : null,
        revisionHistoryLimit: pick(next, [null, 0, 5]),
        role: pick(next, ['model-server', 'web', 'worker']),
      }),
    );
    if (next() < 0.8) {
      signals.push(
        k8s(`${helm}/service.yaml`, 'Service', name, { apiVersion: 'v1' }),
      );
    }
    if (next() < 0.5) {
      signals.push(
        k8s(`${helm}/hpa.yaml`, 'HorizontalPodAutoscaler', name, {
          apiVersion: 'autoscaling/v2',
          minReplicas: pick(next, [1, 2, 3]),
          maxReplicas: pick(next, [2, 3, 10]),
          scaleTarget: pick(next, [
            { kind: 'Deployment', name, role: 'model-server' },
            { kind: 'Deployment', name: 'redis', role: 'infrastructure' },
            { kind: 'Deployment', name: 'other', role: null },
            null,
          ]),
        }),
      );
    }
    if (next() < 0.2) {
      signals.push(
        k8s(`${helm}/train-job.yaml`, 'CronJob', `${name}-train`, {
          apiVersion: 'batch/v1',
        }),
      );
    }
    if (next() < 0.4) {
      signals.push(
        k8s(`${helm}/monitoring.yaml`, 'ServiceMonitor', name, {
          apiVersion: 'monitoring.coreos.com/v1',
        }),
      );
    }
    if (next() < 0.3) {
      signals.push(
        k8s(`${helm}/monitoring.yaml`, 'PrometheusRule', name, {
          apiVersion: 'monitoring.coreos.com/v1',
        }),
      );
    }
  }
  if (has()) {
    const tool = pick(next, [
      'helm',
      'helm',
      'kustomize',
      'terraform',
      'bicep',
    ]);
    signals.push(
      signal(
        'iac',
        tool,
        tool === 'helm' ? `deploy/helm/${name}/Chart.yaml` : 'infra/main.tf',
        {
          templates: pick(next, [0, 2, 4]),
          dependencies: [],
          resources: pick(next, [[], ['deployment.yaml']]),
        },
      ),
    );
  }
  if (has()) {
    signals.push(
      pick(next, [
        signal('serving', 'fastapi', 'app/main.py', {
          framework: 'fastapi',
          endpoints: ['/predict'],
          modelLoader: 'mlflow.pyfunc.load_model',
        }),
        signal('serving', 'kserve', `${helm}/inferenceservice.yaml`, { name }),
        signal('serving', 'bentoml', 'service.py', {}),
        signal('serving', 'sagemaker', 'infra/endpoint.yml', {
          platform: 'sagemaker-endpoint',
          declaredIn: 'cloudformation',
          orchestrated: true,
          autoscaling: pick(next, [
            null,
            { minReplicas: 1, maxReplicas: 4, via: 'application-autoscaling' },
            { minReplicas: 2, maxReplicas: 2, via: 'application-autoscaling' },
          ]),
        }),
        signal('serving', 'azure', 'infra/aci.bicep', {
          platform: 'azureml-aci-webservice',
          declaredIn: 'bicep',
          orchestrated: false,
          autoscaling: null,
        }),
      ]),
    );
  }
  if (has(0.8)) {
    signals.push(
      signal(
        'data-validation',
        pick(next, ['great-expectations', 'pandera']),
        'src/data.py',
        { call: 'validate', notebook: false },
      ),
    );
  } else if (next() < 0.3) {
    rejections.push({
      kind: 'data-validation',
      tool: 'pandera',
      path: 'notebooks/explore.ipynb',
      reason: 'validates data only in a notebook',
    });
  }
  if (has(0.7)) {
    signals.push(
      pick(next, [
        signal('drift-monitoring', 'evidently', 'src/monitor.py', {
          call: 'DataDriftPreset',
          notebook: false,
        }),
        signal('drift-monitoring', 'evidently', 'src/monitor.py', {
          continuous: true,
          runBy: 'on a schedule',
          measures: ['drift', 'data-quality'],
          evidence: 'DataDriftPreset',
        }),
        signal(
          'drift-monitoring',
          'sagemaker-model-monitor',
          'infra/monitor.yml',
          { schedule: 'cron(0 * * * ? *)' },
        ),
        signal('drift-monitoring', 'nannyml', 'notebooks/drift.ipynb', {
          call: 'CBPE',
          notebook: true,
        }),
        signal('drift-monitoring', 'azureml', 'infra/monitor.yml', {
          signals: ['model_performance'],
        }),
      ]),
    );
  }
  if (has(0.8)) {
    signals.push(
      signal('data-lineage', 'dvc', 'dvc.lock', {
        stages: ['extract', 'train'],
      }),
    );
  }
  if (has()) {
    signals.push(
      signal(
        'data-schema',
        pick(next, ['pandera', 'json-schema']),
        'schemas/input.schema.json',
        { fields: ['id', 'amount'] },
      ),
    );
  }
  if (has(0.7)) {
    signals.push(
      signal('hyperparameter-tuning', 'optuna', 'src/tune.py', {
        call: 'optuna.create_study',
        runByPipeline: next() < 0.5,
      }),
    );
  }
  if (has(0.9)) {
    signals.push(
      signal('model-card', 'markdown', 'MODEL_CARD.md', {
        sections: ['intended-use', 'evaluation'],
        words: 250,
      }),
    );
  }
  if (has(1.2)) {
    signals.push(
      signal('documentation', 'readme', 'README.md', {
        sections: ['Overview', 'Run'],
        words: 320,
      }),
    );
  } else {
    rejections.push({
      kind: 'documentation',
      tool: 'readme',
      path: 'README.md',
      reason: 'README.md is a stub (1 section, 47 words of prose)',
    });
  }
  if (has()) {
    signals.push(
      signal(
        'security-scan',
        pick(next, ['dependabot', 'renovate', 'trivy']),
        '.github/dependabot.yml',
        {},
      ),
    );
  }
  if (has(1.1)) {
    signals.push(
      signal('monitoring-config', 'prometheus-client', 'app/main.py', {
        metrics: [`${name.replace(/-/g, '_')}_requests_total`],
      }),
    );
  }
  if (has(0.6)) {
    signals.push(
      signal('monitoring-config', 'langsmith', 'app/tracing.py', {
        llmTracing: true,
      }),
    );
  }
  if (has(0.8)) {
    signals.push(
      signal(
        'alert-rules',
        pick(next, ['prometheus-operator', 'cloudwatch']),
        `${helm}/monitoring.yaml`,
        {
          name,
          alerts: some(
            next,
            [
              { name: 'FeatureDrift', expr: 'feature_drift_share > 0.3' },
              { name: 'PrecisionDrop', expr: 'model_precision < 0.8' },
              {
                name: 'ConversionDrop',
                expr: 'checkout_conversion_rate < 0.02',
              },
              {
                name: 'LatencyHigh',
                expr: 'histogram_quantile(0.99, rate(latency_bucket[5m])) > 0.5',
              },
            ],
            0.5,
          ),
        },
      ),
    );
  }
  if (has(0.6)) {
    signals.push(
      signal(
        'rollback',
        pick(next, ['helm', 'argo-rollouts']),
        '.github/workflows/deploy.yml',
        next() < 0.3 ? { weak: true } : { automatic: true },
      ),
    );
  }
  if (has(0.5)) {
    signals.push(
      signal('progressive-rollout', 'argo-rollouts', `${helm}/rollout.yaml`, {
        strategy: 'canary',
      }),
    );
  }
  if (has(0.6)) {
    signals.push(
      signal(
        'schedule',
        pick(next, ['airflow', 'kubernetes']),
        'dags/refresh.py',
        {
          trigger: 'cron',
          schedule: '0 3 * * *',
          activities: some(
            next,
            ['train', 'data-refresh', 'data-validation'],
            0.5,
          ),
          ...(next() < 0.15 ? { suspended: true } : {}),
        },
      ),
    );
  }
  if (has(0.6)) {
    signals.push(
      signal('kpi', 'prometheus-client', 'app/kpi.py', {
        metrics: ['checkout_conversion_rate'],
      }),
    );
  }

  // Real repositories show most practices in several files: configuration read by each
  // module, tracking in training and evaluation code, one alert file per environment.
  const inMoreFiles = (
    kind: RepoSignal['kind'],
    tool: string,
    paths: string[],
    attributes: JsonObject,
  ) => {
    for (const path of paths) {
      if (next() < maturity + 0.15) {
        signals.push(signal(kind, tool, path, attributes));
      }
    }
  };
  inMoreFiles(
    'config-as-code',
    'hydra',
    [
      'conf/config.yaml',
      'src/features.py',
      'src/evaluate.py',
      'app/main.py',
      'pipelines/train.py',
    ],
    { configFiles: ['conf/config.yaml'] },
  );
  inMoreFiles(
    'experiment-tracking',
    'mlflow',
    ['src/evaluate.py', 'pipelines/train.py'],
    { call: 'mlflow.start_run', notebook: false },
  );
  inMoreFiles('metrics-logging', 'dvc', ['dvc.yaml', 'src/evaluate.py'], {
    stages: ['evaluate'],
  });
  inMoreFiles(
    'monitoring-config',
    'prometheus-operator',
    [`${helm}/servicemonitor.yaml`, 'monitoring/prometheus.yml'],
    { name, endpoints: ['http/metrics'] },
  );
  inMoreFiles(
    'security-scan',
    'pip-audit',
    ['.github/workflows/ci.yml', '.github/workflows/pr.yml'],
    { ciSystem: 'github-actions', job: 'security', triggers: ['pull-request'] },
  );
  inMoreFiles('data-validation', 'pandera', ['pipelines/ingest.py'], {
    call: 'validate',
    notebook: false,
  });
  inMoreFiles('data-schema', 'json-schema', ['schemas/output.schema.json'], {
    fields: ['score'],
    required: 1,
  });
  inMoreFiles('documentation', 'mkdocs', ['mkdocs.yml'], {
    pages: 4,
    words: 900,
    siteName: name,
  });
  if (kubernetes) {
    inMoreFiles('k8s-resource', 'kubernetes', [`${helm}/ingress.yaml`], {
      apiVersion: 'networking.k8s.io/v1',
      resourceKind: 'Ingress',
      name,
      replicas: null,
      minReplicas: null,
      maxReplicas: null,
      hasResourceRequests: false,
      hasResourceLimits: false,
      gpu: false,
      canaryTrafficPercent: null,
      revisionHistoryLimit: null,
    });
  }

  if (llm) {
    signals.push(
      signal('llm-framework', 'dependencies', '.', {
        packages: ['openai'],
        frameworks: ['OpenAI SDK'],
      }),
    );
    if (has()) {
      signals.push(
        signal(
          'llm-gateway',
          'litellm',
          'deploy/litellm/config.yaml',
          pick(next, [
            { authEnabled: true },
            { authEnabled: false },
            { models: ['gpt-4o'] },
          ]),
        ),
      );
    }
    if (has()) {
      signals.push(
        signal('privacy-filter', 'presidio', 'app/privacy.py', {
          call: 'AnalyzerEngine',
        }),
      );
    }
    if (has()) {
      signals.push(
        signal(
          'guardrails',
          'nemo-guardrails',
          'app/rails.py',
          pick(next, [
            { appliesTo: ['input', 'output'], runtime: true },
            { appliesTo: ['input'], runtime: true },
            { appliesTo: ['output'], runtime: false },
            { outputRails: false },
          ]),
        ),
      );
    }
    if (has()) {
      signals.push(
        signal('user-feedback', 'custom', 'app/main.py', {
          endpoint: '/v1/feedback',
        }),
      );
    }
    if (has()) {
      signals.push(
        signal('llm-usage-tracking', 'litellm', 'deploy/litellm/config.yaml', {
          callbacks: ['prometheus'],
        }),
      );
    }
    if (has()) {
      signals.push(
        signal('prompt-template', 'prompty', 'prompts/answer.prompty', {}),
      );
    }
    if (has(1.1)) {
      signals.push(
        signal('llm-eval', 'promptfoo', 'evals/promptfooconfig.yaml', {
          tests: pick(next, [0, 6, 40]),
          asserts: 10,
        }),
      );
    }
    if (has(0.5)) {
      signals.push(
        signal('gpu-cost', 'kubernetes', `${helm}/llm.yaml`, {
          labels: ['acme.io/cost-center'],
        }),
      );
    }
    if (has(0.5)) {
      signals.push(
        signal('data-scale', 'ray-data', 'pipelines/index.py', {
          call: 'ray.data.from_pandas',
        }),
      );
    }
  }
  return { signals, rejections };
}

function runStats(
  next: Random,
  workflow: string,
  activity: number,
): CiRunStats {
  if (next() > activity) {
    return {
      workflows: [],
      runs: 0,
      succeeded: 0,
      lastRunAt: null,
      lastSuccessAt: null,
      successesLast30d: 0,
    };
  }
  const runs = 1 + Math.floor(next() * 40);
  const succeeded = next() < 0.15 ? 0 : Math.ceil(runs * (0.5 + next() / 2));
  const last = daysAgo(Math.floor(next() * 40));
  return {
    workflows: [workflow],
    runs,
    succeeded,
    lastRunAt: last,
    lastSuccessAt: succeeded > 0 ? last : null,
    successesLast30d: Math.floor(succeeded * next()),
  };
}

function ciFacts(next: Random, maturity: number, llm: boolean): CiFacts {
  return {
    provider: pick(next, ['github-actions', 'gitlab-ci']),
    defaultBranch: pick(next, ['main', 'main', 'master', null]),
    deploy: runStats(next, 'Deploy / deploy', maturity + 0.2),
    deployOnPush: pick(next, [true, false, null]),
    prTests: runStats(next, 'CI / test', maturity + 0.3),
    training: runStats(next, 'Retrain / retrain', maturity),
    securityScan: runStats(next, 'CI / security', maturity),
    llmEval: runStats(next, 'Eval / eval', llm ? maturity : 0),
    successRate: next() < 0.8 ? Math.round(next() * 100) / 100 : null,
    firstDeployAt:
      next() < 0.7 ? daysAgo(200 + Math.floor(next() * 400)) : null,
    firstCommitAt: daysAgo(700),
  };
}

function registryFacts(next: Random, name: string): RegistryFacts {
  const exists = next() < 0.9;
  const count = exists ? Math.floor(next() * 6) : 0;
  const versions: RegistryModelVersion[] = Array.from(
    { length: count },
    (_, i) => ({
      version: String(count - i),
      status: next() < 0.9 ? 'READY' : 'FAILED_REGISTRATION',
      runId: next() < 0.7 ? `run${count - i}${name.length}` : null,
      source: next() < 0.5 ? `mlflow-artifacts:/7/${count - i}/model` : null,
      createdAt: daysAgo(i * 20 + Math.floor(next() * 150)),
      aliases: [],
      stage: pick(next, [null, null, 'Production', 'None', 'Archived']),
    }),
  );
  const production = count > 0 && next() < 0.7 ? versions[0].version : null;
  return {
    provider: 'mlflow',
    instance: 'prod',
    model: { name, exists, description: null, tags: {} },
    versions,
    aliases: production && next() < 0.7 ? { champion: production } : {},
    productionVersion: production,
    productionRun:
      production && next() < 0.8
        ? {
            runId: `run${production}`,
            metrics: next() < 0.8 ? { auc: 0.91, f1: 0.74 } : {},
            params: { max_depth: '6' },
          }
        : null,
    createdAt: daysAgo(500),
    lastUpdatedAt: count > 0 ? versions[0].createdAt : null,
  };
}

function monitoringFacts(
  next: Random,
  name: string,
  maturity: number,
): MonitoringFacts {
  const series = (names: string[]) => (next() < maturity ? names : []);
  return {
    provider: 'prometheus',
    instance: 'prod',
    job: name,
    scraped: next() < maturity + 0.3,
    alertRules: series([`${name}-latency`, `${name}-drift`]),
    series: {
      drift: series(['feature_drift_share']),
      modelQuality: series(['model_auc']),
      kpi: series(['checkout_conversion_rate']),
      tokens: series(['llm_tokens_total']),
      gpu: series(['DCGM_FI_DEV_GPU_UTIL']),
      gpuCost: [],
      feedback: series(['llm_feedback_total']),
      outputQuality: series(['llm_groundedness']),
      dataQuality: series(['data_quality_failed_expectations']),
    },
    alertsFor: {
      drift: series([`${name}-drift`]),
      modelQuality: [],
      kpi: series([`${name}-kpi`]),
    },
  };
}

function factSet(
  next: Random,
  source: string,
  entityRef: string,
  facts: JsonObject,
): FactSet {
  const roll = next();
  return {
    source,
    entityRef,
    facts,
    collectedAt: daysAgo(1),
    origin: 'collector',
    // A few sources failed at the last collection and keep their previous facts.
    ...(roll < 0.04 ? { stale: true, error: 'HTTP 503 from upstream' } : {}),
    ...(roll >= 0.04 && roll < 0.06 ? { stale: true } : {}),
  };
}

/** Most owners are groups, some are users, and a few owners are missing from the catalog. */
function ownerKindOf(roll: number): CatalogFacts['ownerKind'] {
  if (roll < 0.85) {
    return 'group';
  }
  return roll < 0.9 ? 'user' : null;
}

const TEAMS = ['fraud-ml', 'search', 'pricing', 'assistants', 'forecasting'];
const DOMAINS = ['payments', 'commerce', 'logistics', 'support'];

/** One generated service, the same for the same index. */
export function generateService(index: number): GeneratedService {
  const next = random(index * 7919 + 17);
  const name = `svc-${index}`;
  const entityRef = `component:default/${name}`;
  const llm = next() < 0.2;
  // Averages of two draws: most services are middling, few are at either end.
  const maturity = (next() + next()) / 2;
  const team = pick(next, TEAMS);
  const domain = pick(next, DOMAINS);
  const location = `https://github.com/acme/${name}/tree/main/`;
  const linked = next() < 0.95;

  const annotations: Record<string, string> = {
    ...(linked ? { [ANNOTATIONS.sourceLocation]: `url:${location}` } : {}),
  };
  if (next() < 0.08) {
    annotations[ANNOTATIONS.waivers] = pick(next, [
      'deploy.cd-on-merge:2026-12-31',
      'monitoring.drift:2026-01-31, serving.autoscaling:2026-09-30',
    ]);
  }
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: llm ? 'llm-service' : 'ml-service',
      owner: `group:default/${team}`,
      lifecycle: 'production',
    },
  };

  const annotationErrors: Record<string, string> =
    next() < 0.04
      ? {
          [ANNOTATIONS.dataClassification]:
            'expected one word, got "tbd, ask legal"',
        }
      : {};
  const ownerRoll = next();
  const catalog: CatalogFacts = {
    entityRef,
    kind: 'Component',
    specType: llm ? 'llm-service' : 'ml-service',
    lifecycle: pick(next, [
      'production',
      'production',
      'experimental',
      'beta',
      null,
    ]),
    owner: ownerRoll < 0.95 ? `group:default/${team}` : null,
    ownerKind: ownerKindOf(ownerRoll),
    ownerExists: ownerRoll < 0.9,
    relationsResolved: true,
    system: `system:default/${domain}-platform`,
    domain: `domain:default/${domain}`,
    domainPath: [`domain:default/${domain}`],
    ownerPath: [`group:default/${team}`],
    annotations,
    tags: ['ml'],
    links: [],
    linksByType: next() < 0.3 ? { runbook: `https://runbooks/${name}` } : {},
    sourceLocation: linked ? location : null,
    sourceTemplate: next() < maturity ? 'template:default/ml-service' : null,
    techdocsRef: pick(next, [null, 'dir:.', 'url:https://docs.acme/svc']),
    dataClassification: pick(next, [
      null,
      'public',
      'internal',
      'confidential',
      'restricted',
      'secret',
    ]),
    costCenter: next() < maturity + 0.2 ? `cc-${100 + (index % 50)}` : null,
    regions: llm
      ? some(next, ['eu-west-1', 'westeurope', 'ap-south-1'], 0.5)
      : [],
    modelProviders: llm
      ? some(
          next,
          ['azure-openai/gpt-4o', 'self-hosted/llama', 'cohere:command'],
          0.5,
        )
      : [],
    kpi: next() < maturity / 2 ? 'checkout_conversion_rate' : null,
    annotationErrors,
  };
  const facts: FactSet[] = [factSet(next, 'catalog', entityRef, catalog)];
  const liveSources = new Set(['catalog', 'repository']);

  if (linked && next() < 0.95) {
    const { signals, rejections } = repositorySignals(next, {
      name,
      llm,
      maturity,
    });
    const dependencies = some(
      next,
      llm
        ? [...LLM_DEPENDENCIES, ...ML_DEPENDENCIES.slice(0, 6)]
        : ML_DEPENDENCIES,
      0.4,
    );
    const repository: RepositoryFacts = {
      location,
      fileCount: 20 + Math.floor(next() * 400),
      truncated: next() < 0.02,
      dependencies,
      signals,
      rejections,
      // Facts collected before version control was recorded lack the field.
      ...(next() < 0.5
        ? { versionControl: { system: 'github', detail: 'read from GitHub' } }
        : {}),
      firstCommitAt: daysAgo(700),
    };
    // A repository that could not be read once and never since: an error without facts.
    facts.push(
      next() < 0.02
        ? {
            ...factSet(next, 'repository', entityRef, {}),
            error: 'repository not found',
          }
        : factSet(next, 'repository', entityRef, repository),
    );
  }
  if (next() < 0.6) {
    facts.push(factSet(next, 'ci', entityRef, ciFacts(next, maturity, llm)));
    liveSources.add('ci');
  }
  if (next() < (llm ? 0.15 : 0.55)) {
    facts.push(factSet(next, 'registry', entityRef, registryFacts(next, name)));
    liveSources.add('registry');
  }
  if (next() < 0.4) {
    facts.push(
      factSet(
        next,
        'monitoring',
        entityRef,
        monitoringFacts(next, name, maturity),
      ),
    );
    liveSources.add('monitoring');
  }
  if (llm && next() < 0.3) {
    facts.push(
      factSet(next, 'custom', entityRef, {
        userFeedback: { thumbsUp: 120, thumbsDown: 14 },
        outputQuality: pick(next, [
          0.82,
          { score: 0.64, measuredAt: daysAgo(2) },
          { faithfulness: 0.9, relevancy: 0.75, measuredAt: daysAgo(12) },
          { status: 'ok' },
        ]),
      }),
    );
    liveSources.add('custom');
  }
  // A live collector configured for the service that has not collected yet.
  if (next() < 0.05) {
    liveSources.add(pick(next, ['ci', 'registry', 'monitoring']));
  }
  return { entity, facts, liveSources };
}

/** `count` generated services, indexes 0 to count - 1. */
export function generateServices(count: number): GeneratedService[] {
  return Array.from({ length: count }, (_, index) => generateService(index));
}
