import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { FactSet } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
// From the main entry point, as a module author's test sees this type.
import { CollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';

/** @public */
export interface MockCollectContextOptions {
  entity: Entity;
  /** The facts the collector stored last time. */
  previous?: FactSet;
  /** The catalog `lookupEntity` reads; empty by default. */
  catalog?: Entity[];
  /** Defaults to a logger that drops everything. */
  logger?: LoggerService;
  signal?: AbortSignal;
}

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * The context a refresh gives a collector, for a collector's unit tests.
 * @public
 */
export function mockCollectContext(
  options: MockCollectContextOptions,
): CollectContext {
  const catalog = new Map(
    (options.catalog ?? []).map(entity => [stringifyEntityRef(entity), entity]),
  );
  return {
    entity: options.entity,
    previous: options.previous,
    logger: options.logger ?? silentLogger,
    signal: options.signal,
    lookupEntity: async entityRef => catalog.get(entityRef),
  };
}
