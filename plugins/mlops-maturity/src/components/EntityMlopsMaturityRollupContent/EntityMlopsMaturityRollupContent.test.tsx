import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { RollupResponse } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import {
  domainRollup,
  orgApi,
  ownerRollup,
  PAYMENTS,
} from '../OrgPage/__testUtils__/orgFixtures';
import { EntityMlopsMaturityRollupContent } from './EntityMlopsMaturityRollupContent';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** Rows of the fixture rollup that lie in `key`'s part of the hierarchy. */
const subtree = (rollup: RollupResponse, key: string): RollupResponse => ({
  ...rollup,
  items: rollup.items.filter(row => row.key === key || row.parent === key),
});

function renderTab(subject: Entity, api = orgApi()) {
  renderInTestApp(
    <EntityProvider entity={subject}>
      <EntityMlopsMaturityRollupContent />
    </EntityProvider>,
    {
      apis: [[mlopsMaturityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

async function kpi(name: string) {
  return within(await screen.findByRole('group', { name }));
}

describe('EntityMlopsMaturityRollupContent', () => {
  it("shows a domain's figures, 30-day change, subdomains and services, narrowed to the domain", async () => {
    const api = orgApi();
    api.getRollups.mockImplementation(async ({ by }) =>
      by === 'domain' ? subtree(domainRollup, PAYMENTS) : ownerRollup,
    );
    renderTab(entity('Domain', 'payments'), api);

    expect(
      await screen.findByText(
        'The ML services in this domain, with those of its subdomains.',
      ),
    ).toBeInTheDocument();
    expect((await kpi('ML services')).getByText('6')).toBeInTheDocument();
    expect((await kpi('Mean score')).getByText('70')).toBeInTheDocument();
    expect(
      (await kpi('At level 1 or above')).getByText('5 of 6 services'),
    ).toBeInTheDocument();
    // payments went from 50 to 70, and from 3 to 5 of 6 services at level 1 or above.
    const change = await kpi('30-day change');
    expect(await change.findByText('+20 points')).toBeInTheDocument();
    expect(
      change.getByText(
        'Mean score since Feb 1, 2026; share at level 1 or above +33.3 points',
      ),
    ).toBeInTheDocument();

    for (const by of ['domain', 'owner', 'persona'] as const) {
      expect(api.getRollups).toHaveBeenCalledWith({ by, domain: PAYMENTS });
    }
    expect(api.getTopBlockers).toHaveBeenCalledWith({
      limit: 10,
      domain: PAYMENTS,
    });
    expect(api.getRollupTrend).toHaveBeenCalledWith({
      by: 'domain',
      keys: [PAYMENTS],
      from: expect.any(Date),
    });
    expect(api.listServices).toHaveBeenCalledWith(
      expect.objectContaining({ domain: PAYMENTS, page: 1 }),
    );

    // The domain's own row is the key figures: the chart breaks it down by subdomain.
    const byDomain = within(
      await screen.findByRole('region', {
        name: 'Level distribution by domain',
      }),
    );
    await userEvent.click(
      byDomain.getByRole('button', { name: 'Show as table' }),
    );
    const rows = within(byDomain.getByRole('table')).getAllByRole('row');
    expect(
      rows.slice(1).map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['cards']);
  });

  it("follows a group's services, its child teams included", async () => {
    const api = renderTab(entity('Group', 'ml-platform'));
    expect((await kpi('ML services')).getByText('12')).toBeInTheDocument();
    const byTeam = within(
      await screen.findByRole('region', { name: 'Level distribution by team' }),
    );
    expect(
      byTeam.queryByText(/No team below this one/),
    ).not.toBeInTheDocument();
    expect(api.getRollups).toHaveBeenCalledWith({
      by: 'owner',
      owner: 'group:default/ml-platform',
    });
    expect(api.getRollupTrend).toHaveBeenCalledWith({
      by: 'owner',
      keys: ['group:default/ml-platform'],
      from: expect.any(Date),
    });
  });

  it("shows a system's services and its trend", async () => {
    const api = orgApi();
    const checkout = 'system:default/checkout';
    api.getRollups.mockImplementation(async ({ by }) =>
      by === 'system'
        ? {
            by,
            items: [{ ...domainRollup.items[3], key: checkout }],
          }
        : domainRollup,
    );
    renderTab(entity('System', 'checkout'), api);
    expect((await kpi('ML services')).getByText('2')).toBeInTheDocument();
    expect(api.getTopBlockers).toHaveBeenCalledWith({
      limit: 10,
      system: checkout,
    });
    expect(api.getRollupTrend).toHaveBeenCalledWith({
      by: 'system',
      keys: [checkout],
      from: expect.any(Date),
    });
    expect(api.listServices).toHaveBeenCalledWith(
      expect.objectContaining({ system: checkout }),
    );
  });

  it('says so when no team below a group owns a scored service', async () => {
    const api = orgApi();
    api.getRollups.mockImplementation(async ({ by }) =>
      by === 'owner' ? { by, items: [ownerRollup.items[1]] } : domainRollup,
    );
    renderTab(entity('Group', 'fraud-team'), api);
    const byTeam = within(
      await screen.findByRole('region', { name: 'Level distribution by team' }),
    );
    expect(
      byTeam.getByText('No team below this one owns a scored ML service.'),
    ).toBeInTheDocument();
  });

  it('says so when no service of the entity has been scored', async () => {
    const api = orgApi();
    api.getRollups.mockResolvedValue({ by: 'owner', items: [] });
    renderTab(entity('Group', 'design'), api);
    expect(
      await screen.findByText('No ML service of this team has been scored yet'),
    ).toBeInTheDocument();
    expect(api.listServices).not.toHaveBeenCalled();
  });

  it('shows why the rollup could not be read', async () => {
    const api = orgApi();
    api.getRollups.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'not allowed' },
          }),
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    renderTab(entity('Domain', 'payments'), api);
    expect(await screen.findByText(/not allowed/)).toBeInTheDocument();
  });
});
