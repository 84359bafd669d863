import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CheckResult,
  DIMENSIONS,
  PERSONAS,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  legacyMlScorecard,
  level1MlScorecard,
  llmEntity,
  llmScorecard,
  mlEntity,
  mlHistory,
  notFoundBody,
  responseError,
} from '../../__testUtils__/fixtures';
import {
  mockMlopsMaturityApi,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { EntityMlopsMaturityContent } from './EntityMlopsMaturityContent';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

async function renderTab(
  scorecard: Scorecard = level1MlScorecard,
  api = mockMlopsMaturityApi(),
) {
  api.getScorecard.mockResolvedValue(scorecard);
  api.getHistory.mockResolvedValue(mlHistory);
  renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
  await screen.findByText('Level 1 — Semi-automated');
  await screen.findByText('Show as table');
  return api;
}

/** The accessible names of list items, which take them from their titles. */
function itemNames(items: HTMLElement[]) {
  return items.map(
    item =>
      document.getElementById(item.getAttribute('aria-labelledby') ?? '')
        ?.textContent,
  );
}

// Role queries over the whole tab are slow on small machines; scope them to the card.
const dimensionsCard = () =>
  screen
    .getByText('Checks by dimension')
    .closest('.MuiCard-root') as HTMLElement;

const blockersCard = () =>
  screen
    .getByText(/^What blocks level/)
    .closest('.MuiCard-root') as HTMLElement;

const capabilitiesCard = () =>
  screen.getByText('Capabilities').closest('.MuiCard-root') as HTMLElement;

/** The capabilities of one level, as listed in the capabilities card. */
const capabilityLevel = (level: 1 | 2) =>
  within(capabilitiesCard()).getByRole('region', {
    name: `Level ${level} capabilities`,
  });

const dimensionButton = (name: string) =>
  within(dimensionsCard()).getByRole('button', {
    name: new RegExp(`^${name}`),
  });

const queryDimensionButton = (name: string) =>
  within(dimensionsCard()).queryByRole('button', {
    name: new RegExp(`^${name}`),
  });

/** Expands a dimension and returns the region that lists its checks. */
async function openDimension(name: string) {
  await userEvent.click(dimensionButton(name));
  return within(dimensionsCard()).getByRole('region', {
    name: new RegExp(`^${name}`),
  });
}

describe('EntityMlopsMaturityContent', () => {
  it('shows progress while the scorecard loads', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockReturnValue(new Promise(() => {}));
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading MLOps maturity',
      }),
    ).toBeInTheDocument();
    expect(api.getScorecard).toHaveBeenCalledWith(
      'component:default/fraud-detector',
    );
  });

  it('shows the level with its meaning, score, coverage, evaluation time and metrics', async () => {
    await renderTab();

    expect(
      screen.getByText(/^Standard templates, automated deployment pipelines/),
    ).toBeInTheDocument();
    expect(screen.getByText('67 / 100')).toBeInTheDocument();
    expect(
      screen.getByText('94% of applicable checks verified'),
    ).toBeInTheDocument();
    expect(
      document.querySelector('time[datetime="2026-03-14T09:30:00.000Z"]'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 check could not be verified'),
    ).toBeInTheDocument();

    expect(screen.getByText('Time to production')).toBeInTheDocument();
    expect(screen.getByText('41 days')).toBeInTheDocument();
    expect(screen.getByText('Deploys in the last 30 days')).toBeInTheDocument();
    expect(screen.getByText('12 days')).toBeInTheDocument();
    // Only the metrics the scorecard carries.
    expect(screen.queryByText('CI success rate')).not.toBeInTheDocument();
  });

  it("shows the target of the service's lifecycle and whether the level meets it", async () => {
    await renderTab({
      ...level1MlScorecard,
      target: { level: 2, lifecycle: 'production', met: false },
    });
    const target = screen.getByText('Target').nextElementSibling!;
    expect(target.textContent).toBe(
      'Level 2 for production services — not met',
    );
  });

  it('names the default target, and shows none when no target applies', async () => {
    await renderTab({
      ...level1MlScorecard,
      target: { level: 1, lifecycle: null, met: true },
    });
    expect(screen.getByText('Target').nextElementSibling!.textContent).toBe(
      'Level 1 (the default target) — met',
    );
  });

  it('leaves the target out when none is configured', async () => {
    await renderTab();
    expect(screen.queryByText('Target')).not.toBeInTheDocument();
  });

  it('shows the campaigns the service is in and where it stands', async () => {
    const api = mockMlopsMaturityApi();
    api.getServiceCampaigns.mockResolvedValue([
      {
        id: 'payments-level-2',
        title: 'Payments production services at Level 2',
        scope: { domain: 'domain:default/payments' },
        goal: { level: 2 },
        deadline: '2027-03-31',
        source: 'config',
        progress: { services: 4, met: 1, behind: 3, waived: 0, unknown: 0 },
        daysLeft: 117,
        service: {
          entityRef: 'component:default/fraud-detector',
          status: 'behind',
          level: 1,
        },
      },
    ]);
    await renderTab(level1MlScorecard, api);
    const card = within(
      (await screen.findByText('Campaigns')).closest(
        '.MuiCard-root',
      ) as HTMLElement,
    );
    expect(
      card.getByText('Payments production services at Level 2'),
    ).toBeInTheDocument();
    expect(card.getByText('This service: Behind')).toBeInTheDocument();
    expect(
      card.getByText(
        'Goal: Level 2 or above · Deadline Mar 31, 2027 (117 days left)',
      ),
    ).toBeInTheDocument();
    expect(card.getByText('1 of 4 services meet the goal')).toBeInTheDocument();
    expect(api.getServiceCampaigns).toHaveBeenCalledWith(
      'component:default/fraud-detector',
    );
  });

  it('shows no campaigns card for a service in no campaign', async () => {
    await renderTab();
    expect(screen.queryByText('Campaigns')).not.toBeInTheDocument();
  });

  it('labels a scorecard with sample data', async () => {
    await renderTab();
    expect(
      screen.getByText(/This scorecard includes SAMPLE data \(demo\)/),
    ).toBeInTheDocument();
  });

  it('does not show the sample banner or the unverified note when they do not apply', async () => {
    await renderTab({
      ...level1MlScorecard,
      containsSampleData: false,
      coverage: 1,
      checks: level1MlScorecard.checks.map(c =>
        c.status === 'unknown' ? { ...c, status: 'fail' } : c,
      ),
    });
    expect(screen.queryByText(/SAMPLE data/)).not.toBeInTheDocument();
    expect(screen.queryByText(/could not be verified/)).not.toBeInTheDocument();
  });

  it('says the level rests on declared evidence when a capability it needs is only defined in files', async () => {
    await renderTab();
    expect(
      screen.getByText('Rests on declared evidence (files only)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/only defined in the repository/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/only because of waived checks/),
    ).not.toBeInTheDocument();
  });

  it('says when the level rests on observed evidence and on waivers', async () => {
    await renderTab({
      ...level1MlScorecard,
      levelBasis: 'observed',
      levelRestsOnWaivers: true,
    });
    expect(screen.getByText('Rests on observed evidence')).toBeInTheDocument();
    expect(screen.queryByText(/^Rests on declared/)).not.toBeInTheDocument();
    expect(
      screen
        .getByText(
          'This level holds only because of waived checks: without the waivers it would be lower.',
        )
        .closest('[role="note"]'),
    ).toBeInTheDocument();
  });

  it('explains the level by capability: the rule, each status and what showed it', async () => {
    await renderTab();
    const level1 = capabilityLevel(1);
    expect(within(level1).getByText('Reached')).toBeInTheDocument();
    expect(
      within(level1).getByText(
        'Needs all of: Reproducible training pipeline; Tracked experiments or versioned models; Standard way to package and ship the model — and at least 1 of: Reproducible environment and configuration; Ownership and documentation.',
      ),
    ).toBeInTheDocument();
    expect(
      itemNames(within(level1).getAllByRole('listitem', { name: /./ })),
    ).toEqual([
      'Reproducible training pipeline',
      'Tracked experiments or versioned models',
      'Standard way to package and ship the model',
      'Reproducible environment and configuration',
      'Ownership and documentation',
    ]);

    const versioning = within(level1).getByRole('listitem', {
      name: 'Tracked experiments or versioned models',
    });
    expect(within(versioning).getByText('Demonstrated')).toBeInTheDocument();
    expect(within(versioning).getByText('Core')).toBeInTheDocument();
    expect(
      within(versioning).getByText('Shown by Experiments are tracked'),
    ).toBeInTheDocument();
    expect(within(versioning).getByText('Observed')).toBeInTheDocument();
    expect(
      within(versioning).getByText(
        'MLflow tracks the training runs of this model.',
      ),
    ).toBeInTheDocument();
    expect(
      within(versioning).getByText('Also shown by Model is in a registry'),
    ).toBeInTheDocument();

    const pipeline = within(level1).getByRole('listitem', {
      name: 'Reproducible training pipeline',
    });
    expect(
      within(pipeline).getByText('Shown by Training pipeline is defined'),
    ).toBeInTheDocument();
    expect(within(pipeline).getByText('Declared')).toBeInTheDocument();
    expect(within(pipeline).queryByText('Observed')).not.toBeInTheDocument();
    const ownership = within(level1).getByRole('listitem', {
      name: 'Ownership and documentation',
    });
    expect(within(ownership).queryByText('Core')).not.toBeInTheDocument();

    const level2 = capabilityLevel(2);
    expect(within(level2).getByText('Not reached')).toBeInTheDocument();
    expect(
      within(level2).getByText(
        'Needs at least 3 of: Tests run automatically on change; Automated delivery; Trigger-based model updates; Continuous model and data monitoring; Infrastructure as code or auto-pilot serving.',
      ),
    ).toBeInTheDocument();
    const monitoring = within(level2).getByRole('listitem', {
      name: 'Continuous model and data monitoring',
    });
    const retraining = within(level2).getByRole('listitem', {
      name: 'Trigger-based model updates',
    });
    expect(within(monitoring).getByText('Unverified')).toBeInTheDocument();
    expect(within(monitoring).queryByText('Missing')).not.toBeInTheDocument();
    expect(within(retraining).getByText('Missing')).toBeInTheDocument();
    // Unverified is not a kind of missing: another icon as well as another word.
    const icon = (item: HTMLElement) =>
      item.querySelector('svg path')?.getAttribute('d');
    expect(icon(monitoring)).not.toEqual(icon(retraining));
    expect(
      within(
        within(monitoring).getByRole('list', { name: 'Could be shown by' }),
      )
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Drift is monitored']);
    expect(
      within(
        within(retraining).getByRole('list', { name: 'Could be shown by' }),
      )
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Retraining is triggered automatically']);
    expect(
      within(
        within(level2).getByRole('listitem', {
          name: 'Infrastructure as code or auto-pilot serving',
        }),
      ).getByText('Shown by Serving autoscales'),
    ).toBeInTheDocument();
  });

  it('shows a waived capability, a note, and a capability nothing can show here', async () => {
    const capabilities = level1MlScorecard.capabilities!.map(c => {
      if (c.id === 'ownership-documentation') {
        return { ...c, demonstratedBy: ['gov.owner'], waived: true };
      }
      if (c.id === 'production-monitoring') {
        return {
          ...c,
          note: 'Level 2 requires observed evidence; only declared evidence from monitoring.drift',
        };
      }
      if (c.id === 'triggered-retraining') {
        return {
          ...c,
          status: 'not-applicable' as const,
          alternatives: [],
        };
      }
      return c;
    });
    await renderTab({ ...level1MlScorecard, capabilities });

    const ownership = within(capabilityLevel(1)).getByRole('listitem', {
      name: 'Ownership and documentation',
    });
    expect(within(ownership).getByText('Waived')).toBeInTheDocument();
    const level2 = capabilityLevel(2);
    expect(
      within(
        within(level2).getByRole('listitem', {
          name: 'Continuous model and data monitoring',
        }),
      ).getByText(
        'Note: Level 2 requires observed evidence; only declared evidence from monitoring.drift',
      ),
    ).toBeInTheDocument();
    const retraining = within(level2).getByRole('listitem', {
      name: 'Trigger-based model updates',
    });
    expect(within(retraining).getByText('Not applicable')).toBeInTheDocument();
    expect(
      within(retraining).getByText(
        'None of the checks that could show it applies to this service.',
      ),
    ).toBeInTheDocument();
  });

  it('groups what blocks the next level by capability and persona, with the checks that would show it', async () => {
    await renderTab();
    const blockers = blockersCard();
    expect(blockers).toHaveTextContent('What blocks level 2');
    expect(
      within(blockers).getByText('Level 2 needs 2 more of these capabilities.'),
    ).toBeInTheDocument();

    const mlEngineer = within(blockers).getByRole('region', {
      name: 'ML engineer',
    });
    expect(mlEngineer).toHaveTextContent('ML engineer (2 capabilities)');
    const monitoring = within(mlEngineer).getByRole('listitem', {
      name: 'Continuous model and data monitoring',
    });
    // The capability's own status comes first, before its checks'.
    expect(monitoring.querySelector('strong')).toHaveTextContent(
      /^Unverified$/,
    );
    const drift = within(monitoring).getByRole('listitem', {
      name: 'Drift is monitored',
    });
    expect(within(drift).getByText('Unverified')).toBeInTheDocument();
    expect(
      within(drift).getByText(/^Why unverified: no monitoring source/),
    ).toBeInTheDocument();
    expect(
      within(drift).getByText(/Export drift metrics with Evidently/),
    ).toBeInTheDocument();
    expect(
      within(drift).getByRole('link', {
        name: /^Read the docs: Drift is monitored/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('docs/checks.md#monitoring-drift'),
    );
    const retraining = within(mlEngineer).getByRole('listitem', {
      name: 'Trigger-based model updates',
    });
    expect(
      within(retraining).getByRole('listitem', {
        name: 'Retraining is triggered automatically',
      }),
    ).toHaveTextContent('Fail');

    const devops = within(blockers).getByRole('region', {
      name: 'DevOps engineer',
    });
    // Each capability, then the check that would show it.
    expect(itemNames(within(devops).getAllByRole('listitem'))).toEqual([
      'Tests run automatically on change',
      'Tests run on every pull request',
      'Automated delivery',
      'Continuous deployment on merge',
    ]);
    expect(
      within(devops).getByText(/Add a pull_request trigger/),
    ).toBeInTheDocument();
    expect(
      within(blockers).queryByRole('region', { name: 'Data scientist' }),
    ).not.toBeInTheDocument();
    // A score-only check does not block the level.
    expect(within(blockers).queryByText('Data is validated')).toBeNull();
  });

  it('says when the next level needs core capabilities, and only those', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue(llmScorecard);
    renderWithEntity(<EntityMlopsMaturityContent />, llmEntity, api);
    await screen.findByText('Level 0 — Manual');
    await screen.findByText('No history yet.');

    // Level 0 rests on nothing.
    expect(screen.queryByText(/^Rests on/)).not.toBeInTheDocument();
    expect(
      within(capabilityLevel(1)).getByText('Not reached'),
    ).toBeInTheDocument();
    const prompts = within(capabilityLevel(1)).getByRole('listitem', {
      name: 'Prompts and configuration versioned',
    });
    expect(within(prompts).getByText('Not applicable')).toBeInTheDocument();

    const blockers = blockersCard();
    expect(
      within(blockers).getByText('Level 1 needs every capability below.'),
    ).toBeInTheDocument();
    const delivery = within(
      within(blockers).getByRole('region', { name: 'DevOps engineer' }),
    ).getByRole('listitem', {
      name: 'Packaged and deployed by a pipeline or as code',
    });
    expect(within(delivery).getByText('Core')).toBeInTheDocument();
    expect(within(delivery).getAllByText('Missing')).toHaveLength(1);
    expect(
      within(delivery).getByRole('listitem', {
        name: 'Deployment is automated',
      }),
    ).toHaveTextContent(
      'How to fix: Add a workflow job that deploys the service, or provision it with infrastructure code.',
    );
  });

  it('says when no capability of the next level applies', async () => {
    await renderTab({
      ...level1MlScorecard,
      nextLevel: {
        level: 2,
        blockers: [],
        blockersByPersona: {},
        missingCapabilities: [],
        capabilitiesByPersona: {},
        moreOptionalNeeded: 0,
      },
    });
    expect(
      within(blockersCard()).getByText(
        'No capability of level 2 can be demonstrated here: none of its checks applies to this service.',
      ),
    ).toBeInTheDocument();
    expect(
      within(blockersCard()).queryByText(/for this persona/),
    ).not.toBeInTheDocument();
  });

  it('still renders a scorecard stored before capability levels, by its checks', async () => {
    await renderTab(legacyMlScorecard);
    expect(screen.queryByText('Capabilities')).not.toBeInTheDocument();
    expect(screen.queryByText(/^Rests on/)).not.toBeInTheDocument();

    const blockers = blockersCard();
    const mlEngineer = within(blockers).getByRole('region', {
      name: 'ML engineer',
    });
    expect(mlEngineer).toHaveTextContent('ML engineer (2 required checks)');
    expect(itemNames(within(mlEngineer).getAllByRole('listitem'))).toEqual([
      'Data is validated',
      'Drift is monitored',
    ]);
    const validation = within(mlEngineer).getByRole('listitem', {
      name: 'Data is validated',
    });
    expect(
      within(validation).getByText(/add a Great Expectations checkpoint/),
    ).toBeInTheDocument();
    expect(
      within(validation).getByRole('link', {
        name: /^Read the docs: Data is validated/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('docs/checks.md#data-validation'),
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Persona' }),
      'devops',
    );
    expect(
      within(blockersCard()).queryByRole('region', { name: 'ML engineer' }),
    ).not.toBeInTheDocument();
    expect(
      itemNames(
        within(
          within(blockersCard()).getByRole('region', {
            name: 'DevOps engineer',
          }),
        ).getAllByRole('listitem'),
      ),
    ).toEqual([
      'Tests run on every pull request',
      'Continuous deployment on merge',
    ]);
  });

  it('filters blockers and checks by persona', async () => {
    await renderTab();
    const filter = screen.getByRole('combobox', { name: 'Persona' });
    await userEvent.selectOptions(filter, 'devops');

    expect(
      screen.queryByRole('region', { name: 'ML engineer' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'DevOps engineer' }),
    ).toBeInTheDocument();
    // Data has only an ML engineer check; Deployment has DevOps checks.
    expect(queryDimensionButton('Data')).not.toBeInTheDocument();
    const deployment = await openDimension('Deployment');
    expect(
      itemNames(within(deployment).getAllByRole('listitem', { name: /./ })),
    ).toEqual([
      'Deployment is automated',
      'Service is containerized',
      'Continuous deployment on merge',
    ]);

    await userEvent.selectOptions(filter, 'data-scientist');
    expect(
      screen.getByText('Nothing blocks level 2 for this persona.'),
    ).toBeInTheDocument();
    expect(queryDimensionButton('Deployment')).not.toBeInTheDocument();

    await userEvent.selectOptions(filter, '');
    expect(dimensionButton('Data')).toBeInTheDocument();
  });

  it('expands a dimension to show each check with status, evidence, persona and level', async () => {
    await renderTab();
    const registry = dimensionButton('Model registry');
    expect(registry).toHaveAttribute('aria-expanded', 'false');
    expect(registry).toHaveTextContent('100% · 2 of 2 passing');
    expect(
      screen.queryByRole('listitem', { name: 'Model is in a registry' }),
    ).not.toBeInTheDocument();

    await userEvent.click(registry);
    expect(registry).toHaveAttribute('aria-expanded', 'true');
    const checks = within(dimensionsCard()).getByRole('region', {
      name: /^Model registry/,
    });
    const model = within(checks).getByRole('listitem', {
      name: 'Model is in a registry',
    });
    expect(within(model).getByText('Pass')).toBeInTheDocument();
    expect(within(model).getByText('Level 1')).toBeInTheDocument();
    expect(
      within(model).getByText('Counts toward the level'),
    ).toBeInTheDocument();
    expect(within(model).getByText('Persona: ML engineer')).toBeInTheDocument();
    expect(within(model).getByText('registry')).toBeInTheDocument();
    expect(within(model).getByText(/Observed/)).toHaveTextContent(
      'registered model fraud-detector has 12 versions',
    );
    expect(within(model).getByText('Sample data')).toBeInTheDocument();

    const promotion = within(checks).getByRole('listitem', {
      name: 'Model promotion uses aliases or stages',
    });
    expect(within(promotion).getByText('Waived')).toBeInTheDocument();
    expect(within(promotion).getByText('Score only')).toBeInTheDocument();

    // Stale evidence and file locations.
    const deployment = await openDimension('Deployment');
    const deploy = within(deployment).getByRole('listitem', {
      name: 'Deployment is automated',
    });
    expect(within(deploy).getByText('Stale')).toBeInTheDocument();
    expect(
      within(deploy).getByRole('link', {
        name: /actions\/workflows\/deploy\.yml/,
      }),
    ).toBeInTheDocument();
    const docker = within(deployment).getByRole('listitem', {
      name: 'Service is containerized',
    });
    // A path in the repository links to it through the app's SCM integrations.
    expect(
      within(docker).getByRole('link', { name: /^Dockerfile/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/fraud-detector/Dockerfile',
    );
    expect(within(docker).getByText(/Declared/)).toBeInTheDocument();

    await userEvent.click(registry);
    expect(registry).toHaveAttribute('aria-expanded', 'false');
  });

  it('works by keyboard: persona filter, dimension expanders and the trend table', async () => {
    await renderTab();
    // The filter is a native select, so the browser gives it its keyboard handling;
    // it only has to be reachable with Tab.
    const filter = screen.getByLabelText('Persona');
    for (let i = 0; i < 30 && document.activeElement !== filter; i++) {
      await userEvent.tab();
    }
    expect(filter).toHaveFocus();

    const serving = dimensionButton('Serving');
    serving.focus();
    await userEvent.keyboard('{Enter}');
    expect(serving).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard(' ');
    expect(serving).toHaveAttribute('aria-expanded', 'false');

    const toggle = screen.getByText('Show as table').closest('button')!;
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows an unverified check with the reason it could not be evaluated', async () => {
    await renderTab();
    const monitoring = dimensionButton('Monitoring');
    expect(monitoring).toHaveTextContent('1 needs attention');
    await userEvent.click(monitoring);
    const drift = within(
      within(dimensionsCard()).getByRole('region', { name: /^Monitoring/ }),
    ).getByRole('listitem', { name: 'Drift is monitored' });
    expect(within(drift).getByText('Unverified')).toBeInTheDocument();
    expect(
      within(drift).getByText(
        /^Why unverified: no monitoring source is configured/,
      ),
    ).toBeInTheDocument();
    expect(
      within(drift).getByText('No evidence was collected.'),
    ).toBeInTheDocument();
    expect(within(drift).getByText(/Export drift metrics/)).toBeInTheDocument();
  });

  it('shows a check this context cannot decide as not decidable, counted nowhere', async () => {
    await renderTab({
      ...level1MlScorecard,
      checks: level1MlScorecard.checks.map(c =>
        c.id === 'gov.owner'
          ? {
              ...c,
              status: 'unknown' as const,
              decidable: false as const,
              message:
                'Not decided from a checkout: there is no catalog entity.',
              evidence: [],
            }
          : c,
      ),
    });
    // Only the drift check is unverified; the undecidable one is not counted as such.
    expect(
      screen.getByText('1 check could not be verified'),
    ).toBeInTheDocument();
    const governance = dimensionButton('Governance');
    expect(governance).toHaveTextContent('0 of 1 passing');
    expect(governance).toHaveTextContent('1 needs attention');

    await userEvent.click(governance);
    const owner = within(
      within(dimensionsCard()).getByRole('region', { name: /^Governance/ }),
    ).getByRole('listitem', { name: 'Owned by a team' });
    expect(within(owner).getByText('Not decidable here')).toBeInTheDocument();
    expect(within(owner).queryByText('Unverified')).not.toBeInTheDocument();
    expect(
      within(owner).getByText(
        'Why not decided here: Not decided from a checkout: there is no catalog entity.',
      ),
    ).toBeInTheDocument();
    expect(within(owner).queryByText(/^How to fix/)).not.toBeInTheDocument();
  });

  it('leaves out the LLM dimensions of a classic ML service', async () => {
    await renderTab();
    expect(
      screen.queryByRole('region', { name: 'LLM dimensions' }),
    ).not.toBeInTheDocument();
    expect(queryDimensionButton('LLM evaluation')).not.toBeInTheDocument();
  });

  it('shows the LLM dimensions of an LLM service as their own group', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue(llmScorecard);
    renderWithEntity(<EntityMlopsMaturityContent />, llmEntity, api);
    await screen.findByText('Level 0 — Manual');
    expect(await screen.findByText('No history yet.')).toBeInTheDocument();

    const llm = within(dimensionsCard()).getByRole('region', {
      name: 'LLM dimensions',
    });
    expect(
      within(llm)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      expect.stringMatching(/^LLM infrastructure50% · 1 of 2 passing/),
      expect.stringMatching(/^LLM compliance67% · 2 of 3 passing/),
      expect.stringMatching(/^LLM evaluation0% · 0 of 2 passing/),
    ]);
    const classic = within(dimensionsCard()).getByRole('region', {
      name: 'ML dimensions',
    });
    expect(within(classic).getAllByRole('button')).toHaveLength(4);

    const compliance = await openDimension('LLM compliance');
    expect(
      within(compliance).getByRole('listitem', {
        name: 'Private data is protected',
      }),
    ).toHaveTextContent('Fail');
    expect(screen.getByText('What blocks level 1')).toBeInTheDocument();
    expect(screen.getByText('CI success rate')).toBeInTheDocument();
    expect(screen.getByText('82%')).toBeInTheDocument();
    expect(api.getScorecard).toHaveBeenCalledWith(
      'component:default/support-assistant',
    );
  });

  it('says when the top level is reached', async () => {
    const { nextLevel: _, ...rest } = level1MlScorecard;
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockResolvedValue({
      ...rest,
      level: 2,
      levelName: 'Fully automated',
    });
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(
      await screen.findByText('Level 2 — Fully automated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This service has reached the top level/),
    ).toBeInTheDocument();
    expect(await screen.findByText('No history yet.')).toBeInTheDocument();
  });

  it('draws the trend as an accessible chart with a table alternative', async () => {
    const api = await renderTab();
    const chart = await screen.findByRole('img', {
      name: /^Score and level from .*: score 41 at level 0, now score 67 at level 1\.$/,
    });
    expect(chart.tagName).toBe('svg');
    expect(api.getHistory).toHaveBeenCalledWith(
      'component:default/fraud-detector',
      { from: expect.any(Date) },
    );

    const toggle = screen.getByRole('button', { name: 'Show as table' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveTextContent('Hide table');

    const table = screen.getByRole('table', {
      name: /^Level and score over the last 90 days/,
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // The repeated evaluation of Feb 1 is folded into the first one.
    expect(rows).toHaveLength(4);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([expect.stringMatching(/2026/), '0 — Manual', '41', '80%', '']);
    expect(
      within(rows[3])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      expect.stringMatching(/2026/),
      '1 — Semi-automated',
      '67',
      '93%',
      '',
    ]);
    expect(screen.queryByText(/^Dotted lines mark/)).not.toBeInTheDocument();
  });

  it('marks where the scoring rules changed, in the chart and the table', async () => {
    const api = mockMlopsMaturityApi();
    api.getHistory.mockResolvedValue(
      mlHistory.map((point, index) => ({
        ...point,
        rubricVersion: index < 3 ? 'rubric-1' : 'rubric-2',
      })),
    );
    api.getScorecard.mockResolvedValue(level1MlScorecard);
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(
      await screen.findByRole('img', {
        name: /now score 67 at level 1\. The scoring rules changed on .*2026\.$/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Dotted lines mark/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show as table' }),
    );
    const rows = within(
      screen.getByRole('table', {
        name: /^Level and score over the last 90 days/,
      }),
    )
      .getAllByRole('row')
      .slice(1);
    expect(
      rows.map(row => within(row).getAllByRole('cell').at(-1)?.textContent),
    ).toEqual(['', '', 'changed', '']);
  });

  it('labels sample history in the trend and its table', async () => {
    const api = mockMlopsMaturityApi();
    api.getHistory.mockResolvedValue(
      mlHistory.map((point, index) =>
        index < 2 ? { ...point, sample: true } : point,
      ),
    );
    api.getScorecard.mockResolvedValue(level1MlScorecard);
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(
      await screen.findByText(
        /^Points marked "Sample data" are sample history/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show as table' }),
    );
    const rows = within(
      screen.getByRole('table', {
        name: /^Level and score over the last 90 days/,
      }),
    )
      .getAllByRole('row')
      .slice(1);
    // The two sample points repeat each other: one row stands for both.
    expect(
      rows.map(row =>
        within(row).queryByText('Sample data') ? 'sample' : 'recorded',
      ),
    ).toEqual(['sample', 'recorded', 'recorded', 'recorded']);
  });

  it('re-evaluates with progress, then shows the new result', async () => {
    const api = await renderTab();
    const refreshed = deferred<Scorecard>();
    api.refresh.mockReturnValue(refreshed.promise);

    const button = screen.getByRole('button', { name: 'Re-evaluate' });
    await userEvent.click(button);
    expect(api.refresh).toHaveBeenCalledWith(
      'component:default/fraud-detector',
    );
    expect(button).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { name: 'Re-evaluating' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/^Re-evaluating/);

    const { nextLevel: _, ...rest } = level1MlScorecard;
    await act(async () =>
      refreshed.resolve({
        ...rest,
        level: 2,
        levelName: 'Fully automated',
        score: 94,
        evaluatedAt: '2026-03-14T10:15:00.000Z',
      }),
    );

    expect(
      await screen.findByText('Level 2 — Fully automated'),
    ).toBeInTheDocument();
    await screen.findByRole('button', { name: 'Show as table' });
    expect(screen.getByText('94 / 100')).toBeInTheDocument();
    expect(button).toBeEnabled();
    expect(
      screen.queryByRole('progressbar', { name: 'Re-evaluating' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Re-evaluated. Showing the new result.',
    );
    // The trend is reloaded to include the new evaluation.
    expect(api.getHistory).toHaveBeenCalledTimes(2);
  });

  it('says when the user may not re-evaluate', async () => {
    const api = await renderTab();
    api.refresh.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        error: {
          name: 'NotAllowedError',
          message: 'You are not allowed to refresh scorecards.',
        },
        response: { statusCode: 403 },
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      "You don't have permission to re-evaluate this service.",
    );
    expect(screen.getByText('Level 1 — Semi-automated')).toBeInTheDocument();
  });

  it('explains how to opt in when the entity is not an ML service', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(
        404,
        'Not Found',
        notFoundBody(
          'not-ml-service',
          'component:default/fraud-detector is not an ML service: spec.type website is not selected.',
        ),
      ),
    );
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(await screen.findByText('Not an ML service')).toBeInTheDocument();
    expect(
      screen.getByText(/is not an ML service: spec.type website/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ml-service, ml-model, ml-pipeline or llm-service/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/mlops-maturity.io\/enabled: "true"/),
    ).toBeInTheDocument();
  });

  it('offers to evaluate a service that has not been evaluated yet', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(
        404,
        'Not Found',
        notFoundBody(
          'not-evaluated',
          'component:default/fraud-detector has not been evaluated yet; it is queued for the next refresh.',
        ),
      ),
    );
    const refreshed = deferred<Scorecard>();
    api.refresh.mockReturnValue(refreshed.promise);
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);

    expect(await screen.findByText('Not evaluated yet')).toBeInTheDocument();
    expect(
      screen.getByText(/has not been evaluated yet; it is queued/),
    ).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'Evaluate now' });
    await userEvent.click(button);
    expect(button).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { name: 'Re-evaluating' }),
    ).toBeInTheDocument();

    await act(async () => refreshed.resolve(level1MlScorecard));
    expect(
      await screen.findByText('Level 1 — Semi-automated'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No history yet.')).toBeInTheDocument();
  });

  it('says when the entity is unknown to the backend', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(
        404,
        'Not Found',
        notFoundBody(
          'unknown-entity',
          'No entity component:default/fraud-detector in the catalog, or you may not read it.',
        ),
      ),
    );
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(await screen.findByText('Not in the catalog')).toBeInTheDocument();
    expect(screen.getByText(/or you may not read it/)).toBeInTheDocument();
  });

  it('shows a backend error', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(500, 'Internal Server Error', {
        error: {
          name: 'Error',
          message: 'connection to the database was lost',
        },
        response: { statusCode: 500 },
      }),
    );
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(
      await screen.findByText(/connection to the database was lost/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Level/)).not.toBeInTheDocument();
  });

  it('says when the user may not view the scorecard', async () => {
    const api = mockMlopsMaturityApi();
    api.getScorecard.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        error: { name: 'NotAllowedError', message: 'Forbidden' },
        response: { statusCode: 403 },
      }),
    );
    renderWithEntity(<EntityMlopsMaturityContent />, mlEntity, api);
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(
      screen.getByText(
        "You don't have permission to view the MLOps maturity of this service.",
      ),
    ).toBeInTheDocument();
  });

  it('renders a scorecard of 80 checks with every dimension collapsed', async () => {
    const classic = DIMENSIONS.filter(d => !d.llmOnly);
    const checks: CheckResult[] = Array.from({ length: 80 }, (_, i) => {
      const dimension = classic[i % classic.length].id;
      return {
        id: `${dimension}.generated-${i}`,
        title: `Generated check ${i}`,
        dimension,
        level: i % 2 === 0 ? 1 : 2,
        required: i % 3 === 0,
        weight: 1,
        persona: PERSONAS[i % PERSONAS.length].id,
        status: i % 4 === 0 ? 'fail' : 'pass',
        message: `Check ${i} looked at the repository.`,
        evidence: [
          { source: 'repository', strength: 'declared', detail: `file ${i}` },
        ],
        remediation: `Fix ${i}.`,
      };
    });
    const big: Scorecard = {
      ...level1MlScorecard,
      checks,
      nextLevel: { level: 2, blockers: [], blockersByPersona: {} },
      dimensions: classic.map(d => ({
        id: d.id,
        score: 75,
        passed: 0,
        total: 0,
      })),
    };
    await renderTab(big);

    const headers = classic.map(d => dimensionButton(d.title));
    expect(headers).toHaveLength(9);
    headers.forEach(h => expect(h).toHaveAttribute('aria-expanded', 'false'));
    expect(
      screen.queryAllByRole('listitem', { name: /^Generated check/ }),
    ).toHaveLength(0);

    const data = await openDimension('Data');
    // Only the open dimension renders its checks: 80 spread over 9 dimensions.
    expect(
      within(data).getAllByRole('listitem', { name: /^Generated check/ }),
    ).toHaveLength(9);
    expect(
      screen.getAllByRole('listitem', { name: /^Generated check/ }),
    ).toHaveLength(9);
  });
});
