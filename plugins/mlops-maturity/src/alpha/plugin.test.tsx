import { screen } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { mlopsMaturityApiRef } from '../api';
import {
  level1MlScorecard,
  mlEntity,
  mlHistory,
  websiteEntity,
} from '../__testUtils__/fixtures';
import { mockMlopsMaturityApi } from '../__testUtils__/renderWithEntity';
import mlopsMaturityPlugin, {
  mlopsMaturityApi,
  mlopsMaturityEntityCard,
  mlopsMaturityEntityContent,
  mlopsMaturityRollupContent,
} from './plugin';

function apiWithScorecard() {
  const api = mockMlopsMaturityApi();
  api.getScorecard.mockResolvedValue(level1MlScorecard);
  api.getHistory.mockResolvedValue(mlHistory);
  return api;
}

describe('mlops-maturity for the new frontend system', () => {
  it('is a plugin with the API, the entity tab and the entity card', () => {
    expect(mlopsMaturityPlugin.pluginId).toBe('mlops-maturity');
    expect(
      mlopsMaturityPlugin.getExtension('api:mlops-maturity'),
    ).toMatchObject({ kind: 'api' });
    expect(
      mlopsMaturityPlugin.getExtension('entity-content:mlops-maturity'),
    ).toMatchObject({ kind: 'entity-content' });
    expect(
      mlopsMaturityPlugin.getExtension('entity-card:mlops-maturity'),
    ).toMatchObject({ kind: 'entity-card' });
    const factory = createExtensionTester(mlopsMaturityApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(mlopsMaturityApiRef);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('mounts the tab at mlops-maturity, titled and shown only for ML services', () => {
    // The title is a translation ref, resolved through the translation API.
    const tester = createExtensionTester(mlopsMaturityEntityContent, {
      apis: [mockApis.translation()],
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('mlops-maturity');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'MLOps maturity',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(mlEntity)).toBe(true);
    expect(filter?.(websiteEntity)).toBe(false);
  });

  it('mounts a second tab at mlops-maturity for groups, domains and systems only', () => {
    const tester = createExtensionTester(mlopsMaturityRollupContent, {
      apis: [mockApis.translation()],
    });
    expect(
      mlopsMaturityPlugin.getExtension('entity-content:mlops-maturity/rollup'),
    ).toMatchObject({ kind: 'entity-content' });
    expect(tester.get(coreExtensionData.routePath)).toBe('mlops-maturity');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    const domain = { ...websiteEntity, kind: 'Domain', spec: {} };
    expect(filter?.(domain)).toBe(true);
    expect(filter?.(mlEntity)).toBe(false);
    expect(filter?.(websiteEntity)).toBe(false);
  });

  it('renders the tab for an ML entity, loading its code lazily', async () => {
    const api = apiWithScorecard();
    const tester = createExtensionTester(mlopsMaturityEntityContent, {
      apis: [mockApis.translation()],
    });
    renderInTestApp(
      <EntityProvider entity={mlEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[mlopsMaturityApiRef, api]] },
    );
    expect(
      await screen.findByText('Level 1 — Semi-automated'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Show as table' }),
    ).toBeInTheDocument();
  });

  it('renders the card on an ML entity page and hides it elsewhere', async () => {
    const tester = createExtensionTester(mlopsMaturityEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(mlEntity)).toBe(true);
    expect(filter?.(websiteEntity)).toBe(false);

    const api = apiWithScorecard();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: mlEntity }),
        mlopsMaturityEntityCard,
      ],
      apis: [[mlopsMaturityApiRef, api]],
    });
    expect(await screen.findByText('Score: 67 / 100')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View MLOps maturity/ }),
    ).toHaveAttribute('href', expect.stringMatching(/\/mlops-maturity$/));
  });
});
