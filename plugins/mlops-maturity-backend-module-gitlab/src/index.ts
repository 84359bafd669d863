/**
 * Live CI evidence from GitLab CI for the MLOps maturity plugin.
 *
 * @packageDocumentation
 */

export { mlopsMaturityModuleGitlab as default } from './module';
