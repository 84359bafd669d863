/**
 * Live monitoring evidence from Prometheus for the MLOps maturity plugin.
 *
 * @packageDocumentation
 */

export { mlopsMaturityModulePrometheus as default } from './module';
