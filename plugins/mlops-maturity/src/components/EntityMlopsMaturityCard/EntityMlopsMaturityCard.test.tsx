import { screen, within } from '@testing-library/react';
import {
  level1MlScorecard,
  llmEntity,
  llmScorecard,
  mlEntity,
  notFoundBody,
  responseError,
} from '../../__testUtils__/fixtures';
import {
  mockMlopsMaturityApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityMlopsMaturityCard } from './EntityMlopsMaturityCard';

const itemNamesOf = (items: HTMLElement[]) =>
  items.map(
    item =>
      document.getElementById(item.getAttribute('aria-labelledby') ?? '')
        ?.textContent,
  );

describe('EntityMlopsMaturityCard', () => {
  it('shows progress while loading', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockReturnValue(new Promise(() => {}));
    renderWithEntity(<EntityMlopsMaturityCard />, mlEntity, api);
    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading MLOps maturity',
      }),
    ).toBeInTheDocument();
  });

  it('gives the level and its basis, the score and the top three next steps, linking to the tab', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue(level1MlScorecard);
    renderWithEntity(<EntityMlopsMaturityCard />, mlEntity, api);

    expect(
      await screen.findByText('Level 1 — Semi-automated'),
    ).toBeInTheDocument();
    expect(screen.getByText('Score: 67 / 100')).toBeInTheDocument();
    expect(screen.getByText('Sample data')).toBeInTheDocument();
    expect(
      screen.getByText('Rests on declared evidence (files only)'),
    ).toBeInTheDocument();

    const steps = screen.getByRole('region', { name: 'Next steps to level 2' });
    const items = within(steps).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringMatching(/^FailTests run on every pull request/),
      expect.stringMatching(/^FailContinuous deployment on merge/),
      expect.stringMatching(/^FailRetraining is triggered automatically/),
    ]);
    expect(
      within(steps).getByRole('listitem', {
        name: 'Tests run on every pull request',
      }),
    ).toBeInTheDocument();
    // Remediation is Markdown, rendered once the renderer has loaded.
    expect(
      await within(items[0]).findByText(/Add a pull_request trigger/),
    ).toBeInTheDocument();
    expect(within(items[0]).getByText('Fail')).toBeInTheDocument();
    expect(screen.getByText('and 1 more')).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /View MLOps maturity/ }),
    ).toHaveAttribute('href', expect.stringMatching(/\/mlops-maturity$/));
  });

  it('lists fewer steps when fewer checks block the next level', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue(llmScorecard);
    renderWithEntity(<EntityMlopsMaturityCard />, llmEntity, api);

    const steps = await screen.findByRole('region', {
      name: 'Next steps to level 1',
    });
    expect(itemNamesOf(within(steps).getAllByRole('listitem'))).toEqual([
      'Deployment is automated',
    ]);
    expect(screen.queryByText(/more$/)).not.toBeInTheDocument();
    expect(screen.queryByText('Sample data')).not.toBeInTheDocument();
    // Level 0 rests on no evidence.
    expect(screen.queryByText(/^Rests on/)).not.toBeInTheDocument();
  });

  it('says when nothing blocks the service', async () => {
    const { nextLevel: _, ...rest } = level1MlScorecard;
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue({ ...rest, level: 2 });
    renderWithEntity(<EntityMlopsMaturityCard />, mlEntity, api);
    expect(
      await screen.findByText(
        'Top level reached: nothing blocks this service.',
      ),
    ).toBeInTheDocument();
  });

  it('explains a missing scorecard with the server message', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(
        404,
        'Not Found',
        notFoundBody(
          'not-evaluated',
          'component:default/fraud-detector has not been evaluated yet.',
        ),
      ),
    );
    renderWithEntity(<EntityMlopsMaturityCard />, mlEntity, api);
    expect(await screen.findByText('Not evaluated yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        'component:default/fraud-detector has not been evaluated yet.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a backend error and a permission error', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(503, 'Service Unavailable', {
        error: { name: 'Error', message: 'the backend is starting' },
        response: { statusCode: 503 },
      }),
    );
    const { unmount } = renderWithEntity(
      <EntityMlopsMaturityCard />,
      mlEntity,
      api,
    );
    expect(
      await screen.findByText(/the backend is starting/),
    ).toBeInTheDocument();
    unmount();

    api.getScorecard.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        error: { name: 'NotAllowedError', message: 'Forbidden' },
        response: { statusCode: 403 },
      }),
    );
    renderWithEntity(<EntityMlopsMaturityCard />, mlEntity, api);
    expect(
      await screen.findByText(
        "You don't have permission to view the MLOps maturity of this service.",
      ),
    ).toBeInTheDocument();
  });
});
