import { JsonObject } from '@backstage/types';

/**
 * Well-known fact sources. Modules may add their own; checks look sources up by name.
 * @public
 */
export const FACT_SOURCES = {
  catalog: 'catalog',
  repository: 'repository',
  ci: 'ci',
  registry: 'registry',
  monitoring: 'monitoring',
  /** Free-form facts pushed by CI jobs (eval results, feedback rates). */
  custom: 'custom',
} as const;

/**
 * What one collector produced for one entity. A failed collection keeps the previous
 * `facts` and sets `error`; `stale` marks facts older than the last attempt.
 * @public
 */
export interface FactSet<T = JsonObject> {
  source: string;
  entityRef: string;
  facts: T;
  collectedAt: string;
  error?: string;
  stale?: boolean;
  /** Facts loaded from sample data (demo), to be labelled as such wherever shown. */
  sample?: boolean;
  /** How the facts arrived: a live collector, or the push endpoint. */
  origin: 'collector' | 'push';
}
