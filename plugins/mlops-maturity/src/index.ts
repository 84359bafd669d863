/**
 * MLOps maturity of ML services: an entity tab, an overview card, an org page and
 * the API client. The new frontend system plugin is the default
 * export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  mlopsMaturityPlugin,
  EntityMlopsMaturityContent,
  EntityMlopsMaturityRollupContent,
  EntityMlopsMaturityCard,
  MlopsMaturityOrgPage,
} from './plugin';
export { isMlopsMaturityAvailable } from './isMlopsMaturityAvailable';
export { isMlopsMaturityRollupAvailable } from './isMlopsMaturityRollupAvailable';
export * from './api';
