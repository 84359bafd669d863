import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mlopsMaturityApiRef } from '../../api';
import { OrgOverview } from './OrgOverview';
import {
  domainTrend,
  orgApi,
  PAYMENTS,
  RISK,
  SUPPORT,
  topBlockers,
} from './__testUtils__/orgFixtures';
import { captureDownloads } from './__testUtils__/captureDownloads';

function renderOverview(api = orgApi()) {
  renderInTestApp(<OrgOverview />, {
    apis: [[mlopsMaturityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const region = (name: string) => screen.getByRole('region', { name });

async function kpi(name: string) {
  return within(await screen.findByRole('group', { name }));
}

async function showTable(regionName: string) {
  const card = within(await screen.findByRole('region', { name: regionName }));
  await userEvent.click(
    await card.findByRole('button', { name: 'Show as table' }),
  );
  return within(card.getByRole('table'));
}

describe('OrgOverview', () => {
  it('shows the key figures of the top-level domains and the 30-day change', async () => {
    const api = renderOverview();
    expect((await kpi('ML services')).getByText('12')).toBeInTheDocument();
    const level1 = await kpi('At level 1 or above');
    expect(level1.getByText('75%')).toBeInTheDocument();
    expect(level1.getByText('9 of 12 services')).toBeInTheDocument();
    const level2 = await kpi('At level 2');
    expect(level2.getByText('25%')).toBeInTheDocument();
    expect(level2.getByText('3 of 12 services')).toBeInTheDocument();
    expect((await kpi('Mean score')).getByText('62.5')).toBeInTheDocument();
    // The subdomain's targets are already in its parent's.
    const target = await kpi('Meet their target');
    expect(target.getByText('57%')).toBeInTheDocument();
    expect(
      target.getByText(
        '4 of 7 services with a target level for their lifecycle',
      ),
    ).toBeInTheDocument();
    const change = await kpi('30-day change');
    expect(await change.findByText('+17.5 points')).toBeInTheDocument();
    expect(
      change.getByText(
        'Mean score since Feb 1, 2026; share at level 1 or above +41.7 points',
      ),
    ).toBeInTheDocument();

    // The trend follows the same top-level domains, not the subdomain.
    expect(api.getRollupTrend).toHaveBeenCalledWith({
      by: 'domain',
      keys: [PAYMENTS, RISK, SUPPORT],
      from: expect.any(Date),
    });
  });

  it('labels the days that count sample history, and a change measured from them', async () => {
    const api = orgApi();
    api.getRollupTrend.mockResolvedValue(
      domainTrend.map(point =>
        point.date === '2026-03-14'
          ? point
          : { ...point, sampleServices: point.services },
      ),
    );
    renderOverview(api);
    const change = await kpi('30-day change');
    expect(
      await change.findByText(/Compared with sample history \(demo\)\.$/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /^Days up to Feb 20, 2026 include sample history \(demo\)/,
      ),
    ).toBeInTheDocument();
    const table = await showTable('Trend');
    expect(
      table
        .getAllByRole('row')
        .slice(1)
        .map(row => Boolean(within(row).queryByText('Sample data'))),
    ).toEqual([true, true, false]);
  });

  it('says there is no 30-day change yet when the history is shorter', async () => {
    const api = orgApi();
    api.getRollupTrend.mockResolvedValue(
      domainTrend.filter(point => point.date !== '2026-02-01'),
    );
    renderOverview(api);
    const change = await kpi('30-day change');
    expect(await change.findByText('No data yet')).toBeInTheDocument();
  });

  it('shows each domain and team level distribution as a table on request', async () => {
    renderOverview();
    // Top-level domains only: payments already counts its subdomain cards.
    const chart = await screen.findByRole('img', {
      name: /for 3 top-level groups/,
    });
    await waitFor(() =>
      expect(
        chart.querySelectorAll('.recharts-bar-rectangle').length,
      ).toBeGreaterThanOrEqual(3),
    );
    const domains = await showTable('Level distribution by domain');
    // Subdomains are listed under their parent once it is expanded.
    expect(domains.queryByRole('row', { name: /^cards/ })).toBeNull();
    const expandPayments = domains.getByRole('button', {
      name: 'Show the groups inside payments',
    });
    expect(expandPayments).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(expandPayments);
    expect(expandPayments).toHaveAttribute('aria-expanded', 'true');
    expect(
      domains
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['payments', 'cards', 'risk', 'support']);
    expect(
      domains.getByRole('columnheader', { name: 'Level 2 — Fully automated' }),
    ).toBeInTheDocument();
    expect(
      within(domains.getByRole('row', { name: /^risk/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['risk', '4', '2', '2', '0', '45', '1 of 3']);
    expect(
      domains.getByRole('columnheader', { name: 'Meet target' }),
    ).toBeInTheDocument();
    expect(
      within(domains.getByRole('row', { name: /^support/ }))
        .getAllByRole('cell')
        .at(-1)?.textContent,
    ).toBe('–');

    const teams = await showTable('Level distribution by team');
    await userEvent.click(
      teams.getByRole('button', { name: 'Show the groups inside ml-platform' }),
    );
    expect(
      within(teams.getByRole('row', { name: /^fraud-team/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['fraud-team', '5', '1', '2', '2', '72']);
    // No team has a target: no column of dashes.
    expect(
      teams.queryByRole('columnheader', { name: 'Meet target' }),
    ).not.toBeInTheDocument();
  });

  it('shows the pass rate of each persona and dimension as text', async () => {
    renderOverview();
    const heatmap = within(
      await screen.findByRole('table', {
        name: /Share of applicable checks that pass/,
      }),
    );
    const registry = within(
      heatmap.getByRole('row', { name: /^Model registry/ }),
    );
    const cells = registry.getAllByRole('cell');
    expect(
      heatmap.getAllByRole('columnheader').map(header => header.textContent),
    ).toEqual([
      'Dimension',
      'Data scientist',
      'ML engineer',
      'DevOps engineer',
    ]);
    // The first cell is the row header.
    expect(cells[1]).toHaveTextContent('No applicable checks');
    expect(cells[2]).toHaveTextContent('80%8 of 10');
    expect(
      within(heatmap.getByRole('row', { name: /^Monitoring/ })).getAllByRole(
        'cell',
      )[3],
    ).toHaveTextContent('0%0 of 4');
  });

  it('compares teams by their persona, with the check each most often misses', async () => {
    const api = renderOverview();
    const card = within(
      await screen.findByRole('region', { name: 'By team persona' }),
    );
    const rows = await card.findAllByRole('row');
    expect(
      rows.map(r =>
        within(r)
          .queryAllByRole('cell')
          .map(c => c.textContent),
      ),
    ).toEqual([
      [],
      [
        'Data-science teams',
        '3',
        '2',
        '1',
        '0',
        '38.5',
        `${topBlockers[0].title} (${topBlockers[0].services} services)`,
      ],
      [
        'ML-engineering teams',
        '5',
        '1',
        '2',
        '2',
        '71',
        `${topBlockers[0].title} (${topBlockers[0].services} services)`,
      ],
    ]);
    expect(api.getTopBlockers).toHaveBeenCalledWith({
      limit: 1,
      teamPersona: 'ml-engineer',
    });
  });

  it('lists the top blockers with their remediation and docs', async () => {
    renderOverview();
    const blocker = within(
      await screen.findByRole('listitem', {
        name: 'Continuous deployment on merge',
      }),
    );
    expect(
      blocker.getByText('Blocks 5 services from level 2'),
    ).toBeInTheDocument();
    expect(
      blocker.getByText('Deployment · DevOps engineer'),
    ).toBeInTheDocument();
    expect(blocker.getByText(/^How to fix/).parentElement).toHaveTextContent(
      'How to fix: Trigger the deploy workflow on push to main, without a manual gate.',
    );
    expect(
      blocker.getByRole('link', {
        name: /^Read the docs: Continuous deployment on merge/,
      }),
    ).toHaveAttribute(
      'href',
      'https://example.com/docs/checks#deploy-cd-on-merge',
    );

    const single = within(
      screen.getByRole('listitem', { name: 'Data is validated' }),
    );
    expect(
      single.getByText('Blocks 1 service from level 1'),
    ).toBeInTheDocument();
    expect(single.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows the trend as a table on request', async () => {
    renderOverview();
    const trend = await showTable('Trend');
    expect(trend.getAllByRole('row').map(row => row.textContent)).toEqual([
      'DateServicesMean scoreAt level 1 or above (%)',
      'Feb 1, 2026124533%',
      'Feb 20, 20261253.550%',
      'Mar 14, 20261262.575%',
    ]);
    expect(
      screen.getByRole('img', { name: /from Feb 1, 2026 to Mar 14, 2026/ }),
    ).toBeInTheDocument();
  });

  it('downloads a rollup as CSV through the API', async () => {
    const downloads = captureDownloads();
    const api = orgApi();
    const csv = new Blob(['key,services\n']);
    api.exportRollupsCsv.mockResolvedValue(csv);
    renderOverview(api);
    const teams = within(
      await screen.findByRole('region', { name: 'Level distribution by team' }),
    );
    await userEvent.click(
      await teams.findByRole('button', { name: 'Download CSV' }),
    );
    expect(api.exportRollupsCsv).toHaveBeenCalledWith({ by: 'owner' });
    await waitFor(() =>
      expect(downloads.saved).toEqual([
        { blob: csv, fileName: 'mlops-maturity-by-owner.csv' },
      ]),
    );
    downloads.restore();
  });

  it('shows the server error where the data is missing', async () => {
    const api = orgApi();
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'database is down' },
          response: { statusCode: 500 },
        }),
        {
          status: 500,
          statusText: 'Internal Server Error',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    api.getRollups.mockRejectedValue(error);
    renderOverview(api);
    expect(
      (await screen.findAllByText(/database is down/)).length,
    ).toBeGreaterThan(0);
    // The blockers still load on their own.
    expect(
      await screen.findByRole('listitem', { name: 'Data is validated' }),
    ).toBeInTheDocument();
    expect(region('Trend')).toHaveTextContent(/database is down/);
  });
});
