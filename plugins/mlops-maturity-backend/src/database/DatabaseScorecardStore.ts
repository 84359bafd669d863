import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  CheckDefinition,
  CheckStatus,
  FactSet,
  MaturityLevel,
  Scorecard,
  ScorecardHistoryPoint,
  ServiceSummary,
  StatusResponse,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { DbTimestamp, toDate } from './dbTimestamp';
import {
  ClaimCompletion,
  CollectionFailure,
  LevelChange,
  CycleRecord,
  QueuedService,
  RefreshRecord,
  ScorecardEntry,
  ScorecardStore,
  ServiceListFilter,
} from './ScorecardStore';
import { byCodeUnits } from './byCodeUnits';
import { ScorecardRubrics } from './rubricCompaction';
import { insertRows } from './insertRows';
import { removeRollupRows, writeRollupRows } from './rollupRows';
import { nextRollupSeq, readRollupState, readTransaction } from './rollupState';
import { checkScope, scopeCondition } from './ServiceScope';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

/** Rows per statement, well below SQLite's 999 bound variables of older builds. */
const CHUNK_SIZE = 500;

/** The largest page of history points, and the default. */
export const MAX_HISTORY_PAGE = 1000;

/** Opaque to clients: the last point of a page, by time and then insertion order. */
function historyCursor(evaluatedAt: Date, id: number): string {
  return Buffer.from(`${evaluatedAt.getTime()}:${id}`).toString('base64url');
}

function parseHistoryCursor(cursor: string): { evaluatedAt: Date; id: number } {
  const match = /^(\d+):(\d+)$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw new InputError('cursor is not one this endpoint returned');
  }
  return { evaluatedAt: new Date(Number(match[1])), id: Number(match[2]) };
}

interface HistoryPointRow {
  entity_ref: string;
  level: number;
  score: number;
  coverage: number;
  dimensions: string;
  personas: string;
}

/** What a history point shows; two points with the same key tell the same story. */
const historyPointKey = (
  level: number,
  score: number,
  coverage: number,
  dimensions: string,
  personas: string,
) =>
  JSON.stringify([
    level,
    Number(score),
    Number(coverage),
    dimensions,
    personas,
  ]);
/** Multi-column inserts bind one variable per cell, so they take fewer rows. */
const INSERT_CHUNK_ROWS = 100;

/** SQLite returns booleans as 0/1. */
type DbBoolean = boolean | number;

interface ServiceRow {
  entity_ref: string;
  entity_hash: string;
  inputs_hash: string | null;
  next_due_at: DbTimestamp;
  claimed_by: string | null;
  claimed_until: DbTimestamp | null;
  last_error: string | null;
  created_at: DbTimestamp;
}

interface FactsRow {
  entity_ref: string;
  source: string;
  facts: string;
  collected_at: DbTimestamp;
  attempted_at: DbTimestamp;
  error: string | null;
  stale: DbBoolean;
  sample: DbBoolean;
  origin: string;
}

interface ScorecardRow {
  entity_ref: string;
  flavor: string;
  level: number;
  score: number;
  coverage: number;
  owner: string | null;
  system: string | null;
  domain: string | null;
  evaluated_at: DbTimestamp;
  inputs_hash: string;
  contains_sample: DbBoolean;
  scorecard: string;
  rubric_version: string | null;
}

interface HistoryRow {
  id: number;
  entity_ref: string;
  evaluated_at: DbTimestamp;
  level: number;
  score: number;
  coverage: number;
  dimensions: string;
  personas: string;
  rubric_version: string | null;
  /** Sample history (SQLite: 0/1). */
  sample: boolean | number;
}

interface CycleRow {
  id: number;
  started_at: DbTimestamp;
  finished_at: DbTimestamp | null;
  evaluated: number;
  failed: number;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

function toQueuedService(row: ServiceRow): QueuedService {
  return {
    entityRef: row.entity_ref,
    entityHash: row.entity_hash,
    inputsHash: row.inputs_hash,
    nextDueAt: toDate(row.next_due_at),
    lastError: row.last_error,
  };
}

type Queryable = Knex | Knex.Transaction;

function completeClaimIn(
  db: Queryable,
  entityRef: string,
  options: ClaimCompletion,
) {
  const { workerId } = options;
  return db('mlops_services')
    .where('entity_ref', entityRef)
    .modify(query => {
      if (workerId) {
        query.where('claimed_by', workerId);
      }
    })
    .update({
      ...(workerId && { claimed_by: null, claimed_until: null }),
      next_due_at: options.nextDueAt,
      last_error: options.error,
      ...(options.inputsHash !== undefined && {
        inputs_hash: options.inputsHash,
      }),
    });
}

async function putFactsIn(db: Queryable, factSet: FactSet): Promise<boolean> {
  const collectedAt = new Date(factSet.collectedAt);
  const upsert = db('mlops_facts')
    .insert({
      entity_ref: factSet.entityRef,
      source: factSet.source,
      facts: JSON.stringify(factSet.facts),
      collected_at: collectedAt,
      attempted_at: collectedAt,
      error: factSet.error ?? null,
      stale: factSet.stale ?? false,
      sample: factSet.sample ?? false,
      origin: factSet.origin,
    })
    .onConflict(['entity_ref', 'source'])
    .merge();
  // Decided in the statement, so a push racing the demo's start-up is never overwritten.
  const stored = factSet.sample
    ? await upsert.where('mlops_facts.sample', true).returning('source')
    : await upsert.returning('source');
  return stored.length > 0;
}

/**
 * `stale` means "an older value is shown", so it is set only when previous facts
 * exist; a first failure stores empty facts that are not stale, just in error.
 * The refresh applies the same rule in memory (`withFailure`).
 */
async function markFactsFailedIn(
  db: Queryable,
  options: CollectionFailure & { entityRef: string; origin: FactSet['origin'] },
): Promise<void> {
  const { entityRef, source, error, attemptedAt, origin } = options;
  await db('mlops_facts')
    .insert({
      entity_ref: entityRef,
      source,
      facts: '{}',
      collected_at: attemptedAt,
      attempted_at: attemptedAt,
      error,
      stale: false,
      sample: false,
      origin,
    })
    .onConflict(['entity_ref', 'source'])
    .merge({ error, attempted_at: attemptedAt, stale: true });
}

function factSetKey(factSet: FactSet): string {
  return JSON.stringify([
    factSet.source,
    factSet.collectedAt,
    factSet.error ?? null,
    factSet.stale ?? false,
    factSet.sample ?? false,
    factSet.origin,
    factSet.facts,
  ]);
}

function sameFactSets(stored: FactSet[], read: FactSet[]): boolean {
  const keys = new Set(read.map(factSetKey));
  return (
    stored.length === read.length &&
    stored.every(factSet => keys.has(factSetKey(factSet)))
  );
}

function toFactSet(row: FactsRow): FactSet {
  return {
    entityRef: row.entity_ref,
    source: row.source,
    facts: JSON.parse(row.facts) as JsonObject,
    collectedAt: toDate(row.collected_at).toISOString(),
    ...(row.error !== null && { error: row.error }),
    stale: Boolean(row.stale),
    sample: Boolean(row.sample),
    origin: row.origin as FactSet['origin'],
  };
}

function toServiceSummary(
  row: ScorecardRow,
  failingChecks: string[],
): ServiceSummary {
  const level = row.level as MaturityLevel;
  return {
    entityRef: row.entity_ref,
    flavor: row.flavor as ServiceSummary['flavor'],
    level,
    levelName: levelName(level),
    score: row.score,
    coverage: row.coverage,
    evaluatedAt: toDate(row.evaluated_at).toISOString(),
    ...(row.owner !== null && { owner: row.owner }),
    ...(row.system !== null && { system: row.system }),
    ...(row.domain !== null && { domain: row.domain }),
    failingChecks,
  };
}

function toCycleRecord(row: CycleRow): CycleRecord {
  return {
    id: Number(row.id),
    startedAt: toDate(row.started_at),
    finishedAt: row.finished_at === null ? null : toDate(row.finished_at),
    evaluated: Number(row.evaluated),
    failed: Number(row.failed),
  };
}

/** Column of `mlops_scorecards` for each sort key of the services list. */
const ORDER_COLUMNS: Record<
  NonNullable<ServiceListFilter['orderBy']>,
  keyof ScorecardRow
> = {
  entityRef: 'entity_ref',
  score: 'score',
  level: 'level',
};

/**
 * The knex implementation of {@link ScorecardStore}, for SQLite and PostgreSQL.
 */
export class DatabaseScorecardStore implements ScorecardStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseScorecardStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseScorecardStore(client);
  }

  /** For tests and the CLI, which bring their own connection. */
  static async fromKnex(knex: Knex): Promise<DatabaseScorecardStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseScorecardStore(knex);
  }

  private readonly rubrics: ScorecardRubrics;
  private readonly levelListeners: Array<(changes: LevelChange[]) => void> = [];

  private constructor(private readonly db: Knex) {
    this.rubrics = new ScorecardRubrics(db);
  }

  /**
   * Records the effective check catalogue under its version, once; the scorecards saved
   * from now on keep only what their checks found and name this version.
   */
  useRubric(rubric: {
    version: string;
    definitions: readonly CheckDefinition[];
  }): Promise<void> {
    return this.rubrics.use(rubric);
  }

  onLevelChange(listener: (changes: LevelChange[]) => void): void {
    this.levelListeners.push(listener);
  }

  private get isPostgres(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  async syncQueue(
    services: { entityRef: string; entityHash: string }[],
    now: Date,
  ): Promise<{ added: number; changed: number; removed: number }> {
    const wanted = new Map(services.map(s => [s.entityRef, s.entityHash]));
    return this.db.transaction(async trx => {
      const existingRows = await trx<ServiceRow>('mlops_services').select(
        'entity_ref',
        'entity_hash',
      );
      const existing = new Map(
        existingRows.map(r => [r.entity_ref, r.entity_hash]),
      );

      let added = 0;
      let changed = 0;
      const upserts: Partial<ServiceRow>[] = [];
      for (const [entityRef, entityHash] of wanted) {
        const previousHash = existing.get(entityRef);
        if (previousHash === entityHash) {
          continue;
        }
        if (previousHash === undefined) {
          added += 1;
        } else {
          changed += 1;
        }
        upserts.push({
          entity_ref: entityRef,
          entity_hash: entityHash,
          next_due_at: now,
          created_at: now,
        });
      }
      // New rows are inserted whole; changed rows only get the new hash and become due.
      for (const rows of chunk(upserts, INSERT_CHUNK_ROWS)) {
        await trx('mlops_services')
          .insert(rows)
          .onConflict('entity_ref')
          .merge(['entity_hash', 'next_due_at']);
      }

      const removedRefs = [...existing.keys()].filter(ref => !wanted.has(ref));
      for (const refs of chunk(removedRefs, CHUNK_SIZE)) {
        for (const table of [
          'mlops_services',
          'mlops_facts',
          'mlops_scorecards',
          'mlops_check_statuses',
        ]) {
          await trx(table).whereIn('entity_ref', refs).delete();
        }
      }
      // Last: both take the rollup seq, which serialises writers until commit.
      if (removedRefs.length > 0) {
        await removeRollupRows(trx, removedRefs);
      } else if (changed > 0) {
        // A changed entity may now be readable by other users: cached visibility expires.
        await nextRollupSeq(trx, { membershipChanged: true });
      }

      return { added, changed, removed: removedRefs.length };
    });
  }

  async claimDue(options: {
    limit: number;
    now: Date;
    leaseSeconds: number;
    workerId: string;
  }): Promise<QueuedService[]> {
    const { limit, now, leaseSeconds, workerId } = options;
    const claimedUntil = new Date(now.getTime() + leaseSeconds * 1000);
    return this.db.transaction(async trx => {
      let query = trx<ServiceRow>('mlops_services')
        .select('*')
        .where('next_due_at', '<=', now)
        .andWhere(q =>
          q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
        )
        .orderBy([
          { column: 'next_due_at', order: 'asc' },
          { column: 'entity_ref', order: 'asc' },
        ])
        .limit(limit);
      // SQLite has a single writer, so the transaction alone makes the claim exclusive.
      if (this.isPostgres) {
        query = query.forUpdate().skipLocked();
      }
      const rows: ServiceRow[] = await query;
      for (const refs of chunk(
        rows.map(r => r.entity_ref),
        CHUNK_SIZE,
      )) {
        await trx('mlops_services')
          .whereIn('entity_ref', refs)
          .update({ claimed_by: workerId, claimed_until: claimedUntil });
      }
      return rows.map(toQueuedService);
    });
  }

  async completeClaim(
    entityRef: string,
    options: ClaimCompletion,
  ): Promise<void> {
    await completeClaimIn(this.db, entityRef, options);
  }

  async releaseClaims(entityRefs: string[], workerId: string): Promise<number> {
    let released = 0;
    for (const refs of chunk(entityRefs, CHUNK_SIZE)) {
      released += await this.db('mlops_services')
        .whereIn('entity_ref', refs)
        .where('claimed_by', workerId)
        .update({ claimed_by: null, claimed_until: null });
    }
    return released;
  }

  async countDue(now: Date): Promise<number> {
    const [row] = await this.db('mlops_services')
      .count({ due: '*' })
      .where('next_due_at', '<=', now)
      .andWhere(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      );
    return Number(row.due);
  }

  async ensureQueued(
    entityRef: string,
    entityHash: string,
    now: Date,
  ): Promise<void> {
    await this.db('mlops_services')
      .insert({
        entity_ref: entityRef,
        entity_hash: entityHash,
        next_due_at: now,
        created_at: now,
      })
      .onConflict('entity_ref')
      .ignore();
  }

  async markDue(entityRef: string, now: Date): Promise<boolean> {
    const updated = await this.db('mlops_services')
      .where('entity_ref', entityRef)
      .update({ next_due_at: now });
    return updated > 0;
  }

  async getQueuedService(
    entityRef: string,
  ): Promise<QueuedService | undefined> {
    const row = await this.db<ServiceRow>('mlops_services')
      .where('entity_ref', entityRef)
      .first();
    return row ? toQueuedService(row) : undefined;
  }

  async getFacts(entityRef: string): Promise<FactSet[]> {
    const rows = await this.db<FactsRow>('mlops_facts')
      .where('entity_ref', entityRef)
      .orderBy('source');
    return rows.map(toFactSet);
  }

  async getFactsOfMany(entityRefs: string[]): Promise<Map<string, FactSet[]>> {
    const byRef = new Map<string, FactSet[]>();
    for (const refs of chunk(entityRefs, CHUNK_SIZE)) {
      const rows = await this.db<FactsRow>('mlops_facts')
        .whereIn('entity_ref', refs)
        .orderBy(['entity_ref', 'source']);
      for (const row of rows) {
        const sets = byRef.get(row.entity_ref) ?? [];
        sets.push(toFactSet(row));
        byRef.set(row.entity_ref, sets);
      }
    }
    return byRef;
  }

  async putFacts(factSet: FactSet): Promise<boolean> {
    return putFactsIn(this.db, factSet);
  }

  async recordRefresh(record: RefreshRecord): Promise<boolean> {
    let changes: LevelChange[] = [];
    const stored = await this.db.transaction(async trx => {
      const collectedSources = new Set(record.collected.map(f => f.source));
      // Facts the refresh did not collect (pushed, sampled, failed) must be those it
      // scored: a push that landed meanwhile would otherwise be undone by this scorecard.
      const otherRows = await trx<FactsRow>('mlops_facts')
        .where('entity_ref', record.entityRef)
        .modify(query => {
          if (collectedSources.size > 0) {
            query.whereNotIn('source', [...collectedSources]);
          }
        });
      const unchanged = sameFactSets(
        otherRows.map(toFactSet),
        record.basedOn.filter(f => !collectedSources.has(f.source)),
      );
      for (const factSet of record.collected) {
        await putFactsIn(trx, factSet);
      }
      for (const failure of record.failed) {
        await markFactsFailedIn(trx, {
          ...failure,
          entityRef: record.entityRef,
          origin: 'collector',
        });
      }
      if (!unchanged) {
        if (record.claim) {
          // Scored again at once, from the facts as they now are.
          await completeClaimIn(trx, record.entityRef, {
            nextDueAt: record.claim.supersededDueAt,
            error: null,
            workerId: record.claim.workerId,
          });
        }
        return false;
      }
      if (record.scorecard) {
        changes = await this.writeScorecards(trx, [record.scorecard]);
      }
      if (record.claim) {
        await completeClaimIn(trx, record.entityRef, record.claim);
      }
      return true;
    });
    this.notifyLevelChanges(changes);
    return stored;
  }

  async saveScorecard(scorecard: Scorecard, inputsHash: string): Promise<void> {
    await this.saveScorecards([{ scorecard, inputsHash }]);
  }

  async saveScorecards(entries: ScorecardEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    const changes = await this.db.transaction(trx =>
      this.writeScorecards(trx, entries),
    );
    this.notifyLevelChanges(changes);
  }

  private notifyLevelChanges(changes: LevelChange[]) {
    if (changes.length > 0) {
      this.levelListeners.forEach(listener => listener(changes));
    }
  }

  /** Writes the scorecards in the caller's transaction; returns the level changes. */
  private async writeScorecards(
    trx: Knex.Transaction,
    entries: ScorecardEntry[],
  ): Promise<LevelChange[]> {
    // The last scorecard of a service is its latest; each one that changes the story is a history point.
    const latest = [
      ...new Map(entries.map(e => [e.scorecard.entityRef, e])).values(),
    ].sort((a, b) => (a.scorecard.entityRef < b.scorecard.entityRef ? -1 : 1));
    const refs = latest.map(e => e.scorecard.entityRef);
    // Each service's level at its last history point.
    const previousLevels = new Map<string, MaturityLevel>();
    {
      await insertRows(
        trx,
        'mlops_scorecards',
        {
          entity_ref: 'text',
          flavor: 'text',
          level: 'integer',
          score: 'double precision',
          coverage: 'double precision',
          owner: 'text',
          system: 'text',
          domain: 'text',
          evaluated_at: 'timestamptz',
          inputs_hash: 'text',
          contains_sample: 'boolean',
          scorecard: 'text',
          rubric_version: 'text',
        },
        latest.map(({ scorecard, inputsHash }) => [
          scorecard.entityRef,
          scorecard.flavor,
          scorecard.level,
          scorecard.score,
          scorecard.coverage,
          scorecard.owner ?? null,
          scorecard.system ?? null,
          scorecard.domain ?? null,
          new Date(scorecard.evaluatedAt),
          inputsHash,
          scorecard.containsSampleData,
          ...this.rubrics.toStored(scorecard),
        ]),
        {
          onConflict: {
            columns: ['entity_ref'],
            merge: [
              'flavor',
              'level',
              'score',
              'coverage',
              'owner',
              'system',
              'domain',
              'evaluated_at',
              'inputs_hash',
              'contains_sample',
              'scorecard',
              'rubric_version',
            ],
          },
          largeValues: true,
        },
      );

      for (const refsChunk of chunk(refs, CHUNK_SIZE)) {
        await trx('mlops_check_statuses')
          .whereIn('entity_ref', refsChunk)
          .delete();
      }
      // A row for every check that does not pass: a check without one passes.
      await insertRows(
        trx,
        'mlops_check_statuses',
        { entity_ref: 'text', check_id: 'text', status: 'text' },
        latest.flatMap(({ scorecard }) =>
          [
            ...new Map(
              scorecard.checks
                .filter(c => c.status !== 'pass')
                .map(c => [c.id, c.status]),
            ),
          ].map(([checkId, status]) => [scorecard.entityRef, checkId, status]),
        ),
      );

      // A point only where the history changes: refreshes that find nothing new, and
      // concurrent refreshes of one service, would otherwise repeat the last point.
      const lastPoint = new Map<string, string>();
      for (const refsChunk of chunk(refs, CHUNK_SIZE)) {
        const rows: HistoryPointRow[] = await trx(
          'mlops_scorecard_history as h',
        )
          .join(
            trx('mlops_scorecard_history')
              .select('entity_ref')
              .max('evaluated_at as last_at')
              .whereIn('entity_ref', refsChunk)
              .groupBy('entity_ref')
              .as('l'),
            join =>
              join
                .on('l.entity_ref', 'h.entity_ref')
                .andOn('l.last_at', 'h.evaluated_at'),
          )
          .select(
            'h.entity_ref',
            'h.level',
            'h.score',
            'h.coverage',
            'h.dimensions',
            'h.personas',
          );
        for (const row of rows) {
          previousLevels.set(row.entity_ref, row.level as MaturityLevel);
          lastPoint.set(
            row.entity_ref,
            historyPointKey(
              row.level,
              row.score,
              row.coverage,
              row.dimensions,
              row.personas,
            ),
          );
        }
      }
      const changedPoints = entries.filter(({ scorecard }) => {
        const key = historyPointKey(
          scorecard.level,
          scorecard.score,
          scorecard.coverage,
          JSON.stringify(scorecard.dimensions),
          JSON.stringify(scorecard.personas),
        );
        if (lastPoint.get(scorecard.entityRef) === key) {
          return false;
        }
        lastPoint.set(scorecard.entityRef, key);
        return true;
      });
      await insertRows(
        trx,
        'mlops_scorecard_history',
        {
          entity_ref: 'text',
          evaluated_at: 'timestamptz',
          level: 'integer',
          score: 'double precision',
          coverage: 'double precision',
          dimensions: 'text',
          personas: 'text',
          rubric_version: 'text',
        },
        changedPoints.map(({ scorecard }) => [
          scorecard.entityRef,
          new Date(scorecard.evaluatedAt),
          scorecard.level,
          scorecard.score,
          scorecard.coverage,
          JSON.stringify(scorecard.dimensions),
          JSON.stringify(scorecard.personas),
          this.rubrics.version,
        ]),
      );

      await writeRollupRows(
        trx,
        latest.map(e => e.scorecard),
      );
    }
    return latest.flatMap(({ scorecard }) => {
      const previousLevel = previousLevels.get(scorecard.entityRef);
      return previousLevel !== undefined && previousLevel !== scorecard.level
        ? [{ scorecard, previousLevel }]
        : [];
    });
  }

  async getScorecard(entityRef: string): Promise<Scorecard | undefined> {
    const row = await this.db<ScorecardRow>('mlops_scorecards')
      .select('scorecard', 'rubric_version')
      .where('entity_ref', entityRef)
      .first();
    return row ? this.rubrics.fromStored(row) : undefined;
  }

  async getHistory(
    entityRef: string,
    range: { from?: Date; to?: Date; limit?: number; cursor?: string },
  ): Promise<{ items: ScorecardHistoryPoint[]; nextCursor?: string }> {
    const limit = range.limit ?? MAX_HISTORY_PAGE;
    let query = this.db<HistoryRow>('mlops_scorecard_history')
      .select(
        'id',
        'evaluated_at',
        'level',
        'score',
        'coverage',
        'rubric_version',
        'sample',
      )
      .where('entity_ref', entityRef);
    if (range.from) {
      query = query.where('evaluated_at', '>=', range.from);
    }
    if (range.to) {
      query = query.where('evaluated_at', '<=', range.to);
    }
    if (range.cursor) {
      const after = parseHistoryCursor(range.cursor);
      query = query.where(q =>
        q
          .where('evaluated_at', '>', after.evaluatedAt)
          .orWhere(same =>
            same
              .where('evaluated_at', '=', after.evaluatedAt)
              .where('id', '>', after.id),
          ),
      );
    }
    // One row more than the page tells whether another page follows.
    const rows = await query
      .orderBy([
        { column: 'evaluated_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(row => ({
        evaluatedAt: toDate(row.evaluated_at).toISOString(),
        level: row.level as MaturityLevel,
        score: row.score,
        coverage: row.coverage,
        ...(row.rubric_version !== null && {
          rubricVersion: row.rubric_version,
        }),
        ...(Boolean(row.sample) && { sample: true }),
      })),
      ...(rows.length > limit && last
        ? {
            nextCursor: historyCursor(toDate(last.evaluated_at), last.id),
          }
        : {}),
    };
  }

  async pruneHistory(before: Date): Promise<number> {
    return this.db('mlops_scorecard_history')
      .where('evaluated_at', '<', before)
      .delete();
  }

  async listServices(filter: ServiceListFilter): Promise<{
    items: ServiceSummary[];
    totalCount: number;
  }> {
    // One snapshot, so that the scope check, the count and the page agree.
    return readTransaction(this.db, async trx => {
      checkScope(filter.scope, await readRollupState(trx));
      let query = trx('mlops_scorecards');
      if (filter.level !== undefined) {
        query = query.where('level', filter.level);
      }
      // A domain or owner includes its descendants, as rollups count them: the
      // rollup rows, written with the scorecard, hold each service's chain.
      for (const kind of ['owner', 'domain'] as const) {
        const key = filter[kind];
        if (key !== undefined) {
          query = query.whereIn(
            'mlops_scorecards.entity_ref',
            trx('mlops_rollup_services as rs')
              .join(
                'mlops_rollup_chain_keys as k',
                'k.chain_id',
                `rs.${kind}_chain`,
              )
              .where({ 'k.kind': kind, 'k.key': key })
              .select('rs.entity_ref'),
          );
        }
      }
      if (filter.system !== undefined) {
        query = query.where('system', filter.system);
      }
      if (filter.flavor !== undefined) {
        query = query.where('flavor', filter.flavor);
      }
      if (filter.failing !== undefined) {
        const checkId = filter.failing;
        // IN rather than EXISTS: both databases then start from the check's index.
        query = query.whereIn(
          'mlops_scorecards.entity_ref',
          trx('mlops_check_statuses')
            .select('entity_ref')
            .where({ check_id: checkId, status: 'fail' }),
        );
      }
      const scope = scopeCondition(
        trx,
        'mlops_scorecards.entity_ref',
        filter.scope,
      );
      if (scope) {
        query = query.whereRaw(scope.sql, scope.bindings);
      }

      const [{ count }] = await query.clone().count({ count: '*' });
      const rows: ScorecardRow[] = await query
        .clone()
        .select(
          'entity_ref',
          'flavor',
          'level',
          'score',
          'coverage',
          'owner',
          'system',
          'domain',
          'evaluated_at',
        )
        .orderBy([
          {
            column: ORDER_COLUMNS[filter.orderBy ?? 'entityRef'],
            order: filter.order ?? 'asc',
          },
          { column: 'entity_ref', order: 'asc' },
        ])
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize);

      const failingByRef = new Map<string, string[]>();
      if (rows.length > 0) {
        const failingRows: { entity_ref: string; check_id: string }[] =
          await trx('mlops_check_statuses')
            .select('entity_ref', 'check_id')
            .where('status', 'fail')
            .whereIn(
              'entity_ref',
              rows.map(r => r.entity_ref),
            )
            .orderBy('check_id');
        for (const { entity_ref, check_id } of failingRows) {
          const list = failingByRef.get(entity_ref) ?? [];
          list.push(check_id);
          failingByRef.set(entity_ref, list);
        }
      }

      return {
        items: rows.map(row =>
          toServiceSummary(row, failingByRef.get(row.entity_ref) ?? []),
        ),
        totalCount: Number(count),
      };
    });
  }

  async countCheckStatuses(): Promise<
    { checkId: string; status: CheckStatus; count: number }[]
  > {
    // Only failing checks have rows of their own; the scorecards have every status.
    const query = this.isPostgres
      ? `SELECT c ->> 'id' AS check_id, c ->> 'status' AS status, COUNT(*) AS count
         FROM mlops_scorecards s,
           json_array_elements(CAST(s.scorecard AS json) -> 'checks') c
         GROUP BY 1, 2`
      : `SELECT json_extract(c.value, '$.id') AS check_id,
           json_extract(c.value, '$.status') AS status, COUNT(*) AS count
         FROM mlops_scorecards s, json_each(s.scorecard, '$.checks') c
         GROUP BY 1, 2`;
    const result = await this.db.raw(query);
    const rows: { check_id: string; status: string; count: number | string }[] =
      this.isPostgres ? result.rows : result;
    return rows
      .map(row => ({
        checkId: row.check_id,
        status: row.status as CheckStatus,
        count: Number(row.count),
      }))
      .sort(
        (a, b) =>
          byCodeUnits(a.checkId, b.checkId) || byCodeUnits(a.status, b.status),
      );
  }

  async startCycle(startedAt: Date): Promise<number> {
    const [inserted] = await this.db('mlops_cycles')
      .insert({ started_at: startedAt, evaluated: 0, failed: 0 })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async finishCycle(
    id: number,
    result: { finishedAt: Date; evaluated: number; failed: number },
  ): Promise<void> {
    await this.db('mlops_cycles').where('id', id).update({
      finished_at: result.finishedAt,
      evaluated: result.evaluated,
      failed: result.failed,
    });
  }

  async getLastCycle(): Promise<CycleRecord | undefined> {
    const row = await this.db<CycleRow>('mlops_cycles')
      .orderBy('id', 'desc')
      .first();
    return row ? toCycleRecord(row) : undefined;
  }

  /**
   * `due` counts every service whose next-due time has passed, including those a
   * worker is evaluating right now (counted again in `inProgress`).
   */
  async getStatus(
    now: Date,
  ): Promise<Omit<StatusResponse, 'lastCycle' | 'collectors'>> {
    // coalesce: sum() over no rows is null.
    const countWhen = (condition: string, bindings: Knex.Value[] = []) =>
      this.db.raw(
        `coalesce(sum(case when ${condition} then 1 else 0 end), 0)`,
        bindings,
      );
    const [queue] = await this.db('mlops_services').select({
      total: this.db.raw('count(*)'),
      due: countWhen('next_due_at <= ?', [now]),
      inProgress: countWhen('claimed_until > ?', [now]),
    });
    const [next] = await this.db('mlops_services')
      .min({ nextDueAt: 'next_due_at' })
      .where('next_due_at', '>', now);

    const sourceRows: {
      source: string;
      entities: number | string;
      errors: number | string;
    }[] = await this.db('mlops_facts')
      .select('source', {
        entities: this.db.raw('count(*)'),
        errors: countWhen('error is not null'),
      })
      .groupBy('source')
      .orderBy('source');

    // The most recent error of each source.
    const errorRows: { source: string; error: string }[] = await this.db(
      'mlops_facts as f',
    )
      .select('f.source', 'f.error')
      .whereNotNull('f.error')
      .where(
        'f.attempted_at',
        '=',
        this.db('mlops_facts as latest')
          .max('latest.attempted_at')
          .whereRaw('?? = ??', ['latest.source', 'f.source'])
          .whereNotNull('latest.error'),
      )
      .orderBy('f.entity_ref');
    const lastErrors = new Map<string, string>();
    for (const { source, error } of errorRows) {
      if (!lastErrors.has(source)) {
        lastErrors.set(source, error);
      }
    }

    return {
      queue: {
        total: Number(queue.total),
        due: Number(queue.due),
        inProgress: Number(queue.inProgress),
        ...(next?.nextDueAt
          ? { nextDueAt: toDate(next.nextDueAt).toISOString() }
          : {}),
      },
      sources: sourceRows.map(row => ({
        source: row.source,
        entities: Number(row.entities),
        errors: Number(row.errors),
        ...(lastErrors.has(row.source) && {
          lastError: lastErrors.get(row.source),
        }),
      })),
    };
  }
}
