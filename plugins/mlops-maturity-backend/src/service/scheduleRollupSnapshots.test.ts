import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  ROLLUP_SNAPSHOT_TASK_ID,
  scheduleRollupSnapshots,
  triggerRollupSnapshot,
} from './scheduleRollupSnapshots';

describe('rollup snapshots', () => {
  it('schedules a global task, runs it at startup, and records snapshots and prunes past the retention', async () => {
    const scheduler = mockServices.scheduler.mock();
    const rollups = {
      snapshot: jest.fn(async () => 14),
      pruneSnapshots: jest.fn(async () => 0),
    };
    const campaigns = {
      snapshot: jest.fn(async () => 2),
      pruneSnapshots: jest.fn(async () => 0),
    };
    const history = { pruneHistory: jest.fn(async () => 3) };
    const waivers = { recordExpiries: jest.fn(async () => []) };
    const order: string[] = [];
    const loadSampleHistory = jest.fn(async () => {
      order.push('sample history');
      return ['component:default/a'];
    });
    rollups.snapshot.mockImplementation(async () => {
      order.push('snapshot');
      return 14;
    });
    await scheduleRollupSnapshots({
      scheduler,
      rollups,
      campaigns,
      history,
      waivers,
      loadSampleHistory,
      schedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } },
      retentionDays: 30,
      logger: mockServices.logger.mock(),
    });
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: ROLLUP_SNAPSHOT_TASK_ID,
      scope: 'global',
      frequency: { hours: 6 },
      timeout: { minutes: 5 },
    });
    expect(scheduler.triggerTask).toHaveBeenCalledWith(ROLLUP_SNAPSHOT_TASK_ID);
    const before = Date.now();
    await task.fn(new AbortController().signal as any);
    expect(rollups.snapshot).toHaveBeenCalledWith(
      new Date().toISOString().slice(0, 10),
    );
    expect(campaigns.snapshot).toHaveBeenCalledWith(
      new Date().toISOString().slice(0, 10),
    );
    const day = 24 * 60 * 60 * 1000;
    const [snapshotCutoff] = rollups.pruneSnapshots.mock
      .calls[0] as unknown as [string];
    expect(snapshotCutoff).toBe(
      new Date(before - 30 * day).toISOString().slice(0, 10),
    );
    expect(campaigns.pruneSnapshots).toHaveBeenCalledWith(snapshotCutoff);
    const [historyCutoff] = history.pruneHistory.mock.calls[0] as unknown as [
      Date,
    ];
    expect(before - historyCutoff.getTime()).toBeGreaterThanOrEqual(
      30 * day - 60_000,
    );
    expect(before - historyCutoff.getTime()).toBeLessThanOrEqual(30 * day);
    const [expiryTime] = waivers.recordExpiries.mock.calls[0] as unknown as [
      Date,
    ];
    expect(expiryTime.getTime()).toBeGreaterThanOrEqual(before);
    // The days before today get their sample snapshots before today's is taken.
    expect(order).toEqual(['sample history', 'snapshot']);
  });

  it('ignores a trigger that another replica is already running, but not other errors', async () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.triggerTask.mockRejectedValueOnce(new ConflictError('running'));
    await expect(triggerRollupSnapshot(scheduler)).resolves.toBeUndefined();
    scheduler.triggerTask.mockRejectedValueOnce(new Error('database down'));
    await expect(triggerRollupSnapshot(scheduler)).rejects.toThrow(
      'database down',
    );
  });
});
