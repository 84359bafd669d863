import { TrendDimension } from './RollupStore';
import { Knex } from 'knex';
import { CHAIN_COLUMNS } from './rollupRows';

/** The hierarchies with daily sums. */
const TREND_KINDS: TrendDimension[] = ['domain', 'owner', 'system'];

/** `SUM(CASE WHEN level = n ...)` for levels 0 to 2, over `levelColumn`, negated with `-`. */
export const countLevels = (levelColumn: string, sign: '' | '-' = '') =>
  [0, 1, 2]
    .map(
      level =>
        `${sign}SUM(CASE WHEN ${levelColumn} = ${level} THEN 1 ELSE 0 END) AS level${level}`,
    )
    .join(', ');

/**
 * Sums a day's service snapshots per domain, owner and system chain, replacing the day's sums,
 * and records that the services have a snapshot. Run in the transaction that wrote them,
 * so that a trend never sees a day's services without its sums.
 */
export async function sumSnapshotDay(
  trx: Knex.Transaction,
  date: string,
): Promise<void> {
  await trx('mlops_rollup_snapshots').where('snapshot_date', date).delete();
  for (const kind of TREND_KINDS) {
    const chain = CHAIN_COLUMNS[kind];
    await trx.raw(
      `INSERT INTO mlops_rollup_snapshots
         (kind, chain_id, snapshot_date, services, level0, level1, level2, score_sum, sample_services)
       SELECT ?, ${chain}, snapshot_date, COUNT(*), ${countLevels(
        'level',
      )}, SUM(score), SUM(CASE WHEN sample THEN 1 ELSE 0 END)
       FROM mlops_service_snapshots
       WHERE snapshot_date = ? AND ${chain} IS NOT NULL
       GROUP BY ${chain}, snapshot_date`,
      [kind, date],
    );
  }
  await trx.raw(
    `INSERT INTO mlops_snapshot_services (entity_ref)
     SELECT entity_ref FROM mlops_service_snapshots WHERE snapshot_date = ?
     ON CONFLICT (entity_ref) DO NOTHING`,
    [date],
  );
}
