import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { RollupStore } from '../database/RollupStore';

export const ROLLUP_SNAPSHOT_TASK_ID = 'mlops-maturity-rollup-snapshot';

/** Daily snapshots older than this are deleted: a year of trends and a month to spare. */
const RETENTION_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Records today's snapshot (UTC) once a day on one replica, and once at startup: a
 * global task keeps its next run across restarts, and a re-run replaces the day's
 * snapshot, so today's trend point reflects the latest scores.
 */
export async function scheduleRollupSnapshots(options: {
  scheduler: SchedulerService;
  rollups: RollupStore;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, rollups, logger } = options;
  await scheduler.scheduleTask({
    id: ROLLUP_SNAPSHOT_TASK_ID,
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    fn: async () => {
      const now = Date.now();
      const services = await rollups.snapshot(isoDate(now));
      const pruned = await rollups.pruneSnapshots(
        isoDate(now - RETENTION_DAYS * DAY_MS),
      );
      logger.info(
        `Rollup snapshot of ${isoDate(
          now,
        )}: ${services} services; ${pruned} rows older than ${RETENTION_DAYS} days deleted`,
      );
    },
  });
  await triggerRollupSnapshot(scheduler);
}

/**
 * Runs the snapshot task now, e.g. after a refresh cycle re-scored services, so today's
 * trend point follows the latest scores instead of waiting for the daily run.
 */
export async function triggerRollupSnapshot(
  scheduler: SchedulerService,
): Promise<void> {
  try {
    await scheduler.triggerTask(ROLLUP_SNAPSHOT_TASK_ID);
  } catch (error) {
    // Another replica is taking it right now.
    if (!isError(error) || error.name !== 'ConflictError') {
      throw error;
    }
  }
}
