export { MlopsMaturityOrgPage } from './MlopsMaturityOrgPage';
export { OrgOverview } from './OrgOverview';
export { DomainComparison } from './DomainComparison';
