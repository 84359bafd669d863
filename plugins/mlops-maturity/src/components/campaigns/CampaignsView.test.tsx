import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  CampaignDetails,
  CampaignSummary,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mockMlopsMaturityApi } from '../../__testUtils__/renderWithEntity';
import { CampaignsView } from './CampaignsView';

const payments: CampaignSummary = {
  id: 'payments-level-2',
  title: 'Payments production services at Level 2',
  scope: { domain: 'domain:default/payments', lifecycle: 'production' },
  goal: { level: 2 },
  deadline: '2027-03-31',
  source: 'config',
  progress: { services: 4, met: 1, behind: 2, waived: 1, unknown: 0 },
  daysLeft: 117,
};

const llmEval: CampaignSummary = {
  id: 'llm-eval',
  title: 'LLM services evaluate in CI',
  scope: { flavor: 'llm' },
  goal: { check: 'llm.eval-in-ci' },
  deadline: '2026-12-01',
  source: 'api',
  createdBy: 'user:default/platform-lead',
  createdAt: '2026-11-01T00:00:00.000Z',
  progress: { services: 3, met: 3, behind: 0, waived: 0, unknown: 0 },
  daysLeft: -3,
};

const paymentsDetails: CampaignDetails = {
  ...payments,
  notMet: [
    {
      entityRef: 'component:default/fraud-detector',
      status: 'behind',
      level: 1,
      owner: 'group:default/fraud-team',
    },
    {
      entityRef: 'component:default/card-scoring',
      status: 'waived',
      level: 1,
      owner: 'group:default/cards-team',
    },
  ],
  behindByOwner: [
    { owner: 'group:default/fraud-team', services: 1 },
    { owner: null, services: 1 },
  ],
  history: [
    { date: '2026-12-02', services: 4, met: 0 },
    { date: '2026-12-03', services: 4, met: 1 },
  ],
};

function renderView(
  setup: (api: ReturnType<typeof mockMlopsMaturityApi>) => void = () => {},
) {
  const api = mockMlopsMaturityApi();
  api.listCampaigns.mockResolvedValue([llmEval, payments]);
  api.getCampaign.mockResolvedValue(paymentsDetails);
  setup(api);
  renderInTestApp(<CampaignsView />, {
    apis: [[mlopsMaturityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const campaignRegion = (title: string) =>
  screen.findByRole('region', { name: title });

describe('CampaignsView', () => {
  it('shows each campaign with its goal, scope, deadline and progress', async () => {
    renderView();
    const region = within(
      await campaignRegion('Payments production services at Level 2'),
    );
    expect(region.getByText('Defined in app-config')).toBeInTheDocument();
    expect(region.getByText('Goal: Level 2 or above')).toBeInTheDocument();
    expect(
      region.getByText('Scope: domain payments · lifecycle production'),
    ).toBeInTheDocument();
    expect(
      region.getByText('Deadline Mar 31, 2027 (117 days left)'),
    ).toBeInTheDocument();
    expect(
      region.getByRole('progressbar', {
        name: 'Progress of Payments production services at Level 2',
      }),
    ).toHaveAttribute('aria-valuenow', '25');
    expect(
      region.getByText('1 of 4 services meet the goal'),
    ).toBeInTheDocument();
    expect(
      region.getByText('2 behind, 1 waived, 0 not known yet', { exact: false }),
    ).toBeInTheDocument();

    const llm = within(await campaignRegion('LLM services evaluate in CI'));
    expect(
      llm.getByText('Created by user:default/platform-lead'),
    ).toBeInTheDocument();
    expect(
      llm.getByText('Goal: pass the check llm.eval-in-ci'),
    ).toBeInTheDocument();
    expect(llm.getByText('Scope: LLM services')).toBeInTheDocument();
    expect(
      llm.getByText('Deadline Dec 1, 2026 (passed 3 days ago)'),
    ).toBeInTheDocument();
  });

  it('shows who is behind, the services not meeting the goal and the progress over time', async () => {
    const api = renderView();
    const region = within(
      await campaignRegion('Payments production services at Level 2'),
    );
    await userEvent.click(
      region.getByRole('button', { name: 'Who is behind' }),
    );
    const owners = within(
      await region.findByRole('table', {
        name: 'Behind, by owner: Payments production services at Level 2',
      }),
    );
    expect(owners.getAllByRole('row').map(row => row.textContent)).toEqual([
      'OwnerServices',
      'fraud-team1',
      'No owner1',
    ]);
    const notMet = within(
      region.getByRole('table', {
        name: 'Services not meeting the goal: Payments production services at Level 2',
      }),
    );
    expect(
      notMet.getByRole('link', { name: 'fraud-detector' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/fraud-detector/mlops-maturity',
    );
    expect(notMet.getByText('Waived')).toBeInTheDocument();
    const history = within(
      region.getByRole('table', {
        name: 'Progress over time: Payments production services at Level 2',
      }),
    );
    expect(
      history.getByText('1 of 4 services meet the goal'),
    ).toBeInTheDocument();
    expect(api.getCampaign).toHaveBeenCalledWith('payments-level-2');
  });

  it('creates a campaign from the form and lists it', async () => {
    const api = renderView();
    api.createCampaign.mockResolvedValue({ ...llmEval, id: 'search-l1' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'New campaign' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.type(dialog.getByLabelText(/^Id/), 'search-l1');
    await userEvent.type(dialog.getByLabelText(/^Title/), 'Search at Level 1');
    await userEvent.type(dialog.getByLabelText(/^Domain/), 'search');
    await userEvent.type(dialog.getByLabelText(/^Deadline/), '2027-02-28');
    await userEvent.click(dialog.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(api.createCampaign).toHaveBeenCalledWith({
        id: 'search-l1',
        title: 'Search at Level 1',
        scope: { domain: 'search' },
        goal: { level: 2 },
        deadline: '2027-02-28',
      }),
    );
    await waitFor(() => expect(api.listCampaigns).toHaveBeenCalledTimes(2));
    // The dialog closes with a transition.
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("shows the backend's reason when a campaign is refused", async () => {
    const api = renderView();
    api.createCampaign.mockRejectedValue(
      new Error(
        'Invalid request body.goal.check: "llm.nope" is not an enabled check (see GET /checks)',
      ),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'New campaign' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.type(dialog.getByLabelText(/^Id/), 'x');
    await userEvent.type(dialog.getByLabelText(/^Title/), 'X');
    await userEvent.type(dialog.getByLabelText(/^Deadline/), '2027-02-28');
    await userEvent.click(dialog.getByRole('button', { name: 'Create' }));
    expect(
      await dialog.findByText(
        'Could not create the campaign: Invalid request body.goal.check: "llm.nope" is not an enabled check (see GET /checks)',
      ),
    ).toBeInTheDocument();
  });

  it('deletes a campaign created through the API, and only those', async () => {
    const api = renderView();
    api.deleteCampaign.mockResolvedValue();
    const payment = within(
      await campaignRegion('Payments production services at Level 2'),
    );
    expect(
      payment.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    const llm = within(await campaignRegion('LLM services evaluate in CI'));
    await userEvent.click(llm.getByRole('button', { name: 'Delete' }));
    expect(api.deleteCampaign).toHaveBeenCalledWith('llm-eval');
    await waitFor(() => expect(api.listCampaigns).toHaveBeenCalledTimes(2));
  });

  it('says when there are no campaigns', async () => {
    renderView(api => api.listCampaigns.mockResolvedValue([]));
    expect(await screen.findByText(/^No campaigns yet/)).toBeInTheDocument();
  });

  it('shows a server error', async () => {
    const failure = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'Error', message: 'database down' } }),
        { status: 500, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    renderView(api => api.listCampaigns.mockRejectedValue(failure));
    expect(await screen.findAllByText(/database down/)).not.toHaveLength(0);
  });
});
