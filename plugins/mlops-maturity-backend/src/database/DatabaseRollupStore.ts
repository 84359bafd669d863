import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  BusinessMetrics,
  PassRateCell,
  RollupDimension,
  RollupRow,
  RollupTrendPoint,
  Scorecard,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { RollupFilters, RollupStore, TrendDimension } from './RollupStore';
import { CELL_COLUMNS, CHAIN_COLUMNS, replaceRollupRows } from './rollupRows';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

/** Scorecards whose rollup rows are filled per transaction when the store starts. */
const FILL_BATCH = 200;

/** The hierarchies with daily sums. */
const TREND_KINDS: TrendDimension[] = ['domain', 'owner'];

/** Business metrics and their columns in `mlops_service_rollups`. */
const METRIC_COLUMNS: Record<keyof BusinessMetrics, string> = {
  timeToProductionDays: 'time_to_production_days',
  deploysLast30d: 'deploys_last_30d',
  modelAgeDays: 'model_age_days',
  ciSuccessRate: 'ci_success_rate',
};
const METRICS = Object.keys(METRIC_COLUMNS) as (keyof BusinessMetrics)[];
type MedianOf = 'score' | keyof BusinessMetrics;
/** What medians are computed of; the index identifies each in SQL. */
const MEDIANS: MedianOf[] = ['score', ...METRICS];

const medianColumn = (median: MedianOf) =>
  median === 'score' ? 'score' : METRIC_COLUMNS[median];
/** Result aliases are unquoted, so PostgreSQL folds them to lower case: use snake case. */
const medianAlias = (median: MedianOf) => `median_${medianColumn(median)}`;

/** Figures from `count` and `sum` arrive as strings from PostgreSQL. */
type DbNumber = number | string;

type SummaryRow = {
  rollup_key: string;
  parent_key: string | null;
  services: DbNumber;
  level0: DbNumber;
  level1: DbNumber;
  level2: DbNumber;
  mean_score: DbNumber | null;
  mean_coverage: DbNumber | null;
} & Record<string, DbNumber | null>;

interface TrendRow {
  rollup_key: string;
  snapshot_date: string;
  services: DbNumber;
  level0: DbNumber;
  level1: DbNumber;
  level2: DbNumber;
  mean_score: DbNumber | null;
}

/** A piece of SQL with its positional bindings. */
interface Sql {
  text: string;
  bindings: Knex.Value[];
}

const joinSql = (parts: Sql[], separator: string): Sql => ({
  text: parts.map(p => p.text).join(separator),
  bindings: parts.flatMap(p => p.bindings),
});

/**
 * Averages and medians are rounded to 4 decimals: the databases add floating-point
 * numbers with different algorithms, and both must report the same figures.
 */
function round4(value: DbNumber | null): number | null {
  return value === null ? null : Math.round(Number(value) * 1e4) / 1e4;
}

/** Code-unit order, the same on every database (PostgreSQL collations differ). */
const byCodeUnits = (a: string, b: string) => {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
};

function emptyRow(key: string): RollupRow {
  return {
    key,
    services: 0,
    levelCounts: { 0: 0, 1: 0, 2: 0 },
    meanScore: null,
    medianScore: null,
    coverage: null,
    passRates: [],
    metricMedians: {},
  };
}

/** `SUM(CASE WHEN level = n ...)` for levels 0 to 2, over `levelColumn`. */
const countLevels = (levelColumn: string) =>
  [0, 1, 2]
    .map(
      level =>
        `SUM(CASE WHEN ${levelColumn} = ${level} THEN 1 ELSE 0 END) AS level${level}`,
    )
    .join(', ');

/** `SUM(x) AS x` for each listed column of `source`. */
const sumColumns = (source: string, columns: string[]) =>
  columns.map(column => `SUM(${source}.${column}) AS ${column}`).join(', ');

const CELL_COLUMN_NAMES = CELL_COLUMNS.flatMap(c => [
  c.totalColumn,
  c.passedColumn,
]);
const SERVICE_LEVELS = countLevels('svc.level');
const SCORE = MEDIANS.indexOf('score');

/**
 * The knex implementation of {@link RollupStore} for SQLite and PostgreSQL.
 *
 * Every service has a row in `mlops_service_rollups` with chain ids: one per kind of
 * key (its domain with the parent domains, its owner with the parent groups, ...).
 * A rollup aggregates the caller's services per chain in one pass, then adds each
 * chain's totals to every key of the chain; medians go the same way as histograms.
 * The work grows with the services, not with the services times their ancestors.
 */
export class DatabaseRollupStore implements RollupStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRollupStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    const store = new DatabaseRollupStore(client);
    await store.fillMissingRows();
    return store;
  }

  /** For tests and benchmarks, which bring their own connection. */
  static async fromKnex(knex: Knex): Promise<DatabaseRollupStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    const store = new DatabaseRollupStore(knex);
    await store.fillMissingRows();
    return store;
  }

  private constructor(private readonly db: Knex) {}

  private get isPostgres(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  /**
   * A subquery over a list bound as ONE parameter, so lists of any length work: a
   * text array on PostgreSQL, whose planner then knows the list's length (it assumes
   * 100 rows for a JSON array and picks nested loops for 10,000 refs), JSON on SQLite.
   */
  private valueList(values: string[]): Sql {
    if (this.isPostgres) {
      // The pg driver sends a JavaScript array as one array parameter.
      return {
        text: '= ANY(CAST(? AS text[]))',
        bindings: [values as unknown as Knex.Value],
      };
    }
    return {
      text: 'IN (SELECT value FROM json_each(?))',
      bindings: [JSON.stringify(values)],
    };
  }

  private async select<T>(sql: Sql): Promise<T[]> {
    const result = await this.db.raw(sql.text, sql.bindings);
    return (this.isPostgres ? result.rows : result) as T[];
  }

  /**
   * Derives the rollup rows of scorecards saved before the rollup tables existed.
   * Rows are locked (PostgreSQL) so that a concurrent save or another replica doing
   * the same never writes them twice.
   */
  private async fillMissingRows(): Promise<void> {
    for (;;) {
      const filled = await this.db.transaction(async trx => {
        let query = trx('mlops_scorecards as s')
          .select('s.entity_ref', 's.scorecard')
          .whereNotExists(
            trx('mlops_service_rollups as r')
              .select(trx.raw('1'))
              .whereRaw('?? = ??', ['r.entity_ref', 's.entity_ref']),
          )
          .orderBy('s.entity_ref')
          .limit(FILL_BATCH);
        if (this.isPostgres) {
          query = query.forUpdate().skipLocked();
        }
        const rows: { entity_ref: string; scorecard: string }[] = await query;
        for (const row of rows) {
          await replaceRollupRows(trx, JSON.parse(row.scorecard) as Scorecard);
        }
        return rows.length;
      });
      if (filled < FILL_BATCH) {
        return;
      }
    }
  }

  /** The `svc` CTE: rollup rows of the caller's services after the filters. */
  private servicesCte(
    entityRefs: string[],
    filters: RollupFilters,
    columns: string,
  ): Sql {
    const visible = this.valueList(entityRefs);
    const conditions = [`r.entity_ref ${visible.text}`];
    const bindings: Knex.Value[] = [...visible.bindings];
    if (filters.flavor) {
      conditions.push('r.flavor = ?');
      bindings.push(filters.flavor);
    }
    for (const by of ['domain', 'owner'] as const) {
      const ref = filters[by];
      if (ref) {
        conditions.push(
          `r.${CHAIN_COLUMNS[by]} IN (SELECT f.chain_id FROM mlops_rollup_chain_keys f WHERE f.kind = ? AND f.key = ?)`,
        );
        bindings.push(by, ref);
      }
    }
    return {
      text: `svc AS MATERIALIZED (
        SELECT ${columns} FROM mlops_service_rollups r
        WHERE ${conditions.join(' AND ')})`,
      bindings,
    };
  }

  /**
   * The `chain_keys` CTE: (chain_id, rollup_key, parent_key, key_id) of one kind.
   * `within` keeps a key and the keys below it; `keys` keeps only those. Aggregates
   * group by the integer `key_id`: sorting text under a PostgreSQL collation is slow.
   */
  private chainKeysCte(
    by: RollupDimension,
    within: string | undefined,
    keys: string[] | undefined,
  ): Sql {
    const conditions = ['k.kind = ?'];
    const bindings: Knex.Value[] = [by];
    if (within) {
      conditions.push(
        'k.depth <= (SELECT f.depth FROM mlops_rollup_chain_keys f WHERE f.chain_id = k.chain_id AND f.key = ?)',
      );
      bindings.push(within);
    }
    if (keys) {
      const list = this.valueList(keys);
      conditions.push(`k.key ${list.text}`);
      bindings.push(...list.bindings);
    }
    return {
      text: `chain_keys AS MATERIALIZED (
        SELECT k.chain_id, k.key AS rollup_key, k.parent AS parent_key,
          DENSE_RANK() OVER (ORDER BY k.key) AS key_id
        FROM mlops_rollup_chain_keys k WHERE ${conditions.join(' AND ')})`,
      bindings,
    };
  }

  /** The `chain_hist` CTE: how many services of each chain have each value of a metric. */
  private static chainHistogramCte(medians: MedianOf[]): string {
    const values = medians.map(
      median => `SELECT chain_id, ${MEDIANS.indexOf(median)} AS metric,
          ${medianColumn(median)} AS value
        FROM svc WHERE chain_id IS NOT NULL AND ${medianColumn(
          median,
        )} IS NOT NULL`,
    );
    return `chain_hist AS (
      SELECT chain_id, metric, value, COUNT(*) AS cnt
      FROM (${values.join(' UNION ALL ')}) v
      GROUP BY chain_id, metric, value)`;
  }

  /**
   * From `hist` (key_id, metric, value, cnt): the `median_columns` CTE, one row per
   * key with the middle value, or the mean of the two middle values of an even count.
   */
  private static readonly MEDIAN_CTES = `
    positions AS (
      SELECT key_id, metric, value,
        CAST(SUM(cnt) OVER (PARTITION BY key_id, metric ORDER BY value) AS BIGINT) AS upto,
        CAST(SUM(cnt) OVER (PARTITION BY key_id, metric) AS BIGINT) AS n
      FROM hist),
    medians AS (
      SELECT key_id, metric,
        (MIN(CASE WHEN upto >= (n + 1) / 2 THEN value END)
          + MIN(CASE WHEN upto >= (n + 2) / 2 THEN value END)) / 2.0 AS median
      FROM positions GROUP BY key_id, metric),
    median_columns AS (
      SELECT key_id, ${MEDIANS.map(
        (median, id) =>
          `MAX(CASE WHEN metric = ${id} THEN median END) AS ${medianAlias(
            median,
          )}`,
      ).join(', ')}
      FROM medians GROUP BY key_id)`;

  /** The result columns; pass-rate cells come from the `cells` relation. */
  private static finalColumns(cells: string): string {
    return `t.rollup_key, t.parent_key, t.services, t.level0, t.level1, t.level2,
      CAST(t.score_sum AS DOUBLE PRECISION) / t.services AS mean_score,
      CAST(t.coverage_sum AS DOUBLE PRECISION) / t.services AS mean_coverage,
      ${MEDIANS.map(m => `mc.${medianAlias(m)}`).join(', ')},
      ${CELL_COLUMN_NAMES.map(c => `${cells}.${c}`).join(', ')}`;
  }

  /**
   * Domains, owners, systems: totals, pass counts and histograms per chain, each
   * added up for every key of the chain.
   */
  private static chainRollupSql(ctes: Sql): Sql {
    return {
      text: `WITH ${ctes.text},
        per_chain AS (
          SELECT svc.chain_id, COUNT(*) AS services, ${SERVICE_LEVELS},
            SUM(svc.score) AS score_sum, SUM(svc.coverage) AS coverage_sum,
            ${sumColumns('r', CELL_COLUMN_NAMES)}
          FROM svc JOIN mlops_service_rollups r ON r.entity_ref = svc.entity_ref
          WHERE svc.chain_id IS NOT NULL GROUP BY svc.chain_id),
        totals AS (
          SELECT k.key_id, MAX(k.rollup_key) AS rollup_key, MAX(k.parent_key) AS parent_key,
            ${sumColumns('pc', [
              'services',
              'level0',
              'level1',
              'level2',
              'score_sum',
              'coverage_sum',
              ...CELL_COLUMN_NAMES,
            ])}
          FROM per_chain pc JOIN chain_keys k ON k.chain_id = pc.chain_id
          GROUP BY k.key_id),
        ${DatabaseRollupStore.chainHistogramCte(MEDIANS)},
        hist AS (
          SELECT k.key_id, h.metric, h.value, SUM(h.cnt) AS cnt
          FROM chain_hist h JOIN chain_keys k ON k.chain_id = h.chain_id
          GROUP BY k.key_id, h.metric, h.value),
        ${DatabaseRollupStore.MEDIAN_CTES}
        SELECT ${DatabaseRollupStore.finalColumns('t')}
        FROM totals t
        LEFT JOIN median_columns mc ON mc.key_id = t.key_id`,
      bindings: ctes.bindings,
    };
  }

  /**
   * Personas and dimensions: each service's standing on those checks only. Cells are
   * summed over all the services: a service without the persona adds zeros to its
   * cells. Metric medians go through the chain of personas (dimensions) a service has.
   */
  private static breakdownRollupSql(
    by: 'persona' | 'dimension',
    ctes: Sql,
  ): Sql {
    return {
      text: `WITH ${ctes.text},
        key_ids AS (SELECT DISTINCT key_id, rollup_key FROM chain_keys),
        members AS MATERIALIZED (
          SELECT b.key AS rollup_key, b.level, b.score, b.coverage
          FROM svc
          JOIN mlops_service_breakdowns b ON b.entity_ref = svc.entity_ref AND b.kind = ?),
        key_totals AS (
          SELECT rollup_key, COUNT(*) AS services, ${countLevels('level')},
            SUM(score) AS score_sum, SUM(coverage) AS coverage_sum
          FROM members GROUP BY rollup_key),
        totals AS (
          SELECT ki.key_id, NULL AS parent_key, kt.*
          FROM key_totals kt JOIN key_ids ki ON ki.rollup_key = kt.rollup_key),
        score_hist AS (
          SELECT rollup_key, score, COUNT(*) AS cnt FROM members GROUP BY rollup_key, score),
        cells AS MATERIALIZED (
          SELECT ${sumColumns('r', CELL_COLUMN_NAMES)}
          FROM svc JOIN mlops_service_rollups r ON r.entity_ref = svc.entity_ref),
        ${DatabaseRollupStore.chainHistogramCte(METRICS)},
        hist AS (
          SELECT ki.key_id, ${SCORE} AS metric, sh.score AS value, sh.cnt
          FROM score_hist sh JOIN key_ids ki ON ki.rollup_key = sh.rollup_key
          UNION ALL
          SELECT k.key_id, h.metric, h.value, SUM(h.cnt)
          FROM chain_hist h JOIN chain_keys k ON k.chain_id = h.chain_id
          GROUP BY k.key_id, h.metric, h.value),
        ${DatabaseRollupStore.MEDIAN_CTES}
        SELECT ${DatabaseRollupStore.finalColumns('cs')}
        FROM totals t
        CROSS JOIN cells cs
        LEFT JOIN median_columns mc ON mc.key_id = t.key_id`,
      bindings: [...ctes.bindings, by],
    };
  }

  private async rollupRows(options: {
    by: RollupDimension;
    entityRefs: string[];
    filters: RollupFilters;
    keys?: string[];
  }): Promise<RollupRow[]> {
    const { by, entityRefs, filters, keys } = options;
    const within = by === 'domain' || by === 'owner' ? filters[by] : undefined;
    const columns = [
      'r.entity_ref',
      `r.${CHAIN_COLUMNS[by]} AS chain_id`,
      'r.level',
      'r.score',
      'r.coverage',
      ...METRICS.map(metric => `r.${medianColumn(metric)}`),
    ];
    const ctes = joinSql(
      [
        this.servicesCte(entityRefs, filters, columns.join(', ')),
        this.chainKeysCte(by, within, keys),
      ],
      ',\n',
    );
    const rows = await this.select<SummaryRow>(
      by === 'persona' || by === 'dimension'
        ? DatabaseRollupStore.breakdownRollupSql(by, ctes)
        : DatabaseRollupStore.chainRollupSql(ctes),
    );
    rows.sort((a, b) => byCodeUnits(a.rollup_key, b.rollup_key));

    return rows.map(row => {
      const metricMedians: BusinessMetrics = {};
      for (const metric of METRICS) {
        const median = round4(row[medianAlias(metric)]);
        if (median !== null) {
          metricMedians[metric] = median;
        }
      }
      const passRates: PassRateCell[] = CELL_COLUMNS.filter(
        cell =>
          (by !== 'persona' || cell.persona === row.rollup_key) &&
          (by !== 'dimension' || cell.dimension === row.rollup_key),
      ).flatMap(cell => {
        const total = Number(row[cell.totalColumn]);
        const passed = Number(row[cell.passedColumn]);
        return total > 0
          ? [
              {
                dimension: cell.dimension,
                persona: cell.persona,
                passed,
                total,
                rate: passed / total,
              },
            ]
          : [];
      });
      return {
        key: row.rollup_key,
        services: Number(row.services),
        levelCounts: {
          0: Number(row.level0),
          1: Number(row.level1),
          2: Number(row.level2),
        },
        meanScore: round4(row.mean_score),
        medianScore: round4(row[medianAlias('score')]),
        coverage: round4(row.mean_coverage),
        passRates,
        metricMedians,
        ...(row.parent_key !== null && { parent: row.parent_key }),
      };
    });
  }

  async rollup(options: {
    by: RollupDimension;
    entityRefs: string[];
    filters?: RollupFilters;
  }): Promise<RollupRow[]> {
    return this.rollupRows({
      by: options.by,
      entityRefs: options.entityRefs,
      filters: options.filters ?? {},
    });
  }

  async compare(options: {
    domains: string[];
    entityRefs: string[];
  }): Promise<RollupRow[]> {
    const rows = await this.rollupRows({
      by: 'domain',
      entityRefs: options.entityRefs,
      filters: {},
      keys: options.domains,
    });
    const byKey = new Map(rows.map(row => [row.key, row]));
    return options.domains.map(domain => byKey.get(domain) ?? emptyRow(domain));
  }

  async topBlockers(options: {
    entityRefs: string[];
    limit: number;
    filters?: RollupFilters;
  }): Promise<TopBlocker[]> {
    const services = this.servicesCte(
      options.entityRefs,
      options.filters ?? {},
      'r.entity_ref',
    );
    // One row per blocking check, a few dozen at most; ordered here for ties across databases.
    const counts = await this.select<{
      check_id: string;
      services: DbNumber;
      example_ref: string;
    }>({
      text: `WITH ${services.text}
        SELECT b.check_id, COUNT(*) AS services, MIN(b.entity_ref) AS example_ref
        FROM svc JOIN mlops_service_blockers b ON b.entity_ref = svc.entity_ref
        GROUP BY b.check_id`,
      bindings: services.bindings,
    });
    const top = counts
      .map(c => ({ ...c, services: Number(c.services) }))
      .sort(
        (a, b) =>
          b.services - a.services || byCodeUnits(a.check_id, b.check_id),
      )
      .slice(0, options.limit);
    if (top.length === 0) {
      return [];
    }

    // Title, remediation and docs as evaluated, from one scorecard each check blocks.
    const examples: { entity_ref: string; scorecard: string }[] = await this.db(
      'mlops_scorecards',
    )
      .select('entity_ref', 'scorecard')
      .whereIn('entity_ref', [...new Set(top.map(c => c.example_ref))]);
    const scorecards = new Map(
      examples.map(e => [e.entity_ref, JSON.parse(e.scorecard) as Scorecard]),
    );
    return top.flatMap(count => {
      const check = scorecards
        .get(count.example_ref)
        ?.checks.find(c => c.id === count.check_id);
      if (!check) {
        return [];
      }
      return [
        {
          checkId: check.id,
          title: check.title,
          dimension: check.dimension,
          persona: check.persona,
          level: check.level,
          remediation: check.remediation,
          ...(check.docsUrl && { docsUrl: check.docsUrl }),
          services: count.services,
        },
      ];
    });
  }

  async snapshot(date: string): Promise<number> {
    // One transaction: a trend never sees a day's services without its sums.
    return this.db.transaction(async trx => {
      for (const table of [
        'mlops_service_snapshots',
        'mlops_rollup_snapshots',
      ]) {
        await trx(table).where('snapshot_date', date).delete();
      }
      await trx.raw(
        `INSERT INTO mlops_service_snapshots
           (entity_ref, snapshot_date, level, score, domain_chain, owner_chain)
         SELECT entity_ref, ?, level, score, domain_chain, owner_chain
         FROM mlops_service_rollups`,
        [date],
      );
      for (const kind of TREND_KINDS) {
        const chain = CHAIN_COLUMNS[kind];
        await trx.raw(
          `INSERT INTO mlops_rollup_snapshots
             (kind, chain_id, snapshot_date, services, level0, level1, level2, score_sum)
           SELECT ?, ${chain}, snapshot_date, COUNT(*), ${countLevels(
            'level',
          )}, SUM(score)
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
      const [{ count }] = await trx('mlops_service_snapshots')
        .where('snapshot_date', date)
        .count({ count: '*' });
      return Number(count);
    });
  }

  async pruneSnapshots(before: string): Promise<number> {
    return this.db.transaction(async trx => {
      const deleted = await trx('mlops_service_snapshots')
        .where('snapshot_date', '<', before)
        .delete();
      await trx('mlops_rollup_snapshots')
        .where('snapshot_date', '<', before)
        .delete();
      await trx.raw(
        `DELETE FROM mlops_snapshot_services WHERE NOT EXISTS (
           SELECT 1 FROM mlops_service_snapshots sn
           WHERE sn.entity_ref = mlops_snapshot_services.entity_ref)`,
      );
      return deleted;
    });
  }

  /**
   * The day's sums per chain less the snapshots of the services the caller may not
   * read (usually none, or a few); or, when the caller reads fewer services than it
   * may not, the snapshots of its services alone. Both are exact; the work follows the
   * smaller set rather than the size of the organisation.
   */
  async trend(options: {
    by: TrendDimension;
    keys: string[];
    from: string;
    to: string;
    entityRefs: string[];
  }): Promise<RollupTrendPoint[]> {
    const { by, from, to, entityRefs } = options;
    const visible = this.valueList(entityRefs);
    // Hidden services, and those deleted since: nobody may read them any more.
    const unreadable = (
      await this.select<{ entity_ref: string }>({
        text: `SELECT s.entity_ref FROM mlops_snapshot_services s
          WHERE NOT (s.entity_ref ${visible.text})`,
        bindings: visible.bindings,
      })
    ).map(row => row.entity_ref);

    const chain = `sn.${CHAIN_COLUMNS[by]}`;
    const serviceSums = (refs: string[], sign: '' | '-'): Sql => {
      const list = this.valueList(refs);
      return {
        text: `SELECT sn.snapshot_date, ${chain} AS chain_id,
            ${sign}COUNT(*) AS services,
            ${[0, 1, 2]
              .map(
                level =>
                  `${sign}SUM(CASE WHEN sn.level = ${level} THEN 1 ELSE 0 END) AS level${level}`,
              )
              .join(', ')},
            ${sign}SUM(sn.score) AS score_sum
          FROM mlops_service_snapshots sn
          WHERE sn.entity_ref ${list.text}
            AND sn.snapshot_date >= ? AND sn.snapshot_date <= ?
            AND ${chain} IN (SELECT chain_id FROM chain_keys)
          GROUP BY ${chain}, sn.snapshot_date`,
        bindings: [...list.bindings, from, to],
      };
    };
    const daySums: Sql = {
      text: `SELECT rs.snapshot_date, rs.chain_id, rs.services,
          rs.level0, rs.level1, rs.level2, rs.score_sum
        FROM mlops_rollup_snapshots rs
        WHERE rs.kind = ? AND rs.chain_id IN (SELECT chain_id FROM chain_keys)
          AND rs.snapshot_date >= ? AND rs.snapshot_date <= ?`,
      bindings: [by, from, to],
    };
    const perChain =
      unreadable.length <= entityRefs.length
        ? joinSql([daySums, serviceSums(unreadable, '-')], ' UNION ALL ')
        : serviceSums(entityRefs, '');
    const chainKeys = this.chainKeysCte(by, undefined, options.keys);

    const rows = await this.select<TrendRow>({
      text: `WITH ${chainKeys.text},
        per_chain AS (${perChain.text})
        SELECT k.rollup_key, pc.snapshot_date,
          ${sumColumns('pc', ['services', 'level0', 'level1', 'level2'])},
          CAST(SUM(pc.score_sum) AS DOUBLE PRECISION) / NULLIF(SUM(pc.services), 0) AS mean_score
        FROM per_chain pc JOIN chain_keys k ON k.chain_id = pc.chain_id
        GROUP BY pc.snapshot_date, k.rollup_key
        HAVING SUM(pc.services) > 0`,
      bindings: [...chainKeys.bindings, ...perChain.bindings],
    });
    rows.sort(
      (a, b) =>
        byCodeUnits(a.snapshot_date, b.snapshot_date) ||
        byCodeUnits(a.rollup_key, b.rollup_key),
    );
    return rows.map(row => ({
      date: row.snapshot_date,
      key: row.rollup_key,
      services: Number(row.services),
      levelCounts: {
        0: Number(row.level0),
        1: Number(row.level1),
        2: Number(row.level2),
      },
      meanScore: round4(row.mean_score),
    }));
  }
}
