import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { DISCOVERY_TASK_ID, scheduleDiscovery } from './scheduleDiscovery';

async function setup(found: { added: number; changed: number; due: number }) {
  const scheduler = mockServices.scheduler.mock();
  const refresh = {
    discover: jest.fn(async () => ({ ...found, removed: 0 })),
  };
  await scheduleDiscovery({
    scheduler,
    refresh,
    schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
    refreshTaskId: 'refresh-task',
    logger: mockServices.logger.mock(),
  });
  const task = scheduler.scheduleTask.mock.calls[0][0];
  const run = () => task.fn(new AbortController().signal as any);
  return { scheduler, refresh, task, run };
}

describe('scheduleDiscovery', () => {
  it('runs the refresh now when new or changed services appear', async () => {
    const { scheduler, task, run } = await setup({
      added: 1,
      changed: 0,
      due: 1,
    });
    expect(task).toMatchObject({
      id: DISCOVERY_TASK_ID,
      scope: 'global',
      frequency: { minutes: 1 },
    });
    await run();
    expect(scheduler.triggerTask).toHaveBeenCalledWith('refresh-task');
  });

  it('runs the refresh now when services a cycle left are due', async () => {
    const { scheduler, run } = await setup({ added: 0, changed: 0, due: 40 });
    await run();
    expect(scheduler.triggerTask).toHaveBeenCalledWith('refresh-task');
  });

  it('leaves the refresh alone when nothing changed and nothing is due', async () => {
    const { scheduler, refresh, run } = await setup({
      added: 0,
      changed: 0,
      due: 0,
    });
    await run();
    expect(refresh.discover).toHaveBeenCalledTimes(1);
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
  });

  it('accepts a refresh that is already running, but not other errors', async () => {
    const { scheduler, run } = await setup({ added: 0, changed: 2, due: 2 });
    scheduler.triggerTask.mockRejectedValueOnce(new ConflictError('running'));
    await expect(run()).resolves.toBeUndefined();
    scheduler.triggerTask.mockRejectedValueOnce(new Error('database down'));
    await expect(run()).rejects.toThrow('database down');
  });
});
