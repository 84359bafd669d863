import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { registryChecks } from './registryChecks';
import { daysAgo, modelVersion, runCheck, signal } from './testHelpers';

const check = (id: string): MaturityCheck =>
  registryChecks.find(c => c.id === id)!;

describe('registry.model-registered', () => {
  const registered = check('registry.model-registered');

  it('fails when the model is missing from the registry, even if code registers it', async () => {
    const outcome = await runCheck(registered, {
      repository: {
        signals: [signal('model-registration', 'src/register.py')],
      },
      registry: {
        model: {
          name: 'fraud-detector',
          exists: false,
          description: null,
          tags: {},
        },
      },
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'Model fraud-detector is not registered in mlflow instance prod',
    });
    expect(outcome.evidence[0]).toMatchObject({
      source: 'registry',
      strength: 'observed',
    });
  });

  it('fails a registered model without versions', async () => {
    const outcome = await runCheck(registered, { registry: {} });
    expect(outcome.message).toBe(
      'Model fraud-detector is registered in mlflow instance prod but has no versions',
    );
  });

  it('passes on registered versions, pointing at the current one', async () => {
    const outcome = await runCheck(registered, {
      registry: {
        versions: [
          modelVersion({ version: '1', createdAt: daysAgo(30) }),
          modelVersion({ version: '2', createdAt: daysAgo(2) }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].location).toBe('models:/fraud-detector/2');
  });

  it('labels sample registry data', async () => {
    const outcome = await runCheck(registered, {
      registry: { versions: [modelVersion()] },
      sets: { registry: { sample: true } },
    });
    expect(outcome.evidence[0].sample).toBe(true);
  });
});

describe('declared registration', () => {
  const kedro = signal('model-registration', 'conf/base/catalog.yml', {
    tool: 'kedro',
    detail:
      'Kedro catalog conf/base/catalog.yml versions `regressor` (`versioned: true`): each run saves a timestamped copy, local file versioning rather than a model registry',
    attributes: { registry: false },
  });

  it('does not count model files versioned without a registry as registered, and says so', async () => {
    const outcome = await runCheck(check('registry.model-registered'), {
      repository: { signals: [kedro] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^No model registration .*; model files are versioned without a registry: Kedro catalog conf\/base\/catalog\.yml versions `regressor`/,
    );
    expect(outcome.evidence.map(e => e.location)).toContain(
      'conf/base/catalog.yml',
    );
  });

  it('passes on registration in a registry, and links it to tracked runs for lineage', async () => {
    const sagemaker = signal('model-registration', 'pipelines/pipeline.py', {
      tool: 'sagemaker',
    });
    const tracking = signal('experiment-tracking', 'pipelines/pipeline.py', {
      tool: 'sagemaker-experiments',
    });
    const repository = { signals: [kedro, sagemaker, tracking] };
    const registered = await runCheck(check('registry.model-registered'), {
      repository,
    });
    expect(registered.status).toBe('pass');
    expect(registered.message).toBe(
      'Model registration declared: pipelines/pipeline.py (sagemaker)',
    );
    const lineage = await runCheck(check('registry.lineage'), {
      repository: { signals: [kedro, tracking] },
    });
    expect(lineage.status).toBe('fail');
  });
});

describe('registry.lineage', () => {
  const lineage = check('registry.lineage');

  it('follows the production version, not the newest', async () => {
    const outcome = await runCheck(lineage, {
      registry: {
        productionVersion: '1',
        versions: [
          modelVersion({ version: '1', createdAt: daysAgo(30) }),
          modelVersion({ version: '2', createdAt: daysAgo(1), runId: 'r2' }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'Version 1 has neither a run id nor a source: it cannot be traced to the run that produced it',
    });
  });

  it('passes on a version that names its run', async () => {
    const outcome = await runCheck(lineage, {
      registry: { versions: [modelVersion({ version: '4', runId: 'a1b2' })] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Version 4 was produced by run a1b2',
    });
  });
});

describe('registry.metrics-logged', () => {
  const metrics = check('registry.metrics-logged');
  const versions = [modelVersion({ version: '3', runId: 'run-3' })];

  it('passes on metrics on the production run', async () => {
    const outcome = await runCheck(metrics, {
      registry: {
        versions,
        productionRun: {
          runId: 'run-3',
          metrics: { auc: 0.91, f1: 0.7 },
          params: {},
        },
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Run run-3 logged auc, f1',
    });
  });

  it('fails a production run without metrics', async () => {
    const outcome = await runCheck(metrics, {
      registry: {
        versions,
        productionRun: { runId: 'run-3', metrics: {}, params: {} },
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence[0].location).toBe('runs:/run-3');
  });
});

describe('registry.promotion and registry.model-freshness', () => {
  it('count a stage as promotion', async () => {
    const outcome = await runCheck(check('registry.promotion'), {
      registry: { versions: [modelVersion({ stage: 'Production' })] },
    });
    expect(outcome.status).toBe('pass');
  });

  it('do not count an archived stage as promotion', async () => {
    const outcome = await runCheck(check('registry.promotion'), {
      registry: { versions: [modelVersion({ stage: 'Archived' })] },
    });
    expect(outcome.status).toBe('fail');
  });

  it('are unknown without a registry source, saying which annotations to add', async () => {
    for (const id of ['registry.promotion', 'registry.model-freshness']) {
      const outcome = await runCheck(check(id), {});
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('mlflow.org/registered-model');
    }
  });

  it('judges the age of the production version', async () => {
    const outcome = await runCheck(check('registry.model-freshness'), {
      registry: {
        productionVersion: '1',
        versions: [
          modelVersion({ version: '1', createdAt: daysAgo(120) }),
          modelVersion({ version: '2', createdAt: daysAgo(1) }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('created 120 days ago (limit 90)');
  });
});
