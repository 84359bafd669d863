import { Knex } from 'knex';

/** The counters of `mlops_rollup_state`; bigint columns arrive as strings from PostgreSQL. */
export interface RollupState {
  seq: number;
  membershipSeq: number;
}

export async function readRollupState(db: Knex): Promise<RollupState> {
  const row = await db('mlops_rollup_state')
    .select('seq', 'membership_seq')
    .where('id', 1)
    .first();
  return { seq: Number(row.seq), membershipSeq: Number(row.membership_seq) };
}

/**
 * Takes the next seq, and makes it the membership seq when services were added or
 * removed or their entities changed. Call it last in a writing transaction: the row
 * lock serialises writers from here to commit, so seqs become visible in order and a
 * reader that sees seq n sees every row written with seq n or less.
 */
export async function nextRollupSeq(
  trx: Knex.Transaction,
  options: { membershipChanged: boolean },
): Promise<number> {
  const membership = options.membershipChanged
    ? ', membership_seq = seq + 1'
    : '';
  const result = await trx.raw(
    `UPDATE mlops_rollup_state SET seq = seq + 1${membership} WHERE id = 1 RETURNING seq`,
  );
  const rows: { seq: number | string }[] = result.rows ?? result;
  return Number(rows[0].seq);
}

/**
 * Runs reads that must agree with each other on one snapshot: PostgreSQL's default
 * isolation gives each statement its own, and on SQLite a transaction keeps writers
 * from committing in between.
 */
export function readTransaction<T>(
  db: Knex,
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.client.dialect === 'postgresql'
    ? db.transaction(fn, { isolationLevel: 'repeatable read', readOnly: true })
    : db.transaction(fn);
}
