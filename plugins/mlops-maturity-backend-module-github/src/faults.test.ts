import http from 'http';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the fault suite runs the module inside the real plugin
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import { mlopsMaturityModuleGithub } from './module';
import { GithubFault, LoopbackGithub } from './testUtils/LoopbackGithub';

/*
 * Faults injected by a GitHub stand-in on the loopback interface (real sockets, no msw in
 * the client's path), into a backend running the plugin with this module.
 */

jest.setTimeout(60_000);

const TOKEN = 'ghp_faultsuite0000000000000000000000000';
const SCORECARD =
  '/api/mlops-maturity/scorecards/component/default/fraud-detector';
/** Checks decided by the GitHub Actions facts in this fake's repository. */
const CI_CHECKS = [
  'deploy.automated-pipeline',
  'deploy.cd-on-merge',
  'pipeline.ci-on-pr',
  'gov.security-scan',
];

type CheckJson = JsonObject & {
  id: string;
  status: string;
  message: string;
  evidence: JsonObject[];
};

describe('GitHub faults on the loopback interface', () => {
  const elsewhere = new LoopbackGithub({ token: 'another-token' });
  const github = new LoopbackGithub({
    token: TOKEN,
    // Longer than the client may wait (1 s), short enough to wait out here.
    retryAfterSeconds: 2,
    // Another host name: node-fetch, under Backstage's repository reader, keeps the
    // credentials on a redirect to the same host name, and drops them for another host.
    redirectTo: () => elsewhere.origin.replace('127.0.0.1', 'localhost'),
  });
  let backend: http.Server;
  let warnings: string[];

  beforeAll(async () => {
    await elsewhere.start();
    await github.start();
    jest.spyOn(console, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    ({ server: backend } = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        mlopsMaturityModuleGithub,
        mockServices.rootLogger.factory({ level: 'warn' }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'fraud-detector',
                namespace: 'default',
                annotations: {
                  'backstage.io/source-location': `url:${github.origin}/acme/fraud-detector/tree/main/`,
                },
              },
              spec: {
                type: 'ml-service',
                owner: 'group:default/ml-team',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: new URL(github.origin).host,
                  apiBaseUrl: `${github.origin}/api/v3`,
                  token: TOKEN,
                },
              ],
            },
            mlopsMaturity: {
              // The repository is read from the same stand-in, through Backstage's GitHub
              // reader: a hung GitHub must not hold that read either.
              repositories: { readTimeoutSeconds: 1 },
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              upstream: {
                timeoutMs: 400,
                maxRetries: 1,
                maxRetryWaitMs: 1000,
                maxResponseBytes: 64 * 1024,
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await github.stop();
    await elsewhere.stop();
  });

  beforeEach(() => {
    warnings = [];
    github.fault = undefined;
  });

  const refresh = async () => {
    const response = await request(backend).post(`${SCORECARD}/refresh`);
    expect(response.status).toBe(200);
    return CI_CHECKS.map(
      id => (response.body.checks as CheckJson[]).find(c => c.id === id)!,
    );
  };

  async function ciSource(): Promise<JsonObject | undefined> {
    const response = await request(backend).get('/api/mlops-maturity/status');
    return (response.body.sources as JsonObject[]).find(s => s.source === 'ci');
  }

  async function deferredRequests(): Promise<number> {
    const response = await request(backend).get('/api/mlops-maturity/status');
    const collector = (response.body.collectors as JsonObject[]).find(
      c => c.id === 'github-actions',
    );
    return Number(collector?.deferred ?? 0);
  }

  const RATE_LIMITED = /rate limited by .*\/repos\/acme\/fraud-detector until /;

  it.each<[GithubFault, RegExp]>([
    ['server-error', /answered HTTP 502/],
    ['secondary-limit', RATE_LIMITED],
    ['primary-limit', RATE_LIMITED],
    ['hang', /did not answer within 400 ms/],
    ['stall-mid-body', /did not answer within 400 ms/],
    ['oversized', /answered with more than 65536 bytes/],
    ['malformed', /answered with malformed JSON/],
    [
      'redirect',
      /redirected \(HTTP 302\) to http:\/\/localhost:\d+\/api\/v3\/repos\/acme\/elsewhere; redirects are not followed/,
    ],
  ])(
    '%s: keeps the last CI facts, marked stale; reports it in /status and the log; recovers',
    async (fault, reason) => {
      const healthy = await refresh();
      const statuses = healthy.map(c => c.status);
      expect(statuses).not.toContain('unknown');
      const errorsBefore = Number((await ciSource())?.errors ?? 0);

      github.fault = fault;
      const pending = refresh();
      // The backend keeps answering while GitHub misbehaves.
      const status = await request(backend).get('/api/mlops-maturity/status');
      expect(status.status).toBe(200);
      const faulty = await pending;

      // No check flips because of the fault: the last known facts decide, marked stale.
      expect(faulty.map(c => c.status)).toEqual(statuses);
      for (const check of faulty) {
        expect(
          check.evidence.filter(e => e.source === 'ci').every(e => e.stale),
        ).toBe(true);
        expect(check.message).toMatch(reason);
      }
      const source = await ciSource();
      expect(Number(source?.errors)).toBe(errorsBefore + 1);
      expect(String(source?.lastError)).toMatch(reason);
      // A rate limit is waited for, not failed: the warning says so.
      const logged = warnings.find(w =>
        reason === RATE_LIMITED
          ? w.includes('waits for a spent rate limit')
          : w.includes(
              'Collecting ci for component:default/fraud-detector failed',
            ),
      );
      expect(logged).toMatch(
        reason === RATE_LIMITED ? /component:default\/fraud-detector/ : reason,
      );
      // Our client follows no redirect. Backstage's own reader of the repository follows
      // it, but without the credentials: the other origin never sees the token.
      expect(elsewhere.authorizations).not.toContainEqual(
        expect.stringContaining(TOKEN),
      );
      expect(JSON.stringify({ faulty, source, warnings })).not.toContain(TOKEN);

      github.fault = undefined;
      // GitHub asked for a pause: until it ends, no request goes out, not even the ones
      // it did not refuse, and the facts stay stale.
      const paused = { staleChecks: 0, deferred: 0 };
      if (reason === RATE_LIMITED) {
        const deferredBefore = await deferredRequests();
        paused.staleChecks = (await refresh()).filter(check =>
          check.evidence.some(e => e.source === 'ci' && e.stale),
        ).length;
        paused.deferred = (await deferredRequests()) - deferredBefore;
        await new Promise(resolve => setTimeout(resolve, 2100));
      }
      expect(paused.staleChecks).toBe(
        reason === RATE_LIMITED ? faulty.length : 0,
      );
      expect(paused.deferred > 0).toBe(reason === RATE_LIMITED);
      for (const check of await refresh()) {
        expect(
          check.evidence.filter(e => e.source === 'ci').some(e => e.stale),
        ).toBe(false);
      }
    },
  );
});
