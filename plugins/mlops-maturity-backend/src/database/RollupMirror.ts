import {
  DIMENSIONS,
  Dimension,
  PERSONAS,
  Persona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import {
  BreakdownKind,
  CHAIN_COLUMNS,
  ChainKind,
  METRICS,
  METRIC_COLUMNS,
} from './rollupRows';
import { RollupAggregates } from './RollupAggregates';
import { RollupState, readRollupState, readTransaction } from './rollupState';

/** A key of a chain: closest first, with its parent in the chain. */
export interface ChainKey {
  key: string;
  depth: number;
  parent: string | null;
}

/** A domain, owner or system chain as the service rows point to it. */
export interface Chain {
  id: number;
  kind: ChainKind;
  keys: ChainKey[];
}

/** A dimension × persona cell; its index is its position in {@link CELLS}. */
export interface Cell {
  dimension: Dimension;
  persona: Persona;
}

/** The cells of the common package, in the order rollup rows list pass rates. */
export const CELLS: Cell[] = DIMENSIONS.flatMap(d =>
  PERSONAS.map(p => ({ dimension: d.id, persona: p.id })),
);
/** Dimension → persona → index in {@link CELLS}. */
const CELL_INDEX = new Map<string, Map<string, number>>();
CELLS.forEach(({ dimension, persona }, index) => {
  const byPersona = CELL_INDEX.get(dimension) ?? new Map<string, number>();
  byPersona.set(persona, index);
  CELL_INDEX.set(dimension, byPersona);
});

/** A scored service as rollups count it. */
export interface ServiceRecord {
  ref: string;
  flavor: string;
  level: number;
  score: number;
  coverage: number;
  /** The service's target level; -1 without one. */
  targetLevel: number;
  lifecycle: string | null;
  teamPersona: string | null;
  /** False for rows saved before every status was recorded (see `mlops_check_statuses`). */
  statusesRecorded: boolean;
  chains: Record<ChainKind, Chain | undefined>;
  /** One per {@link METRICS} entry; NaN when the service has no value. */
  metrics: Float64Array;
  /** (cell index, applicable checks, passing checks) triples of the cells with applicable checks. */
  cells: Int32Array;
  /**
   * (breakdown key index, level, score, coverage) quadruples, one per persona and
   * dimension with applicable checks; the index is into {@link RollupMirror.breakdownKeys}.
   */
  breakdowns: Float64Array;
  breakdownSets: Record<BreakdownKind, BreakdownSet | undefined>;
  blockers: string[];
}

/** A persona or dimension that services have breakdowns for. */
export interface BreakdownKey {
  kind: BreakdownKind;
  key: string;
}

/**
 * The personas (or dimensions) a service has breakdowns for, shared by the services
 * with the same ones: a metric median of a persona is over the services that have
 * it, so each service's metrics are gathered once per set rather than once per key.
 */
export interface BreakdownSet {
  kind: BreakdownKind;
  /** Indexes into {@link RollupMirror.breakdownKeys}, ascending. */
  keys: number[];
}

interface ServiceRow {
  entity_ref: string;
  flavor: string;
  level: number;
  score: number;
  coverage: number;
  target_level: number | null;
  lifecycle: string | null;
  team_persona: string | null;
  statuses_recorded: boolean | number;
  domain_chain: number | string | null;
  owner_chain: number | string | null;
  system_chain: number | string | null;
  time_to_production_days: number | null;
  deploys_last_30d: number | null;
  model_age_days: number | null;
  ci_success_rate: number | null;
  cells: string;
  breakdowns: string;
  blockers: string;
}

interface ChainKeyRow {
  chain_id: number | string;
  kind: ChainKind;
  key: string;
  depth: number;
  parent: string | null;
}

/** Chain ids per `whereIn`, well below the bound variables of any database. */
const IDS_PER_STATEMENT = 500;

/** Rows read per statement, so that a full read holds one page of rows at a time. */
const PAGE = 5_000;

/**
 * Changes applied one by one to the aggregates; more are cheaper to aggregate anew
 * (each insertion into a sorted list moves the values after it).
 */
const MAX_INCREMENTAL_CHANGES = 2_000;

/**
 * A copy in memory of the rollup rows (`mlops_rollup_services`) and the chains they
 * point to, with their aggregates kept up to date ({@link RollupAggregates}): a
 * rollup of every service reads the aggregates, and any other is a pass over compact
 * records, instead of a query that reads and ships every row again.
 *
 * Writers stamp rows with a seq taken last in their transaction (see `nextRollupSeq`),
 * so seqs become visible in order: the copy asks for the current seq (one indexed
 * row) and, when it moved, reads the rows and removals written since, in one snapshot.
 * Every replica keeps its own copy, and a rollup sees every change committed before
 * it started.
 */
export class RollupMirror {
  private services = new Map<string, ServiceRecord>();
  private chains = new Map<number, Chain>();
  private readonly keys: BreakdownKey[] = [];
  private readonly keyIndex = {
    persona: new Map<string, number>(),
    dimension: new Map<string, number>(),
  };
  private readonly sets = new Map<string, BreakdownSet>();
  /** Check ids are shared between the records rather than parsed into copies. */
  private readonly checkIds = new Map<string, string>();
  private state: RollupState | undefined;
  private syncing: Promise<void> | undefined;
  private all: RollupAggregates = this.newAggregates();

  constructor(private readonly db: Knex) {}

  /**
   * Brings the copy up to the rows committed before the call; concurrent callers share
   * one read. Read {@link RollupMirror.state} and the records after it without awaiting
   * anything in between: another caller's sync may move them on at any await.
   */
  async sync(): Promise<void> {
    const target = await readRollupState(this.db);
    while (!this.state || this.state.seq < target.seq) {
      if (!this.syncing) {
        this.syncing = this.readChanges().finally(() => {
          this.syncing = undefined;
        });
      }
      await this.syncing;
    }
  }

  /** The state the records reflect; call {@link RollupMirror.sync} first. */
  get current(): RollupState {
    if (!this.state) {
      throw new Error('The rollup rows have not been read yet');
    }
    return this.state;
  }

  /** The scored services as of the last {@link RollupMirror.sync}. */
  get records(): ReadonlyMap<string, ServiceRecord> {
    return this.services;
  }

  /** The personas and dimensions that breakdowns refer to by index. */
  get breakdownKeys(): readonly BreakdownKey[] {
    return this.keys;
  }

  /** The aggregates of every record. */
  get aggregates(): RollupAggregates {
    return this.all;
  }

  /** Aggregates of some records, by one kind, or by all when none is given. */
  newAggregates(
    options: ConstructorParameters<typeof RollupAggregates>[1] = {},
  ) {
    return new RollupAggregates(() => this.keys, options);
  }

  private async readChanges(): Promise<void> {
    const since = this.state?.seq;
    // Rows become records page by page; they are applied together after the read.
    const changes = await readTransaction(this.db, async trx => {
      const state = await readRollupState(trx);
      const removed: string[] =
        since === undefined
          ? []
          : (
              await trx('mlops_rollup_removals')
                .select('entity_ref')
                .where('seq', '>', since)
            ).map((row: { entity_ref: string }) => row.entity_ref);
      const records: ServiceRecord[] = [];
      let after: string | undefined;
      for (;;) {
        let page = trx<ServiceRow>('mlops_rollup_services')
          .select(
            'entity_ref',
            'flavor',
            'level',
            'score',
            'coverage',
            'target_level',
            'lifecycle',
            'team_persona',
            'statuses_recorded',
            ...Object.values(CHAIN_COLUMNS),
            ...Object.values(METRIC_COLUMNS),
            'cells',
            'breakdowns',
            'blockers',
          )
          .orderBy('entity_ref')
          .limit(PAGE);
        if (since !== undefined) {
          page = page.where('seq', '>', since);
        }
        if (after !== undefined) {
          page = page.where('entity_ref', '>', after);
        }
        const rows: ServiceRow[] = await page;
        await this.readChains(trx, rows);
        for (const row of rows) {
          records.push(this.toRecord(row));
        }
        if (rows.length < PAGE) {
          break;
        }
        after = rows[rows.length - 1].entity_ref;
      }
      return { state, records, removed };
    });

    if (
      since !== undefined &&
      changes.records.length + changes.removed.length <= MAX_INCREMENTAL_CHANGES
    ) {
      // Applied without awaiting, so that no rollup sees half of the changes.
      for (const ref of changes.removed) {
        const removed = this.services.get(ref);
        if (removed) {
          this.all.remove(removed);
        }
        this.services.delete(ref);
      }
      for (const record of changes.records) {
        const previous = this.services.get(record.ref);
        if (previous) {
          this.all.remove(previous);
        }
        this.all.add([record], 'insert');
        this.services.set(record.ref, record);
      }
      this.state = changes.state;
      return;
    }

    // Many changes: new records and aggregates beside the current ones, built with
    // pauses for other requests (which read the current ones), then swapped in.
    const services =
      since === undefined
        ? new Map<string, ServiceRecord>()
        : new Map(this.services);
    for (const ref of changes.removed) {
      services.delete(ref);
    }
    for (const record of changes.records) {
      services.set(record.ref, record);
    }
    const all = this.newAggregates();
    let added = 0;
    for (const record of services.values()) {
      all.add([record], 'push');
      if (++added % PAGE === 0) {
        await new Promise(resolve => setImmediate(resolve));
      }
    }
    all.sort();
    this.services = services;
    this.all = all;
    this.state = changes.state;
  }

  /**
   * Reads the chains these rows point to that are not known yet. Chain keys are only
   * ever added, in the transaction that first points to them, so a known chain is
   * complete; and until a record points to a chain, nothing reaches it.
   */
  private async readChains(trx: Knex.Transaction, rows: ServiceRow[]) {
    const unknown = new Set<number>();
    for (const row of rows) {
      for (const id of [row.domain_chain, row.owner_chain, row.system_chain]) {
        if (id !== null && !this.chains.has(Number(id))) {
          unknown.add(Number(id));
        }
      }
    }
    const ids = [...unknown];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      this.addChainKeys(
        await trx('mlops_rollup_chain_keys')
          .select('*')
          .whereIn('chain_id', ids.slice(i, i + IDS_PER_STATEMENT)),
      );
    }
  }

  private addChainKeys(rows: ChainKeyRow[]) {
    const added = new Set<Chain>();
    for (const row of rows) {
      const id = Number(row.chain_id);
      let chain = this.chains.get(id);
      if (!chain) {
        chain = { id, kind: row.kind, keys: [] };
        this.chains.set(id, chain);
      }
      chain.keys.push({ key: row.key, depth: row.depth, parent: row.parent });
      added.add(chain);
    }
    for (const chain of added) {
      chain.keys.sort((a, b) => a.depth - b.depth);
    }
  }

  private breakdownKeyIndex(kind: BreakdownKind, key: string): number {
    let index = this.keyIndex[kind].get(key);
    if (index === undefined) {
      index = this.keys.length;
      this.keys.push({ kind, key });
      this.keyIndex[kind].set(key, index);
    }
    return index;
  }

  private breakdownSet(
    kind: BreakdownKind,
    keys: number[],
  ): BreakdownSet | undefined {
    if (keys.length === 0) {
      return undefined;
    }
    const sorted = [...keys].sort((a, b) => a - b);
    const name = `${kind}/${sorted.join(',')}`;
    let set = this.sets.get(name);
    if (!set) {
      set = { kind, keys: sorted };
      this.sets.set(name, set);
    }
    return set;
  }

  private checkId(id: string): string {
    const shared = this.checkIds.get(id);
    if (shared !== undefined) {
      return shared;
    }
    this.checkIds.set(id, id);
    return id;
  }

  private chain(id: number | string | null): Chain | undefined {
    return id === null ? undefined : this.chains.get(Number(id));
  }

  private toRecord(row: ServiceRow): ServiceRecord {
    const cellEntries = JSON.parse(row.cells) as (string | number)[];
    const cells = new Int32Array((cellEntries.length / 4) * 3);
    let cellsLength = 0;
    for (let i = 0; i < cellEntries.length; i += 4) {
      const index = CELL_INDEX.get(cellEntries[i] as string)?.get(
        cellEntries[i + 1] as string,
      );
      // A cell of a dimension or persona the common package no longer has.
      if (index !== undefined) {
        cells[cellsLength++] = index;
        cells[cellsLength++] = cellEntries[i + 2] as number;
        cells[cellsLength++] = cellEntries[i + 3] as number;
      }
    }
    const entries = JSON.parse(row.breakdowns) as (string | number)[];
    const breakdowns = new Float64Array((entries.length / 5) * 4);
    const setKeys = { persona: [] as number[], dimension: [] as number[] };
    for (let i = 0, j = 0; i < entries.length; i += 5, j += 4) {
      const kind = entries[i] as BreakdownKind;
      const index = this.breakdownKeyIndex(kind, entries[i + 1] as string);
      breakdowns[j] = index;
      breakdowns[j + 1] = entries[i + 2] as number;
      breakdowns[j + 2] = entries[i + 3] as number;
      breakdowns[j + 3] = entries[i + 4] as number;
      setKeys[kind].push(index);
    }
    const metrics = new Float64Array(METRICS.length);
    METRICS.forEach((metric, index) => {
      const value = row[METRIC_COLUMNS[metric] as keyof ServiceRow];
      metrics[index] = value === null ? NaN : Number(value);
    });
    return {
      ref: row.entity_ref,
      flavor: row.flavor,
      level: Number(row.level),
      score: Number(row.score),
      coverage: Number(row.coverage),
      targetLevel: row.target_level === null ? -1 : Number(row.target_level),
      lifecycle: row.lifecycle,
      teamPersona: row.team_persona,
      // SQLite answers booleans as 0 and 1.
      statusesRecorded: Boolean(row.statuses_recorded),
      chains: {
        domain: this.chain(row.domain_chain),
        owner: this.chain(row.owner_chain),
        system: this.chain(row.system_chain),
      },
      metrics,
      cells: cellsLength < cells.length ? cells.slice(0, cellsLength) : cells,
      breakdowns,
      breakdownSets: {
        persona: this.breakdownSet('persona', setKeys.persona),
        dimension: this.breakdownSet('dimension', setKeys.dimension),
      },
      blockers: (JSON.parse(row.blockers) as string[]).map(id =>
        this.checkId(id),
      ),
    };
  }
}
