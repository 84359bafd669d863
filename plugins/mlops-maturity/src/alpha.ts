export {
  default,
  mlopsMaturityApi,
  mlopsMaturityEntityContent,
  mlopsMaturityRollupContent,
  mlopsMaturityEntityCard,
  mlopsMaturityOrgPage,
  mlopsMaturityOrgOverview,
  mlopsMaturityDomainComparison,
  mlopsMaturityCampaigns,
  mlopsMaturityRuleChangePreview,
  mlopsMaturityWaiverQueue,
} from './alpha/plugin';
export { mlopsMaturityTranslationRef } from './translation';
