import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  CheckDefinition,
  FactSet,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
// From the main entry point, as a module author's test sees these types.
import {
  CheckContext,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';

/** @public */
export interface MockCheckContextOptions {
  /** The check under test: its parameter defaults and definition fields are used. */
  check?: MaturityCheck;
  /** Defaults to an `ml-service` component, `component:default/test-service`. */
  entity?: Entity;
  /** The facts of each source, as a collector or a push stored them. */
  facts?: Record<string, JsonObject>;
  /** Other fields of a source's fact set: `error`, `stale`, `sample`, `origin`, `collectedAt`. */
  sets?: Record<string, Partial<Omit<FactSet, 'source' | 'facts'>>>;
  /** Sources with a live collector that has not stored facts yet. */
  liveSources?: string[];
  /** Parameters over the check's defaults, as `mlopsMaturity.checks.<id>.params` sets them. */
  params?: Record<string, JsonValue>;
  requireObserved?: boolean;
  /** Defaults to 2026-01-15T12:00:00Z, so tests do not depend on the day they run. */
  now?: Date;
}

const DEFAULT_NOW = new Date('2026-01-15T12:00:00Z');

const DEFAULT_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'test-service', namespace: 'default' },
  spec: { type: 'ml-service', owner: 'group:default/ml-team' },
};

/**
 * A check context as the engine builds one, for testing a check without a backend: the
 * check's parameter defaults merged with `params`, one fact set per source in `facts`,
 * and a source with facts or in `liveSources` counting as live.
 * @public
 */
export function mockCheckContext(
  options: MockCheckContextOptions = {},
): CheckContext {
  const { check } = options;
  const entity = options.entity ?? DEFAULT_ENTITY;
  const now = options.now ?? DEFAULT_NOW;
  const sets = new Map<string, FactSet>(
    Object.entries(options.facts ?? {}).map(([source, facts]) => [
      source,
      {
        source,
        entityRef: stringifyEntityRef(entity),
        facts,
        collectedAt: now.toISOString(),
        origin: 'collector',
        ...options.sets?.[source],
      },
    ]),
  );
  const live = new Set(options.liveSources ?? []);
  const defaults = Object.fromEntries(
    Object.entries(check?.parameters ?? {}).map(([name, spec]) => [
      name,
      spec.default,
    ]),
  );
  const definition: CheckDefinition = {
    id: check?.id ?? 'test.check',
    title: check?.title ?? 'Test check',
    description: check?.description ?? '',
    dimension: check?.dimension ?? 'data',
    level: check?.level ?? 1,
    required: check?.required ?? false,
    weight: check?.weight ?? 1,
    persona: check?.persona ?? 'devops',
    flavors: check?.flavors ?? ['ml', 'llm'],
    sources: check?.sources ?? [],
    remediation: check?.remediation ?? '',
    requireObserved: options.requireObserved,
  };
  return {
    entity,
    flavor: check?.flavors?.includes('ml') === false ? 'llm' : 'ml',
    facts: {
      get: <T = JsonObject>(source: string) =>
        sets.get(source) as FactSet<T> | undefined,
      hasLiveSource: (source: string) => sets.has(source) || live.has(source),
    },
    params: { ...defaults, ...options.params },
    definition,
    now,
  };
}
