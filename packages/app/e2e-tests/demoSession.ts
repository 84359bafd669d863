import { expect, APIRequestContext, Page } from '@playwright/test';

// What every end-to-end test shares: the running demo (scripts/e2e-demo.sh starts it), whose
// API answers the static token that script configures, so pages are checked against the
// backend's own numbers.
export const apiBase = 'http://localhost:7007/api/mlops-maturity';
export const authHeaders = {
  Authorization: `Bearer ${process.env.MLOPS_E2E_TOKEN}`,
};
export const screenshotDir = 'e2e-test-report/screenshots';

/** A JSON answer of the API, which must be 200. */
export async function getJson(request: APIRequestContext, path: string) {
  const res = await request.get(`${apiBase}/${path}`, { headers: authHeaders });
  expect(res.status(), path).toBe(200);
  return res.json();
}

/** Signs in as the demo's guest and waits for the app's sidebar. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // The sidebar's link; pages may show a breadcrumb of the same name.
  await expect(
    page
      .getByTestId('sidebar-root')
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
