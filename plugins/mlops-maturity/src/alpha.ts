export {
  default,
  mlopsMaturityApi,
  mlopsMaturityEntityContent,
  mlopsMaturityEntityCard,
  mlopsMaturityOrgPage,
  mlopsMaturityOrgOverview,
  mlopsMaturityDomainComparison,
  mlopsMaturityCampaigns,
  mlopsMaturityRuleChangePreview,
} from './alpha/plugin';
export { mlopsMaturityTranslationRef } from './translation';
