import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { GovernedWaiver } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { level1MlScorecard } from '../../__testUtils__/fixtures';
import { mockMlopsMaturityApi } from '../../__testUtils__/renderWithEntity';
import { ServiceWaivers } from './ServiceWaivers';

const failing = level1MlScorecard.checks.find(c => c.status === 'fail')!;

const pending: GovernedWaiver = {
  id: 'w1',
  entityRef: level1MlScorecard.entityRef,
  checkId: failing.id,
  reason: 'Waits for the new serving platform',
  status: 'pending',
  requestedBy: 'user:default/owner',
  requestedAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2027-01-31T23:59:59.999Z',
};

function renderWaivers(waivers: GovernedWaiver[]) {
  const api = mockMlopsMaturityApi();
  api.listWaivers.mockResolvedValue(waivers);
  const changed = jest.fn();
  renderInTestApp(
    <ServiceWaivers
      scorecard={level1MlScorecard}
      onScorecardChanged={changed}
    />,
    { apis: [[mlopsMaturityApiRef, api]] },
  );
  return { api, changed };
}

describe('ServiceWaivers', () => {
  it('lists the waivers with what can still be decided, and approves one', async () => {
    const { api, changed } = renderWaivers([
      pending,
      { ...pending, id: 'w0', status: 'revoked' },
    ]);
    const table = within(await screen.findByRole('table', { name: 'Waivers' }));
    const rows = table.getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('Pending approval')).toBeInTheDocument();
    expect(within(rows[0]).getByText(failing.title)).toBeInTheDocument();
    expect(
      within(rows[1]).queryByRole('button', { name: 'Revoke' }),
    ).not.toBeInTheDocument();

    api.decideWaiver.mockResolvedValue({ ...pending, status: 'approved' });
    await userEvent.click(
      within(rows[0]).getByRole('button', { name: 'Approve' }),
    );
    expect(api.decideWaiver).toHaveBeenCalledWith('w1', 'approve');
    expect(api.listWaivers).toHaveBeenCalledWith({
      entityRef: level1MlScorecard.entityRef,
    });
    await waitFor(() => expect(changed).toHaveBeenCalled());
    await waitFor(() => expect(api.listWaivers).toHaveBeenCalledTimes(2));
  });

  it('says why a decision was refused', async () => {
    const { api } = renderWaivers([pending]);
    api.decideWaiver.mockRejectedValue(
      new Error(
        'You are not allowed to approve waivers (permission mlops-maturity.waiver.approve).',
      ),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    expect(
      await screen.findByText(
        'Could not approve: You are not allowed to approve waivers (permission mlops-maturity.waiver.approve).',
      ),
    ).toBeInTheDocument();
  });

  it('requests a waiver for a check that does not pass, and shows a refusal', async () => {
    const { api } = renderWaivers([]);
    expect(
      await screen.findByText(/^No waiver has been requested/),
    ).toBeInTheDocument();
    api.requestWaiver.mockRejectedValueOnce(
      new Error('expiresAt: a waiver may run at most 90 days'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request a waiver' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByLabelText(/^Check/));
    await userEvent.click(
      await screen.findByRole('option', { name: new RegExp(failing.title) }),
    );
    await userEvent.type(
      dialog.getByLabelText(/^Reason/),
      'Waits for the new serving platform',
    );
    fireEvent.change(dialog.getByLabelText(/^Until/), {
      target: { value: '2027-06-30' },
    });
    await userEvent.click(dialog.getByRole('button', { name: 'Request' }));
    expect(
      await dialog.findByText(
        'The request was refused: expiresAt: a waiver may run at most 90 days',
      ),
    ).toBeInTheDocument();
    expect(api.requestWaiver).toHaveBeenCalledWith({
      entityRef: level1MlScorecard.entityRef,
      checkId: failing.id,
      reason: 'Waits for the new serving platform',
      expiresAt: '2027-06-30',
    });

    api.requestWaiver.mockResolvedValueOnce(pending);
    await userEvent.click(dialog.getByRole('button', { name: 'Request' }));
    await waitFor(() => expect(api.listWaivers).toHaveBeenCalledTimes(2));
  });
});
