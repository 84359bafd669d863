import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Campaign,
  CampaignDefinition,
  CampaignDetails,
  CampaignSummary,
  CheckDefinition,
  Flavor,
  GovernedWaiver,
  WaiverStatus,
  RuleChange,
  RuleChangePreview,
  MaturityLevel,
  Persona,
  RollupDimension,
  RollupResponse,
  RollupRow,
  RollupTrendPoint,
  Scorecard,
  ScorecardHistoryPoint,
  ServiceCampaign,
  ServicesPage,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * An entity given as a ref string (`component:default/fraud-detector`) or its parts.
 * @public
 */
export type MlopsMaturityEntityRef = string | CompoundEntityRef;

/** @public */
export interface ScorecardHistoryQuery {
  from?: Date;
  to?: Date;
}

/** Filters and paging of `GET /services`. @public */
export interface ServicesQuery {
  level?: MaturityLevel;
  /** Services owned by this group or its child groups (entity ref). */
  owner?: string;
  /** Services in this domain or its subdomains (entity ref). */
  domain?: string;
  system?: string;
  flavor?: Flavor;
  /** Only services where this check id fails. */
  failing?: string;
  page?: number;
  pageSize?: number;
  orderBy?: 'entityRef' | 'score' | 'level';
  order?: 'asc' | 'desc';
}

/** What `GET /rollups` groups by, and the services it counts. @public */
export interface RollupQuery {
  by: RollupDimension;
  /** Only services in this domain or its subdomains (entity ref). */
  domain?: string;
  /** Only services owned by this group or its child groups (entity ref). */
  owner?: string;
  /** Only services that are part of this system (entity ref). */
  system?: string;
  flavor?: Flavor;
  /** Only services whose owning team declares this persona. */
  teamPersona?: Persona;
}

/** @public */
export interface TopBlockersQuery {
  limit?: number;
  domain?: string;
  owner?: string;
  system?: string;
  teamPersona?: Persona;
}

/** Daily snapshots of the given domains, groups or systems. @public */
export interface RollupTrendQuery {
  by: 'domain' | 'owner' | 'system';
  /** Entity refs of the domains, groups or systems. */
  keys: string[];
  from?: Date;
  to?: Date;
}

/** Domains side by side: their rows and daily snapshots. @public */
export interface DomainComparison {
  items: RollupRow[];
  trend: RollupTrendPoint[];
}

/**
 * Client of the mlops-maturity backend. Failed requests reject with a `ResponseError`
 * from `@backstage/errors`; use `getScorecardNotFoundReason` to tell 404s apart.
 * @public
 */
export interface MlopsMaturityApi {
  getScorecard(entityRef: MlopsMaturityEntityRef): Promise<Scorecard>;
  /** Level and score over time, oldest first. */
  getHistory(
    entityRef: MlopsMaturityEntityRef,
    query?: ScorecardHistoryQuery,
  ): Promise<ScorecardHistoryPoint[]>;
  /** Re-evaluates the service now and resolves with its new scorecard. */
  refresh(entityRef: MlopsMaturityEntityRef): Promise<Scorecard>;
  listChecks(): Promise<CheckDefinition[]>;
  listServices(query?: ServicesQuery): Promise<ServicesPage>;
  /** Every service matching the filters as CSV; paging is ignored. */
  exportServicesCsv(
    query?: Omit<ServicesQuery, 'page' | 'pageSize'>,
  ): Promise<Blob>;
  getRollups(query: RollupQuery): Promise<RollupResponse>;
  exportRollupsCsv(query: RollupQuery): Promise<Blob>;
  /** The checks that keep the most services from their next level. */
  getTopBlockers(query?: TopBlockersQuery): Promise<TopBlocker[]>;
  /** Snapshots of each key, oldest first. */
  getRollupTrend(query: RollupTrendQuery): Promise<RollupTrendPoint[]>;
  /** Two to four domains (entity refs) side by side. */
  compareDomains(domains: string[]): Promise<DomainComparison>;
  /** Every campaign with its progress, ordered by id. */
  listCampaigns(): Promise<CampaignSummary[]>;
  /** A campaign with who is behind and its progress over time. */
  getCampaign(id: string): Promise<CampaignDetails>;
  /** The campaigns a service is in, with where it stands in each. */
  getServiceCampaigns(entityRef: string): Promise<ServiceCampaign[]>;
  /** Needs the permission `mlops-maturity.campaign.manage`. */
  createCampaign(definition: CampaignDefinition): Promise<Campaign>;
  deleteCampaign(id: string): Promise<void>;
  /** Waivers requested through the API, newest first: of one service, or of every readable one. */
  listWaivers(filter: {
    entityRef?: string;
    status?: WaiverStatus;
  }): Promise<GovernedWaiver[]>;
  /** Needs `mlops-maturity.waiver.request` on the service. */
  requestWaiver(request: {
    entityRef: string;
    checkId: string;
    reason: string;
    /** YYYY-MM-DD */
    expiresAt: string;
  }): Promise<GovernedWaiver>;
  /** Needs `mlops-maturity.waiver.approve`. */
  decideWaiver(
    id: string,
    decision: 'approve' | 'reject' | 'revoke',
    /** Why, for the audit log. */
    note?: string,
  ): Promise<GovernedWaiver>;
  /** The address of the service's README level badge (served when badges are enabled). */
  getBadgeUrl(entityRef: MlopsMaturityEntityRef): Promise<string>;
  /** Scores the readable services under a changed catalogue without saving. */
  previewRuleChange(change: RuleChange): Promise<RuleChangePreview>;
}

/** @public */
export const mlopsMaturityApiRef = createApiRef<MlopsMaturityApi>().with({
  id: 'plugin.mlops-maturity.service',
  pluginId: 'mlops-maturity',
});
