import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { GovernedWaiver } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mockMlopsMaturityApi } from '../../__testUtils__/renderWithEntity';
import { WaiverQueue } from './WaiverQueue';

const pending: GovernedWaiver = {
  id: 'w1',
  entityRef: 'component:default/support-assistant',
  checkId: 'llm.region',
  reason: 'The data residency review of swedencentral is in progress',
  status: 'pending',
  requestedBy: 'user:default/owner',
  requestedAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2027-01-31T23:59:59.999Z',
};
const approved: GovernedWaiver = {
  ...pending,
  id: 'w2',
  entityRef: 'component:default/churn',
  checkId: 'serving.autoscaling',
  status: 'approved',
};

function renderQueue(api = mockMlopsMaturityApi()) {
  renderInTestApp(<WaiverQueue />, {
    apis: [[mlopsMaturityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const queueTable = async () =>
  within(await screen.findByRole('table', { name: 'Waiver requests' }));

describe('WaiverQueue', () => {
  it('lists the pending waivers of every service, linked to their tabs, and switches to approved ones', async () => {
    const api = mockMlopsMaturityApi();
    api.listWaivers.mockImplementation(async ({ status }) =>
      status === 'approved' ? [approved] : [pending],
    );
    renderQueue(api);
    const table = await queueTable();
    expect(api.listWaivers).toHaveBeenCalledWith({ status: 'pending' });
    expect(
      table.getByRole('link', { name: 'support-assistant' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/support-assistant/mlops-maturity',
    );
    expect(table.getByText('Pending approval')).toBeInTheDocument();
    expect(table.getByRole('button', { name: 'Approve' })).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Show'));
    await userEvent.click(screen.getByRole('option', { name: 'Approved' }));
    const approvedTable = await queueTable();
    expect(
      await approvedTable.findByRole('link', { name: 'churn' }),
    ).toBeInTheDocument();
    expect(api.listWaivers).toHaveBeenLastCalledWith({ status: 'approved' });
    // An approved waiver can only be revoked.
    expect(
      approvedTable.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      approvedTable.getByRole('button', { name: 'Revoke' }),
    ).toBeInTheDocument();
  });

  it('approves with a note for the audit log and reloads the queue', async () => {
    const api = mockMlopsMaturityApi();
    api.listWaivers.mockResolvedValueOnce([pending]).mockResolvedValue([]);
    api.decideWaiver.mockResolvedValue({ ...pending, status: 'approved' });
    renderQueue(api);
    await userEvent.click(
      (await queueTable()).getByRole('button', { name: 'Approve' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    expect(
      dialog.getByText('Approve the waiver of llm.region on support-assistant'),
    ).toBeInTheDocument();
    await userEvent.type(
      dialog.getByLabelText('Note (optional)'),
      'Until the review ends',
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.decideWaiver).toHaveBeenCalledWith(
        'w1',
        'approve',
        'Until the review ends',
      ),
    );
    expect(
      await screen.findByText('No waiver is waiting for approval.'),
    ).toBeInTheDocument();
    expect(api.listWaivers).toHaveBeenCalledTimes(2);
  });

  it('says why a decision was refused and keeps the dialog open', async () => {
    const api = mockMlopsMaturityApi();
    api.listWaivers.mockResolvedValue([pending]);
    api.decideWaiver.mockRejectedValue(
      new Error(
        'You are not allowed to approve waivers (permission mlops-maturity.waiver.approve).',
      ),
    );
    renderQueue(api);
    await userEvent.click(
      (await queueTable()).getByRole('button', { name: 'Reject' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Reject' }));
    expect(
      await dialog.findByText(
        'Could not reject: You are not allowed to approve waivers (permission mlops-maturity.waiver.approve).',
      ),
    ).toBeInTheDocument();
    expect(api.decideWaiver).toHaveBeenCalledWith('w1', 'reject', undefined);
  });

  it('says when nothing waits for approval', async () => {
    renderQueue();
    expect(
      await screen.findByText('No waiver is waiting for approval.'),
    ).toBeInTheDocument();
  });
});
