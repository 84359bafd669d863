import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CampaignsView } from '../campaigns';
import { RuleChangePreviewView } from '../whatIf';
import { WaiverQueue } from '../waivers';
import { DomainComparison } from './DomainComparison';
import { OrgOverview } from './OrgOverview';

/**
 * The org page of the legacy frontend system, with the overview, the domain
 * comparison, the campaigns, the rule-change preview and the waiver queue as tabs; the new frontend system composes the same views as sub-pages.
 */
export function MlopsMaturityOrgPage() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('title')} subtitle={t('orgPage.subtitle')} />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title={t('orgPage.tabs.overview')}>
          <OrgOverview />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/compare" title={t('orgPage.tabs.compare')}>
          <DomainComparison />
        </TabbedLayout.Route>
        <TabbedLayout.Route
          path="/campaigns"
          title={t('orgPage.tabs.campaigns')}
        >
          <CampaignsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/what-if" title={t('orgPage.tabs.whatIf')}>
          <RuleChangePreviewView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/waivers" title={t('orgPage.tabs.waivers')}>
          <WaiverQueue />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
