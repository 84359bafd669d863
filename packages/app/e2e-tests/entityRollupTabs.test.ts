import { test, expect } from '@playwright/test';
import { screenshotDir, getJson, signIn } from './demoSession';

// Runs against the running demo (scripts/e2e-demo.sh starts it), whose sample history
// gives every trend twelve weeks: the tabs are checked against the backend's own numbers.

const tabs = [
  {
    kind: 'domain',
    by: 'domain',
    name: 'payments',
    scope: 'The ML services in this domain, with those of its subdomains.',
    // The subdomain is charted inside its parent.
    breakdown: 'Level distribution by domain',
    child: 'Fraud prevention',
  },
  {
    kind: 'group',
    by: 'owner',
    name: 'fraud-ml',
    scope: 'The ML services this team owns, with those of the teams below it.',
    breakdown: 'Level distribution by domain',
    child: 'Payments',
  },
] as const;

for (const tab of tabs) {
  test(`the ${tab.kind} page's MLOps maturity tab shows its rollup and a multi-week trend`, async ({
    page,
    request,
  }) => {
    const ref = `${tab.kind}:default/${tab.name}`;
    const encoded = encodeURIComponent(ref);
    const own = (
      await getJson(request, `rollups?by=${tab.by}&${tab.by}=${encoded}`)
    ).items.find((row: { key: string }) => row.key === ref);
    expect(own?.services).toBeGreaterThan(0);
    const trend = (
      await getJson(request, `rollups/trend?by=${tab.by}&key=${encoded}`)
    ).items;
    const sampleDays = trend.filter(
      (point: { sampleServices?: number }) => point.sampleServices,
    );
    expect(sampleDays.length).toBeGreaterThanOrEqual(8 * 7);

    await signIn(page);
    await page.goto(`/catalog/default/${tab.kind}/${tab.name}/mlops-maturity`);
    await expect(page.getByText(tab.scope)).toBeVisible();
    const figures = page.getByRole('group', { name: 'ML services' });
    await expect(figures).toContainText(String(own.services));
    // A month back is sample history, and the change says so.
    await expect(
      page.getByRole('group', { name: '30-day change' }),
    ).toContainText('Compared with sample history (demo).');

    const trendCard = page.getByRole('region', { name: 'Trend' });
    await expect(
      trendCard.getByText(/Days up to .* include sample history \(demo\)/),
    ).toBeVisible();
    await trendCard.getByRole('button', { name: 'Show as table' }).click();
    const rows = trendCard.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(trend.length + 1);
    await expect(rows.last()).not.toContainText('Sample data');
    await expect(rows.nth(1)).toContainText('Sample data');
    await trendCard.getByRole('button', { name: 'Hide table' }).click();

    // Titles, not entity names, and the hierarchy below the entity.
    const breakdown = page.getByRole('region', { name: tab.breakdown });
    await expect(breakdown.getByText(tab.child).first()).toBeVisible();
    const services = page.getByRole('region', { name: 'Services' });
    await expect(
      services.getByText(`${own.services} services`, { exact: true }),
    ).toBeVisible();
    await page.screenshot({
      path: `${screenshotDir}/${tab.kind}-tab.png`,
      fullPage: true,
    });
  });
}
