import { test, expect, APIRequestContext } from '@playwright/test';
import { apiBase, authHeaders, screenshotDir, signIn } from './demoSession';

/** Remediation Markdown as the page shows it: inline code without its backticks. */
const asRendered = (markdown: string) => markdown.replace(/`/g, '');

// `sampleFacts`: the demo loads CI, registry and monitoring facts for the service
// (examples/sample-facts), so some capability rests on observed evidence.
const services = [
  { name: 'credit-limit-model', level: 0, flavor: 'ml', sampleFacts: false },
  { name: 'chargeback-predictor', level: 1, flavor: 'ml', sampleFacts: true },
  { name: 'fraud-scoring-service', level: 2, flavor: 'ml', sampleFacts: true },
  { name: 'support-assistant', level: 2, flavor: 'llm', sampleFacts: true },
];

// The words the tab uses (the plugin's translation ref, in English).
const capabilityStatus: Record<string, string> = {
  demonstrated: 'Demonstrated',
  missing: 'Missing',
  unverified: 'Unverified',
  'not-applicable': 'Not applicable',
};
const strengthLabel: Record<string, string> = {
  observed: 'Observed',
  declared: 'Declared',
};
const levelBasis: Record<string, string> = {
  observed: 'Rests on observed evidence',
  declared: 'Rests on declared evidence (files only)',
};
const personaTitle: Record<string, string> = {
  'data-scientist': 'Data scientist',
  'ml-engineer': 'ML engineer',
  devops: 'DevOps engineer',
};

async function scorecardOf(request: APIRequestContext, name: string) {
  const res = await request.get(
    `${apiBase}/scorecards/component/default/${name}`,
    {
      headers: authHeaders,
    },
  );
  expect(res.status()).toBe(200);
  return res.json();
}

for (const service of services) {
  test(`the MLOps maturity tab of ${service.name} shows Level ${service.level}, its capabilities and how to fix a failing check`, async ({
    page,
    request,
  }) => {
    const scorecard = await scorecardOf(request, service.name);
    expect(scorecard.level).toBe(service.level);
    expect(scorecard.flavor).toBe(service.flavor);

    await signIn(page);
    await page.goto(
      `/catalog/default/component/${service.name}/mlops-maturity`,
    );
    await expect(
      page.getByText(`Level ${scorecard.level} — ${scorecard.levelName}`, {
        exact: true,
      }),
    ).toBeVisible();
    await expect(page.getByText(`${scorecard.score} / 100`)).toBeVisible();
    await expect(page.getByText(/SAMPLE data/)).toHaveCount(
      scorecard.containsSampleData ? 1 : 0,
    );

    // What the level rests on; Level 0 rests on nothing.
    if (scorecard.levelBasis) {
      await expect(
        page.getByText(levelBasis[scorecard.levelBasis], { exact: true }),
      ).toBeVisible();
    } else {
      await expect(
        page.getByText(/^Rests on (observed|declared) evidence/),
      ).toHaveCount(0);
    }

    // The capabilities of Level 1 and Level 2: the rule, each status, and what showed it.
    const titleOf = (id: string) =>
      scorecard.checks.find((c: any) => c.id === id)?.title ?? id;
    expect(scorecard.capabilities.length).toBeGreaterThan(0);
    for (const level of [1, 2]) {
      const section = page.getByRole('region', {
        name: `Level ${level} capabilities`,
      });
      await expect(section).toContainText(/Needs (all of|at least \d+ of): /);
      for (const capability of scorecard.capabilities.filter(
        (c: any) => c.level === level,
      )) {
        const item = section.getByRole('listitem', {
          name: capability.title,
          exact: true,
        });
        // The first bold word of an item is its status.
        await expect(item.locator('strong').first()).toHaveText(
          capabilityStatus[capability.status],
        );
        if (capability.status === 'demonstrated') {
          await expect(item).toContainText(
            `Shown by ${titleOf(capability.demonstratedBy[0])}`,
          );
          await expect(
            item.getByText(strengthLabel[capability.strength], { exact: true }),
          ).toBeVisible();
        } else if (capability.alternatives.length > 0) {
          const alternatives = item.getByRole('list', {
            name: 'Could be shown by',
          });
          for (const id of capability.alternatives) {
            await expect(alternatives).toContainText(titleOf(id));
          }
        }
      }
    }
    if (service.sampleFacts) {
      const observed = scorecard.capabilities.find(
        (c: any) => c.strength === 'observed',
      );
      expect(observed, 'a capability shown by the sample facts').toBeDefined();
      await expect(
        page
          .getByRole('region', { name: `Level ${observed.level} capabilities` })
          .getByRole('listitem', { name: observed.title, exact: true })
          .getByText('Observed', { exact: true }),
      ).toBeVisible();
    }

    if (scorecard.nextLevel) {
      // The missing capabilities, grouped by the persona who closes them.
      const next = scorecard.nextLevel;
      const blockers = page
        .locator('.MuiCard-root')
        .filter({ hasText: `What blocks level ${next.level}` });
      expect(next.missingCapabilities.length).toBeGreaterThan(0);
      for (const [persona, ids] of Object.entries(
        next.capabilitiesByPersona,
      ) as [string, string[]][]) {
        const region = blockers.getByRole('region', {
          name: personaTitle[persona],
          exact: true,
        });
        for (const id of ids) {
          const capability = scorecard.capabilities.find(
            (c: any) => c.id === id,
          );
          await expect(
            region.getByRole('listitem', {
              name: capability.title,
              exact: true,
            }),
          ).toBeVisible();
        }
      }
      if (next.moreOptionalNeeded > 0) {
        await expect(blockers).toContainText(
          `${next.moreOptionalNeeded} more of`,
        );
      }
      // A check that would close a missing capability, with its remediation.
      const blocker = scorecard.checks.find(
        (c: any) => c.id === next.blockers[0],
      );
      const item = blockers
        .getByRole('listitem', { name: blocker.title, exact: true })
        .first();
      await expect(item).toContainText(
        `How to fix: ${asRendered(blocker.remediation)}`,
      );
    } else {
      // At the top level: open the dimension of a failing check.
      const failing = scorecard.checks.find((c: any) => c.status === 'fail');
      expect(failing).toBeDefined();
      await page
        .locator(`#mlops-maturity-dimension-${failing.dimension}`)
        .click();
      // Scoped to the checks: a capability may have the same title as a check.
      const item = page
        .locator('.MuiCard-root')
        .filter({ hasText: 'Checks by dimension' })
        .getByRole('listitem', { name: failing.title, exact: true });
      await expect(item).toContainText(
        `How to fix: ${asRendered(failing.remediation)}`,
      );
    }
    if (service.flavor === 'llm') {
      await expect(
        page.getByRole('heading', { name: 'LLM dimensions' }),
      ).toBeVisible();
    }
    await page.screenshot({
      path: `${screenshotDir}/${service.name}.png`,
      fullPage: true,
    });
  });
}

test('the overview card says what the level rests on and links to the tab', async ({
  page,
  request,
}) => {
  const scorecard = await scorecardOf(request, 'chargeback-predictor');
  await signIn(page);
  await page.goto('/catalog/default/component/chargeback-predictor');
  const link = page.getByRole('link', { name: 'View MLOps maturity' });
  await expect(link).toBeVisible();
  await expect(
    page.getByText(levelBasis[scorecard.levelBasis], { exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/chargeback-predictor-overview.png`,
    fullPage: true,
  });
  await link.click();
  await expect(page).toHaveURL(/\/mlops-maturity$/);
  await expect(page.getByText(/^Level 1 — Semi-automated$/)).toBeVisible();
});
