import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ServiceSummary } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { ServicesTable } from './ServicesTable';
import { captureDownloads } from './__testUtils__/captureDownloads';
import {
  orgApi,
  PAYMENTS,
  RISK,
  services,
  SUPPORT,
} from './__testUtils__/orgFixtures';

function renderTable(api = orgApi()) {
  renderInTestApp(
    <ServicesTable
      domainOptions={[RISK, PAYMENTS, SUPPORT]}
      ownerOptions={['group:default/fraud-team', 'group:default/risk-team']}
    />,
    {
      apis: [[mlopsMaturityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

/** The service names in the order the table shows them. */
async function shownServices() {
  const table = await screen.findByRole('table');
  return within(table)
    .queryAllByRole('link')
    .map(link => link.textContent);
}

const QUERY_DEFAULTS = { orderBy: 'entityRef', order: 'asc' };

describe('ServicesTable', () => {
  it('links every service to its MLOps maturity tab', async () => {
    renderTable();
    expect(await shownServices()).toEqual([
      'chargeback-predictor',
      'credit-limit-model',
      'fraud-scoring-service',
      'support-assistant',
    ]);
    expect(
      screen.getByRole('link', { name: 'credit-limit-model' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/credit-limit-model/mlops-maturity',
    );
    const row = within(
      screen.getByRole('row', { name: /^credit-limit-model/ }),
    );
    expect(row.getAllByRole('cell').map(cell => cell.textContent)).toEqual([
      'credit-limit-model',
      '0 — Manual',
      '38',
      '90%',
      'ML',
      'risk-team',
      'risk',
      '1',
    ]);
    // Announced when a filter or the search changes the count.
    expect(screen.getByText('4 services')).toHaveAttribute('role', 'status');
  });

  it('filters by level, domain, owner and flavor on the server', async () => {
    const api = renderTable();
    await shownServices();
    await userEvent.selectOptions(screen.getByLabelText('Level'), '2');
    expect(await shownServices()).toEqual([
      'fraud-scoring-service',
      'support-assistant',
    ]);
    expect(api.listServices).toHaveBeenLastCalledWith({
      ...QUERY_DEFAULTS,
      level: 2,
      page: 1,
      pageSize: 500,
    });

    await userEvent.selectOptions(
      screen.getByLabelText('Domain'),
      screen.getByRole('option', { name: 'support' }),
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Owner'),
      screen.getByRole('option', { name: 'fraud-team' }),
    );
    await userEvent.selectOptions(screen.getByLabelText('Flavor'), 'llm');
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith({
        ...QUERY_DEFAULTS,
        level: 2,
        domain: SUPPORT,
        owner: 'group:default/fraud-team',
        flavor: 'llm',
        page: 1,
        pageSize: 500,
      }),
    );
  });

  it('lists the domains by name in the filter', async () => {
    renderTable();
    await shownServices();
    expect(
      within(screen.getByLabelText('Domain'))
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['All', 'payments', 'risk', 'support']);
  });

  it('searches by name in the browser', async () => {
    const api = renderTable();
    await shownServices();
    const calls = api.listServices.mock.calls.length;
    await userEvent.type(screen.getByLabelText('Search by name'), 'CREDIT');
    expect(await shownServices()).toEqual(['credit-limit-model']);
    expect(screen.getByText('1 service')).toHaveAttribute('role', 'status');
    expect(api.listServices).toHaveBeenCalledTimes(calls);

    await userEvent.clear(screen.getByLabelText('Search by name'));
    await userEvent.type(screen.getByLabelText('Search by name'), 'nothing');
    expect(await screen.findByText('No services match.')).toBeInTheDocument();
  });

  it('sorts by a column, and reverses on a second click', async () => {
    const api = renderTable();
    await shownServices();
    const scoreHeader = screen.getByRole('columnheader', { name: 'Score' });
    expect(
      screen.getByRole('columnheader', { name: 'Service' }),
    ).toHaveAttribute('aria-sort', 'ascending');
    expect(scoreHeader).not.toHaveAttribute('aria-sort');

    await userEvent.click(within(scoreHeader).getByRole('button'));
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith({
        orderBy: 'score',
        order: 'asc',
        page: 1,
        pageSize: 500,
      }),
    );
    expect(
      await screen.findByRole('columnheader', { name: 'Score' }),
    ).toHaveAttribute('aria-sort', 'ascending');

    await userEvent.click(
      within(screen.getByRole('columnheader', { name: 'Score' })).getByRole(
        'button',
      ),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith({
        orderBy: 'score',
        order: 'desc',
        page: 1,
        pageSize: 500,
      }),
    );
    expect(
      await screen.findByRole('columnheader', { name: 'Score' }),
    ).toHaveAttribute('aria-sort', 'descending');
  });

  it('fetches every page so the search sees all services, and pages in the browser', async () => {
    const many: ServiceSummary[] = Array.from({ length: 530 }, (_, i) => ({
      ...services[0],
      entityRef: `component:default/model-${String(i).padStart(3, '0')}`,
    }));
    const api = orgApi();
    api.listServices.mockImplementation(async (query = {}) => {
      const start = ((query.page ?? 1) - 1) * (query.pageSize ?? 50);
      return {
        items: many.slice(start, start + (query.pageSize ?? 50)),
        totalCount: many.length,
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 50,
      };
    });
    renderTable(api);
    expect(await shownServices()).toHaveLength(25);
    expect(api.listServices).toHaveBeenCalledTimes(2);
    expect(api.listServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ page: 2, pageSize: 500 }),
    );

    await userEvent.type(screen.getByLabelText('Search by name'), 'model-52');
    expect(await shownServices()).toEqual([
      'model-520',
      'model-521',
      'model-522',
      'model-523',
      'model-524',
      'model-525',
      'model-526',
      'model-527',
      'model-528',
      'model-529',
    ]);

    await userEvent.clear(screen.getByLabelText('Search by name'));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect((await shownServices())[0]).toBe('model-025');
  });

  it('exports the filtered services as CSV through the API', async () => {
    const downloads = captureDownloads();
    const api = renderTable();
    const csv = new Blob(['entityRef,level\n']);
    api.exportServicesCsv.mockResolvedValue(csv);
    await shownServices();
    await userEvent.selectOptions(screen.getByLabelText('Level'), '1');
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(downloads.saved).toEqual([
        { blob: csv, fileName: 'mlops-maturity-services.csv' },
      ]),
    );
    expect(api.exportServicesCsv).toHaveBeenCalledWith({
      ...QUERY_DEFAULTS,
      level: 1,
    });
    downloads.restore();
  });

  it('says when the export fails', async () => {
    const api = renderTable();
    api.exportServicesCsv.mockRejectedValue(new Error('export refused'));
    await shownServices();
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText('Download failed: export refused'),
    ).toBeInTheDocument();
  });
});
