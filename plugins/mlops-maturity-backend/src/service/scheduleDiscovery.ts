import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { RefreshService } from '../refresh/RefreshService';

export const DISCOVERY_TASK_ID = 'mlops-maturity-discovery';

/**
 * Looks for new and changed ML services often (every minute by default) and, when it
 * finds some, or services that are due (left by a cycle that ran out of time or handed
 * back by a replica that stopped), runs the refresh task now instead of at its next
 * scheduled time. The refresh cycle collects only what is due, so unchanged services are
 * not collected again.
 */
export async function scheduleDiscovery(options: {
  scheduler: SchedulerService;
  refresh: Pick<RefreshService, 'discover'>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  refreshTaskId: string;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, refresh, refreshTaskId, logger } = options;
  await scheduler.scheduleTask({
    id: DISCOVERY_TASK_ID,
    scope: 'global',
    ...options.schedule,
    fn: async () => {
      const { added, changed, due } = await refresh.discover();
      if (due === 0) {
        return;
      }
      if (added + changed > 0) {
        logger.info(
          `MLOps maturity: ${added} new and ${changed} changed ML services found; refreshing now`,
        );
      } else {
        logger.debug(`MLOps maturity: ${due} services are due; refreshing now`);
      }
      try {
        await scheduler.triggerTask(refreshTaskId);
      } catch (error) {
        // A cycle is running; the services are due, so it or the next one scores them.
        if (!isError(error) || error.name !== 'ConflictError') {
          throw error;
        }
      }
    },
  });
}
