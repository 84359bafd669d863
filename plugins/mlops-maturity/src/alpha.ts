export {
  default,
  mlopsMaturityApi,
  mlopsMaturityEntityContent,
  mlopsMaturityEntityCard,
  mlopsMaturityOrgPage,
  mlopsMaturityOrgOverview,
  mlopsMaturityDomainComparison,
  mlopsMaturityCampaigns,
} from './alpha/plugin';
export { mlopsMaturityTranslationRef } from './translation';
