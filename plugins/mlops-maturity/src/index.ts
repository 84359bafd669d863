/**
 * MLOps maturity of ML services on the Backstage entity page: an entity tab, an
 * overview card and the API client. The new frontend system plugin is the default
 * export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  mlopsMaturityPlugin,
  EntityMlopsMaturityContent,
  EntityMlopsMaturityCard,
} from './plugin';
export { isMlopsMaturityAvailable } from './isMlopsMaturityAvailable';
export * from './api';
