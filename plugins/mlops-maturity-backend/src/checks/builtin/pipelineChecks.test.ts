import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { dataChecks } from './dataChecks';
import { pipelineChecks } from './pipelineChecks';
import {
  ciJob,
  daysAgo,
  rejection,
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
            attributes: { cron: '@daily', activities: ['train'] },
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

  it('does not count a schedule that runs nothing recognised, nor a switched-off one', async () => {
    const outcome = await runCheck(retrain, {
      repository: {
        signals: [
          signal('schedule', 'terraform/scheduler.tf', {
            tool: 'cloud-scheduler',
            attributes: { resources: ['nightly'] },
          }),
          signal('schedule', 'k8s/retrain-cronjob.yaml', {
            tool: 'kubernetes',
            attributes: {
              schedule: '0 3 * * *',
              activities: ['train'],
              suspended: true,
            },
          }),
          signal('schedule', 'infra/rule.yml', {
            tool: 'eventbridge',
            attributes: { activities: ['train'], enabled: false },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'schedule terraform/scheduler.tf (cloud-scheduler) runs nothing that was recognised, and a schedule that runs nothing is not a trigger',
    );
    expect(outcome.message).toContain(
      'schedule k8s/retrain-cronjob.yaml (kubernetes) is switched off (suspended or disabled), so it never runs',
    );
    const refresh = await runCheck(check('data.refresh-scheduled'), {
      repository: {
        signals: [
          signal('schedule', 'terraform/scheduler.tf', {
            tool: 'cloud-scheduler',
            attributes: { resources: ['nightly'] },
          }),
        ],
      },
    });
    expect(refresh.status).toBe('fail');
  });

  it('does not count training whose trigger is configured outside the repository', async () => {
    const outcome = await runCheck(retrain, {
      repository: {
        signals: [
          signal('ci-job', 'buildspec.yml', {
            tool: 'aws-codebuild',
            attributes: {
              system: 'aws-codebuild',
              job: 'buildspec',
              triggers: ['external'],
              activities: ['train'],
              triggerOutsideRepository: true,
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'buildspec.yml (job buildspec) trains a model but its trigger is configured outside the repository',
    );
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

  it('passes on tests run on push, and on tests whose trigger lives outside the repository, saying so', async () => {
    const onPush = await runCheck(onPr, {
      repository: {
        signals: [
          ciJob('.circleci/config.yml', {
            system: 'circleci',
            job: 'test_app',
            triggers: ['push'],
            branches: [],
            activities: ['test'],
          }),
        ],
      },
    });
    expect(onPush).toMatchObject({
      status: 'pass',
      message: 'Tests run by CI on push: .circleci/config.yml (job test_app)',
    });
    const outside = await runCheck(onPr, {
      repository: {
        signals: [
          signal('ci-job', 'cloudbuild/pr-checks.yaml', {
            tool: 'cloud-build',
            attributes: {
              system: 'cloud-build',
              job: 'pr-checks',
              triggers: ['external'],
              activities: ['test', 'lint'],
              triggerOutsideRepository: true,
            },
          }),
        ],
      },
    });
    expect(outside.status).toBe('pass');
    expect(outside.message).toContain(
      'the trigger lives outside the repository',
    );
  });

  it('does not count a CI job whose tests are all placeholders', async () => {
    const outcome = await runCheck(onPr, {
      repository: {
        signals: [
          ciJob('.github/workflows/ci.yml', {
            job: 'unit',
            triggers: ['pull-request'],
            activities: ['test'],
            testTargets: ['service/tests'],
          }),
          signal('tests', 'lib/tests', {
            tool: 'pytest',
            attributes: { files: ['lib/tests/test_lib.py'] },
          }),
        ],
        rejections: [
          rejection(
            'tests',
            'service/tests/test_delete_me.py',
            'service/tests/test_delete_me.py does not test anything: it has only placeholder tests: `test_print (asserts nothing)`',
          ),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '.github/workflows/ci.yml (job unit) runs tests, but only placeholder tests (`service/tests/test_delete_me.py`)',
    );
  });

  it('passes on observed successful pull-request test runs', async () => {
    const outcome = await runCheck(onPr, {
      ci: { prTests: successfulRuns('ci.yml', 12) },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('pipeline.defined', () => {
  const defined = check('pipeline.defined');

  it('passes on training run by CI, saying it is CI-run training', async () => {
    const outcome = await runCheck(defined, {
      repository: {
        signals: [
          ciJob('Jenkinsfile', {
            system: 'jenkins',
            job: 'TrainModel',
            activities: ['train'],
            evidence: ['train: aws sagemaker create-training-job'],
          }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Training is run by CI: Jenkinsfile (job TrainModel) runs `aws sagemaker create-training-job`',
    });
  });

  it('fails when CI runs no training and no pipeline is defined', async () => {
    const outcome = await runCheck(defined, {
      repository: {
        signals: [ciJob('.github/workflows/ci.yml', { activities: ['test'] })],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('or CI job that runs training');
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
