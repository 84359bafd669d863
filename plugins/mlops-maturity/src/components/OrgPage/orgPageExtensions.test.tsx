import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { mlopsMaturityApiRef } from '../../api';
import mlopsMaturityPlugin, {
  mlopsMaturityDomainComparison,
  mlopsMaturityOrgOverview,
  mlopsMaturityOrgPage,
} from '../../alpha/plugin';
import { MlopsMaturityOrgPage } from '../../plugin';
import { orgPageRouteRef } from '../../routes';
import { orgApi, PAYMENTS, RISK } from './__testUtils__/orgFixtures';

const compareUrl = `/mlops-maturity/compare?domain=${encodeURIComponent(
  PAYMENTS,
)}&domain=${encodeURIComponent(RISK)}`;

describe('the org page in the legacy frontend system', () => {
  it('renders the lazily loaded overview and switches to the comparison tab', async () => {
    const api = orgApi();
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
        <Routes>
          <Route path="/mlops-maturity/*" element={<MlopsMaturityOrgPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/mlops-maturity'],
        mountedRoutes: {
          '/mlops-maturity': orgPageRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'MLOps maturity', level: 1 }),
    ).toBeInTheDocument();
    const services = within(
      await screen.findByRole('group', { name: 'ML services' }),
    );
    expect(services.getByText('12')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Compare domains' }));
    expect(
      await screen.findByRole('group', { name: 'Domains to compare' }),
    ).toBeInTheDocument();
  });
});

describe('the org page in the new frontend system', () => {
  it('is a page at /mlops-maturity with a title, an icon and a route ref, so it gets a nav item', () => {
    const tester = createExtensionTester(mlopsMaturityOrgPage, {
      apis: [mockApis.translation()],
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('/mlops-maturity');
    expect(tester.get(coreExtensionData.routeRef)).toBe(orgPageRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('MLOps maturity');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('has the overview, the comparison, the campaigns, the rule-change preview and the waiver queue as sub-pages of the plugin page', () => {
    // Sub-pages attach to the page of their own plugin.
    const tester = createExtensionTester(
      mlopsMaturityPlugin.getExtension('page:mlops-maturity'),
      { apis: [mockApis.translation()] },
    )
      .add(mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/overview'))
      .add(mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/compare'))
      .add(
        mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/campaigns'),
      )
      .add(mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/what-if'))
      .add(mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/waivers'));
    const overview = tester.query(
      mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/overview'),
    );
    expect(overview.get(coreExtensionData.routePath)).toBe('overview');
    expect(overview.get(coreExtensionData.title)).toBe('Overview');
    const compare = tester.query(
      mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/compare'),
    );
    expect(compare.get(coreExtensionData.routePath)).toBe('compare');
    expect(compare.get(coreExtensionData.title)).toBe('Compare domains');
    const campaigns = tester.query(
      mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/campaigns'),
    );
    expect(campaigns.get(coreExtensionData.routePath)).toBe('campaigns');
    expect(campaigns.get(coreExtensionData.title)).toBe('Campaigns');
    const whatIf = tester.query(
      mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/what-if'),
    );
    expect(whatIf.get(coreExtensionData.routePath)).toBe('what-if');
    expect(whatIf.get(coreExtensionData.title)).toBe('Preview a rule change');
    const waivers = tester.query(
      mlopsMaturityPlugin.getExtension('sub-page:mlops-maturity/waivers'),
    );
    expect(waivers.get(coreExtensionData.routePath)).toBe('waivers');
    expect(waivers.get(coreExtensionData.title)).toBe('Waivers');
  });

  it('opens a linked comparison', async () => {
    const api = orgApi();
    renderTestApp({
      extensions: [
        mlopsMaturityOrgPage,
        mlopsMaturityOrgOverview,
        mlopsMaturityDomainComparison,
      ],
      apis: [[mlopsMaturityApiRef, api]],
      initialRouteEntries: [compareUrl],
    });
    const summary = within(
      await screen.findByRole('region', { name: 'Side by side' }),
    );
    expect(
      within(summary.getByRole('row', { name: /^Services/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['Services', '6', '4']);
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'href',
      '/mlops-maturity/overview',
    );
    // The page is the plugin's item in the app's navigation.
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'MLOps maturity' },
      ),
    ).toHaveAttribute('href', '/mlops-maturity');
  });

  it('opens the overview from the page path', async () => {
    renderTestApp({
      extensions: [
        mlopsMaturityOrgPage,
        mlopsMaturityOrgOverview,
        mlopsMaturityDomainComparison,
      ],
      apis: [[mlopsMaturityApiRef, orgApi()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/mlops-maturity'],
    });
    const services = within(
      await screen.findByRole('group', { name: 'ML services' }),
    );
    expect(services.getByText('12')).toBeInTheDocument();
  });
});
