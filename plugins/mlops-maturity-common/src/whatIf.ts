import { MaturityLevel } from './levels';

/**
 * A change of the check catalogue to preview: check overrides and custom checks as in
 * app-config (`mlopsMaturity.checks`, `mlopsMaturity.customChecks`, added to those
 * configured), and the level rules.
 * @public
 */
export interface RuleChange {
  checks?: Record<string, unknown>;
  customChecks?: unknown[];
  levels?: { requireObserved?: Array<1 | 2> };
}

/** How many services of a group would move. @public */
export interface RuleChangeGroup {
  key: string;
  services: number;
  up: number;
  down: number;
}

/** A service whose level would change. @public */
export interface RuleChangeService {
  entityRef: string;
  from: MaturityLevel;
  to: MaturityLevel;
  domain?: string;
  owner?: string;
}

/**
 * The outcome of a rule change over the stored facts of the services the caller may
 * read; nothing is saved.
 * @public
 */
export interface RuleChangePreview {
  services: number;
  up: number;
  down: number;
  byDomain: RuleChangeGroup[];
  byOwner: RuleChangeGroup[];
  changed: RuleChangeService[];
  /** Settings the catalogue ignored rather than refused. */
  warnings: string[];
}
