/**
 * Scoring without a running backend: a local checkout scored by the same engine and
 * built-in checks as the plugin, for the `mlops-maturity` CLI and other tools.
 *
 * @packageDocumentation
 */
export {
  readScoringConfig,
  scoreDirectory,
  type ScoreOptions,
  type ScoreResult,
  type ScoringConfig,
} from './standalone/scoreDirectory';
export type {
  CheckOverride,
  CustomCheckConfig,
} from './config/MlopsMaturityConfig';
export { builtinChecks } from './checks/builtin';
