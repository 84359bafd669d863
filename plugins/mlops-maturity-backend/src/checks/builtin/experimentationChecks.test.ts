import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { experimentationChecks } from './experimentationChecks';
import { ciJob, modelVersion, runCheck, signal } from './testHelpers';

const check = (id: string): MaturityCheck =>
  experimentationChecks.find(c => c.id === id)!;

describe('exp.version-control', () => {
  const vc = check('exp.version-control');

  it('is observed: the repository was actually read', async () => {
    const outcome = await runCheck(vc, {});
    expect(outcome.evidence).toEqual([
      expect.objectContaining({ source: 'repository', strength: 'observed' }),
    ]);
    const required = await runCheck(vc, { requireObserved: true });
    expect(required.status).toBe('pass');
  });

  it('passes on the last known read of a repository that failed since, marked stale', async () => {
    const outcome = await runCheck(vc, {
      sets: { repository: { error: 'timeout' } },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].stale).toBe(true);
    expect(outcome.message).toContain('the latest collection failed: timeout');
  });

  it('fails a local folder that is in no git repository, though it could be read', async () => {
    const outcome = await runCheck(vc, {
      repository: { location: 'file:/srv/checkout/', versionControl: null },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'the folder is not in version control (no .git in it or in a parent folder)',
    );
  });

  it('passes a local folder inside a git work tree, saying so', async () => {
    const outcome = await runCheck(vc, {
      repository: {
        location: 'file:/srv/checkout/',
        versionControl: {
          system: 'git',
          detail: 'the folder is a git work tree',
        },
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('the folder is a git work tree');
  });

  it('does not take a local folder read before version control was recorded as versioned', async () => {
    const outcome = await runCheck(vc, {
      repository: { location: 'file:/srv/checkout/' },
    });
    expect(outcome.status).toBe('fail');
  });

  it('is unknown when the annotation is set but the repository cannot be read', async () => {
    const outcome = await runCheck(vc, {
      sets: { repository: { facts: {}, error: 'HTTP 404' } },
    });
    expect(outcome).toMatchObject({
      status: 'unknown',
      message: 'repository could not be read: HTTP 404',
    });
  });
});

describe('exp.tracking', () => {
  const tracking = check('exp.tracking');

  it('is observed when registered versions come from runs', async () => {
    const outcome = await runCheck(tracking, {
      registry: { versions: [modelVersion({ runId: 'abc123' })] },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      source: 'registry',
      strength: 'observed',
    });
  });

  it('falls back to declared tracking code when the registry shows no runs', async () => {
    const outcome = await runCheck(tracking, {
      registry: { versions: [] },
      repository: {
        signals: [signal('experiment-tracking', 'train.py', { tool: 'wandb' })],
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].strength).toBe('declared');
  });

  it('counts training submitted by CI to a managed training service as tracked runs, not a CI job that trains locally', async () => {
    const managed = ciJob('Jenkinsfile', {
      system: 'jenkins',
      job: 'TrainModel',
      activities: ['train'],
    });
    managed.attributes.evidence = ['train: aws sagemaker create-training-job'];
    const local = ciJob('.github/workflows/train.yml', {
      job: 'train',
      activities: ['train'],
    });
    local.attributes.evidence = ['train: python train.py'];
    const outcome = await runCheck(tracking, {
      repository: { signals: [managed, local] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Training runs are recorded by the managed training service: Jenkinsfile (job TrainModel) trains with `aws sagemaker create-training-job`: SageMaker records each training job with its hyperparameters, metrics and output model',
    });
    const untracked = await runCheck(tracking, {
      repository: { signals: [local] },
    });
    expect(untracked.status).toBe('fail');
  });
});
