import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CheckDefinition,
  Flavor,
  MaturityLevel,
  Scorecard,
  ScorecardHistoryPoint,
  ServicesPage,
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
  owner?: string;
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
}

/** @public */
export const mlopsMaturityApiRef = createApiRef<MlopsMaturityApi>().with({
  id: 'plugin.mlops-maturity.service',
  pluginId: 'mlops-maturity',
});
