export * from './MlopsMaturityApi';
export {
  MlopsMaturityClient,
  mlopsMaturityApiFactory,
} from './MlopsMaturityClient';
export { getScorecardNotFoundReason } from './errors';
export type { ScorecardNotFoundReason } from './errors';
