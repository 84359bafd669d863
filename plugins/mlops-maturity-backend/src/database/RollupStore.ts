import {
  CampaignScope,
  Flavor,
  MaturityLevel,
  Persona,
  RollupDimension,
  RollupRow,
  RollupTrendPoint,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { ServiceScope } from './ServiceScope';

/** Restricts the services that a rollup counts. */
export interface RollupFilters {
  /** Services in this domain or any of its subdomains. */
  domain?: string;
  /** Services owned by this group or any of its child groups. */
  owner?: string;
  /** Services that are part of this system. */
  system?: string;
  flavor?: Flavor;
  /** Services whose owning team declares this persona. */
  teamPersona?: Persona;
}

/** A scored service as a campaign sees it. */
export interface CampaignCandidate {
  entityRef: string;
  level: MaturityLevel;
  /** The closest owner (group or user). */
  owner?: string;
  /** False when the service's statuses other than fail were not recorded yet. */
  statusesRecorded: boolean;
}

/** The hierarchies that have trends. */
export type TrendDimension = Extract<
  RollupDimension,
  'domain' | 'owner' | 'system'
>;

/**
 * Org-wide aggregates over the latest scorecards. Every query takes the scope of the
 * services the caller may read and counts nothing else; an `except` scope computed
 * before the scored services changed is refused with `StaleScopeError`.
 */
export interface RollupStore {
  /**
   * Every scored service, and the membership seq that an `except` scope computed
   * from this list must carry.
   */
  scoredServices(): Promise<{ refs: readonly string[]; membershipSeq: number }>;

  /**
   * One row per domain, owner group, system, persona or dimension that has at least
   * one of the services. Domains and groups include their descendants' services;
   * with a `domain` (or `owner`) filter, by-domain (by-owner) rows are that key and
   * its descendants. Persona and dimension rows use only that persona's (dimension's)
   * checks: the level its required checks allow, its weighted score and coverage.
   */
  rollup(options: {
    by: RollupDimension;
    scope: ServiceScope;
    filters?: RollupFilters;
  }): Promise<RollupRow[]>;

  /** The checks that block the next level of the most services, most first. */
  topBlockers(options: {
    scope: ServiceScope;
    limit: number;
    filters?: RollupFilters;
  }): Promise<TopBlocker[]>;

  /**
   * Rows for the given domains in the given order; a domain without any of the
   * services gets a row with zero services.
   */
  compare(options: {
    domains: string[];
    scope: ServiceScope;
  }): Promise<RollupRow[]>;

  /**
   * The scope's services in a campaign's scope: a domain or owner includes its
   * descendants; the lifecycle matches regardless of case.
   */
  campaignServices(options: {
    campaign: CampaignScope;
    scope: ServiceScope;
  }): Promise<CampaignCandidate[]>;

  /**
   * Records every service's level and score for a UTC day (`YYYY-MM-DD`), replacing
   * an earlier snapshot of the same day. Returns the number of services recorded.
   */
  snapshot(date: string): Promise<number>;

  /** Deletes snapshots of days before `date`. Returns the number of rows deleted. */
  pruneSnapshots(before: string): Promise<number>;

  /**
   * Daily points of each key between `from` and `to` (inclusive, `YYYY-MM-DD`),
   * oldest first: the services in the key (descendants included) on that day, of
   * those in the scope that are still scored (a deleted service counts nowhere).
   */
  trend(options: {
    by: TrendDimension;
    keys: string[];
    from: string;
    to: string;
    scope: ServiceScope;
  }): Promise<RollupTrendPoint[]>;
}
