import type { CapabilityResult } from './capabilities';
import { Dimension, Flavor, MaturityLevel, Persona } from './levels';

/**
 * `unknown` means the check could not be evaluated (no source, upstream error, missing
 * data); it never counts as passing and always carries a reason in `message`.
 * @public
 */
export type CheckStatus =
  | 'pass'
  | 'fail'
  | 'unknown'
  | 'waived'
  | 'not-applicable';

/**
 * `observed`: a live source (or a CI job pushing facts) saw it happen.
 * `declared`: the repository or catalog defines it.
 * @public
 */
export type EvidenceStrength = 'observed' | 'declared';

/** @public */
export interface Evidence {
  /** Fact source, e.g. `repository`, `catalog`, `ci`, `registry`, `monitoring`. */
  source: string;
  strength: EvidenceStrength;
  detail: string;
  /** A file path or URL that shows the evidence. */
  location?: string;
  /** True when the evidence comes from sample data (the demo) rather than a real system. */
  sample?: boolean;
  /** True when the source failed on its last collection and this is the last known value. */
  stale?: boolean;
}

/** The effective definition of a check after app-config overrides. @public */
export interface CheckDefinition {
  id: string;
  title: string;
  description: string;
  dimension: Dimension;
  level: 1 | 2;
  required: boolean;
  weight: number;
  persona: Persona;
  /** Which flavours the check applies to. */
  flavors: Flavor[];
  /** On an LLM service, applies only when it trains or fine-tunes its own model. */
  ownModelOnly?: boolean;
  /** Fact sources the check reads. */
  sources: string[];
  remediation: string;
  docsUrl?: string;
  /** True when the check comes from `mlopsMaturity.customChecks`. */
  custom?: boolean;
  /** Demand observed evidence: declared evidence alone leaves the check unknown. */
  requireObserved?: boolean;
  /** Capabilities (besides the built-in table's) this check can demonstrate. */
  capabilities?: string[];
}

/** @public */
export interface CheckResult {
  id: string;
  title: string;
  dimension: Dimension;
  level: 1 | 2;
  required: boolean;
  weight: number;
  persona: Persona;
  status: CheckStatus;
  message: string;
  evidence: Evidence[];
  remediation: string;
  docsUrl?: string;
  /**
   * False when this context cannot decide the check at all (a bare checkout has no catalog
   * entity or live sources); such checks never block a capability. Absent means decidable.
   */
  decidable?: false;
  /** Capabilities (besides the built-in table's) this check can demonstrate. */
  capabilities?: string[];
}

/** @public */
export interface ScoreBreakdown<TId extends string> {
  id: TId;
  score: number;
  passed: number;
  total: number;
}

/** @public */
export interface BusinessMetrics {
  timeToProductionDays?: number;
  deploysLast30d?: number;
  modelAgeDays?: number;
  ciSuccessRate?: number;
}

/** @public */
export interface NextLevel {
  level: 1 | 2;
  /** Checks that would close a missing capability (its alternatives that do not pass). */
  blockers: string[];
  blockersByPersona: Partial<Record<Persona, string[]>>;
  /**
   * Capabilities the next level still needs: missing core ones, and the candidates when too
   * few of the others are shown. Absent on scorecards stored before capability levels.
   */
  missingCapabilities?: string[];
  capabilitiesByPersona?: Partial<Record<Persona, string[]>>;
  /** How many more of the candidate (non-core) capabilities the next level needs. */
  moreOptionalNeeded?: number;
}

/**
 * The level a service is expected to reach, chosen by its lifecycle
 * (`mlopsMaturity.targets` in app-config).
 * @public
 */
export interface LevelTarget {
  level: MaturityLevel;
  /** The lifecycle the target was chosen by; null when the default target applied. */
  lifecycle: string | null;
  /** True when the service's level is at or above the target. */
  met: boolean;
}

/** @public */
export interface Scorecard {
  entityRef: string;
  flavor: Flavor;
  level: MaturityLevel;
  levelName: string;
  score: number;
  coverage: number;
  evaluatedAt: string;
  checks: CheckResult[];
  dimensions: ScoreBreakdown<Dimension>[];
  personas: ScoreBreakdown<Persona>[];
  /**
   * Every capability of the flavour's levels, with the checks that demonstrate it. Absent
   * on scorecards stored before capability levels (they are re-scored on the next cycle).
   */
  capabilities?: CapabilityResult[];
  /**
   * What the level rests on: `observed` when every capability it needs is shown by a live
   * source, `declared` when some rest only on files. Absent at Level 0.
   */
  levelBasis?: 'observed' | 'declared';
  /** True when the level holds only because of waived checks. */
  levelRestsOnWaivers?: boolean;
  /** Absent at the top level. */
  nextLevel?: NextLevel;
  /** Absent when no target is configured for the service's lifecycle. */
  target?: LevelTarget;
  metrics: BusinessMetrics;
  owner?: string;
  system?: string;
  domain?: string;
  /** The entity's spec.lifecycle; campaigns and targets select by it. */
  lifecycle?: string;
  /** The persona of the owning team (`mlops-maturity.io/team-persona` on its group). */
  teamPersona?: Persona;
  /** The domain and its parent domains (subdomainOf), closest first; for rollups. */
  domainPath?: string[];
  /** The owner group and its parent groups, closest first; for rollups. */
  ownerPath?: string[];
  /** True when any evidence behind this scorecard is sample data. */
  containsSampleData: boolean;
}

/** @public */
export interface ScorecardHistoryPoint {
  evaluatedAt: string;
  level: MaturityLevel;
  score: number;
  coverage: number;
  /**
   * The rubric (checks and level rules) the point was scored with; where it differs from
   * the point before, a change of level or score may come from the rules. Absent on points
   * recorded before rubrics were stored.
   */
  rubricVersion?: string;
  /** True for a point of sample history (a demo's `mlopsMaturity.sampleHistory`). */
  sample?: boolean;
}

/** @public */
export interface ServiceSummary {
  entityRef: string;
  flavor: Flavor;
  level: MaturityLevel;
  levelName: string;
  score: number;
  coverage: number;
  evaluatedAt: string;
  owner?: string;
  system?: string;
  domain?: string;
  failingChecks: string[];
}

/** @public */
export interface ServicesPage {
  items: ServiceSummary[];
  totalCount: number;
  page: number;
  pageSize: number;
}

/** @public */
export interface StatusResponse {
  queue: {
    total: number;
    due: number;
    inProgress: number;
    /** When the next service not yet due falls due. */
    nextDueAt?: string;
  };
  lastCycle?: {
    startedAt: string;
    finishedAt?: string;
    evaluated: number;
    failed: number;
  };
  /** Per fact source: stored fact sets and how many carry an error. */
  sources: {
    source: string;
    entities: number;
    errors: number;
    lastError?: string;
  }[];
  /** Per live collector: upstream calls since the backend started (when it counts them). */
  collectors: {
    id: string;
    source: string;
    calls?: number;
    errors?: number;
    rateLimited?: number;
    notModified?: number;
    retries?: number;
    /** Requests not sent because the host's rate limit was spent. */
    deferred?: number;
    /** Each host's rate-limit budget, as its last answer stated it. */
    budgets?: {
      host: string;
      limit?: number;
      remaining: number;
      resetAt: string;
    }[];
    lastError?: string;
    lastErrorAt?: string;
  }[];
}
