/**
 * Live CI evidence from GitHub Actions for the MLOps maturity plugin.
 *
 * @packageDocumentation
 */

export { mlopsMaturityModuleGithub as default } from './module';
