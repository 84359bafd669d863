import { createHash } from 'crypto';
import {
  CapabilityResult,
  CheckResult,
  DIMENSIONS,
  Dimension,
  MaturityLevel,
  PERSONAS,
  Persona,
  RollupDimension,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';

/**
 * Tables with rows derived from a service's latest scorecard; they are replaced when
 * the scorecard is saved and deleted with it. Chain keys are shared between services
 * and daily snapshots are history, so both stay.
 */
export const SERVICE_ROLLUP_TABLES = [
  'mlops_service_rollups',
  'mlops_service_breakdowns',
  'mlops_service_blockers',
] as const;

/** A pass-rate cell and its two columns in `mlops_service_rollups`. */
export interface CellColumns {
  dimension: Dimension;
  persona: Persona;
  totalColumn: string;
  passedColumn: string;
}

export const CELL_COLUMNS: CellColumns[] = DIMENSIONS.flatMap(d =>
  PERSONAS.map(p => {
    const cell = `${d.id}__${p.id}`.replace(/-/g, '_');
    return {
      dimension: d.id,
      persona: p.id,
      totalColumn: `t__${cell}`,
      passedColumn: `p__${cell}`,
    };
  }),
);

/** Column of `mlops_service_rollups` holding a service's chain of each kind. */
export const CHAIN_COLUMNS: Record<RollupDimension, string> = {
  domain: 'domain_chain',
  owner: 'owner_chain',
  system: 'system_chain',
  persona: 'persona_chain',
  dimension: 'dimension_chain',
};

/**
 * Identifies a chain by 48 bits of its hash: exact in JavaScript numbers, and with a
 * few thousand distinct chains a collision is far less likely than a disk error.
 */
export function chainId(kind: RollupDimension, chain: string[]): number {
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
function breakdown(checks: CheckResult[], level: MaturityLevel) {
  const t = tally(checks);
  return {
    level,
    score:
      t.totalWeight > 0
        ? Math.round((100 * t.passedWeight) / t.totalWeight)
        : 0,
    coverage: t.evaluated / t.total,
  };
}

/**
 * Replaces the rollup rows of one service with those of its new scorecard. Call it in
 * the transaction that saves the scorecard so rollups never see half of a change.
 */
export async function replaceRollupRows(
  trx: Knex.Transaction,
  scorecard: Scorecard,
): Promise<void> {
  const entityRef = scorecard.entityRef;
  const applicable = scorecard.checks.filter(
    c => c.status !== 'not-applicable',
  );
  const personas = PERSONAS.map(p => p.id).filter(id =>
    applicable.some(c => c.persona === id),
  );
  const dimensions = DIMENSIONS.map(d => d.id).filter(id =>
    applicable.some(c => c.dimension === id),
  );
  const chains: Record<RollupDimension, { chain: string[]; nested: boolean }> =
    {
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
      persona: { chain: personas, nested: false },
      dimension: { chain: dimensions, nested: false },
    };

  const chainColumns: Record<string, number | null> = {};
  const chainKeys: object[] = [];
  for (const [kind, { chain, nested }] of Object.entries(chains) as [
    RollupDimension,
    { chain: string[]; nested: boolean },
  ][]) {
    if (chain.length === 0) {
      chainColumns[CHAIN_COLUMNS[kind]] = null;
      continue;
    }
    const id = chainId(kind, chain);
    chainColumns[CHAIN_COLUMNS[kind]] = id;
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
  if (chainKeys.length > 0) {
    await trx('mlops_rollup_chain_keys')
      .insert(chainKeys)
      .onConflict(['chain_id', 'key'])
      .ignore();
  }

  for (const table of SERVICE_ROLLUP_TABLES) {
    await trx(table).where('entity_ref', entityRef).delete();
  }

  const cells: Record<string, number> = {};
  for (const cell of CELL_COLUMNS) {
    const t = tally(
      applicable.filter(
        c => c.dimension === cell.dimension && c.persona === cell.persona,
      ),
    );
    if (t.total > 0) {
      cells[cell.totalColumn] = t.total;
      cells[cell.passedColumn] = t.passed;
    }
  }
  const { metrics } = scorecard;
  await trx('mlops_service_rollups').insert({
    entity_ref: entityRef,
    flavor: scorecard.flavor,
    level: scorecard.level,
    score: scorecard.score,
    coverage: scorecard.coverage,
    ...chainColumns,
    time_to_production_days: metrics.timeToProductionDays ?? null,
    deploys_last_30d: metrics.deploysLast30d ?? null,
    model_age_days: metrics.modelAgeDays ?? null,
    ci_success_rate: metrics.ciSuccessRate ?? null,
    ...cells,
  });

  const dimensionOf = new Map(scorecard.checks.map(c => [c.id, c.dimension]));
  const breakdownRows = [
    ...personas.map(key => ({
      kind: 'persona',
      key,
      ...breakdown(
        applicable.filter(c => c.persona === key),
        breakdownLevel(scorecard, capability => capability.persona === key),
      ),
    })),
    ...dimensions.map(key => ({
      kind: 'dimension',
      key,
      ...breakdown(
        applicable.filter(c => c.dimension === key),
        breakdownLevel(scorecard, capability =>
          capability.alternatives.some(id => dimensionOf.get(id) === key),
        ),
      ),
    })),
  ].map(row => ({ entity_ref: entityRef, ...row }));
  if (breakdownRows.length > 0) {
    await trx('mlops_service_breakdowns').insert(breakdownRows);
  }

  const blockers = [...new Set(scorecard.nextLevel?.blockers ?? [])];
  if (blockers.length > 0) {
    await trx('mlops_service_blockers').insert(
      blockers.map(checkId => ({ entity_ref: entityRef, check_id: checkId })),
    );
  }
}
