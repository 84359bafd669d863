import { mockServices } from '@backstage/backend-test-utils';
import { DISCOVERY_TASK_ID } from './scheduleDiscovery';
import { REFRESH_TASK_ID, scheduleRefresh } from './scheduleRefresh';
import { ROLLUP_SNAPSHOT_TASK_ID } from './scheduleRollupSnapshots';

describe('scheduleRefresh', () => {
  it('runs cycles as a global task, brings the snapshot up to date after re-scoring, and hands services back on shutdown', async () => {
    const scheduler = mockServices.scheduler.mock();
    const lifecycle = mockServices.lifecycle.mock();
    const refresh = {
      runCycle: jest.fn(async () => ({ rescored: 2 } as any)),
      shutdown: jest.fn(async () => false),
      discover: jest.fn(async () => ({
        added: 0,
        changed: 0,
        removed: 0,
        due: 0,
      })),
    };
    await scheduleRefresh({
      scheduler,
      lifecycle,
      refresh,
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      discoverySchedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
      logger: mockServices.logger.mock(),
    });
    const tasks = scheduler.scheduleTask.mock.calls.map(([task]) => task);
    expect(tasks.map(task => [task.id, task.scope])).toEqual([
      [REFRESH_TASK_ID, 'global'],
      [DISCOVERY_TASK_ID, 'global'],
    ]);

    const signal = new AbortController().signal;
    await tasks[0].fn(signal as any);
    expect(refresh.runCycle).toHaveBeenCalledWith(expect.any(Date), signal);
    expect(scheduler.triggerTask).toHaveBeenCalledWith(ROLLUP_SNAPSHOT_TASK_ID);

    // A cycle that re-scored nothing leaves the snapshot alone.
    scheduler.triggerTask.mockClear();
    refresh.runCycle.mockResolvedValueOnce({ rescored: 0 } as any);
    await tasks[0].fn(signal as any);
    expect(scheduler.triggerTask).not.toHaveBeenCalled();

    const [hook] = lifecycle.addShutdownHook.mock.calls[0];
    await hook();
    expect(refresh.shutdown).toHaveBeenCalled();
  });
});
