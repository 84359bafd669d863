import {
  CAPABILITIES,
  ANNOTATIONS,
  isDimension,
  isPersona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CheckParameterSpec } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { builtinChecks } from './index';
import {
  ContextOptions,
  ciJob,
  daysAgo,
  dockerfile,
  k8s,
  modelVersion,
  rejection,
  runCheck,
  signal,
  successfulRuns,
} from './testHelpers';

const withSignals = (
  ...signals: ReturnType<typeof signal>[]
): ContextOptions => ({
  repository: { signals },
});

/** For every check: facts that show the practice, and facts that do not. */
const CASES: Record<string, { pass: ContextOptions; fail: ContextOptions }> = {
  'exp.version-control': {
    pass: {},
    fail: { catalog: { sourceLocation: null }, repository: null },
  },
  'exp.config-as-code': {
    pass: withSignals(signal('config-as-code', 'params.yaml')),
    fail: {},
  },
  'exp.tracking': {
    pass: withSignals(
      signal('experiment-tracking', 'src/train.py', { tool: 'mlflow' }),
    ),
    fail: {},
  },
  'exp.reproducible-env': {
    pass: withSignals(signal('reproducible-env', 'uv.lock')),
    fail: {},
  },
  'data.versioning': {
    pass: withSignals(signal('data-lineage', 'dvc.lock', { tool: 'dvc' })),
    fail: withSignals(
      signal('data-lineage', 'lineage.json', { tool: 'openlineage' }),
    ),
  },
  'data.schema': {
    pass: withSignals(
      signal('data-schema', 'src/schema.py', { tool: 'pandera' }),
    ),
    fail: {},
  },
  'data.validation': {
    pass: withSignals(signal('data-validation', 'gx/checkpoints/train.yml')),
    fail: {},
  },
  'data.lineage': {
    pass: withSignals(signal('data-lineage', 'dvc.lock', { tool: 'dvc' })),
    fail: {},
  },
  'data.refresh-scheduled': {
    pass: withSignals(
      ciJob('.github/workflows/refresh.yml', {
        triggers: ['schedule'],
        activities: ['data-refresh'],
      }),
    ),
    fail: withSignals(
      ciJob('.github/workflows/refresh.yml', {
        triggers: ['manual'],
        activities: ['data-refresh'],
      }),
    ),
  },
  'pipeline.defined': {
    pass: withSignals(signal('pipeline', 'dvc.yaml', { tool: 'dvc' })),
    fail: {},
  },
  'pipeline.tests': {
    pass: withSignals(
      signal('tests', 'tests/test_features.py', { tool: 'pytest' }),
    ),
    fail: {
      repository: {
        rejections: [
          rejection('tests', 'tests/test_dummy.py', 'only asserts True'),
        ],
      },
    },
  },
  'pipeline.standard-template': {
    pass: { catalog: { sourceTemplate: 'template:default/ml-service' } },
    fail: {},
  },
  'pipeline.standard-sdk': {
    pass: { repository: { dependencies: ['numpy', 'MLflow'] } },
    fail: { repository: { dependencies: ['numpy', 'pandas'] } },
  },
  'pipeline.ci-on-pr': {
    pass: withSignals(
      ciJob('.github/workflows/ci.yml', {
        triggers: ['pull-request'],
        activities: ['lint', 'test'],
      }),
    ),
    fail: withSignals(
      ciJob('.github/workflows/ci.yml', {
        triggers: ['pull-request'],
        activities: ['publish-metrics'],
      }),
    ),
  },
  'pipeline.retrain-trigger': {
    pass: withSignals(
      ciJob('.github/workflows/train.yml', {
        triggers: ['schedule'],
        activities: ['train', 'register-model'],
      }),
    ),
    fail: withSignals(
      ciJob('.github/workflows/train.yml', {
        triggers: ['manual'],
        activities: ['train'],
      }),
    ),
  },
  'pipeline.hyperparameter-tuning': {
    pass: withSignals(
      signal('hyperparameter-tuning', 'src/tune.py', { tool: 'optuna' }),
      signal('pipeline', 'dvc.yaml', { tool: 'dvc' }),
    ),
    fail: withSignals(signal('hyperparameter-tuning', 'notebooks/tune.ipynb')),
  },
  'registry.model-registered': {
    pass: withSignals(
      signal('model-registration', 'src/register.py', { tool: 'mlflow' }),
    ),
    fail: {},
  },
  'registry.lineage': {
    pass: withSignals(
      signal('model-registration', 'src/register.py'),
      signal('experiment-tracking', 'src/train.py'),
    ),
    fail: withSignals(signal('model-registration', 'src/register.py')),
  },
  'registry.promotion': {
    pass: {
      registry: {
        versions: [modelVersion({ version: '3', aliases: ['champion'] })],
        aliases: { champion: '3' },
      },
    },
    fail: { registry: { versions: [modelVersion({ version: '3' })] } },
  },
  'registry.metrics-logged': {
    pass: withSignals(signal('metrics-logging', 'src/train.py')),
    fail: {},
  },
  'registry.model-freshness': {
    pass: {
      registry: { versions: [modelVersion({ createdAt: daysAgo(10) })] },
    },
    fail: {
      registry: { versions: [modelVersion({ createdAt: daysAgo(200) })] },
    },
  },
  'deploy.automated-pipeline': {
    pass: withSignals(
      ciJob('.github/workflows/deploy.yml', {
        activities: ['build-image', 'deploy'],
      }),
    ),
    fail: {
      repository: {
        signals: [
          ciJob('.github/workflows/deploy.yml', {
            activities: ['build-image'],
          }),
        ],
        rejections: [
          rejection(
            'ci-job',
            '.github/workflows/deploy.yml',
            'only builds an image: not a deployment',
          ),
        ],
      },
    },
  },
  'deploy.containerized': {
    pass: withSignals(dockerfile('Dockerfile', ['python:3.12-slim'])),
    fail: {},
  },
  'deploy.standard-base-image': {
    pass: withSignals(
      dockerfile('Dockerfile', ['python:3.12', 'python:3.12-slim']),
    ),
    fail: withSignals(dockerfile('Dockerfile', ['ubuntu:22.04'])),
  },
  'deploy.orchestrated': {
    pass: withSignals(
      k8s('k8s/deployment.yaml', { resourceKind: 'Deployment' }),
    ),
    fail: withSignals(k8s('k8s/configmap.yaml', { resourceKind: 'ConfigMap' })),
  },
  'deploy.iac': {
    pass: withSignals(signal('iac', 'infra/main.tf', { tool: 'terraform' })),
    fail: {},
  },
  'deploy.cd-on-merge': {
    pass: withSignals(
      ciJob('.github/workflows/deploy.yml', { activities: ['deploy'] }),
    ),
    fail: withSignals(
      ciJob('.github/workflows/deploy.yml', {
        triggers: ['manual'],
        activities: ['deploy'],
      }),
    ),
  },
  'deploy.rollback': {
    pass: withSignals(signal('rollback', 'chart/Chart.yaml', { tool: 'helm' })),
    fail: withSignals(k8s('k8s/deployment.yaml', { revisionHistoryLimit: 0 })),
  },
  'deploy.frequency': {
    pass: { ci: { deploy: successfulRuns('deploy.yml', 3) } },
    fail: { ci: { deploy: successfulRuns('deploy.yml', 1) } },
  },
  'serving.infra': {
    pass: withSignals(signal('serving', 'service.py', { tool: 'bentoml' })),
    fail: {},
  },
  'serving.load-balancing': {
    pass: withSignals(
      k8s('k8s/deployment.yaml', { replicas: 3 }),
      k8s('k8s/service.yaml', { apiVersion: 'v1', resourceKind: 'Service' }),
    ),
    fail: withSignals(
      k8s('k8s/deployment.yaml', { replicas: 1 }),
      k8s('k8s/service.yaml', { apiVersion: 'v1', resourceKind: 'Service' }),
    ),
  },
  'serving.resources': {
    pass: withSignals(
      k8s('k8s/deployment.yaml', {
        hasResourceRequests: true,
        hasResourceLimits: true,
      }),
    ),
    fail: withSignals(
      k8s('k8s/deployment.yaml', { hasResourceRequests: true }),
    ),
  },
  'serving.autoscaling': {
    pass: withSignals(
      k8s('k8s/hpa.yaml', {
        resourceKind: 'HorizontalPodAutoscaler',
        minReplicas: 2,
        maxReplicas: 10,
        scaleTarget: { kind: 'Deployment', name: 'fraud-api', role: 'web' },
      }),
    ),
    fail: withSignals(
      k8s('k8s/hpa.yaml', {
        resourceKind: 'HorizontalPodAutoscaler',
        minReplicas: 2,
        maxReplicas: 2,
      }),
    ),
  },
  'serving.progressive-rollout': {
    pass: withSignals(
      k8s('k8s/isvc.yaml', {
        apiVersion: 'serving.kserve.io/v1beta1',
        resourceKind: 'InferenceService',
        canaryTrafficPercent: 10,
      }),
    ),
    fail: withSignals(k8s('k8s/deployment.yaml', {})),
  },
  'monitoring.metrics-scraped': {
    pass: { monitoring: { scraped: true } },
    fail: { monitoring: { scraped: false } },
  },
  'monitoring.alerting': {
    pass: withSignals(signal('alert-rules', 'monitoring/alerts.yml')),
    fail: {},
  },
  'monitoring.drift': {
    pass: withSignals(
      signal('drift-monitoring', 'src/drift.py', { tool: 'evidently' }),
    ),
    fail: {
      repository: {
        rejections: [
          rejection(
            'drift-monitoring',
            'notebooks/drift.ipynb',
            'a one-off report in a notebook',
          ),
        ],
      },
    },
  },
  'monitoring.model-performance': {
    pass: { monitoring: { series: { modelQuality: ['model_auc'] } } },
    fail: { monitoring: {} },
  },
  'monitoring.data-quality': {
    pass: withSignals(
      ciJob('.github/workflows/dq.yml', {
        triggers: ['schedule'],
        activities: ['data-validation'],
      }),
    ),
    fail: withSignals(signal('data-validation', 'gx/checkpoints/train.yml')),
  },
  'monitoring.kpi-alerts': {
    pass: {
      monitoring: {
        series: { kpi: ['fraud_blocked_amount_total'] },
        alertsFor: { kpi: ['FraudBlockedAmountDropped'] },
      },
    },
    fail: { monitoring: { series: { kpi: ['fraud_blocked_amount_total'] } } },
  },
  'gov.owner': {
    pass: {
      catalog: {
        owner: 'group:default/fraud',
        ownerKind: 'group',
        ownerExists: true,
      },
    },
    fail: {
      catalog: {
        owner: 'user:default/jane',
        ownerKind: 'user',
        ownerExists: true,
      },
    },
  },
  'gov.documentation': {
    pass: withSignals(signal('documentation', 'README.md')),
    fail: {
      repository: {
        rejections: [
          rejection('documentation', 'README.md', 'is the unchanged template'),
        ],
      },
    },
  },
  'gov.model-card': {
    pass: withSignals(signal('model-card', 'MODEL_CARD.md')),
    fail: {},
  },
  'gov.security-scan': {
    pass: withSignals(
      signal('security-scan', '.github/dependabot.yml', { tool: 'dependabot' }),
    ),
    fail: {},
  },
  'gov.data-classification': {
    pass: { catalog: { dataClassification: 'internal' } },
    fail: {},
  },
  'gov.cost-center': {
    pass: { catalog: { costCenter: 'cc-4711' } },
    fail: {},
  },
  'gov.lifecycle': {
    pass: { catalog: { lifecycle: 'production' } },
    fail: { catalog: { lifecycle: 'beta' } },
  },
  'business.kpi-defined': {
    pass: { catalog: { kpi: 'fraud_blocked_amount_total' } },
    fail: {},
  },
  'llm.gpu-cost': {
    pass: { monitoring: { series: { gpu: ['DCGM_FI_DEV_GPU_UTIL'] } } },
    fail: { monitoring: {} },
  },
  'llm.data-scale': {
    pass: withSignals(signal('data-scale', 'src/embed.py', { tool: 'ray' })),
    fail: {},
  },
  'llm.access-control': {
    pass: withSignals(
      signal('llm-gateway', 'litellm/config.yaml', {
        tool: 'litellm',
        attributes: { authEnforced: true },
      }),
    ),
    fail: withSignals(
      signal('llm-gateway', 'litellm/config.yaml', {
        tool: 'litellm',
        attributes: { authEnforced: false },
      }),
    ),
  },
  'llm.data-privacy': {
    pass: withSignals(
      signal('privacy-filter', 'src/redact.py', { tool: 'presidio' }),
    ),
    fail: { catalog: { dataClassification: 'restricted' } },
  },
  'llm.region': {
    pass: { catalog: { regions: ['eu-west-1', 'westeurope'] } },
    fail: { catalog: { regions: ['eu-west-1', 'ap-south-1'] } },
  },
  'llm.third-party-model': {
    pass: {
      catalog: { modelProviders: ['azure-openai/gpt-4o', 'anthropic:claude'] },
    },
    fail: { catalog: { modelProviders: ['unvetted-ai/model-x'] } },
  },
  'llm.api-usage-monitoring': {
    pass: withSignals(signal('llm-usage-tracking', 'src/usage.py')),
    fail: {},
  },
  'llm.output-validation': {
    pass: withSignals(
      signal('guardrails', 'guardrails/config.yml', {
        tool: 'nemo-guardrails',
      }),
    ),
    fail: {},
  },
  'llm.eval-suite': {
    pass: withSignals(
      signal('llm-eval', 'promptfooconfig.yaml', {
        tool: 'promptfoo',
        attributes: { cases: 12 },
      }),
    ),
    fail: withSignals(
      signal('llm-eval', 'promptfooconfig.yaml', {
        tool: 'promptfoo',
        attributes: { cases: 0 },
      }),
    ),
  },
  'llm.eval-in-ci': {
    pass: withSignals(
      ciJob('.github/workflows/eval.yml', {
        triggers: ['pull-request'],
        activities: ['llm-eval'],
      }),
    ),
    fail: withSignals(
      signal('llm-eval', 'promptfooconfig.yaml', { tool: 'promptfoo' }),
    ),
  },
  'llm.user-feedback': {
    pass: withSignals(
      signal('user-feedback', 'src/feedback.py', { tool: 'langfuse' }),
    ),
    fail: {},
  },
  'llm.output-quality': {
    pass: { monitoring: { series: { outputQuality: ['llm_judge_score'] } } },
    fail: { monitoring: {} },
  },
  'llm.prompt-versioning': {
    pass: withSignals(
      signal('prompt-template', 'api/chat.prompty', { tool: 'prompty' }),
    ),
    fail: {},
  },
};

describe('builtinChecks', () => {
  it('has a pass and a fail case for every check, and no case without a check', () => {
    expect(Object.keys(CASES).sort()).toEqual(
      builtinChecks.map(c => c.id).sort(),
    );
  });

  describe.each(builtinChecks.map(check => [check.id, check] as const))(
    '%s',
    (_id, check) => {
      it('passes on real evidence', async () => {
        const outcome = await runCheck(check, CASES[check.id].pass);
        expect(outcome).toMatchObject({ status: 'pass' });
        expect(outcome.message).not.toBe('');
        expect(outcome.evidence.length).toBeGreaterThan(0);
      });

      it('fails without it, saying what was looked for', async () => {
        const outcome = await runCheck(check, CASES[check.id].fail);
        expect(outcome).toMatchObject({ status: 'fail' });
        expect(outcome.message).not.toBe('');
        expect(outcome.evidence.length).toBeGreaterThan(0);
      });

      it('is unknown, quoting the error, when the repository it relies on cannot be read', async () => {
        const passed = await runCheck(check, CASES[check.id].pass);
        const outcome = await runCheck(check, {
          ...CASES[check.id].pass,
          sets: { repository: { facts: {}, error: 'HTTP 404 from the SCM' } },
        });
        const reliesOnRepository = passed.evidence.some(
          e => e.source === 'repository',
        );
        // Evidence from other sources still decides when the pass did not rest on the repository.
        const expected = reliesOnRepository
          ? { status: 'unknown', quotesError: true }
          : { status: passed.status, quotesError: false };
        expect({
          status: outcome.status,
          quotesError: outcome.message.includes(
            'repository could not be read: HTTP 404 from the SCM',
          ),
        }).toEqual(expected);
        expect(outcome.evidence.length).toBeGreaterThan(0);
      });
    },
  );

  describe('catalogue', () => {
    it('has unique ids and complete metadata', () => {
      const ids = builtinChecks.map(c => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const check of builtinChecks) {
        expect(check.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
        expect(isDimension(check.dimension)).toBe(true);
        expect(isPersona(check.persona)).toBe(true);
        expect([1, 2]).toContain(check.level);
        expect(check.title).not.toBe('');
        expect(check.description).toMatch(/^Verifies .+\.$/);
        expect(check.remediation.length).toBeGreaterThan(40);
        expect(check.sources.length).toBeGreaterThan(0);
        expect(check.docsUrl).toBe(
          `https://github.com/mlops-maturity/backstage-plugins/blob/main/docs/checks.md#${check.id.replace(
            /\./g,
            '-',
          )}`,
        );
        expect([1, 2]).toContain(check.weight ?? 1);
      }
    });

    it('declares parameter defaults of their declared types', () => {
      const specs = builtinChecks.flatMap(c =>
        Object.entries(c.parameters ?? {}),
      );
      expect(specs.length).toBeGreaterThan(10);
      const defaultMatchesType = (spec: CheckParameterSpec): boolean => {
        switch (spec.type) {
          case 'string[]':
            return (
              Array.isArray(spec.default) &&
              spec.default.every(v => typeof v === 'string')
            );
          case 'number':
            return (
              typeof spec.default === 'number' &&
              spec.default >= (spec.min ?? -Infinity) &&
              spec.default <= (spec.max ?? Infinity)
            );
          default:
            return typeof spec.default === spec.type;
        }
      };
      expect(
        specs.filter(([, spec]) => !defaultMatchesType(spec)).map(([n]) => n),
      ).toEqual([]);
      for (const [name, spec] of specs) {
        expect(spec.description).not.toBe('');
        expect(name).toMatch(/^[a-z][A-Za-z0-9]+$/);
      }
    });

    it('has at least 45 classic checks and 12 LLM checks, LLM ones only for llm', () => {
      const classic = builtinChecks.filter(c =>
        (c.flavors ?? ['ml', 'llm']).includes('ml'),
      );
      const llm = builtinChecks.filter(c => c.id.startsWith('llm.'));
      expect(classic.length).toBeGreaterThanOrEqual(45);
      expect(llm.length).toBeGreaterThanOrEqual(12);
      for (const check of llm) {
        expect(check.flavors).toEqual(['llm']);
        expect(check.dimension).toMatch(/^llm-/);
      }
      for (const check of classic) {
        expect(check.dimension).not.toMatch(/^llm-/);
      }
    });

    it('names only built-in checks of the right flavour in the capability table', () => {
      for (const capability of CAPABILITIES) {
        for (const id of capability.checks) {
          const check = builtinChecks.find(c => c.id === id);
          expect({ capability: capability.id, id, found: !!check }).toEqual({
            capability: capability.id,
            id,
            found: true,
          });
          expect(check!.flavors ?? ['ml', 'llm']).toContain(capability.flavor);
        }
      }
      // Every level of both flavours has a core or enough other capabilities to mean something.
      for (const flavor of ['ml', 'llm'] as const) {
        for (const level of [1, 2] as const) {
          expect(
            CAPABILITIES.filter(c => c.flavor === flavor && c.level === level)
              .length,
          ).toBeGreaterThanOrEqual(3);
        }
      }
    });

    it('covers every check id suggested by the design', () => {
      const designIds = [
        'exp.version-control',
        'exp.config-as-code',
        'exp.tracking',
        'exp.reproducible-env',
        'pipeline.defined',
        'pipeline.tests',
        'pipeline.standard-template',
        'pipeline.standard-sdk',
        'registry.model-registered',
        'registry.lineage',
        'registry.promotion',
        'registry.metrics-logged',
        'deploy.automated-pipeline',
        'deploy.containerized',
        'deploy.standard-base-image',
        'deploy.orchestrated',
        'serving.infra',
        'serving.load-balancing',
        'serving.resources',
        'monitoring.metrics-scraped',
        'gov.documentation',
        'gov.model-card',
        'gov.owner',
        'gov.security-scan',
        'gov.data-classification',
        'gov.cost-center',
        'pipeline.ci-on-pr',
        'deploy.cd-on-merge',
        'deploy.rollback',
        'serving.autoscaling',
        'serving.progressive-rollout',
        'pipeline.hyperparameter-tuning',
        'pipeline.retrain-trigger',
        'data.refresh-scheduled',
        'data.validation',
        'monitoring.drift',
        'monitoring.model-performance',
        'data.lineage',
        'data.schema',
        'business.kpi-defined',
        'monitoring.kpi-alerts',
        'llm.gpu-cost',
        'llm.data-scale',
        'llm.access-control',
        'llm.data-privacy',
        'llm.region',
        'llm.third-party-model',
        'llm.api-usage-monitoring',
        'llm.output-validation',
        'llm.eval-suite',
        'llm.eval-in-ci',
        'llm.user-feedback',
        'llm.output-quality',
        'deploy.iac',
        'data.versioning',
        'monitoring.alerting',
        'monitoring.data-quality',
        'deploy.frequency',
        'registry.model-freshness',
        'gov.lifecycle',
      ];
      expect(builtinChecks.map(c => c.id)).toEqual(
        expect.arrayContaining(designIds),
      );
      expect(builtinChecks.map(c => c.id)).not.toContain(
        'exp.experiment-metrics',
      );
    });
  });

  describe('when the repository is not linked', () => {
    it.each(
      builtinChecks
        .filter(
          c =>
            c.sources.includes('repository') && c.id !== 'exp.version-control',
        )
        .map(c => [c.id, c] as const),
    )('%s is unknown and names the missing annotation', async (_id, check) => {
      const outcome = await runCheck(check, {
        repository: null,
        catalog: { sourceLocation: null },
      });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(ANNOTATIONS.sourceLocation);
      expect(outcome.evidence.length).toBeGreaterThan(0);
    });
  });

  describe('annotation errors', () => {
    const cases: [string, string, ContextOptions['catalog']][] = [
      ['exp.version-control', ANNOTATIONS.sourceLocation, {}],
      ['pipeline.standard-template', ANNOTATIONS.sourceTemplate, {}],
      ['gov.documentation', ANNOTATIONS.techdocsRef, {}],
      ['gov.data-classification', ANNOTATIONS.dataClassification, {}],
      ['gov.cost-center', ANNOTATIONS.costCenter, {}],
      ['business.kpi-defined', ANNOTATIONS.kpi, {}],
      ['llm.data-privacy', ANNOTATIONS.dataClassification, {}],
      ['llm.region', ANNOTATIONS.region, { regions: [] }],
      [
        'llm.third-party-model',
        ANNOTATIONS.modelProvider,
        { modelProviders: [] },
      ],
    ];
    it.each(cases)(
      '%s is unknown quoting the %s error',
      async (id, annotation, catalog) => {
        const check = builtinChecks.find(c => c.id === id)!;
        const outcome = await runCheck(check, {
          catalog: {
            ...catalog,
            annotationErrors: { [annotation]: '"eu west" is not a list' },
          },
        });
        expect(outcome.status).toBe('unknown');
        expect(outcome.message).toContain(annotation);
        expect(outcome.message).toContain('"eu west" is not a list');
      },
    );

    it('makes repository checks unknown quoting a malformed source location', async () => {
      const check = builtinChecks.find(c => c.id === 'deploy.containerized')!;
      const outcome = await runCheck(check, {
        repository: null,
        catalog: {
          sourceLocation: null,
          annotationErrors: {
            [ANNOTATIONS.sourceLocation]: '"not a url" is not a location',
          },
        },
      });
      expect(outcome).toMatchObject({ status: 'unknown' });
      expect(outcome.message).toContain('"not a url" is not a location');
    });
  });
});
