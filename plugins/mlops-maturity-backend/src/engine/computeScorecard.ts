import {
  BusinessMetrics,
  CheckResult,
  DIMENSIONS,
  Dimension,
  Flavor,
  MaturityLevel,
  NextLevel,
  PERSONAS,
  Persona,
  ScoreBreakdown,
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';
const isApplicable = (check: CheckResult) => check.status !== 'not-applicable';

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

/** Required applicable checks at or below `level` that do not pass (and are not waived). */
function blockersFor(level: 1 | 2, applicable: CheckResult[]): CheckResult[] {
  return applicable.filter(
    c => c.required && c.level <= level && !isPassing(c),
  );
}

/**
 * Level, score, coverage and next-level blockers from check results (DESIGN §2):
 * level L is reached when every applicable required check of level ≤ L passes or is
 * waived; `unknown` never passes.
 */
export function computeScorecard(input: {
  entityRef: string;
  flavor: Flavor;
  evaluatedAt: Date;
  checks: CheckResult[];
  metrics: BusinessMetrics;
  owner?: string;
  system?: string;
  domain?: string;
  domainPath?: string[];
  ownerPath?: string[];
}): Scorecard {
  const applicable = input.checks.filter(isApplicable);

  let level: MaturityLevel = 0;
  if (blockersFor(1, applicable).length === 0) {
    level = blockersFor(2, applicable).length === 0 ? 2 : 1;
  }

  let nextLevel: NextLevel | undefined;
  if (level < 2) {
    const next = (level + 1) as 1 | 2;
    const blockers = blockersFor(next, applicable);
    const blockersByPersona: Partial<Record<Persona, string[]>> = {};
    for (const blocker of blockers) {
      (blockersByPersona[blocker.persona] ??= []).push(blocker.id);
    }
    nextLevel = {
      level: next,
      blockers: blockers.map(b => b.id),
      blockersByPersona,
    };
  }

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
