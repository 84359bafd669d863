import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { mlopsMaturityApiRef } from './api';
import {
  EntityMlopsMaturityCard,
  EntityMlopsMaturityContent,
  EntityMlopsMaturityRollupContent,
  mlopsMaturityPlugin,
} from './plugin';
import {
  level1MlScorecard,
  mlEntity,
  mlHistory,
} from './__testUtils__/fixtures';
import { mockMlopsMaturityApi } from './__testUtils__/renderWithEntity';
import { orgApi } from './components/OrgPage/__testUtils__/orgFixtures';

function renderLegacy(element: JSX.Element) {
  const api = mockMlopsMaturityApi();
  api.getScorecard.mockResolvedValue(level1MlScorecard);
  api.getHistory.mockResolvedValue(mlHistory);
  return renderInTestApp(
    <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
      <EntityProvider entity={mlEntity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('mlops-maturity for the legacy frontend system', () => {
  it('provides the API factory', () => {
    expect(mlopsMaturityPlugin.getId()).toBe('mlops-maturity');
    expect([...mlopsMaturityPlugin.getApis()].map(f => f.api.id)).toEqual([
      mlopsMaturityApiRef.id,
    ]);
  });

  it('renders the lazily loaded entity tab on its route', async () => {
    // As in a legacy EntityPage, where EntityLayout.Route gives the tab its path.
    await renderLegacy(
      <Routes>
        <Route path="/*" element={<EntityMlopsMaturityContent />} />
      </Routes>,
    );
    expect(
      await screen.findByText('Level 1 — Semi-automated'),
    ).toBeInTheDocument();
    await screen.findByRole('button', { name: 'Show as table' });
  });

  it('renders the lazily loaded tab of a group', async () => {
    const group = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'ml-platform', namespace: 'default' },
      spec: {},
    };
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsMaturityApiRef, orgApi()]]}>
        <EntityProvider entity={group}>
          <Routes>
            <Route path="/*" element={<EntityMlopsMaturityRollupContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText(
        'The ML services this team owns, with those of the teams below it.',
      ),
    ).toBeInTheDocument();
  });

  it('renders the lazily loaded overview card', async () => {
    await renderLegacy(<EntityMlopsMaturityCard />);
    expect(await screen.findByText('Score: 67 / 100')).toBeInTheDocument();
  });
});
