import {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import pLimit from 'p-limit';
import { RollupStore } from '../database/RollupStore';
import { ServiceScope, StaleScopeError } from '../database/ServiceScope';

/** Refs per catalog request, and requests in flight at once. */
const CATALOG_CHUNK = 500;
const CATALOG_CONCURRENCY = 4;
/** How long a catalog answer is reused while the scored services stay the same. */
const TTL_MS = 60_000;
/** Bounds of the cache: answers kept, and refs held across them. */
const MAX_ENTRIES = 200;
const MAX_REFS = 2_000_000;

interface Entry {
  scope: ServiceScope;
  membershipSeq: number;
  expiresAt: number;
}

/**
 * Which scored services a caller may read in the catalog, as a {@link ServiceScope}.
 *
 * The catalog's read permission decides. ALLOW (an admin, or the permission framework
 * off) reads everything and DENY nothing, with no catalog call. A CONDITIONAL decision
 * is applied by the catalog to its own data, so the catalog is asked which scored
 * services the caller may read (hundreds of requests at 100,000 services); the answer
 * is cached per caller and decision, for a minute at most, and only while the scored
 * services and their entities stay as they were. It becomes the cheaper scope: the
 * readable services, or all but the unreadable ones.
 */
export class VisibleServices {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();
  private cachedRefs = 0;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      rollups: Pick<RollupStore, 'scoredServices'>;
      now?: () => number;
    },
  ) {}

  /**
   * Runs `query` with the caller's scope; when the scored services changed between
   * computing the scope and running the query, computes it again and retries once.
   */
  async withScope<T>(
    credentials: BackstageCredentials,
    query: (scope: ServiceScope) => Promise<T>,
  ): Promise<T> {
    try {
      return await query(await this.scope(credentials));
    } catch (error) {
      if (!(error instanceof StaleScopeError)) {
        throw error;
      }
      return query(await this.scope(credentials));
    }
  }

  async scope(credentials: BackstageCredentials): Promise<ServiceScope> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result === AuthorizeResult.ALLOW
        ? { type: 'all' }
        : { type: 'only', refs: [] };
    }

    const principal = credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal
      | BackstageNonePrincipal;
    let caller: string = principal.type;
    if (principal.type === 'user') {
      caller = principal.userEntityRef;
    } else if (principal.type === 'service') {
      caller = `service:${principal.subject}`;
    }
    const key = JSON.stringify([caller, decision.conditions]);
    const now = this.now();
    const scored = await this.options.rollups.scoredServices();
    const cached = this.cache.get(key);
    if (
      cached &&
      cached.membershipSeq === scored.membershipSeq &&
      cached.expiresAt > now
    ) {
      // Most recently used last, so that eviction takes the oldest.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.scope;
    }

    const flightKey = `${key}@${scored.membershipSeq}`;
    let flight = this.inFlight.get(flightKey);
    if (!flight) {
      flight = this.askCatalog(credentials, scored).finally(() =>
        this.inFlight.delete(flightKey),
      );
      this.inFlight.set(flightKey, flight);
      this.store(key, await flight);
    }
    return (await flight).scope;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private async askCatalog(
    credentials: BackstageCredentials,
    scored: { refs: readonly string[]; membershipSeq: number },
  ): Promise<Entry> {
    const expiresAt = this.now() + TTL_MS;
    const limit = pLimit(CATALOG_CONCURRENCY);
    const chunks: string[][] = [];
    for (let i = 0; i < scored.refs.length; i += CATALOG_CHUNK) {
      chunks.push(scored.refs.slice(i, i + CATALOG_CHUNK));
    }
    const readable = new Set<string>();
    await Promise.all(
      chunks.map(chunk =>
        limit(async () => {
          const { items } = await this.options.catalog.getEntitiesByRefs(
            {
              entityRefs: chunk,
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
            },
            { credentials },
          );
          items.forEach((item, index) => {
            if (item) {
              readable.add(chunk[index]);
            }
          });
        }),
      ),
    );
    const unreadable = scored.refs.filter(ref => !readable.has(ref));
    const scope: ServiceScope =
      unreadable.length < readable.size
        ? {
            type: 'except',
            refs: unreadable,
            membershipSeq: scored.membershipSeq,
          }
        : { type: 'only', refs: [...readable] };
    return { scope, membershipSeq: scored.membershipSeq, expiresAt };
  }

  private store(key: string, entry: Entry) {
    const size = (e: Entry) =>
      e.scope.type === 'all' ? 0 : e.scope.refs.length;
    const previous = this.cache.get(key);
    if (previous) {
      this.cache.delete(key);
      this.cachedRefs -= size(previous);
    }
    this.cache.set(key, entry);
    this.cachedRefs += size(entry);
    for (const [oldest, evicted] of this.cache) {
      if (this.cache.size <= MAX_ENTRIES && this.cachedRefs <= MAX_REFS) {
        break;
      }
      this.cache.delete(oldest);
      this.cachedRefs -= size(evicted);
    }
  }
}
