import {
  CAPABILITIES,
  CapabilityDefinition,
  CapabilityResult,
  CheckResult,
  Evidence,
  Flavor,
  MaturityLevel,
  NextLevel,
  Persona,
  levelRule,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/*
 * The engine runs this for every service it scores, so it reads the checks in single
 * passes and allocates little: building lists per capability and per level was about a
 * fifth of an evaluation.
 */

export interface LevelOptions {
  /** Levels whose capabilities only count when shown by observed evidence. */
  requireObservedLevels?: ReadonlyArray<1 | 2>;
  /** Treat waived checks as not passing (the CLI's `--min-level` without `--allow-waivers`). */
  ignoreWaivers?: boolean;
}

const isObserved = (evidence: Evidence) => evidence.strength === 'observed';
const hasObservedEvidence = (check: CheckResult) =>
  check.evidence.some(isObserved);

/** The capability table of one flavour, indexed by the checks it names and by capability id. */
interface CapabilityIndex {
  definitions: readonly CapabilityDefinition[];
  byCheck: Map<string, CapabilityDefinition[]>;
  byId: Map<string, CapabilityDefinition[]>;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function indexCapabilities(flavor: Flavor): CapabilityIndex {
  const definitions = CAPABILITIES.filter(c => c.flavor === flavor);
  const byCheck = new Map<string, CapabilityDefinition[]>();
  const byId = new Map<string, CapabilityDefinition[]>();
  for (const definition of definitions) {
    addTo(byId, definition.id, definition);
    for (const checkId of definition.checks) {
      addTo(byCheck, checkId, definition);
    }
  }
  return { definitions, byCheck, byId };
}

const CAPABILITY_INDEX: Record<Flavor, CapabilityIndex> = {
  ml: indexCapabilities('ml'),
  llm: indexCapabilities('llm'),
};

const NONE: readonly never[] = [];

/**
 * The checks that can decide each capability here: those the table names for it or that
 * name it themselves, applicable, and decidable in this context; in the order of `checks`.
 */
function alternativesOf(
  index: CapabilityIndex,
  checks: CheckResult[],
): Map<CapabilityDefinition, CheckResult[]> {
  const alternatives = new Map<CapabilityDefinition, CheckResult[]>();
  const add = (definition: CapabilityDefinition, check: CheckResult) => {
    const list = alternatives.get(definition);
    if (!list) {
      alternatives.set(definition, [check]);
    } else if (list[list.length - 1] !== check) {
      // A check named by the table and naming the capability itself counts once.
      list.push(check);
    }
  };
  for (const check of checks) {
    if (
      !check.required ||
      check.status === 'not-applicable' ||
      check.decidable === false
    ) {
      continue;
    }
    for (const definition of index.byCheck.get(check.id) ?? NONE) {
      add(definition, check);
    }
    for (const id of check.capabilities ?? NONE) {
      for (const definition of index.byId.get(id) ?? NONE) {
        add(definition, check);
      }
    }
  }
  return alternatives;
}

const ids = (checks: CheckResult[]) => checks.map(c => c.id);

/** One literal per outcome, so capability results share their hidden classes. */
function capabilityResult(
  definition: CapabilityDefinition,
  alternatives: string[],
  status: CapabilityResult['status'],
  demonstratedBy: string[],
  strength?: CapabilityResult['strength'],
): CapabilityResult {
  return strength
    ? {
        id: definition.id,
        title: definition.title,
        level: definition.level,
        core: definition.core,
        persona: definition.persona,
        alternatives,
        status,
        demonstratedBy,
        strength,
      }
    : {
        id: definition.id,
        title: definition.title,
        level: definition.level,
        core: definition.core,
        persona: definition.persona,
        alternatives,
        status,
        demonstratedBy,
      };
}

/** Where a passing alternative ranks among those that demonstrate a capability. */
const RANK_PASS_OBSERVED = 0;
const RANK_WAIVED = 2;
/** Alternatives that do not count toward the capability. */
const NOT_COUNTED = -1;

function evaluateCapability(
  definition: CapabilityDefinition,
  alternatives: CheckResult[],
  options: LevelOptions,
): CapabilityResult {
  if (alternatives.length === 0) {
    return capabilityResult(definition, [], 'not-applicable', []);
  }
  // Per alternative: passing checks rank before waived ones, observed evidence before
  // declared; NOT_COUNTED for the rest. One small array rather than lists per outcome.
  const ranks: number[] = new Array(alternatives.length);
  // Where a live source saw an alternative fail (deploys that never succeed), files that
  // declare the capability elsewhere cannot outweigh it: observed beats declared.
  let contradicted: CheckResult | undefined;
  let anyUnknown = false;
  let declaredPassing = 0;
  for (let i = 0; i < alternatives.length; i++) {
    const c = alternatives[i];
    ranks[i] = NOT_COUNTED;
    if (
      c.status === 'pass' ||
      (c.status === 'waived' && !options.ignoreWaivers)
    ) {
      const observed = hasObservedEvidence(c);
      ranks[i] = (c.status === 'pass' ? 0 : RANK_WAIVED) + (observed ? 0 : 1);
      if (!observed) {
        declaredPassing += 1;
      }
    } else if (c.status === 'fail') {
      if (!contradicted && hasObservedEvidence(c)) {
        contradicted = c;
      }
    } else if (c.status === 'unknown') {
      anyUnknown = true;
    }
  }
  const observedOnly =
    options.requireObservedLevels?.includes(definition.level) ||
    contradicted !== undefined;
  let note: string | undefined;
  if (observedOnly && declaredPassing > 0) {
    const declaredOnly = alternatives
      .filter((_, i) => ranks[i] !== NOT_COUNTED && ranks[i] % 2 === 1)
      .map(c => c.id)
      .join(', ');
    note = contradicted
      ? `${contradicted.id} failed on observed evidence, which outweighs the declared evidence of ${declaredOnly}`
      : `Level ${definition.level} requires observed evidence; only declared evidence from ${declaredOnly}`;
    for (let i = 0; i < ranks.length; i++) {
      if (ranks[i] % 2 === 1) {
        ranks[i] = NOT_COUNTED;
      }
    }
  }
  const demonstratedBy: string[] = [];
  let best = NOT_COUNTED;
  for (let rank = 0; rank < 4; rank++) {
    for (let i = 0; i < ranks.length; i++) {
      if (ranks[i] === rank) {
        demonstratedBy.push(alternatives[i].id);
        if (best === NOT_COUNTED) {
          best = rank;
        }
      }
    }
  }
  let result: CapabilityResult;
  if (demonstratedBy.length === 0) {
    result = capabilityResult(
      definition,
      ids(alternatives),
      anyUnknown || (note !== undefined && !contradicted)
        ? 'unverified'
        : 'missing',
      [],
    );
  } else {
    result = capabilityResult(
      definition,
      ids(alternatives),
      'demonstrated',
      demonstratedBy,
      best === RANK_PASS_OBSERVED ? 'observed' : 'declared',
    );
    // Only waived checks demonstrate it: the lowest rank is a waived one.
    if (best >= RANK_WAIVED) {
      result.waived = true;
    }
  }
  if (note) {
    result.note = note;
  }
  return result;
}

/** Every capability of the flavour, evaluated against the checks. */
export function evaluateCapabilities(
  flavor: Flavor,
  checks: CheckResult[],
  options: LevelOptions = {},
): CapabilityResult[] {
  const index = CAPABILITY_INDEX[flavor];
  const alternatives = alternativesOf(index, checks);
  return index.definitions.map(definition =>
    evaluateCapability(definition, alternatives.get(definition) ?? [], options),
  );
}

interface LevelGaps {
  /** Core capabilities not demonstrated. */
  missingCore: CapabilityResult[];
  /** Other capabilities not demonstrated, of which `moreOptionalNeeded` are needed. */
  candidates: CapabilityResult[];
  moreOptionalNeeded: number;
  /** The capabilities the level rests on when it is met: the core ones, then the others shown. */
  counted: CapabilityResult[];
}

function gapsAt(
  flavor: Flavor,
  level: 1 | 2,
  capabilities: CapabilityResult[],
): LevelGaps {
  const core: CapabilityResult[] = [];
  const missingCore: CapabilityResult[] = [];
  const shown: CapabilityResult[] = [];
  const candidates: CapabilityResult[] = [];
  for (const c of capabilities) {
    if (c.level !== level || c.status === 'not-applicable') {
      continue;
    }
    const demonstrated = c.status === 'demonstrated';
    if (c.core) {
      core.push(c);
      if (!demonstrated) {
        missingCore.push(c);
      }
    } else if (demonstrated) {
      shown.push(c);
    } else {
      candidates.push(c);
    }
  }
  // When operators disable checks so that fewer capabilities apply, fewer are needed.
  const needed = Math.min(
    levelRule(flavor, level).minOptional,
    shown.length + candidates.length,
  );
  return {
    missingCore,
    candidates,
    moreOptionalNeeded: Math.max(0, needed - shown.length),
    counted: core.concat(shown),
  };
}

/** Nothing demonstrated is nothing reached, even when no capability of the level applies. */
const isMet = (gaps: LevelGaps) =>
  gaps.missingCore.length === 0 &&
  gaps.moreOptionalNeeded === 0 &&
  gaps.counted.some(c => c.status === 'demonstrated');

/** The gaps of both levels, each worked out at most once. */
function levelGaps(flavor: Flavor, capabilities: CapabilityResult[]) {
  const gaps: Partial<Record<1 | 2, LevelGaps>> = {};
  return (level: 1 | 2) =>
    (gaps[level] ??= gapsAt(flavor, level, capabilities));
}

function reached(gaps: (level: 1 | 2) => LevelGaps): MaturityLevel {
  if (!isMet(gaps(1))) {
    return 0;
  }
  return isMet(gaps(2)) ? 2 : 1;
}

/** The highest level whose capabilities, and those of every level below, are demonstrated. */
export function reachedLevel(
  flavor: Flavor,
  capabilities: CapabilityResult[],
): MaturityLevel {
  return reached(levelGaps(flavor, capabilities));
}

function groupByPersona<T>(
  items: T[],
  persona: (item: T) => Persona,
  id: (item: T) => string,
): Partial<Record<Persona, string[]>> {
  const grouped: Partial<Record<Persona, string[]>> = {};
  for (const item of items) {
    const list = (grouped[persona(item)] ??= []);
    if (!list.includes(id(item))) {
      list.push(id(item));
    }
  }
  return grouped;
}

/** What the next level still needs, by capability and by the checks that would show it. */
function nextLevelOf(
  next: 1 | 2,
  gaps: LevelGaps,
  checks: CheckResult[],
): NextLevel {
  const missing =
    gaps.moreOptionalNeeded > 0
      ? gaps.missingCore.concat(gaps.candidates)
      : gaps.missingCore;
  // The alternatives of the missing capabilities, once each, in order of appearance.
  const alternatives = new Set(missing.flatMap(c => c.alternatives));
  const byId = new Map<string, CheckResult>();
  for (const check of checks) {
    if (alternatives.has(check.id)) {
      byId.set(check.id, check);
    }
  }
  const blockers: CheckResult[] = [];
  for (const id of alternatives) {
    const check = byId.get(id);
    if (check && check.status !== 'pass' && check.status !== 'waived') {
      blockers.push(check);
    }
  }
  return {
    level: next,
    blockers: ids(blockers),
    blockersByPersona: groupByPersona(
      blockers,
      c => c.persona,
      c => c.id,
    ),
    missingCapabilities: missing.map(c => c.id),
    capabilitiesByPersona: groupByPersona(
      missing,
      c => c.persona,
      c => c.id,
    ),
    moreOptionalNeeded: gaps.moreOptionalNeeded,
  };
}

/**
 * The level reached; `observed` as its basis when every capability it rests on is shown
 * by a live source; and what the next level still needs.
 */
export function assessLevel(
  flavor: Flavor,
  capabilities: CapabilityResult[],
  checks: CheckResult[],
): {
  level: MaturityLevel;
  basis?: 'observed' | 'declared';
  nextLevel?: NextLevel;
} {
  const gaps = levelGaps(flavor, capabilities);
  const level = reached(gaps);
  const counted =
    level === 2 ? gaps(1).counted.concat(gaps(2).counted) : gaps(1).counted;
  return {
    level,
    ...(level > 0
      ? {
          basis: counted.every(c => c.strength === 'observed')
            ? 'observed'
            : 'declared',
        }
      : {}),
    ...(level < 2
      ? {
          nextLevel: nextLevelOf(
            level === 0 ? 1 : 2,
            gaps(level === 0 ? 1 : 2),
            checks,
          ),
        }
      : {}),
  };
}
