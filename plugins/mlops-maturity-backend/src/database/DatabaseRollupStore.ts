import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  CampaignScope,
  MaturityLevel,
  RollupDimension,
  RollupRow,
  RollupTrendPoint,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { byCodeUnits } from './byCodeUnits';
import { Chain, RollupMirror, ServiceRecord } from './RollupMirror';
import {
  CampaignCandidate,
  RollupFilters,
  RollupStore,
  TrendDimension,
} from './RollupStore';
import { CHAIN_COLUMNS, writeRollupRows } from './rollupRows';
import { readRollupState, readTransaction } from './rollupState';
import { ScorecardRubrics, StoredScorecardRow } from './rubricCompaction';
import { ServiceScope, checkScope, refList } from './ServiceScope';
import { countLevels, sumSnapshotDay } from './snapshotDays';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

/** Scorecards whose rollup rows are filled per transaction when the store starts. */
const FILL_BATCH = 200;

/** Figures from `count` and `sum` arrive as strings from PostgreSQL. */
type DbNumber = number | string;

interface TrendRow {
  rollup_key: string;
  snapshot_date: string;
  services: DbNumber;
  level0: DbNumber;
  level1: DbNumber;
  level2: DbNumber;
  mean_score: DbNumber | null;
  sample_services: DbNumber;
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

function round4(value: DbNumber | null): number | null {
  return value === null ? null : Math.round(Number(value) * 1e4) / 1e4;
}

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

/** The records of these refs; refs without a scorecard are left out. */
function lookUp(
  records: ReadonlyMap<string, ServiceRecord>,
  refs: string[],
): ServiceRecord[] {
  return [...new Set(refs)].flatMap(ref => {
    const record = records.get(ref);
    return record ? [record] : [];
  });
}

/** The records of the scope's services that pass the filters (a campaign's scope is one). */
function* selectServices(
  records: ReadonlyMap<string, ServiceRecord>,
  scope: ServiceScope,
  filters: RollupFilters & CampaignScope,
): Iterable<ServiceRecord> {
  const candidates =
    scope.type === 'only' ? lookUp(records, scope.refs) : records.values();
  const excluded = scope.type === 'except' ? new Set(scope.refs) : undefined;
  // Whether a chain has the filter's key, once per chain.
  const matches = new Map<Chain, boolean>();
  const inHierarchy = (chain: Chain | undefined, key: string) => {
    if (!chain) {
      return false;
    }
    let result = matches.get(chain);
    if (result === undefined) {
      result = chain.keys.some(k => k.key === key);
      matches.set(chain, result);
    }
    return result;
  };
  const lifecycle = filters.lifecycle?.toLowerCase();
  for (const service of candidates) {
    if (
      !excluded?.has(service.ref) &&
      (!filters.flavor || service.flavor === filters.flavor) &&
      (!filters.domain || inHierarchy(service.chains.domain, filters.domain)) &&
      (!filters.owner || inHierarchy(service.chains.owner, filters.owner)) &&
      (!filters.system || inHierarchy(service.chains.system, filters.system)) &&
      (!filters.teamPersona || service.teamPersona === filters.teamPersona) &&
      (!lifecycle || service.lifecycle?.toLowerCase() === lifecycle)
    ) {
      yield service;
    }
  }
}

/**
 * The knex implementation of {@link RollupStore} for SQLite and PostgreSQL.
 *
 * Rollups, comparisons and blockers are computed from a copy of the rollup rows kept
 * in memory ({@link RollupMirror}): a request costs a check of the rows' seq and a pass
 * over the caller's services, and none ships a list of refs to the database. A caller
 * who may read everything passes over every record; a caller who may not read a few
 * skips them; a caller who may read few visits only theirs. Trends read the daily
 * sums of the snapshot tables, less the snapshots of the services left out.
 */
export class DatabaseRollupStore implements RollupStore {
  private readonly rubrics: ScorecardRubrics;
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

  private readonly mirror: RollupMirror;
  private scoredRefs?: { refs: readonly string[]; membershipSeq: number };

  private constructor(private readonly db: Knex) {
    this.mirror = new RollupMirror(db);
    this.rubrics = new ScorecardRubrics(db);
  }

  private get isPostgres(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  private async select<T>(db: Knex, sql: Sql): Promise<T[]> {
    const result = await db.raw(sql.text, sql.bindings);
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
          .select('s.entity_ref', 's.scorecard', 's.rubric_version')
          .whereNotExists(
            trx('mlops_rollup_services as r')
              .select(trx.raw('1'))
              .whereRaw('?? = ??', ['r.entity_ref', 's.entity_ref']),
          )
          .orderBy('s.entity_ref')
          .limit(FILL_BATCH);
        if (this.isPostgres) {
          query = query.forUpdate().skipLocked();
        }
        const rows: StoredScorecardRow[] = await query;
        if (rows.length > 0) {
          await writeRollupRows(
            trx,
            await Promise.all(
              rows.map(row => this.rubrics.fromStored(row, trx)),
            ),
          );
        }
        return rows.length;
      });
      if (filled < FILL_BATCH) {
        return;
      }
    }
  }

  /**
   * Rollup rows of the scope's services that pass the filters. Every service, or all
   * but a few, read the maintained aggregates (less the few); a filter or a list of
   * readable services aggregates those services anew.
   */
  private async rows(options: {
    by: RollupDimension;
    scope: ServiceScope;
    filters: RollupFilters;
    keys?: ReadonlySet<string>;
  }): Promise<RollupRow[]> {
    const { by, scope, filters, keys } = options;
    await this.mirror.sync();
    // From here on nothing is awaited: the copy stays as it is.
    checkScope(scope, this.mirror.current);
    const { records } = this.mirror;
    const filtered =
      filters.domain || filters.owner || filters.flavor || filters.teamPersona;
    if (scope.type !== 'only' && !filtered) {
      const excluded = this.mirror.newAggregates({ kinds: [by] });
      if (scope.type === 'except') {
        excluded.add(lookUp(records, scope.refs), 'push');
        excluded.sort();
      }
      return this.mirror.aggregates.rows(by, { excluded, keys });
    }
    const selected = this.mirror.newAggregates({
      kinds: [by],
      within: by === 'domain' || by === 'owner' ? filters[by] : undefined,
    });
    selected.add(selectServices(records, scope, filters), 'push');
    selected.sort();
    return selected.rows(by, { keys });
  }

  async scoredServices(): Promise<{
    refs: readonly string[];
    membershipSeq: number;
  }> {
    await this.mirror.sync();
    const { membershipSeq } = this.mirror.current;
    // Callers ask on every conditional request; the list only changes with membership.
    if (this.scoredRefs?.membershipSeq !== membershipSeq) {
      this.scoredRefs = {
        refs: [...this.mirror.records.keys()],
        membershipSeq,
      };
    }
    return this.scoredRefs;
  }

  async rollup(options: {
    by: RollupDimension;
    scope: ServiceScope;
    filters?: RollupFilters;
  }): Promise<RollupRow[]> {
    return this.rows({ ...options, filters: options.filters ?? {} });
  }

  async compare(options: {
    domains: string[];
    scope: ServiceScope;
  }): Promise<RollupRow[]> {
    const rows = await this.rows({
      by: 'domain',
      scope: options.scope,
      filters: {},
      keys: new Set(options.domains),
    });
    const byKey = new Map(rows.map(row => [row.key, row]));
    return options.domains.map(domain => byKey.get(domain) ?? emptyRow(domain));
  }

  async topBlockers(options: {
    scope: ServiceScope;
    limit: number;
    filters?: RollupFilters;
  }): Promise<TopBlocker[]> {
    await this.mirror.sync();
    checkScope(options.scope, this.mirror.current);
    // How many services each check blocks, with the first of them by ref.
    const counts = new Map<string, { services: number; exampleRef: string }>();
    for (const service of selectServices(
      this.mirror.records,
      options.scope,
      options.filters ?? {},
    )) {
      for (const checkId of service.blockers) {
        const count = counts.get(checkId);
        if (!count) {
          counts.set(checkId, { services: 1, exampleRef: service.ref });
        } else {
          count.services += 1;
          if (byCodeUnits(service.ref, count.exampleRef) < 0) {
            count.exampleRef = service.ref;
          }
        }
      }
    }
    const top = [...counts]
      .map(([checkId, count]) => ({ checkId, ...count }))
      .sort(
        (a, b) => b.services - a.services || byCodeUnits(a.checkId, b.checkId),
      )
      .slice(0, options.limit);
    if (top.length === 0) {
      return [];
    }

    // Title, remediation and docs as evaluated, from one scorecard each check blocks.
    const examples: (StoredScorecardRow & { entity_ref: string })[] =
      await this.db('mlops_scorecards')
        .select('entity_ref', 'scorecard', 'rubric_version')
        .whereIn('entity_ref', [...new Set(top.map(c => c.exampleRef))]);
    const scorecards = new Map(
      await Promise.all(
        examples.map(
          async e => [e.entity_ref, await this.rubrics.fromStored(e)] as const,
        ),
      ),
    );
    return top.flatMap(count => {
      const check = scorecards
        .get(count.exampleRef)
        ?.checks.find(c => c.id === count.checkId);
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

  async campaignServices(options: {
    campaign: CampaignScope;
    scope: ServiceScope;
  }): Promise<CampaignCandidate[]> {
    await this.mirror.sync();
    checkScope(options.scope, this.mirror.current);
    return [
      ...selectServices(this.mirror.records, options.scope, options.campaign),
    ].map(service => {
      const owner = service.chains.owner?.keys.find(k => k.depth === 0)?.key;
      return {
        entityRef: service.ref,
        level: service.level as MaturityLevel,
        ...(owner !== undefined && { owner }),
        statusesRecorded: service.statusesRecorded,
      };
    });
  }

  async snapshot(date: string): Promise<number> {
    const services = await this.writeSnapshot(date);
    if (this.isPostgres) {
      // Trends read a service's days from the covering index alone once its pages are
      // marked all-visible, and plan by the tables' statistics; autovacuum would get to
      // an insert-only table after a fifth of its rows again (weeks of snapshots). This
      // visits only the pages the day added. VACUUM cannot run in a transaction.
      try {
        await this.db.raw(
          'VACUUM (ANALYZE) mlops_service_snapshots, mlops_rollup_snapshots',
        );
      } catch (error) {
        throw new Error(
          `The snapshot of ${date} was saved (${services} services), but vacuuming the snapshot tables failed; trends read them more slowly until autovacuum does: ${error}`,
        );
      }
    }
    return services;
  }

  private async writeSnapshot(date: string): Promise<number> {
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
           (entity_ref, snapshot_date, level, score, domain_chain, owner_chain, system_chain)
         SELECT entity_ref, ?, level, score, domain_chain, owner_chain, system_chain
         FROM mlops_rollup_services`,
        [date],
      );
      await sumSnapshotDay(trx, date);
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
   * A scope of readable services sums their snapshots. Otherwise the day's sums per
   * chain less the snapshots of the services left out: those the caller may not read
   * and those deleted since (usually none, or a few). Either way the work follows the
   * smaller set rather than the size of the organisation.
   */
  async trend(options: {
    by: TrendDimension;
    keys: string[];
    from: string;
    to: string;
    scope: ServiceScope;
  }): Promise<RollupTrendPoint[]> {
    const { by, keys, from, to, scope } = options;
    const rows = await readTransaction(this.db, async trx => {
      checkScope(scope, await readRollupState(trx));
      const removed = new Set(
        (await trx('mlops_rollup_removals').select('entity_ref')).map(
          (row: { entity_ref: string }) => row.entity_ref,
        ),
      );

      const chain = `sn.${CHAIN_COLUMNS[by]}`;
      // Each service's days are next to each other in the covering index; the join
      // below keeps the chains of the keys (as a filter here, PostgreSQL probes the
      // index once per chain and service).
      const serviceSums = (refs: string[], sign: '' | '-'): Sql => {
        const list = refList(trx, refs);
        return {
          text: `SELECT sn.snapshot_date, ${chain} AS chain_id,
              ${sign}COUNT(*) AS services, ${countLevels('sn.level', sign)},
              ${sign}SUM(sn.score) AS score_sum,
              ${sign}SUM(CASE WHEN sn.sample THEN 1 ELSE 0 END) AS sample_services
            FROM mlops_service_snapshots sn
            WHERE sn.entity_ref IN (${list.sql})
              AND sn.snapshot_date >= ? AND sn.snapshot_date <= ?
            GROUP BY ${chain}, sn.snapshot_date`,
          bindings: [...list.bindings, from, to],
        };
      };
      let perChain: Sql;
      if (scope.type === 'only') {
        perChain = serviceSums(
          scope.refs.filter(ref => !removed.has(ref)),
          '',
        );
      } else {
        const daySums: Sql = {
          text: `SELECT rs.snapshot_date, rs.chain_id, rs.services,
              rs.level0, rs.level1, rs.level2, rs.score_sum, rs.sample_services
            FROM mlops_rollup_snapshots rs
            WHERE rs.kind = ? AND rs.chain_id IN (SELECT chain_id FROM chain_keys)
              AND rs.snapshot_date >= ? AND rs.snapshot_date <= ?`,
          bindings: [by, from, to],
        };
        const excluded = [
          ...removed,
          ...(scope.type === 'except' ? scope.refs : []),
        ];
        perChain =
          excluded.length > 0
            ? joinSql([daySums, serviceSums(excluded, '-')], ' UNION ALL ')
            : daySums;
      }
      if (this.isPostgres) {
        // A thousand services' ninety days sort in memory rather than in temporary files.
        await trx.raw("SET LOCAL work_mem = '32MB'");
      }
      const keyList = refList(trx, keys);
      return this.select<TrendRow>(trx, {
        // Both materialized: without, PostgreSQL may plan the sums once per chain key.
        text: `WITH chain_keys AS MATERIALIZED (
            SELECT k.chain_id, k.key AS rollup_key FROM mlops_rollup_chain_keys k
            WHERE k.kind = ? AND k.key IN (${keyList.sql})),
          per_chain AS MATERIALIZED (${perChain.text})
          SELECT k.rollup_key, pc.snapshot_date,
            SUM(pc.services) AS services, SUM(pc.level0) AS level0,
            SUM(pc.level1) AS level1, SUM(pc.level2) AS level2,
            CAST(SUM(pc.score_sum) AS DOUBLE PRECISION) / NULLIF(SUM(pc.services), 0) AS mean_score,
            SUM(pc.sample_services) AS sample_services
          FROM per_chain pc JOIN chain_keys k ON k.chain_id = pc.chain_id
          GROUP BY pc.snapshot_date, k.rollup_key
          HAVING SUM(pc.services) > 0`,
        bindings: [by, ...keyList.bindings, ...perChain.bindings],
      });
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
      ...(Number(row.sample_services) > 0 && {
        sampleServices: Number(row.sample_services),
      }),
    }));
  }
}
