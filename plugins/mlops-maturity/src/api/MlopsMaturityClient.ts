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
  CheckDefinition,
  Scorecard,
  ScorecardHistoryPoint,
  ServicesPage,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  MlopsMaturityApi,
  mlopsMaturityApiRef,
  MlopsMaturityEntityRef,
  ScorecardHistoryQuery,
  ServicesQuery,
} from './MlopsMaturityApi';

const PLUGIN_ID = 'mlops-maturity';

function scorecardPath(entityRef: MlopsMaturityEntityRef): string {
  const ref: CompoundEntityRef =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  // Kinds are case-insensitive in the catalog; the API spells them in lower case.
  return [
    'scorecards',
    ref.kind.toLocaleLowerCase('en-US'),
    ref.namespace,
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/');
}

function queryString(params: Record<string, string | number | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
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
    const body = await this.request<{ items: ScorecardHistoryPoint[] }>(
      `${scorecardPath(entityRef)}/history${queryString({
        from: query.from?.toISOString(),
        to: query.to?.toISOString(),
      })}`,
    );
    return body.items;
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

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
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
