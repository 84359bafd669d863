import { test, expect, Page, APIRequestContext } from '@playwright/test';

// Runs against the running demo (scripts/e2e-demo.sh starts it); the API answers with the
// static token that script configures, so the UI is checked against the backend's own numbers.
const apiBase = 'http://localhost:7007/api/mlops-maturity';
const token = process.env.MLOPS_E2E_TOKEN;
const screenshotDir = 'e2e-test-report/screenshots';

const services = [
  { name: 'credit-limit-model', level: 0, flavor: 'ml' },
  { name: 'chargeback-predictor', level: 1, flavor: 'ml' },
  { name: 'fraud-scoring-service', level: 2, flavor: 'ml' },
  { name: 'support-assistant', level: 2, flavor: 'llm' },
];

async function scorecardOf(request: APIRequestContext, name: string) {
  const res = await request.get(`${apiBase}/scorecards/component/default/${name}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  return res.json();
}

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // The sidebar's link; pages may show a breadcrumb of the same name.
  await expect(
    page.getByTestId('sidebar-root').getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

for (const service of services) {
  test(`the MLOps maturity tab of ${service.name} shows Level ${service.level} and how to fix a failing check`, async ({
    page,
    request,
  }) => {
    const scorecard = await scorecardOf(request, service.name);
    expect(scorecard.level).toBe(service.level);
    expect(scorecard.flavor).toBe(service.flavor);

    await signIn(page);
    await page.goto(`/catalog/default/component/${service.name}/mlops-maturity`);
    await expect(
      page.getByText(`Level ${scorecard.level} — ${scorecard.levelName}`, { exact: true }),
    ).toBeVisible();
    await expect(page.getByText(`${scorecard.score} / 100`)).toBeVisible();
    await expect(page.getByText(/SAMPLE data/)).toHaveCount(scorecard.containsSampleData ? 1 : 0);

    if (scorecard.nextLevel) {
      // A required check that blocks the next level, with its remediation.
      const blocker = scorecard.checks.find((c: any) => c.id === scorecard.nextLevel.blockers[0]);
      const item = page.getByRole('listitem', { name: blocker.title }).first();
      await expect(item).toContainText(`How to fix: ${blocker.remediation}`);
    } else {
      // At the top level: open the dimension of a failing recommended check.
      const failing = scorecard.checks.find((c: any) => c.status === 'fail');
      expect(failing).toBeDefined();
      await page.locator(`#mlops-maturity-dimension-${failing.dimension}`).click();
      const item = page.getByRole('listitem', { name: failing.title });
      await expect(item).toContainText(`How to fix: ${failing.remediation}`);
    }
    if (service.flavor === 'llm') {
      await expect(page.getByRole('heading', { name: 'LLM dimensions' })).toBeVisible();
    }
    await page.screenshot({ path: `${screenshotDir}/${service.name}.png`, fullPage: true });
  });
}

test('the overview card links to the tab', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/component/chargeback-predictor');
  const link = page.getByRole('link', { name: 'View MLOps maturity' });
  await expect(link).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/chargeback-predictor-overview.png`, fullPage: true });
  await link.click();
  await expect(page).toHaveURL(/\/mlops-maturity$/);
  await expect(page.getByText(/^Level 1 — Semi-automated$/)).toBeVisible();
});
