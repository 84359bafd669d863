import { test, expect } from '@playwright/test';
import {
  apiBase,
  authHeaders,
  screenshotDir,
  getJson,
  signIn,
} from './demoSession';

/** Remediation Markdown as the page shows it: inline code without its backticks. */
const asRendered = (markdown: string) => markdown.replace(/`/g, '');

interface RollupRow {
  key: string;
  services: number;
  levelCounts: Record<'0' | '1' | '2', number>;
  parent?: string;
}

/** The domains no other listed domain contains: their services add up to the org. */
function topLevel(rows: RollupRow[]): RollupRow[] {
  const keys = new Set(rows.map(row => row.key));
  return rows.filter(row => !row.parent || !keys.has(row.parent));
}

test('the org page shows the rollups, blockers and services the API reports', async ({
  page,
  request,
}) => {
  const domains: RollupRow[] = (await getJson(request, 'rollups?by=domain'))
    .items;
  const top = topLevel(domains);
  const total = top.reduce((sum, row) => sum + row.services, 0);
  const atLeastLevel1 = top.reduce(
    (sum, row) => sum + row.levelCounts['1'] + row.levelCounts['2'],
    0,
  );
  expect(total).toBeGreaterThan(0);
  const blockers = (await getJson(request, 'rollups/blockers?limit=10')).items;
  const { totalCount } = await getJson(request, 'services?pageSize=1');

  await signIn(page);
  await page.getByRole('link', { name: 'MLOps maturity' }).first().click();
  await expect(page).toHaveURL(/\/mlops-maturity/);

  await expect(
    page
      .getByRole('group', { name: 'ML services', exact: true })
      .getByText(String(total), { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'At level 1 or above', exact: true }),
  ).toContainText(`${atLeastLevel1} of ${total} services`);
  await expect(
    page.getByRole('group', { name: '30-day change', exact: true }),
  ).toBeVisible();

  await expect(
    page.getByRole('table', { name: /Share of applicable checks that pass/ }),
  ).toBeVisible();

  if (blockers.length > 0) {
    const first = page
      .getByRole('listitem', { name: blockers[0].title })
      .first();
    await expect(first).toContainText(
      `How to fix: ${asRendered(blockers[0].remediation)}`,
    );
  }

  // Every chart has its numbers as a table too.
  const byDomain = page.getByRole('region', {
    name: 'Level distribution by domain',
  });
  await byDomain.getByRole('button', { name: 'Show as table' }).click();
  await expect(byDomain.getByRole('table')).toBeVisible();

  const services = page.getByRole('region', { name: 'Services', exact: true });
  await expect(
    services.getByText(
      totalCount === 1 ? '1 service' : `${totalCount} services`,
      {
        exact: true,
      },
    ),
  ).toBeVisible();
  const firstService = services.getByRole('table').getByRole('link').first();
  await expect(firstService).toHaveAttribute(
    'href',
    /\/catalog\/.+\/mlops-maturity$/,
  );

  await page.screenshot({
    path: `${screenshotDir}/org-page.png`,
    fullPage: true,
  });
});

test('the domain comparison shows each domain’s services from the API', async ({
  page,
  request,
}) => {
  const domains: RollupRow[] = (await getJson(request, 'rollups?by=domain'))
    .items;
  expect(domains.length).toBeGreaterThanOrEqual(2);
  const picked = domains.slice(0, 2).map(row => row.key);
  const query = picked
    .map(key => `domain=${encodeURIComponent(key)}`)
    .join('&');
  const comparison = await getJson(request, `rollups/compare?${query}`);
  const servicesOf = (key: string) =>
    String(comparison.items.find((row: RollupRow) => row.key === key).services);

  await signIn(page);
  await page.goto(`/mlops-maturity/compare?${query}`);

  const summary = page.getByRole('region', {
    name: 'Side by side',
    exact: true,
  });
  const servicesRow = summary.getByRole('row', { name: /^Services/ });
  await expect(servicesRow.locator('td')).toHaveText(picked.map(servicesOf));
  await expect(
    page
      .getByRole('group', { name: 'Domains to compare', exact: true })
      .getByRole('checkbox', { checked: true }),
  ).toHaveCount(2);

  const levels = page.getByRole('region', {
    name: 'Level distribution',
    exact: true,
  });
  await levels.getByRole('button', { name: 'Show as table' }).click();
  await expect(levels.getByRole('table')).toBeVisible();

  await page.screenshot({
    path: `${screenshotDir}/domain-compare.png`,
    fullPage: true,
  });
});

test('the campaigns tab shows each campaign’s progress from the API, and creates and deletes one', async ({
  page,
  request,
}) => {
  const campaigns = (await getJson(request, 'campaigns')).items;
  const payments = campaigns.find(
    (c: { id: string }) => c.id === 'payments-production-level-2',
  );
  expect(payments.progress.services).toBeGreaterThan(0);

  await signIn(page);
  await page.goto('/mlops-maturity/campaigns');
  const card = page.getByRole('region', { name: payments.title, exact: true });
  await expect(
    card.getByText(
      `${payments.progress.met} of ${payments.progress.services} services meet the goal`,
    ),
  ).toBeVisible();
  await expect(
    card.getByRole('progressbar', { name: `Progress of ${payments.title}` }),
  ).toBeVisible();
  await card.getByRole('button', { name: 'Who is behind' }).click();
  await expect(
    card.getByRole('table', {
      name: `Progress over time: ${payments.title}`,
    }),
  ).toBeVisible();
  if (payments.progress.met < payments.progress.services) {
    await expect(
      card.getByRole('table', {
        name: `Services not meeting the goal: ${payments.title}`,
      }),
    ).toBeVisible();
  }
  await page.screenshot({
    path: `${screenshotDir}/campaigns.png`,
    fullPage: true,
  });

  // A campaign created on the page is counted by the backend and can be deleted again.
  await page.getByRole('button', { name: 'New campaign' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Id/).fill('e2e-every-level-2');
  await dialog.getByLabel(/^Title/).fill('E2E: every service at Level 2');
  await dialog.getByLabel(/^Deadline/).fill('2027-12-31');
  await page.screenshot({ path: `${screenshotDir}/campaign-new.png` });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  const created = page.getByRole('region', {
    name: 'E2E: every service at Level 2',
    exact: true,
  });
  const total = (await getJson(request, 'services?pageSize=1')).totalCount;
  await expect(created.getByText(/^Created by user:/)).toBeVisible();
  await expect(
    created.getByText(new RegExp(`of ${total} services meet the goal`)),
  ).toBeVisible();
  await created.getByRole('button', { name: 'Delete' }).click();
  await expect(created).toHaveCount(0);
});

test('the weekly digest reaches the notifications page', async ({ page }) => {
  await signIn(page);
  // The digest's first run is a minute after the backend starts.
  await expect(async () => {
    await page.goto('/notifications');
    await expect(page.getByText(/^MLOps maturity digest of/)).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByText(/ML services in domains:/)).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/notifications-digest.png`,
    fullPage: true,
  });
});

test('a rule change is previewed against every service the API scores', async ({
  page,
  request,
}) => {
  const { totalCount } = await getJson(request, 'services?pageSize=1');
  await signIn(page);
  await page.goto('/mlops-maturity/what-if');
  // The editor starts with an example: every capability must be observed by a live source.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(
    page.getByText(
      new RegExp(
        `^Of ${totalCount} services you may read, \\d+ would change level`,
      ),
    ),
  ).toBeVisible({ timeout: 30_000 });
  // The demo's Level 1 and 2 services rest partly on declared files: some would drop.
  await expect(
    page.getByRole('table', { name: 'Services that would change level' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/rule-change-preview.png`,
    fullPage: true,
  });
});

test('a waiver is requested and approved on the tab, and the service is scored with it', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(
    '/catalog/default/component/credit-limit-model/mlops-maturity',
  );
  await page.getByRole('button', { name: 'Request a waiver' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Check/).click();
  const option = page.getByRole('option').first();
  const label = (await option.textContent())!;
  const checkId = /\(([^)]+)\)$/.exec(label)![1];
  await option.click();
  await dialog
    .getByLabel(/^Reason/)
    .fill('E2E: the evaluation data is being rebuilt this quarter');
  const until = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
    .toISOString()
    .slice(0, 10);
  await dialog.getByLabel(/^Until/).fill(until);
  await dialog.getByRole('button', { name: 'Request' }).click();
  await expect(dialog).toBeHidden();

  const row = page
    .getByRole('table', { name: 'Waivers' })
    .getByRole('row')
    .filter({ hasText: 'E2E: the evaluation data' })
    .first();
  await expect(row.getByText('Pending approval')).toBeVisible();
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row.getByText('Approved')).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/waiver-approved.png`,
    fullPage: true,
  });
  const statusOf = async () =>
    (
      await getJson(request, 'scorecards/component/default/credit-limit-model')
    ).checks.find((c: { id: string }) => c.id === checkId).status;
  expect(await statusOf()).toBe('waived');

  // Revoked, the check counts as it is again.
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();
  expect(await statusOf()).not.toBe('waived');
});

test("the org page's waiver queue shows a pending request, approves it with a note, and lists it as approved", async ({
  page,
  request,
}) => {
  const service = 'price-elasticity-model';
  const failing = (
    await getJson(request, `scorecards/component/default/${service}`)
  ).checks.find((c: { status: string }) => c.status === 'fail');
  const reason = 'E2E: the queue test waives this check for a month';
  const requested = await request.post(`${apiBase}/waivers`, {
    headers: authHeaders,
    data: {
      entityRef: `component:default/${service}`,
      checkId: failing.id,
      reason,
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
        .toISOString()
        .slice(0, 10),
    },
  });
  expect(requested.status()).toBe(201);
  const { id } = await requested.json();

  await signIn(page);
  await page.goto('/mlops-maturity/waivers');
  const queue = page.getByRole('table', { name: 'Waiver requests' });
  const row = queue.getByRole('row').filter({ hasText: reason });
  await expect(row.getByText('Pending approval')).toBeVisible();
  // The service is named by its catalog title and links to its tab.
  const entity = await request.get(
    `http://localhost:7007/api/catalog/entities/by-name/component/default/${service}`,
    { headers: authHeaders },
  );
  const { title } = (await entity.json()).metadata;
  await expect(row.getByRole('link', { name: title })).toHaveAttribute(
    'href',
    `/catalog/default/component/${service}/mlops-maturity`,
  );
  await row.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('Note (optional)')
    .fill('E2E: approved from the queue');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);

  await page.getByLabel('Show').click();
  await page.getByRole('option', { name: 'Approved' }).click();
  await expect(page.getByRole('listbox')).toBeHidden();
  const approvedRow = queue.getByRole('row').filter({ hasText: reason });
  await expect(approvedRow.getByText('Approved')).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/waiver-queue.png`,
    fullPage: true,
  });
  const audit = await getJson(request, `waivers/${id}/events`);
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
    'requested',
    'approved',
  ]);
  expect(audit.items[1].note).toBe('E2E: approved from the queue');

  // Leaves the demo as it was found.
  const revoked = await request.post(`${apiBase}/waivers/${id}/revoke`, {
    headers: authHeaders,
    data: {},
  });
  expect(revoked.status()).toBe(200);
});
