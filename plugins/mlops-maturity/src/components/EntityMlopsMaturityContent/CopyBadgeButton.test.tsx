import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { mlopsMaturityApiRef } from '../../api';
import { mockMlopsMaturityApi } from '../../__testUtils__/renderWithEntity';
import { CopyBadgeButton } from './CopyBadgeButton';

function apiWithBadges() {
  const api = mockMlopsMaturityApi();
  api.getBadgeUrl.mockResolvedValue(
    'https://backstage.example.com/api/mlops-maturity/badges/component/default/fraud-scoring-service',
  );
  return api;
}

describe('CopyBadgeButton', () => {
  const writeText = jest.fn(async (_text: string) => {});
  beforeEach(() => {
    writeText.mockClear();
    Object.assign(window.navigator, { clipboard: { writeText } });
  });

  it("copies the Markdown of the service's badge when the backend serves badges", async () => {
    await renderInTestApp(
      <CopyBadgeButton entityRef="component:default/fraud-scoring-service" />,
      {
        config: { mlopsMaturity: { badges: { enabled: true } } },
        apis: [[mlopsMaturityApiRef, apiWithBadges()]],
      },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Copy README badge' }),
    );
    expect(writeText).toHaveBeenCalledWith(
      '![MLOps maturity](https://backstage.example.com/api/mlops-maturity/badges/component/default/fraud-scoring-service)',
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Badge Markdown copied',
    );
  });

  it('offers nothing when badges are off', async () => {
    const api = apiWithBadges();
    await renderInTestApp(
      <CopyBadgeButton entityRef="component:default/fraud-scoring-service" />,
      { apis: [[mlopsMaturityApiRef, api]] },
    );
    expect(api.getBadgeUrl).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: 'Copy README badge' }),
    ).not.toBeInTheDocument();
  });
});
