export { CampaignsView } from './CampaignsView';
export { ServiceCampaigns } from './ServiceCampaigns';
