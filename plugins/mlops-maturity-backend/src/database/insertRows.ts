import { Knex } from 'knex';

/** PostgreSQL types of the columns of a bulk insert, for its typed arrays. */
export type ColumnType =
  | 'text'
  | 'integer'
  | 'bigint'
  | 'double precision'
  | 'boolean'
  | 'timestamptz';

export interface InsertRowsOptions {
  /** On a conflict on these columns, replace `merge` columns or keep the row (`ignore`). */
  onConflict?: { columns: string[]; merge: string[] | 'ignore' };
  /** Rows of tens of kilobytes: they go as bound values, 100 rows a statement. */
  largeValues?: boolean;
}

/** Rows per statement: a few megabytes of small rows, or of large ones. */
const SMALL_ROWS = 10_000;
const LARGE_ROWS = 100;

/**
 * Inserts rows with few statements and few bound values, since binding is what costs
 * for many small rows: PostgreSQL gets one typed array per column through `unnest`,
 * SQLite one JSON array of rows through `json_each`. Rows with large values go as
 * multi-row VALUES, which parse fast for few rows (long array literals do not).
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Knex.Value[][],
  options: InsertRowsOptions = {},
): Promise<void> {
  const names = Object.keys(columns);
  const isPostgres = db.client.dialect === 'postgresql';
  let conflict = '';
  if (options.onConflict) {
    const { columns: target, merge } = options.onConflict;
    const action =
      merge === 'ignore'
        ? 'DO NOTHING'
        : `DO UPDATE SET ${merge.map(c => `${c} = excluded.${c}`).join(', ')}`;
    conflict = ` ON CONFLICT (${target.join(', ')}) ${action}`;
  }
  const into = `INSERT INTO ${table} (${names.join(', ')})`;
  const perStatement = options.largeValues ? LARGE_ROWS : SMALL_ROWS;

  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    if (options.largeValues) {
      const tuple = `(${names.map(() => '?').join(', ')})`;
      await db.raw(
        `${into} VALUES ${chunk.map(() => tuple).join(', ')}${conflict}`,
        chunk.flat(),
      );
    } else if (isPostgres) {
      const arrays = names.map((_, index) => chunk.map(row => row[index]));
      const casts = names.map(name => `CAST(? AS ${columns[name]}[])`);
      await db.raw(
        `${into} SELECT * FROM unnest(${casts.join(', ')})${conflict}`,
        arrays as unknown as Knex.Value[],
      );
    } else {
      // Timestamps as epoch milliseconds, as knex binds them for SQLite.
      const json = JSON.stringify(
        chunk.map(row =>
          row.map(value => (value instanceof Date ? value.getTime() : value)),
        ),
      );
      const values = names.map(
        (_, index) => `json_extract(value, '$[${index}]')`,
      );
      // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT.
      await db.raw(
        `${into} SELECT ${values.join(
          ', ',
        )} FROM json_each(?) WHERE true${conflict}`,
        [json],
      );
    }
  }
}
