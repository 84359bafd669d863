import {
  LifecycleService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { RefreshService } from '../refresh/RefreshService';
import { scheduleDiscovery } from './scheduleDiscovery';
import { triggerRollupSnapshot } from './scheduleRollupSnapshots';

export const REFRESH_TASK_ID = 'mlops-maturity-refresh';

/**
 * After a stopping replica's last refresh returns, the scheduler still has to record the
 * end of the run; without a moment for that write the task stays locked for its whole
 * timeout and no other replica could take up the services handed back.
 */
const SCHEDULER_RELEASE_MS = 500;

/**
 * Runs refresh cycles on one replica at a time on the configured schedule, and sooner
 * when discovery finds new, changed or due services; a cycle that re-scored anything
 * brings the rollup snapshot up to date. A replica that stops hands its unstarted
 * services back.
 */
export async function scheduleRefresh(options: {
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  refresh: Pick<RefreshService, 'runCycle' | 'shutdown' | 'discover'>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  discoverySchedule: SchedulerServiceTaskScheduleDefinition;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, refresh } = options;
  await scheduler.scheduleTask({
    id: REFRESH_TASK_ID,
    scope: 'global',
    ...options.schedule,
    fn: async signal => {
      const cycle = await refresh.runCycle(new Date(), signal);
      if (cycle.rescored > 0) {
        await triggerRollupSnapshot(scheduler);
      }
    },
  });
  // Registered now, so it runs before the scheduler stops.
  options.lifecycle.addShutdownHook(async () => {
    if (await refresh.shutdown()) {
      await new Promise(resolve => setTimeout(resolve, SCHEDULER_RELEASE_MS));
    }
  });
  await scheduleDiscovery({
    scheduler,
    refresh,
    schedule: options.discoverySchedule,
    refreshTaskId: REFRESH_TASK_ID,
    logger: options.logger,
  });
}
