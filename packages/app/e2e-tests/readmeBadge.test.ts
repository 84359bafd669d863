// Playwright tests run in Node, not in the app's browser bundle the rule guards.
// eslint-disable-next-line no-restricted-imports
import { readFile } from 'fs/promises';
// eslint-disable-next-line no-restricted-imports
import path from 'path';
import { test, expect } from '@playwright/test';
import { apiBase, authHeaders, screenshotDir } from './demoSession';
import { marked } from 'marked';

// A README renderer (an SCM's Markdown view) fetches the badge without any credentials.
const readme = path.resolve(
  __dirname,
  '../../../examples/repos/fraud-scoring-service/README.md',
);

test("the level badge in an example repository's README shows the service's level, without sign-in", async ({
  browser,
  request,
}) => {
  const markdown = await readFile(readme, 'utf8');
  const html = await marked.parse(markdown);
  const context = await browser.newContext();
  const page = await context.newPage();
  const badgeResponse = page.waitForResponse(response =>
    response.url().startsWith(`${apiBase}/badges/`),
  );
  await page.setContent(
    `<html><head><title>README.md</title></head><body style="font-family: sans-serif; max-width: 840px; margin: 24px">${html}</body></html>`,
  );
  const response = await badgeResponse;
  expect(response.status()).toBe(200);
  expect(response.request().headers().authorization).toBeUndefined();

  const badge = page.getByRole('img', { name: 'MLOps maturity' });
  await expect(badge).toBeVisible();
  expect(
    await badge.evaluate(image => (image as HTMLImageElement).naturalWidth),
  ).toBeGreaterThan(0);
  const scorecard = await request.get(
    `${apiBase}/scorecards/component/default/fraud-scoring-service`,
    { headers: authHeaders },
  );
  const { level } = await scorecard.json();
  expect(await response.text()).toContain(`>Level ${level}</text>`);
  // The badge links to the service's tab.
  await expect(
    page.getByRole('link', { name: 'MLOps maturity' }),
  ).toHaveAttribute(
    'href',
    'http://localhost:3000/catalog/default/component/fraud-scoring-service/mlops-maturity',
  );
  await page.screenshot({
    path: `${screenshotDir}/readme-badge.png`,
    clip: { x: 0, y: 0, width: 900, height: 420 },
  });
  await context.close();
});
