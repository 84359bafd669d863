import { Entity } from '@backstage/catalog-model';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  CheckDefinition,
  Dimension,
  Evidence,
  FactSet,
  Flavor,
  Persona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * A tunable parameter of a check, settable under `mlopsMaturity.checks.<id>.params`.
 * @public
 */
export type CheckParameterSpec =
  | { type: 'string'; default: string; description: string }
  | {
      type: 'number';
      default: number;
      description: string;
      min?: number;
      max?: number;
    }
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'string[]'; default: string[]; description: string };

/** Facts available to a check, by source. @public */
export interface FactsView {
  get<T = JsonObject>(source: string): FactSet<T> | undefined;
  /**
   * True when a live collector for the source is installed and applies to the entity.
   * Then observed evidence decides; otherwise declared evidence may pass the check.
   */
  hasLiveSource(source: string): boolean;
}

/** @public */
export interface CheckContext {
  entity: Entity;
  flavor: Flavor;
  facts: FactsView;
  /** Defaults merged with app-config overrides, already validated. */
  params: Record<string, JsonValue>;
  definition: CheckDefinition;
  now: Date;
}

/**
 * What a check decides. `waived` is applied by the engine, never by a check.
 * @public
 */
export interface CheckOutcome {
  status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  message: string;
  evidence: Evidence[];
}

/**
 * A maturity check: typed code that turns facts into an outcome. Everything but
 * `evaluate` can be overridden by operators in app-config.
 * @public
 */
export interface MaturityCheck {
  id: string;
  title: string;
  description: string;
  dimension: Dimension;
  /** The level of the practice in the seed's model; levels are reached through capabilities. */
  level: 1 | 2;
  /**
   * Capabilities (ids from the capability table in docs/checks.md) this check can
   * demonstrate besides those the table names it for.
   */
  capabilities?: string[];
  /**
   * `false` keeps the check in the score only, even where a capability names it. By
   * default a check counts toward the level when it can demonstrate a capability.
   */
  required?: boolean;
  weight?: number;
  persona: Persona;
  /** Defaults to `['ml', 'llm']`. */
  flavors?: Flavor[];
  /**
   * The practice belongs to training one's own model (pipelines, registry, drift). On an
   * LLM service it applies only when the service trains or fine-tunes a model itself; an
   * app built on a hosted model gets `not-applicable`.
   */
  ownModelOnly?: boolean;
  sources: string[];
  remediation: string;
  docsUrl?: string;
  parameters?: Record<string, CheckParameterSpec>;
  /**
   * Parameters the check no longer takes, each with why. An override that still sets one
   * is ignored with a warning instead of stopping startup, so an upgrade keeps old configs working.
   */
  retiredParameters?: Record<string, string>;
  evaluate(context: CheckContext): CheckOutcome | Promise<CheckOutcome>;
}
