import AxeBuilder from '@axe-core/playwright';
import { test, expect, Locator, Page } from '@playwright/test';
import { apiBase, authHeaders, signIn } from './demoSession';

// The plugin's pages under axe: no serious or critical violation. Left out are what the
// app owns, not the plugin: its sidebar, and the new frontend system's sub-page tabs, whose
// aria-controls names a panel the framework renders under another id.

/** Serious and critical violations, only those inside `within` when it is given. */
async function seriousViolations(page: Page, within?: Locator) {
  const results = await new AxeBuilder({ page })
    .exclude('[data-testid="sidebar-root"]')
    .exclude('[role="tablist"]')
    .analyze();
  const found = [];
  for (const violation of results.violations) {
    if (violation.impact !== 'serious' && violation.impact !== 'critical') {
      continue;
    }
    const targets = [];
    for (const node of violation.nodes) {
      const selector = node.target.join(' ');
      if (!within || (await within.locator(selector).count()) > 0) {
        targets.push(selector);
      }
    }
    if (targets.length > 0) {
      found.push({ rule: violation.id, help: violation.help, targets });
    }
  }
  return found;
}

const pages: Array<{ name: string; path: string; ready: string }> = [
  {
    name: 'the MLOps maturity tab',
    path: '/catalog/default/component/fraud-scoring-service/mlops-maturity',
    ready: 'Checks by dimension',
  },
  {
    name: 'the org page',
    path: '/mlops-maturity',
    ready: 'Level distribution by domain',
  },
  {
    name: 'the MLOps maturity tab of a domain',
    path: '/catalog/default/domain/payments/mlops-maturity',
    ready: 'Level distribution by team',
  },
  {
    name: 'the MLOps maturity tab of a group',
    path: '/catalog/default/group/fraud-ml/mlops-maturity',
    ready: 'Level distribution by domain',
  },
  {
    name: 'the campaigns',
    path: '/mlops-maturity/campaigns',
    ready: 'New campaign',
  },
  {
    name: 'the waiver queue',
    path: '/mlops-maturity/waivers',
    ready: 'Waiver requests',
  },
];

for (const { name, path, ready } of pages) {
  test(`${name} has no serious or critical accessibility violation`, async ({
    page,
  }) => {
    await signIn(page);
    await page.goto(path);
    await expect(page.getByText(ready).first()).toBeVisible({
      timeout: 30_000,
    });
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the overview card has no serious or critical accessibility violation', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/fraud-scoring-service');
  const link = page.getByRole('link', { name: 'View MLOps maturity' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  // The overview page holds other plugins' cards: only ours is judged here.
  const card = page.locator('.MuiCard-root', { has: link });
  expect(await seriousViolations(page, card)).toEqual([]);
});

test('the domain comparison has no serious or critical accessibility violation', async ({
  page,
  request,
}) => {
  const domains = (
    await (
      await request.get(`${apiBase}/rollups?by=domain`, {
        headers: authHeaders,
      })
    ).json()
  ).items as Array<{ key: string }>;
  const query = domains
    .slice(0, 2)
    .map(row => `domain=${encodeURIComponent(row.key)}`)
    .join('&');
  await signIn(page);
  await page.goto(`/mlops-maturity/compare?${query}`);
  await expect(
    page.getByRole('region', { name: 'Side by side', exact: true }),
  ).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
});
