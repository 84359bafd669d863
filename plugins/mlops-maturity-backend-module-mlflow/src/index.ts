/**
 * Live model registry evidence from MLflow for the MLOps maturity plugin.
 *
 * @packageDocumentation
 */

export { mlopsMaturityModuleMlflow as default } from './module';
