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
  assessLevel,
  evaluateCapabilities,
  reachedLevel,
} from './capabilityLevels';
import { LevelTargets, targetFor } from '../entity/levelTargets';

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';
const isApplicable = (check: CheckResult) =>
  check.status !== 'not-applicable' && check.decidable !== false;

/** Weights and counts of a group of checks, summed in the order of the checks. */
class Tally {
  weight = 0;
  passedWeight = 0;
  total = 0;
  passed = 0;

  add(check: CheckResult) {
    this.weight += check.weight;
    this.total += 1;
    if (isPassing(check)) {
      this.passedWeight += check.weight;
      this.passed += 1;
    }
  }

  /** Weighted share of passing checks, 0–100, rounded; 0 when nothing applies. */
  score(): number {
    return this.weight === 0
      ? 0
      : Math.round((100 * this.passedWeight) / this.weight);
  }
}

/** Tallies per dimension or persona, reported in the order of `ids`, for groups with checks. */
class Breakdown<TId extends string> {
  private readonly tallies: Array<Tally | undefined>;

  constructor(private readonly ids: readonly TId[]) {
    this.tallies = ids.map(() => undefined);
  }

  add(id: TId, check: CheckResult) {
    const index = this.ids.indexOf(id);
    if (index >= 0) {
      (this.tallies[index] ??= new Tally()).add(check);
    }
  }

  rows(): ScoreBreakdown<TId>[] {
    const rows: ScoreBreakdown<TId>[] = [];
    this.tallies.forEach((tally, index) => {
      if (tally) {
        rows.push({
          id: this.ids[index],
          score: tally.score(),
          passed: tally.passed,
          total: tally.total,
        });
      }
    });
    return rows;
  }
}

const DIMENSION_IDS = DIMENSIONS.map(d => d.id);
const PERSONA_IDS = PERSONAS.map(p => p.id);

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
  /** With the service's lifecycle, what the scorecard's target is. */
  targets?: LevelTargets;
  lifecycle?: string | null;
  teamPersona?: Persona | null;
  owner?: string;
  system?: string;
  domain?: string;
  domainPath?: string[];
  ownerPath?: string[];
}): Scorecard {
  // One pass over the checks for the score, coverage and breakdowns.
  const overall = new Tally();
  const dimensions = new Breakdown<Dimension>(DIMENSION_IDS);
  const personas = new Breakdown<Persona>(PERSONA_IDS);
  let evaluated = 0;
  let waived = false;
  let containsSampleData = false;
  for (const check of input.checks) {
    waived ||= check.status === 'waived';
    for (const evidence of check.evidence) {
      if (evidence.sample) {
        containsSampleData = true;
      }
    }
    if (!isApplicable(check)) {
      continue;
    }
    overall.add(check);
    dimensions.add(check.dimension, check);
    personas.add(check.persona, check);
    if (check.status !== 'unknown') {
      evaluated += 1;
    }
  }

  const capabilities = evaluateCapabilities(
    input.flavor,
    input.checks,
    input.levelOptions,
  );
  const { level, basis, nextLevel } = assessLevel(
    input.flavor,
    capabilities,
    input.checks,
  );
  // Without a waived check, ignoring waivers changes nothing.
  const withoutWaivers = waived
    ? reachedLevel(
        input.flavor,
        evaluateCapabilities(input.flavor, input.checks, {
          ...input.levelOptions,
          ignoreWaivers: true,
        }),
      )
    : level;
  const coverage =
    overall.total === 0
      ? 0
      : Math.round((100 * evaluated) / overall.total) / 100;

  // Optional fields assigned in their place rather than spread: this runs per service.
  const scorecard = {
    entityRef: input.entityRef,
    flavor: input.flavor,
    level,
    levelName: levelName(level),
    score: overall.score(),
    coverage,
    evaluatedAt: input.evaluatedAt.toISOString(),
    checks: input.checks,
    dimensions: dimensions.rows(),
    personas: personas.rows(),
    capabilities,
  } as Scorecard;
  if (basis) {
    scorecard.levelBasis = basis;
  }
  if (withoutWaivers < level) {
    scorecard.levelRestsOnWaivers = true;
  }
  if (nextLevel) {
    scorecard.nextLevel = nextLevel;
  }
  const target =
    input.targets && targetFor(input.targets, input.lifecycle, level);
  if (target) {
    scorecard.target = target;
  }
  scorecard.metrics = input.metrics;
  if (input.owner) {
    scorecard.owner = input.owner;
  }
  if (input.system) {
    scorecard.system = input.system;
  }
  if (input.domain) {
    scorecard.domain = input.domain;
  }
  if (input.lifecycle) {
    scorecard.lifecycle = input.lifecycle;
  }
  if (input.teamPersona) {
    scorecard.teamPersona = input.teamPersona;
  }
  if (input.domainPath?.length) {
    scorecard.domainPath = input.domainPath;
  }
  if (input.ownerPath?.length) {
    scorecard.ownerPath = input.ownerPath;
  }
  scorecard.containsSampleData = containsSampleData;
  return scorecard;
}
