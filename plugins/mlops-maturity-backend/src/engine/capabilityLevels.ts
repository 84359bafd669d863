import {
  CAPABILITIES,
  CapabilityDefinition,
  CapabilityResult,
  CheckResult,
  Flavor,
  MaturityLevel,
  NextLevel,
  Persona,
  levelRule,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export interface LevelOptions {
  /** Levels whose capabilities only count when shown by observed evidence. */
  requireObservedLevels?: ReadonlyArray<1 | 2>;
  /** Treat waived checks as not passing (the CLI's `--min-level` without `--allow-waivers`). */
  ignoreWaivers?: boolean;
}

const hasObservedEvidence = (check: CheckResult) =>
  check.evidence.some(e => e.strength === 'observed');

/** Checks that can decide a capability here: applicable, and decidable in this context. */
function alternativesOf(
  definition: CapabilityDefinition,
  checks: CheckResult[],
): CheckResult[] {
  return checks.filter(
    check =>
      (definition.checks.includes(check.id) ||
        check.capabilities?.includes(definition.id)) &&
      check.required &&
      check.status !== 'not-applicable' &&
      check.decidable !== false,
  );
}

function evaluateCapability(
  definition: CapabilityDefinition,
  checks: CheckResult[],
  options: LevelOptions,
): CapabilityResult {
  const alternatives = alternativesOf(definition, checks);
  const base = {
    id: definition.id,
    title: definition.title,
    level: definition.level,
    core: definition.core,
    persona: definition.persona,
    alternatives: alternatives.map(c => c.id),
  };
  if (alternatives.length === 0) {
    return { ...base, status: 'not-applicable', demonstratedBy: [] };
  }
  const passing = alternatives.filter(
    c => c.status === 'pass' || (c.status === 'waived' && !options.ignoreWaivers),
  );
  // Where a live source saw an alternative fail (deploys that never succeed), files that
  // declare the capability elsewhere cannot outweigh it: observed beats declared.
  const contradicted = alternatives.find(
    c => c.status === 'fail' && hasObservedEvidence(c),
  );
  const observedOnly =
    options.requireObservedLevels?.includes(definition.level) ||
    contradicted !== undefined;
  const accepted = observedOnly ? passing.filter(hasObservedEvidence) : passing;
  const declaredOnly = passing
    .filter(c => !hasObservedEvidence(c))
    .map(c => c.id)
    .join(', ');
  let note: string | undefined;
  if (observedOnly && passing.length > accepted.length) {
    note = contradicted
      ? `${contradicted.id} failed on observed evidence, which outweighs the declared evidence of ${declaredOnly}`
      : `Level ${definition.level} requires observed evidence; only declared evidence from ${declaredOnly}`;
  }
  if (accepted.length === 0) {
    const undecided =
      alternatives.some(c => c.status === 'unknown') ||
      (note !== undefined && !contradicted);
    return {
      ...base,
      status: undecided ? 'unverified' : 'missing',
      demonstratedBy: [],
      ...(note ? { note } : {}),
    };
  }
  // Passing checks before waived ones, observed evidence before declared.
  const rank = (c: CheckResult) =>
    (c.status === 'pass' ? 0 : 2) + (hasObservedEvidence(c) ? 0 : 1);
  const ordered = [...accepted].sort((a, b) => rank(a) - rank(b));
  const passed = ordered.filter(c => c.status === 'pass');
  return {
    ...base,
    status: 'demonstrated',
    demonstratedBy: ordered.map(c => c.id),
    strength: passed.some(hasObservedEvidence) ? 'observed' : 'declared',
    ...(passed.length === 0 ? { waived: true } : {}),
    ...(note ? { note } : {}),
  };
}

/** Every capability of the flavour, evaluated against the checks. */
export function evaluateCapabilities(
  flavor: Flavor,
  checks: CheckResult[],
  options: LevelOptions = {},
): CapabilityResult[] {
  return CAPABILITIES.filter(c => c.flavor === flavor).map(definition =>
    evaluateCapability(definition, checks, options),
  );
}

interface LevelGaps {
  /** Core capabilities not demonstrated. */
  missingCore: CapabilityResult[];
  /** Other capabilities not demonstrated, of which `moreOptionalNeeded` are needed. */
  candidates: CapabilityResult[];
  moreOptionalNeeded: number;
  /** The capabilities the level rests on when it is met. */
  counted: CapabilityResult[];
}

function gapsAt(
  flavor: Flavor,
  level: 1 | 2,
  capabilities: CapabilityResult[],
): LevelGaps {
  const applicable = capabilities.filter(
    c => c.level === level && c.status !== 'not-applicable',
  );
  const demonstrated = (c: CapabilityResult) => c.status === 'demonstrated';
  const core = applicable.filter(c => c.core);
  const optional = applicable.filter(c => !c.core);
  // When operators disable checks so that fewer capabilities apply, fewer are needed.
  const needed = Math.min(levelRule(flavor, level).minOptional, optional.length);
  const shown = optional.filter(demonstrated);
  return {
    missingCore: core.filter(c => !demonstrated(c)),
    candidates: optional.filter(c => !demonstrated(c)),
    moreOptionalNeeded: Math.max(0, needed - shown.length),
    counted: [...core, ...shown],
  };
}

/** Nothing demonstrated is nothing reached, even when no capability of the level applies. */
const isMet = (gaps: LevelGaps) =>
  gaps.missingCore.length === 0 &&
  gaps.moreOptionalNeeded === 0 &&
  gaps.counted.some(c => c.status === 'demonstrated');

/** The highest level whose capabilities, and those of every level below, are demonstrated. */
export function reachedLevel(
  flavor: Flavor,
  capabilities: CapabilityResult[],
): MaturityLevel {
  if (!isMet(gapsAt(flavor, 1, capabilities))) {
    return 0;
  }
  return isMet(gapsAt(flavor, 2, capabilities)) ? 2 : 1;
}

/** `observed` when every capability the level rests on is shown by a live source. */
export function levelBasis(
  flavor: Flavor,
  level: MaturityLevel,
  capabilities: CapabilityResult[],
): 'observed' | 'declared' | undefined {
  if (level === 0) {
    return undefined;
  }
  const counted = ([1, 2] as const)
    .filter(l => l <= level)
    .flatMap(l => gapsAt(flavor, l, capabilities).counted);
  return counted.every(c => c.strength === 'observed') ? 'observed' : 'declared';
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
export function nextLevelOf(
  flavor: Flavor,
  level: MaturityLevel,
  capabilities: CapabilityResult[],
  checks: CheckResult[],
): NextLevel | undefined {
  if (level === 2) {
    return undefined;
  }
  const next = (level + 1) as 1 | 2;
  const gaps = gapsAt(flavor, next, capabilities);
  const missing = [
    ...gaps.missingCore,
    ...(gaps.moreOptionalNeeded > 0 ? gaps.candidates : []),
  ];
  const byId = new Map(checks.map(c => [c.id, c]));
  const blockers = missing
    .flatMap(capability => capability.alternatives)
    .map(id => byId.get(id))
    .filter(
      (check): check is CheckResult =>
        check !== undefined &&
        check.status !== 'pass' &&
        check.status !== 'waived',
    );
  const uniqueBlockers = [...new Map(blockers.map(c => [c.id, c])).values()];
  return {
    level: next,
    blockers: uniqueBlockers.map(c => c.id),
    blockersByPersona: groupByPersona(
      uniqueBlockers,
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
