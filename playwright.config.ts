import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the running demo, in the machine's Chromium (a Playwright
 * browser download is not needed): scripts/e2e-demo.sh starts the demo and runs them.
 */
export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }]],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: [{ name: 'app', testDir: 'packages/app/e2e-tests' }],
});
