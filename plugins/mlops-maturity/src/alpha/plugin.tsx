import AssessmentIcon from '@material-ui/icons/Assessment';
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mlopsMaturityApiFactory } from '../api';
import { isMlopsMaturityAvailable } from '../isMlopsMaturityAvailable';
import { isMlopsMaturityRollupAvailable } from '../isMlopsMaturityRollupAvailable';
import { orgPageRouteRef } from '../routes';
import { mlopsMaturityTranslationRef } from '../translation';

/** @alpha */
export const mlopsMaturityApi = ApiBlueprint.make({
  params: defineParams => defineParams(mlopsMaturityApiFactory),
});

/** @alpha */
export const mlopsMaturityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'mlops-maturity',
    title: mlopsMaturityTranslationRef('title'),
    filter: isMlopsMaturityAvailable,
    loader: () =>
      import('../components/EntityMlopsMaturityContent').then(m => (
        <m.EntityMlopsMaturityContent />
      )),
  },
});

/** The tab of a Group, Domain or System page. @alpha */
export const mlopsMaturityRollupContent = EntityContentBlueprint.make({
  name: 'rollup',
  params: {
    path: 'mlops-maturity',
    title: mlopsMaturityTranslationRef('title'),
    filter: isMlopsMaturityRollupAvailable,
    loader: () =>
      import('../components/EntityMlopsMaturityRollupContent').then(m => (
        <m.EntityMlopsMaturityRollupContent />
      )),
  },
});

/** @alpha */
export const mlopsMaturityEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isMlopsMaturityAvailable,
    loader: () =>
      import('../components/EntityMlopsMaturityCard').then(m => (
        <m.EntityMlopsMaturityCard />
      )),
  },
});

/**
 * The org page at `/mlops-maturity`. With a title, an icon and a route ref it is
 * also the plugin's item in the app's navigation.
 * @alpha
 */
export const mlopsMaturityOrgPage = PageBlueprint.make({
  params: {
    path: '/mlops-maturity',
    title: mlopsMaturityTranslationRef('title'),
    icon: <AssessmentIcon />,
    routeRef: orgPageRouteRef,
  },
});

/** @alpha */
export const mlopsMaturityOrgOverview = SubPageBlueprint.make({
  name: 'overview',
  params: {
    path: 'overview',
    title: mlopsMaturityTranslationRef('orgPage.tabs.overview'),
    loader: () =>
      import('../components/OrgPage').then(m => (
        <Content>
          <m.OrgOverview />
        </Content>
      )),
  },
});

/** Linkable with its selection: `/mlops-maturity/compare?domain=<ref>&domain=<ref>`. @alpha */
export const mlopsMaturityDomainComparison = SubPageBlueprint.make({
  name: 'compare',
  params: {
    path: 'compare',
    title: mlopsMaturityTranslationRef('orgPage.tabs.compare'),
    loader: () =>
      import('../components/OrgPage').then(m => (
        <Content>
          <m.DomainComparison />
        </Content>
      )),
  },
});

/** @alpha */
export const mlopsMaturityCampaigns = SubPageBlueprint.make({
  name: 'campaigns',
  params: {
    path: 'campaigns',
    title: mlopsMaturityTranslationRef('orgPage.tabs.campaigns'),
    loader: () =>
      import('../components/campaigns').then(m => (
        <Content>
          <m.CampaignsView />
        </Content>
      )),
  },
});

/** @alpha */
export const mlopsMaturityRuleChangePreview = SubPageBlueprint.make({
  name: 'what-if',
  params: {
    path: 'what-if',
    title: mlopsMaturityTranslationRef('orgPage.tabs.whatIf'),
    loader: () =>
      import('../components/whatIf').then(m => (
        <Content>
          <m.RuleChangePreviewView />
        </Content>
      )),
  },
});

/** The platform team's queue of waivers to decide. @alpha */
export const mlopsMaturityWaiverQueue = SubPageBlueprint.make({
  name: 'waivers',
  params: {
    path: 'waivers',
    title: mlopsMaturityTranslationRef('orgPage.tabs.waivers'),
    loader: () =>
      import('../components/waivers').then(m => (
        <Content>
          <m.WaiverQueue />
        </Content>
      )),
  },
});

/**
 * The plugin for apps on the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlops-maturity',
  title: 'MLOps maturity',
  info: { packageJson: () => import('../../package.json') },
  routes: { orgPage: orgPageRouteRef },
  extensions: [
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
  ],
});
