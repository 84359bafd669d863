import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { RollupStore } from '../database/RollupStore';
import { ScorecardStore } from '../database/ScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { Campaigns } from './Campaigns';

export const ROLLUP_SNAPSHOT_TASK_ID = 'mlops-maturity-rollup-snapshot';

const DAY_MS = 24 * 60 * 60 * 1000;

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Records today's snapshot (UTC) on one replica on the configured schedule (daily by
 * default), and once at startup: a global task keeps its next run across restarts, and a
 * re-run replaces the day's snapshot, so today's trend point reflects the latest scores.
 * Each campaign's standing is recorded with it, for its progress over time. Snapshots
 * and service history points older than the retention are deleted. Waivers that expired
 * get their `expired` step in the audit log: an expiry re-scores its service, and the
 * cycle that does so triggers this task. A demo's sample history is loaded first for
 * the services scored since the last run, so their days before today have snapshots.
 */
export async function scheduleRollupSnapshots(options: {
  scheduler: SchedulerService;
  rollups: Pick<RollupStore, 'snapshot' | 'pruneSnapshots'>;
  campaigns: Pick<Campaigns, 'snapshot' | 'pruneSnapshots'>;
  history: Pick<ScorecardStore, 'pruneHistory'>;
  waivers: Pick<DatabaseWaiverStore, 'recordExpiries'>;
  /** Loads the configured sample history of the services scored so far. */
  loadSampleHistory?: (now: Date) => Promise<string[]>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  retentionDays: number;
  logger: LoggerService;
}): Promise<void> {
  const {
    scheduler,
    rollups,
    campaigns,
    history,
    waivers,
    loadSampleHistory,
    retentionDays,
    logger,
  } = options;
  await scheduler.scheduleTask({
    id: ROLLUP_SNAPSHOT_TASK_ID,
    scope: 'global',
    ...options.schedule,
    fn: async () => {
      const now = Date.now();
      const sampled = (await loadSampleHistory?.(new Date(now))) ?? [];
      if (sampled.length > 0) {
        logger.info(
          `Loaded the sample history of ${sampled.length} services from mlopsMaturity.sampleHistory`,
        );
      }
      const services = await rollups.snapshot(isoDate(now));
      const campaignCount = await campaigns.snapshot(isoDate(now));
      const cutoff = now - retentionDays * DAY_MS;
      const pruned =
        (await rollups.pruneSnapshots(isoDate(cutoff))) +
        (await campaigns.pruneSnapshots(isoDate(cutoff)));
      const points = await history.pruneHistory(new Date(cutoff));
      const expired = await waivers.recordExpiries(new Date(now));
      logger.info(
        `Rollup snapshot of ${isoDate(
          now,
        )}: ${services} services, ${campaignCount} campaigns; older than ${retentionDays} days: ${pruned} snapshot rows and ${points} history points deleted; ${
          expired.length
        } waivers expired`,
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
