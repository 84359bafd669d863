export {
  default,
  mlopsMaturityApi,
  mlopsMaturityEntityContent,
  mlopsMaturityEntityCard,
  mlopsMaturityOrgPage,
  mlopsMaturityOrgOverview,
  mlopsMaturityDomainComparison,
} from './alpha/plugin';
export { mlopsMaturityTranslationRef } from './translation';
