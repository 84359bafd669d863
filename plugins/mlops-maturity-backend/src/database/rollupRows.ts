import { createHash } from 'crypto';
import {
  BusinessMetrics,
  CapabilityResult,
  CheckResult,
  DIMENSIONS,
  Dimension,
  MaturityLevel,
  PERSONAS,
  Persona,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { ColumnType, insertRows } from './insertRows';
import { nextRollupSeq } from './rollupState';

/** The hierarchies a service row points into through a chain id. */
export type ChainKind = 'domain' | 'owner' | 'system';
export const CHAIN_KINDS: ChainKind[] = ['domain', 'owner', 'system'];

/** Column of `mlops_rollup_services` holding a service's chain of each kind. */
export const CHAIN_COLUMNS: Record<ChainKind, string> = {
  domain: 'domain_chain',
  owner: 'owner_chain',
  system: 'system_chain',
};

/** Business metrics and their columns in `mlops_rollup_services`. */
export const METRIC_COLUMNS: Record<keyof BusinessMetrics, string> = {
  timeToProductionDays: 'time_to_production_days',
  deploysLast30d: 'deploys_last_30d',
  modelAgeDays: 'model_age_days',
  ciSuccessRate: 'ci_success_rate',
};
export const METRICS = Object.keys(METRIC_COLUMNS) as (keyof BusinessMetrics)[];

/** Applicable and passing (or waived) checks of one dimension × persona. */
export type CellEntry = [Dimension, Persona, number, number];
/** A service's level, score and coverage on the checks of one persona or dimension. */
export type BreakdownEntry = [
  'persona' | 'dimension',
  string,
  MaturityLevel,
  number,
  number,
];
export type BreakdownKind = BreakdownEntry[0];

/** A row of `mlops_rollup_services` before it gets its seq. */
export interface RollupServiceRow {
  entity_ref: string;
  flavor: string;
  level: number;
  score: number;
  coverage: number;
  /** The service's target level; null without one. */
  target_level: number | null;
  lifecycle: string | null;
  team_persona: string | null;
  /** True: every check that did not pass has its status in `mlops_check_statuses`. */
  statuses_recorded: boolean;
  domain_chain: number | null;
  owner_chain: number | null;
  system_chain: number | null;
  time_to_production_days: number | null;
  deploys_last_30d: number | null;
  model_age_days: number | null;
  ci_success_rate: number | null;
  /** JSON of the {@link CellEntry} items one after the other, in one flat array. */
  cells: string;
  /** JSON of the {@link BreakdownEntry} items one after the other, in one flat array. */
  breakdowns: string;
  /** JSON array of check ids. */
  blockers: string;
}

export interface ChainKeyRow {
  chain_id: number;
  kind: ChainKind;
  key: string;
  depth: number;
  parent: string | null;
}

/**
 * Identifies a chain by 48 bits of its hash: exact in JavaScript numbers, and with a
 * few thousand distinct chains a collision is far less likely than a disk error.
 */
export function chainId(kind: ChainKind, chain: string[]): number {
  const digest = createHash('sha256')
    .update([kind, ...chain].join('\n'))
    .digest('hex');
  return parseInt(digest.slice(0, 12), 16);
}

/** A hierarchy chain, closest first, falling back to the single ref when there is no path. */
function hierarchyChain(
  path: string[] | undefined,
  ref: string | undefined,
): string[] {
  const chain = path?.length ? path : [ref].filter((r): r is string => !!r);
  return [...new Set(chain)];
}

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';

interface Tally {
  total: number;
  passed: number;
  evaluated: number;
  totalWeight: number;
  passedWeight: number;
}

function tally(checks: CheckResult[]): Tally {
  const result: Tally = {
    total: 0,
    passed: 0,
    evaluated: 0,
    totalWeight: 0,
    passedWeight: 0,
  };
  for (const check of checks) {
    result.total += 1;
    result.totalWeight += check.weight;
    if (isPassing(check)) {
      result.passed += 1;
      result.passedWeight += check.weight;
    }
    if (check.status !== 'unknown') {
      result.evaluated += 1;
    }
  }
  return result;
}

/**
 * The level one persona's (or dimension's) part allows: the service's level, raised while
 * every capability of the next level that this part owns is demonstrated, so a persona
 * shows where it holds the service back and where it is ahead.
 */
function breakdownLevel(
  scorecard: Scorecard,
  owns: (capability: CapabilityResult) => boolean,
): MaturityLevel {
  let level = scorecard.level;
  for (const next of [1, 2] as const) {
    if (next <= level) {
      continue;
    }
    const owned = (scorecard.capabilities ?? []).filter(
      c => c.level === next && c.status !== 'not-applicable' && owns(c),
    );
    if (!owned.every(c => c.status === 'demonstrated')) {
      break;
    }
    level = next;
  }
  return level;
}

/** A service's standing on one persona's (or dimension's) checks, scored as the scorecard is. */
function breakdown(
  kind: BreakdownEntry[0],
  key: string,
  checks: CheckResult[],
  level: MaturityLevel,
): BreakdownEntry {
  const t = tally(checks);
  const score =
    t.totalWeight > 0 ? Math.round((100 * t.passedWeight) / t.totalWeight) : 0;
  return [kind, key, level, score, t.evaluated / t.total];
}

/** The rollup row of a scorecard and the chain keys its chain ids stand for. */
export function rollupRowOf(scorecard: Scorecard): {
  row: RollupServiceRow;
  chainKeys: ChainKeyRow[];
} {
  const applicable = scorecard.checks.filter(
    c => c.status !== 'not-applicable',
  );
  const chains: Record<ChainKind, { chain: string[]; nested: boolean }> = {
    domain: {
      chain: hierarchyChain(scorecard.domainPath, scorecard.domain),
      nested: true,
    },
    owner: {
      chain: hierarchyChain(scorecard.ownerPath, scorecard.owner),
      nested: true,
    },
    system: {
      chain: scorecard.system ? [scorecard.system] : [],
      nested: false,
    },
  };
  const chainIds: Record<ChainKind, number | null> = {
    domain: null,
    owner: null,
    system: null,
  };
  const chainKeys: ChainKeyRow[] = [];
  for (const kind of CHAIN_KINDS) {
    const { chain, nested } = chains[kind];
    if (chain.length === 0) {
      continue;
    }
    const id = chainId(kind, chain);
    chainIds[kind] = id;
    chain.forEach((key, index) =>
      chainKeys.push({
        chain_id: id,
        kind,
        key,
        depth: nested ? index : 0,
        parent: nested ? chain[index + 1] ?? null : null,
      }),
    );
  }

  const cells: CellEntry[] = [];
  for (const dimension of DIMENSIONS) {
    for (const persona of PERSONAS) {
      const t = tally(
        applicable.filter(
          c => c.dimension === dimension.id && c.persona === persona.id,
        ),
      );
      if (t.total > 0) {
        cells.push([dimension.id, persona.id, t.total, t.passed]);
      }
    }
  }

  const dimensionOf = new Map(scorecard.checks.map(c => [c.id, c.dimension]));
  const breakdowns: BreakdownEntry[] = [
    ...PERSONAS.map(p => p.id)
      .filter(key => applicable.some(c => c.persona === key))
      .map(key =>
        breakdown(
          'persona',
          key,
          applicable.filter(c => c.persona === key),
          breakdownLevel(scorecard, capability => capability.persona === key),
        ),
      ),
    ...DIMENSIONS.map(d => d.id)
      .filter(key => applicable.some(c => c.dimension === key))
      .map(key =>
        breakdown(
          'dimension',
          key,
          applicable.filter(c => c.dimension === key),
          breakdownLevel(scorecard, capability =>
            capability.alternatives.some(id => dimensionOf.get(id) === key),
          ),
        ),
      ),
  ];

  const { metrics } = scorecard;
  return {
    row: {
      entity_ref: scorecard.entityRef,
      flavor: scorecard.flavor,
      level: scorecard.level,
      score: scorecard.score,
      coverage: scorecard.coverage,
      target_level: scorecard.target?.level ?? null,
      lifecycle: scorecard.lifecycle ?? null,
      team_persona: scorecard.teamPersona ?? null,
      statuses_recorded: true,
      domain_chain: chainIds.domain,
      owner_chain: chainIds.owner,
      system_chain: chainIds.system,
      time_to_production_days: metrics.timeToProductionDays ?? null,
      deploys_last_30d: metrics.deploysLast30d ?? null,
      model_age_days: metrics.modelAgeDays ?? null,
      ci_success_rate: metrics.ciSuccessRate ?? null,
      // Flat arrays: reading them back allocates one array, not one per entry.
      cells: JSON.stringify(cells.flat()),
      breakdowns: JSON.stringify(breakdowns.flat()),
      blockers: JSON.stringify([
        ...new Set(scorecard.nextLevel?.blockers ?? []),
      ]),
    },
    chainKeys,
  };
}

const ROLLUP_COLUMNS: Record<keyof RollupServiceRow | 'seq', ColumnType> = {
  entity_ref: 'text',
  flavor: 'text',
  level: 'integer',
  score: 'double precision',
  coverage: 'double precision',
  target_level: 'integer',
  lifecycle: 'text',
  team_persona: 'text',
  statuses_recorded: 'boolean',
  domain_chain: 'bigint',
  owner_chain: 'bigint',
  system_chain: 'bigint',
  time_to_production_days: 'double precision',
  deploys_last_30d: 'double precision',
  model_age_days: 'double precision',
  ci_success_rate: 'double precision',
  cells: 'text',
  breakdowns: 'text',
  blockers: 'text',
  seq: 'bigint',
};
const ROLLUP_COLUMN_NAMES = Object.keys(ROLLUP_COLUMNS) as (
  | keyof RollupServiceRow
  | 'seq'
)[];

/** Refs per `whereIn`, well below the bound variables of any database. */
const REFS_PER_STATEMENT = 500;

async function existingRollupRefs(
  trx: Knex.Transaction,
  refs: string[],
): Promise<Set<string>> {
  const existing = new Set<string>();
  for (let i = 0; i < refs.length; i += REFS_PER_STATEMENT) {
    const rows: { entity_ref: string }[] = await trx('mlops_rollup_services')
      .select('entity_ref')
      .whereIn('entity_ref', refs.slice(i, i + REFS_PER_STATEMENT));
    rows.forEach(row => existing.add(row.entity_ref));
  }
  return existing;
}

/**
 * Replaces the rollup rows of these services with those of their new scorecards (the
 * last one of a service wins). Call it last in the transaction that saves the
 * scorecards, so rollups never see half of a change and the seq is held briefly.
 */
export async function writeRollupRows(
  trx: Knex.Transaction,
  scorecards: Scorecard[],
): Promise<void> {
  const latest = new Map(scorecards.map(s => [s.entityRef, s]));
  const refs = [...latest.keys()].sort();
  const derived = refs.map(ref => rollupRowOf(latest.get(ref)!));

  const chainKeys = new Map<string, ChainKeyRow>();
  for (const { chainKeys: keys } of derived) {
    for (const key of keys) {
      chainKeys.set(`${key.chain_id}\n${key.key}`, key);
    }
  }
  await insertRows(
    trx,
    'mlops_rollup_chain_keys',
    {
      chain_id: 'bigint',
      kind: 'text',
      key: 'text',
      depth: 'integer',
      parent: 'text',
    },
    // In one order, so that concurrent saves of new chains wait rather than deadlock.
    [...chainKeys.values()]
      .sort((a, b) => a.chain_id - b.chain_id || (a.key < b.key ? -1 : 1))
      .map(k => [k.chain_id, k.kind, k.key, k.depth, k.parent]),
    { onConflict: { columns: ['chain_id', 'key'], merge: 'ignore' } },
  );

  const existing = await existingRollupRefs(trx, refs);
  const added = refs.filter(ref => !existing.has(ref));
  for (let i = 0; i < added.length; i += REFS_PER_STATEMENT) {
    await trx('mlops_rollup_removals')
      .whereIn('entity_ref', added.slice(i, i + REFS_PER_STATEMENT))
      .delete();
  }
  const seq = await nextRollupSeq(trx, { membershipChanged: added.length > 0 });
  await insertRows(
    trx,
    'mlops_rollup_services',
    ROLLUP_COLUMNS,
    derived.map(({ row }) =>
      ROLLUP_COLUMN_NAMES.map(column => (column === 'seq' ? seq : row[column])),
    ),
    {
      onConflict: {
        columns: ['entity_ref'],
        merge: ROLLUP_COLUMN_NAMES.filter(c => c !== 'entity_ref'),
      },
    },
  );
}

/**
 * Deletes the rollup rows of services whose scorecards are deleted, and records their
 * removal for readers that hold a copy of the rows.
 */
export async function removeRollupRows(
  trx: Knex.Transaction,
  refs: string[],
): Promise<void> {
  const existing = [...(await existingRollupRefs(trx, refs))].sort();
  for (let i = 0; i < existing.length; i += REFS_PER_STATEMENT) {
    await trx('mlops_rollup_services')
      .whereIn('entity_ref', existing.slice(i, i + REFS_PER_STATEMENT))
      .delete();
  }
  const seq = await nextRollupSeq(trx, { membershipChanged: true });
  await insertRows(
    trx,
    'mlops_rollup_removals',
    { entity_ref: 'text', seq: 'bigint' },
    existing.map(ref => [ref, seq]),
    { onConflict: { columns: ['entity_ref'], merge: ['seq'] } },
  );
}
