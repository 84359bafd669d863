import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiFactory,
  discoveryApiRef,
  DiscoveryApi,
  fetchApiRef,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  Campaign,
  CampaignDefinition,
  CampaignDetails,
  CampaignSummary,
  CheckDefinition,
  GovernedWaiver,
  WaiverStatus,
  RollupResponse,
  RuleChange,
  RuleChangePreview,
  RollupTrendPoint,
  Scorecard,
  ScorecardHistoryPoint,
  ServiceCampaign,
  ServicesPage,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  DomainComparison,
  MlopsMaturityApi,
  mlopsMaturityApiRef,
  MlopsMaturityEntityRef,
  RollupQuery,
  RollupTrendQuery,
  ScorecardHistoryQuery,
  ServicesQuery,
  TopBlockersQuery,
} from './MlopsMaturityApi';

const PLUGIN_ID = 'mlops-maturity';

/** `<route>/<kind>/<namespace>/<name>` of an entity, as the backend's routes take it. */
function entityPath(
  route: 'scorecards' | 'badges',
  entityRef: MlopsMaturityEntityRef,
): string {
  const ref: CompoundEntityRef =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  // Kinds are case-insensitive in the catalog; the API spells them in lower case.
  return [route, ref.kind.toLocaleLowerCase('en-US'), ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/');
}

const scorecardPath = (entityRef: MlopsMaturityEntityRef) =>
  entityPath('scorecards', entityRef);

/** Repeats a key for each value of an array, e.g. `domain=a&domain=b`. */
function queryString(
  params: Record<string, string | number | readonly string[] | undefined>,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach(item => search.append(key, item));
    } else if (value !== undefined) {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Talks to the mlops-maturity backend through the discovery and fetch APIs, so
 * requests carry the user's Backstage token.
 * @public
 */
export class MlopsMaturityClient implements MlopsMaturityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getScorecard(entityRef: MlopsMaturityEntityRef): Promise<Scorecard> {
    return this.request(scorecardPath(entityRef));
  }

  async getHistory(
    entityRef: MlopsMaturityEntityRef,
    query: ScorecardHistoryQuery = {},
  ): Promise<ScorecardHistoryPoint[]> {
    // The backend answers a page at a time; the trend needs every point of the range.
    const points: ScorecardHistoryPoint[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.request<{
        items: ScorecardHistoryPoint[];
        nextCursor?: string;
      }>(
        `${scorecardPath(entityRef)}/history${queryString({
          from: query.from?.toISOString(),
          to: query.to?.toISOString(),
          cursor,
        })}`,
      );
      points.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return points;
  }

  refresh(entityRef: MlopsMaturityEntityRef): Promise<Scorecard> {
    return this.request(`${scorecardPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  async listChecks(): Promise<CheckDefinition[]> {
    const body = await this.request<{ items: CheckDefinition[] }>('checks');
    return body.items;
  }

  listServices(query: ServicesQuery = {}): Promise<ServicesPage> {
    return this.request(`services${queryString({ ...query })}`);
  }

  exportServicesCsv(
    query: Omit<ServicesQuery, 'page' | 'pageSize'> = {},
  ): Promise<Blob> {
    return this.download(`services${queryString({ ...query, format: 'csv' })}`);
  }

  getRollups(query: RollupQuery): Promise<RollupResponse> {
    return this.request(`rollups${queryString({ ...query })}`);
  }

  exportRollupsCsv(query: RollupQuery): Promise<Blob> {
    return this.download(`rollups${queryString({ ...query, format: 'csv' })}`);
  }

  async getTopBlockers(query: TopBlockersQuery = {}): Promise<TopBlocker[]> {
    const body = await this.request<{ items: TopBlocker[] }>(
      `rollups/blockers${queryString({ ...query })}`,
    );
    return body.items;
  }

  async getRollupTrend(query: RollupTrendQuery): Promise<RollupTrendPoint[]> {
    const body = await this.request<{ items: RollupTrendPoint[] }>(
      `rollups/trend${queryString({
        by: query.by,
        key: query.keys,
        from: query.from?.toISOString(),
        to: query.to?.toISOString(),
      })}`,
    );
    return body.items;
  }

  compareDomains(domains: string[]): Promise<DomainComparison> {
    return this.request(`rollups/compare${queryString({ domain: domains })}`);
  }

  async listCampaigns(): Promise<CampaignSummary[]> {
    const body = await this.request<{ items: CampaignSummary[] }>('campaigns');
    return body.items;
  }

  getCampaign(id: string): Promise<CampaignDetails> {
    return this.request(`campaigns/${encodeURIComponent(id)}`);
  }

  async getServiceCampaigns(entityRef: string): Promise<ServiceCampaign[]> {
    const body = await this.request<{ items: ServiceCampaign[] }>(
      `campaigns${queryString({ entityRef })}`,
    );
    return body.items;
  }

  createCampaign(definition: CampaignDefinition): Promise<Campaign> {
    return this.request('campaigns', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(definition),
    });
  }

  async listWaivers(filter: {
    entityRef?: string;
    status?: WaiverStatus;
  }): Promise<GovernedWaiver[]> {
    const body = await this.request<{ items: GovernedWaiver[] }>(
      `waivers${queryString(filter)}`,
    );
    return body.items;
  }

  requestWaiver(request: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: string;
  }): Promise<GovernedWaiver> {
    return this.request('waivers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  decideWaiver(
    id: string,
    decision: 'approve' | 'reject' | 'revoke',
    note?: string,
  ): Promise<GovernedWaiver> {
    return this.request(`waivers/${encodeURIComponent(id)}/${decision}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(note ? { note } : {}),
    });
  }

  async getBadgeUrl(entityRef: MlopsMaturityEntityRef): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    return `${baseUrl}/${entityPath('badges', entityRef)}`;
  }

  previewRuleChange(change: RuleChange): Promise<RuleChangePreview> {
    return this.request('what-if', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(change),
    });
  }

  async deleteCampaign(id: string): Promise<void> {
    await this.fetch(`campaigns/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private async download(path: string): Promise<Blob> {
    const response = await this.fetch(path);
    return response.blob();
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/**
 * The factory of {@link mlopsMaturityApiRef}, shared by both frontend systems.
 * @public
 */
export const mlopsMaturityApiFactory = createApiFactory({
  api: mlopsMaturityApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new MlopsMaturityClient({ discoveryApi, fetchApi }),
});
