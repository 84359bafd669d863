import { BusinessMetrics } from './scorecard';
import { Dimension, MaturityLevel, Persona } from './levels';

/** What a rollup groups services by. @public */
export type RollupDimension =
  | 'domain'
  | 'owner'
  | 'persona'
  | 'system'
  | 'dimension'
  | 'team-persona';

/** Pass rate of one dimension × persona cell. @public */
export interface PassRateCell {
  dimension: Dimension;
  persona: Persona;
  passed: number;
  /** Applicable checks (not not-applicable) in the cell, summed over services. */
  total: number;
  /** passed / total, 0..1; null when total is 0. */
  rate: number | null;
}

/**
 * One aggregated row. Hierarchies count descendants: a parent domain includes its
 * subdomains' services, a parent group its child groups' services and its own.
 * @public
 */
export interface RollupRow {
  /** Entity ref (domain, group, system), or a persona / dimension id. */
  key: string;
  services: number;
  levelCounts: Record<`${MaturityLevel}`, number>;
  meanScore: number | null;
  medianScore: number | null;
  /** Mean coverage of the services, 0..1. */
  coverage: number | null;
  passRates: PassRateCell[];
  /** Median of each business metric over the services that have it. */
  metricMedians: BusinessMetrics;
  /** For hierarchical rollups: the parent key (domain subdomainOf, group parent). */
  parent?: string;
  /**
   * The services with a target level and how many of them meet it; for a persona or
   * dimension, by their level on its checks. Absent when none of the services has a target.
   */
  target?: TargetCounts;
}

/** @public */
export interface TargetCounts {
  services: number;
  meeting: number;
}

/** @public */
export interface RollupResponse {
  by: RollupDimension;
  items: RollupRow[];
}

/** A check that keeps services from their next level. @public */
export interface TopBlocker {
  checkId: string;
  title: string;
  dimension: Dimension;
  persona: Persona;
  level: 1 | 2;
  remediation: string;
  docsUrl?: string;
  /** Services whose next level this check blocks. */
  services: number;
}

/** A daily snapshot of one rollup row. @public */
export interface RollupTrendPoint {
  date: string;
  key: string;
  services: number;
  levelCounts: Record<`${MaturityLevel}`, number>;
  meanScore: number | null;
  /**
   * How many of the services were counted from sample history (a demo's
   * `mlopsMaturity.sampleHistory`); absent when none was.
   */
  sampleServices?: number;
}
