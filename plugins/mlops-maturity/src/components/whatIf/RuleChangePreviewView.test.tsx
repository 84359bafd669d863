import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { mlopsMaturityApiRef } from '../../api';
import { mockMlopsMaturityApi } from '../../__testUtils__/renderWithEntity';
import { RuleChangePreviewView } from './RuleChangePreviewView';

function renderView() {
  const api = mockMlopsMaturityApi();
  renderInTestApp(<RuleChangePreviewView />, {
    apis: [[mlopsMaturityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const editor = () => screen.getByLabelText('Rule change (JSON)');

describe('RuleChangePreviewView', () => {
  it('previews the change written in the editor and shows who would move', async () => {
    const api = renderView();
    api.previewRuleChange.mockResolvedValue({
      services: 14,
      up: 1,
      down: 2,
      byDomain: [
        { key: 'domain:default/payments', services: 5, up: 0, down: 2 },
        { key: 'domain:default/search', services: 2, up: 1, down: 0 },
      ],
      byOwner: [{ key: 'group:default/fraud-ml', services: 3, up: 0, down: 2 }],
      changed: [
        {
          entityRef: 'component:default/fraud-scoring-service',
          from: 2,
          to: 1,
          domain: 'domain:default/payments',
          owner: 'group:default/fraud-ml',
        },
      ],
      warnings: ['deploy.iac: weight ignored'],
    });
    fireEvent.change(editor(), {
      target: { value: '{"checks": {"deploy.iac": {"required": false}}}' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByText(
        'Of 14 services you may read, 1 would change level: 1 up, 2 down.',
      ),
    ).toBeInTheDocument();
    expect(api.previewRuleChange).toHaveBeenCalledWith({
      checks: { 'deploy.iac': { required: false } },
    });
    const domains = within(screen.getByRole('table', { name: 'By domain' }));
    expect(domains.getAllByRole('row').map(row => row.textContent)).toEqual([
      'DomainServicesUpDown',
      'payments502',
      'search210',
    ]);
    const changed = within(
      screen.getByRole('table', { name: 'Services that would change level' }),
    );
    expect(
      changed.getByRole('link', { name: 'fraud-scoring-service' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/fraud-scoring-service/mlops-maturity',
    );
    expect(screen.getByText('deploy.iac: weight ignored')).toBeInTheDocument();
  });

  it('says when the editor holds no JSON, without asking the backend', async () => {
    const api = renderView();
    fireEvent.change(editor(), { target: { value: '{ checks: ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Not valid JSON: /);
    expect(api.previewRuleChange).not.toHaveBeenCalled();
  });

  it("shows the backend's reason for refusing a change", async () => {
    const api = renderView();
    api.previewRuleChange.mockRejectedValue(
      new Error(
        "Invalid mlopsMaturity configuration for check 'no.such': no check has this id",
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        "The change was refused: Invalid mlopsMaturity configuration for check 'no.such': no check has this id",
      ),
    );
  });
});
