import { Flavor, MaturityLevel } from './levels';

/**
 * The services a campaign is about; every field given must hold. A domain or owner
 * includes its subdomains or child groups.
 * @public
 */
export interface CampaignScope {
  domain?: string;
  owner?: string;
  system?: string;
  flavor?: Flavor;
  lifecycle?: string;
}

/**
 * What each service in scope must reach: a level (or above), or passing one check.
 * @public
 */
export type CampaignGoal = { level: MaturityLevel } | { check: string };

/** @public */
export interface CampaignDefinition {
  /** Lower-case letters, digits and dashes. */
  id: string;
  title: string;
  description?: string;
  scope: CampaignScope;
  goal: CampaignGoal;
  /** YYYY-MM-DD. */
  deadline: string;
}

/** @public */
export interface Campaign extends CampaignDefinition {
  /** `config`: defined in app-config (read-only); `api`: created through the API. */
  source: 'config' | 'api';
  createdBy?: string;
  createdAt?: string;
}

/**
 * Where a service stands in a campaign: `met`; `behind`; `waived` (the goal's check is
 * waived, counted apart); `unknown` when its status is not known yet.
 * @public
 */
export type CampaignServiceStatus = 'met' | 'behind' | 'waived' | 'unknown';

/** @public */
export interface CampaignProgress {
  /** Services in scope the caller may read. A check goal leaves out those it does not apply to. */
  services: number;
  met: number;
  behind: number;
  waived: number;
  unknown: number;
}

/** @public */
export interface CampaignSummary extends Campaign {
  progress: CampaignProgress;
  /** Whole days until the deadline; negative once it has passed. */
  daysLeft: number;
}

/** A service in a campaign. @public */
export interface CampaignService {
  entityRef: string;
  status: CampaignServiceStatus;
  level: MaturityLevel;
  owner?: string;
}

/** A campaign's progress on one day, from the daily snapshots. @public */
export interface CampaignProgressPoint {
  date: string;
  services: number;
  met: number;
}

/** @public */
export interface CampaignDetails extends CampaignSummary {
  /** Services not meeting the goal (behind, waived, unknown), by entity ref. */
  notMet: CampaignService[];
  /** Owners (null: services without one) with services not meeting the goal, most first. */
  behindByOwner: Array<{ owner: string | null; services: number }>;
  history: CampaignProgressPoint[];
}

/** The campaigns a service is in, as its tab shows them. @public */
export interface ServiceCampaign extends CampaignSummary {
  service: CampaignService;
}
