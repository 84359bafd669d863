import {
  BusinessMetrics,
  CheckResult,
  DIMENSIONS,
  Dimension,
  Flavor,
  PERSONAS,
  Persona,
  ScoreBreakdown,
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  LevelOptions,
  evaluateCapabilities,
  levelBasis,
  nextLevelOf,
  reachedLevel,
} from './capabilityLevels';

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';
const isApplicable = (check: CheckResult) =>
  check.status !== 'not-applicable' && check.decidable !== false;

/** Weighted share of passing checks, 0–100, rounded; 0 when nothing applies. */
function weightedScore(checks: CheckResult[]): number {
  const total = checks.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) {
    return 0;
  }
  const passed = checks
    .filter(isPassing)
    .reduce((sum, c) => sum + c.weight, 0);
  return Math.round((100 * passed) / total);
}

function breakdown<TId extends string>(
  ids: readonly TId[],
  applicable: CheckResult[],
  key: (check: CheckResult) => TId,
): ScoreBreakdown<TId>[] {
  return ids
    .map(id => {
      const checks = applicable.filter(c => key(c) === id);
      return {
        id,
        score: weightedScore(checks),
        passed: checks.filter(isPassing).length,
        total: checks.length,
      };
    })
    .filter(row => row.total > 0);
}

/**
 * Level, score, coverage and next-level gaps from check results (DESIGN §2): the level is
 * reached through capabilities, each demonstrated by any of its alternative checks;
 * `unknown` never passes. Checks this context cannot decide count neither in the score nor
 * in the level.
 */
export function computeScorecard(input: {
  entityRef: string;
  flavor: Flavor;
  evaluatedAt: Date;
  checks: CheckResult[];
  metrics: BusinessMetrics;
  levelOptions?: LevelOptions;
  owner?: string;
  system?: string;
  domain?: string;
  domainPath?: string[];
  ownerPath?: string[];
}): Scorecard {
  const applicable = input.checks.filter(isApplicable);
  const capabilities = evaluateCapabilities(
    input.flavor,
    input.checks,
    input.levelOptions,
  );
  const level = reachedLevel(input.flavor, capabilities);
  const withoutWaivers = reachedLevel(
    input.flavor,
    evaluateCapabilities(input.flavor, input.checks, {
      ...input.levelOptions,
      ignoreWaivers: true,
    }),
  );
  const nextLevel = nextLevelOf(
    input.flavor,
    level,
    capabilities,
    input.checks,
  );
  const basis = levelBasis(input.flavor, level, capabilities);

  const evaluated = applicable.filter(c => c.status !== 'unknown').length;
  const coverage =
    applicable.length === 0
      ? 0
      : Math.round((100 * evaluated) / applicable.length) / 100;

  return {
    entityRef: input.entityRef,
    flavor: input.flavor,
    level,
    levelName: levelName(level),
    score: weightedScore(applicable),
    coverage,
    evaluatedAt: input.evaluatedAt.toISOString(),
    checks: input.checks,
    dimensions: breakdown<Dimension>(
      DIMENSIONS.map(d => d.id),
      applicable,
      c => c.dimension,
    ),
    personas: breakdown<Persona>(
      PERSONAS.map(p => p.id),
      applicable,
      c => c.persona,
    ),
    capabilities,
    ...(basis ? { levelBasis: basis } : {}),
    ...(withoutWaivers < level ? { levelRestsOnWaivers: true } : {}),
    ...(nextLevel ? { nextLevel } : {}),
    metrics: input.metrics,
    ...(input.owner ? { owner: input.owner } : {}),
    ...(input.system ? { system: input.system } : {}),
    ...(input.domain ? { domain: input.domain } : {}),
    ...(input.domainPath?.length ? { domainPath: input.domainPath } : {}),
    ...(input.ownerPath?.length ? { ownerPath: input.ownerPath } : {}),
    containsSampleData: input.checks.some(c => c.evidence.some(e => e.sample)),
  };
}
