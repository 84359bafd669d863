import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { experimentationChecks } from './experimentationChecks';
import { modelVersion, runCheck, signal } from './testHelpers';

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
});
