import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  ROLLUP_SNAPSHOT_TASK_ID,
  scheduleRollupSnapshots,
  triggerRollupSnapshot,
} from './scheduleRollupSnapshots';

describe('rollup snapshots', () => {
  it('schedules a daily global task, runs it at startup, and records and prunes snapshots', async () => {
    const scheduler = mockServices.scheduler.mock();
    const rollups = {
      snapshot: jest.fn(async () => 14),
      pruneSnapshots: jest.fn(async () => 0),
    } as any;
    await scheduleRollupSnapshots({
      scheduler,
      rollups,
      logger: mockServices.logger.mock(),
    });
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: ROLLUP_SNAPSHOT_TASK_ID,
      scope: 'global',
      frequency: { hours: 24 },
    });
    expect(scheduler.triggerTask).toHaveBeenCalledWith(ROLLUP_SNAPSHOT_TASK_ID);
    await task.fn(new AbortController().signal as any);
    expect(rollups.snapshot).toHaveBeenCalledWith(
      new Date().toISOString().slice(0, 10),
    );
    expect(rollups.pruneSnapshots).toHaveBeenCalledTimes(1);
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
