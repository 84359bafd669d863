/**
 * The MLOps maturity backend plugin: selects the catalog's ML services, collects
 * evidence, evaluates the check catalogue and serves scorecards.
 *
 * @packageDocumentation
 */
export { mlopsMaturityPlugin as default } from './plugin';
