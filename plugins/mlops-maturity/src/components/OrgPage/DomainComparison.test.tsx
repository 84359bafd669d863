import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { mlopsMaturityApiRef } from '../../api';
import { DomainComparison } from './DomainComparison';
import { orgApi, PAYMENTS, RISK, SUPPORT } from './__testUtils__/orgFixtures';

function renderComparison(url: string, api = orgApi()) {
  renderInTestApp(<DomainComparison />, {
    apis: [[mlopsMaturityApiRef, api]],
    initialRouteEntries: [url],
  });
  return api;
}

const compareUrl = (...domains: string[]) =>
  `/mlops-maturity/compare?${domains
    .map(domain => `domain=${encodeURIComponent(domain)}`)
    .join('&')}`;

function rowTexts(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .map(row =>
      Array.from(row.querySelectorAll('th, td')).map(cell => cell.textContent),
    );
}

async function showTable(regionName: string) {
  const card = within(await screen.findByRole('region', { name: regionName }));
  await userEvent.click(card.getByRole('button', { name: 'Show as table' }));
  return card.getByRole('table');
}

describe('DomainComparison', () => {
  it('compares the domains in the link side by side, in the order picked', async () => {
    const api = renderComparison(compareUrl(PAYMENTS, RISK));
    const summary = within(
      await screen.findByRole('region', { name: 'Side by side' }),
    ).getByRole('table');
    expect(api.compareDomains).toHaveBeenCalledWith([PAYMENTS, RISK]);
    expect(rowTexts(summary)).toEqual([
      ['Measure', 'payments', 'risk'],
      ['Services', '6', '4'],
      ['Mean score', '70', '45'],
      ['Median score', '72', '41'],
      ['Coverage', '95%', '80%'],
    ]);
    expect(screen.getByRole('checkbox', { name: 'payments' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'risk' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'support' })).not.toBeChecked();
  });

  it('shows level distribution, dimension scores and trend as tables', async () => {
    renderComparison(compareUrl(PAYMENTS, RISK));
    expect(rowTexts(await showTable('Level distribution'))).toEqual([
      ['Measure', 'payments', 'risk'],
      ['Level 0 — Manual', '1', '2'],
      ['Level 1 — Semi-automated', '3', '2'],
      ['Level 2 — Fully automated', '2', '0'],
    ]);
    expect(rowTexts(await showTable('Dimension scores'))).toEqual([
      ['Dimension', 'payments', 'risk'],
      ['Model registry', '75% (6 of 8)', '25% (1 of 4)'],
      ['Deployment', '75% (9 of 12)', '25% (2 of 8)'],
    ]);
    // One line per domain in the chart.
    expect(
      screen
        .getByRole('img', { name: /Lines of the mean score/ })
        .querySelectorAll('.recharts-line'),
    ).toHaveLength(2);
    expect(rowTexts(await showTable('Mean score over time'))).toEqual([
      ['Date', 'payments', 'risk'],
      ['Feb 1, 2026', '50', '30'],
      ['Feb 20, 2026', '60', '38'],
      ['Mar 14, 2026', '70', '45'],
    ]);
  });

  it('shows the business metric medians', async () => {
    renderComparison(compareUrl(PAYMENTS, RISK));
    const metrics = within(
      await screen.findByRole('region', { name: 'Business metric medians' }),
    ).getByRole('table');
    expect(rowTexts(metrics)).toEqual([
      ['Measure', 'payments', 'risk'],
      ['Time to production', '30 days', '95 days'],
      ['Deploys in the last 30 days', '8', '1'],
      ['Age of the production model', '–', '–'],
      ['CI success rate', '92%', '–'],
    ]);
  });

  it('asks for two domains, and compares once a second one is picked', async () => {
    const api = renderComparison(compareUrl(PAYMENTS));
    expect(
      await screen.findByText('Pick at least two domains to compare them.'),
    ).toBeInTheDocument();
    expect(api.compareDomains).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('checkbox', { name: 'risk' }));
    await waitFor(() =>
      expect(api.compareDomains).toHaveBeenCalledWith([PAYMENTS, RISK]),
    );
    expect(
      await screen.findByRole('region', { name: 'Side by side' }),
    ).toBeInTheDocument();
  });

  it('allows four domains at most and ignores unknown ones in the link', async () => {
    const api = renderComparison(
      compareUrl(
        PAYMENTS,
        'domain:default/gone',
        RISK,
        SUPPORT,
        'domain:default/cards',
      ),
    );
    await screen.findByRole('region', { name: 'Side by side' });
    expect(api.compareDomains).toHaveBeenCalledWith([
      PAYMENTS,
      RISK,
      SUPPORT,
      'domain:default/cards',
    ]);
    const group = within(
      screen.getByRole('group', { name: 'Domains to compare' }),
    );
    expect(
      group
        .getAllByRole('checkbox')
        .every(box => (box as HTMLInputElement).checked),
    ).toBe(true);

    await userEvent.click(group.getByRole('checkbox', { name: 'cards' }));
    await waitFor(() =>
      expect(api.compareDomains).toHaveBeenLastCalledWith([
        PAYMENTS,
        RISK,
        SUPPORT,
      ]),
    );
  });

  it('shows the error of a failed comparison', async () => {
    const api = orgApi();
    api.compareDomains.mockRejectedValue(new Error('comparison failed'));
    renderComparison(compareUrl(PAYMENTS, RISK), api);
    expect(
      (await screen.findAllByText(/comparison failed/)).length,
    ).toBeGreaterThan(0);
  });
});
