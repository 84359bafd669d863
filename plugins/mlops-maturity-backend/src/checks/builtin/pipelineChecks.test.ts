import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { dataChecks } from './dataChecks';
import { pipelineChecks } from './pipelineChecks';
import {
  ciJob,
  daysAgo,
  runCheck,
  runStats,
  signal,
  successfulRuns,
} from './testHelpers';

const check = (id: string): MaturityCheck =>
  [...pipelineChecks, ...dataChecks].find(c => c.id === id)!;

describe('pipeline.retrain-trigger', () => {
  const retrain = check('pipeline.retrain-trigger');
  const scheduled = ciJob('.github/workflows/train.yml', {
    triggers: ['schedule', 'manual'],
    activities: ['train'],
  });

  it('passes on a recent successful triggered training run', async () => {
    const outcome = await runCheck(retrain, {
      repository: { signals: [scheduled] },
      ci: { training: successfulRuns('train.yml', 4, 3) },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(/^Triggered training succeeded 3 days ago/);
  });

  it('fails when the last success is older than maxDaysSinceLastSuccess', async () => {
    const options = {
      repository: { signals: [scheduled] },
      ci: { training: successfulRuns('train.yml', 4, 20) },
    };
    const outcome = await runCheck(retrain, options);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/was 20 days ago \(more than 14\)/);
    expect(
      (
        await runCheck(retrain, {
          ...options,
          params: { maxDaysSinceLastSuccess: 30 },
        })
      ).status,
    ).toBe('pass');
  });

  it('fails a declared schedule whose runs never succeed', async () => {
    const outcome = await runCheck(retrain, {
      repository: { signals: [scheduled] },
      ci: {
        training: runStats({ runs: 6, lastRunAt: daysAgo(1) }),
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'no triggered training run has succeeded',
    );
  });

  it('keeps a schedule that runs outside CI (Airflow) as declared evidence', async () => {
    const outcome = await runCheck(retrain, {
      repository: {
        signals: [
          signal('schedule', 'dags/retrain.py', {
            tool: 'airflow',
            attributes: { cron: '@daily' },
          }),
        ],
      },
      ci: {},
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      strength: 'declared',
      location: 'dags/retrain.py',
    });
  });

  it('does not count a schedule that says it does something else', async () => {
    const outcome = await runCheck(retrain, {
      repository: {
        signals: [
          signal('schedule', 'dags/ingest.py', {
            attributes: { activities: ['data-refresh'] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    const refresh = await runCheck(check('data.refresh-scheduled'), {
      repository: {
        signals: [
          signal('schedule', 'dags/ingest.py', {
            attributes: { activities: ['data-refresh'] },
          }),
        ],
      },
    });
    expect(refresh.status).toBe('pass');
  });

  it('does not count a training job that runs on every push as trigger-based', async () => {
    const outcome = await runCheck(retrain, {
      repository: {
        signals: [
          ciJob('.github/workflows/train.yml', {
            triggers: ['push'],
            activities: ['train'],
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('trains a model but runs only on push');
  });
});

describe('pipeline.ci-on-pr', () => {
  const onPr = check('pipeline.ci-on-pr');

  it('fails when CI saw no pull-request test runs despite a declared job', async () => {
    const outcome = await runCheck(onPr, {
      repository: {
        signals: [
          ciJob('.github/workflows/ci.yml', {
            triggers: ['pull-request'],
            activities: ['test'],
          }),
        ],
      },
      ci: {},
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'github-actions saw no pull-request test runs, although .github/workflows/ci.yml (job main) declares one',
    );
  });

  it('passes on observed successful pull-request test runs', async () => {
    const outcome = await runCheck(onPr, {
      ci: { prTests: successfulRuns('ci.yml', 12) },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('pipeline.standard-sdk and pipeline.standard-template', () => {
  it('matches SDK names the way PyPI normalises them', async () => {
    const outcome = await runCheck(check('pipeline.standard-sdk'), {
      repository: { dependencies: ['azure_ai_ml'] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Depends on standard SDKs: azure-ai-ml',
    });
  });

  it('uses the standardSdks parameter', async () => {
    const outcome = await runCheck(check('pipeline.standard-sdk'), {
      repository: { dependencies: ['mlflow'] },
      params: { standardSdks: ['acme-ml-sdk'] },
    });
    expect(outcome.status).toBe('fail');
  });

  it('checks the template against allowedTemplates when configured', async () => {
    const template = check('pipeline.standard-template');
    const catalog = { sourceTemplate: 'template:default/ml-service-v2' };
    expect(
      (
        await runCheck(template, {
          catalog,
          params: { allowedTemplates: ['template:default/ml-*'] },
        })
      ).status,
    ).toBe('pass');
    const outcome = await runCheck(template, {
      catalog,
      params: { allowedTemplates: ['template:default/python-lib'] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('not a standard template');
  });
});

describe('pipeline.hyperparameter-tuning', () => {
  it('passes when a CI job runs the tuning', async () => {
    const outcome = await runCheck(check('pipeline.hyperparameter-tuning'), {
      repository: {
        signals: [
          ciJob('.github/workflows/tune.yml', {
            triggers: ['schedule'],
            activities: ['hyperparameter-tuning'],
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});
