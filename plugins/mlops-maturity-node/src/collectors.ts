import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { FactSet } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { UpstreamStats } from './UpstreamHttpClient';

/**
 * What a collector returns when its source has not changed since `previous` (a 304, an
 * unchanged tree): the stored facts stay as they are, with their collection time.
 * A registered symbol, so two copies of this package still agree on it.
 * @public
 */
export const factsUnchanged: unique symbol = Symbol.for(
  'mlops-maturity.facts-unchanged',
);

/** @public */
export interface CollectContext {
  entity: Entity;
  /** The facts this collector stored last time, for conditional requests and staleness. */
  previous?: FactSet;
  logger: LoggerService;
  signal?: AbortSignal;
  /**
   * Looks another catalog entity up by ref (an owner, a system); undefined when it does
   * not exist or is not visible. Shared by a refresh cycle, so each entity is read once.
   */
  lookupEntity(entityRef: string): Promise<Entity | undefined>;
}

/**
 * Gathers facts about one entity from one source. Throwing marks the source as failed
 * for that entity; the engine then keeps the previous facts, marked stale, with the error.
 * @public
 */
export interface FactCollector {
  /** Unique id, e.g. `github-actions`. */
  id: string;
  /** The fact source it writes, e.g. `ci`. Several collectors may not share a source for one entity. */
  source: string;
  /** Whether this collector can say something about the entity (annotation present, instance configured). */
  appliesTo(entity: Entity): boolean;
  collect(context: CollectContext): Promise<JsonObject | typeof factsUnchanged>;
  /** Upstream call, error and rate-limit counters, reported in `/status`. */
  stats?(): UpstreamStats;
}
