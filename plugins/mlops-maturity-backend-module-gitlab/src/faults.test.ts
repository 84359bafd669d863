import { getResponse } from 'msw';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the fault suite runs the module inside the real plugin
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import {
  LoopbackUpstream,
  UpstreamFault,
  refreshDuringRetryAfter,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';
import mlopsMaturityModuleGitlab from './index';
import { FakeGitlab, GITLAB_API } from './__testUtils__/fakeGitlab';

/*
 * Faults injected by a GitLab stand-in on the loopback interface: the fake's documented
 * answers served over real sockets, so the client's own timers and body streams meet
 * each fault as they would in production.
 */

jest.setTimeout(60_000);

const TOKEN = 'glpat-faultsuite00000000';
const PROJECT = 'ml/fraud/fraud-detector';
const MAX_RESPONSE_BYTES = 64 * 1024;
const ENTITY_REF = 'component:default/fraud-detector';
const SCORECARD =
  '/api/mlops-maturity/scorecards/component/default/fraud-detector';

type CheckJson = JsonObject & {
  id: string;
  status: string;
  message: string;
  evidence: JsonObject[];
};

const ciEvidence = (check: CheckJson) =>
  check.evidence.filter(e => e.source === 'ci');

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

function gitlabProject(): FakeGitlab {
  const gitlab = new FakeGitlab({
    token: TOKEN,
    pathWithNamespace: PROJECT,
    createdAt: daysAgo(20),
  });
  gitlab.addPipeline(
    {
      id: 11,
      status: 'success',
      source: 'push',
      ref: 'main',
      created_at: daysAgo(3),
    },
    [
      {
        name: 'pytest',
        stage: 'test',
        status: 'success',
        created_at: daysAgo(3),
      },
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'success',
        created_at: daysAgo(3),
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 12,
      status: 'success',
      source: 'merge_request_event',
      ref: 'refs/merge-requests/7/head',
      created_at: daysAgo(2),
    },
    [
      {
        name: 'pytest',
        stage: 'test',
        status: 'success',
        created_at: daysAgo(2),
      },
    ],
  );
  return gitlab;
}

const ENDPOINT = String.raw`http://127\.0\.0\.1:\d+/api/v4/projects/[^ ]+`;
const reasonOf = (pattern: string) => new RegExp(`gitlab: ${pattern}`);

describe('GitLab faults on the loopback interface', () => {
  const fake = gitlabProject();
  /** Where the redirect points: another host name, so credentials must not go there. */
  const credentialsSeenElsewhere: string[] = [];
  const elsewhere = new LoopbackUpstream({
    handler(req, res) {
      if (req.headers['private-token'] || req.headers.authorization) {
        credentialsSeenElsewhere.push(
          String(req.headers['private-token'] ?? req.headers.authorization),
        );
      }
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"message":"404 Not Found"}');
    },
  });
  const gitlab: LoopbackUpstream = new LoopbackUpstream({
    oversizedBytes: 4 * MAX_RESPONSE_BYTES,
    // Longer than the client may wait (1 s), short enough to wait out here.
    retryAfterSeconds: 2,
    redirectTo: () =>
      `${elsewhere.origin.replace('127.0.0.1', 'localhost')}/api/v4/steal`,
    // The fake's answers, for GitLab's address, re-addressed to the stand-in.
    async handler(req, res) {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') {
          headers.set(key, value);
        }
      }
      const path = (req.url ?? '/').replace(/^\/api\/v4/, '');
      const response = await getResponse(
        fake.handlers(),
        new Request(`${GITLAB_API}${path}`, { headers }),
      );
      if (!response) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"404 Not Found"}');
        return;
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        out[key] = value.split(GITLAB_API).join(`${gitlab.origin}/api/v4`);
      });
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    },
  });
  let backend: string;
  let warnings: string[];

  beforeAll(async () => {
    await gitlab.start();
    await elsewhere.start();
    jest.spyOn(console, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    const { server } = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        mlopsMaturityModuleGitlab,
        mockServices.rootLogger.factory({ level: 'warn' }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'fraud-detector',
                namespace: 'default',
                annotations: { 'gitlab.com/project-slug': PROJECT },
              },
              spec: {
                type: 'ml-service',
                owner: 'group:default/ml',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              gitlab: [
                {
                  host: 'gitlab.com',
                  apiBaseUrl: `${gitlab.origin}/api/v4`,
                  token: TOKEN,
                },
              ],
            },
            mlopsMaturity: {
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              upstream: {
                timeoutMs: 400,
                maxRetries: 1,
                maxRetryWaitMs: 1000,
                maxResponseBytes: MAX_RESPONSE_BYTES,
              },
            },
          },
        }),
      ],
    });
    backend = `http://localhost:${server.port()}`;
  });

  afterAll(async () => {
    await gitlab.stop();
    await elsewhere.stop();
  });

  beforeEach(() => {
    warnings = [];
    gitlab.fault = undefined;
  });

  const answer = async (pending: Promise<Response>) => {
    const response = await pending;
    return { status: response.status, body: await response.json() };
  };
  const post = (path: string) =>
    answer(fetch(`${backend}${path}`, { method: 'POST' }));
  const get = (path: string) => answer(fetch(`${backend}${path}`));
  const refresh = async () => {
    const response = await post(`${SCORECARD}/refresh`);
    expect(response.status).toBe(200);
    return response.body.checks as CheckJson[];
  };
  const ciSourceOf = (status: JsonObject) =>
    (status.sources as JsonObject[]).find(s => s.source === 'ci');
  async function ciErrors(): Promise<number> {
    const { body } = await get('/api/mlops-maturity/status');
    return Number(ciSourceOf(body)?.errors ?? 0);
  }

  it.each<[UpstreamFault, RegExp]>([
    ['server-error', reasonOf(`${ENDPOINT} answered HTTP 503`)],
    [
      'rate-limited',
      reasonOf(
        String.raw`rate limited by ${ENDPOINT} until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`,
      ),
    ],
    ['hang', reasonOf(`${ENDPOINT} did not answer within 400 ms`)],
    ['stall-mid-body', reasonOf(`${ENDPOINT} did not answer within 400 ms`)],
    ['oversized', reasonOf(`${ENDPOINT} answered with more than 65536 bytes`)],
    ['malformed', reasonOf(`${ENDPOINT} answered with malformed JSON`)],
    [
      'redirect',
      reasonOf(
        String.raw`${ENDPOINT} redirected \(HTTP 302\) to http://localhost:\d+/api/v4/steal; redirects are not followed`,
      ),
    ],
  ])(
    '%s: keeps the last CI facts, marked stale; reports it in /status and the log; recovers',
    async (fault, reason) => {
      const healthyChecks = (await refresh()).filter(
        c => ciEvidence(c).length > 0,
      );
      const healthy = Object.fromEntries(
        healthyChecks.map(c => [c.id, c.status]),
      );
      // Real passing evidence from the stand-in, so that a kept status means something.
      expect(healthy).toMatchObject({
        'deploy.automated-pipeline': 'pass',
        'pipeline.ci-on-pr': 'pass',
      });
      const errorsBefore = await ciErrors();

      gitlab.fault = fault;
      elsewhere.requests = 0;
      const pending = post(`${SCORECARD}/refresh`);
      // The backend keeps answering while GitLab misbehaves.
      const status = await get('/api/mlops-maturity/status');
      expect(status.status).toBe(200);
      const faultyResponse = await pending;
      expect(faultyResponse.status).toBe(200);
      const faulty = (faultyResponse.body.checks as CheckJson[]).filter(c =>
        Object.keys(healthy).includes(c.id),
      );

      // No check flips because of the fault: the last known facts decide, marked stale.
      expect(Object.fromEntries(faulty.map(c => [c.id, c.status]))).toEqual(
        healthy,
      );
      for (const check of faulty) {
        expect(ciEvidence(check).length).toBeGreaterThan(0);
        for (const evidence of ciEvidence(check)) {
          expect(evidence.stale).toBe(true);
        }
        expect(check.message).toMatch(reason);
      }
      const statusAfter = (await get('/api/mlops-maturity/status')).body;
      const source = ciSourceOf(statusAfter);
      expect(Number(source?.errors)).toBe(errorsBefore + 1);
      expect(String(source?.lastError)).toMatch(reason);

      // A rate limit is waited for, not failed: its warning says until when.
      const expected =
        fault === 'rate-limited'
          ? {
              text: `Refreshing ${ENTITY_REF}: a source waits for a spent rate limit until`,
              pattern:
                /until \d{4}-\d\d-\d\dT[\d:.]+Z; its last facts are kept/,
            }
          : { text: `Collecting ci for ${ENTITY_REF} failed`, pattern: reason };
      const warning = warnings.find(w => w.includes(expected.text));
      expect(warning).toMatch(expected.pattern);
      expect(elsewhere.requests).toBe(0);
      expect(credentialsSeenElsewhere).toEqual([]);
      expect(
        JSON.stringify({
          faulty: faultyResponse.body,
          status: status.body,
          statusAfter,
          warnings,
        }),
      ).not.toContain(TOKEN);

      gitlab.fault = undefined;
      // The upstream asked for a pause: until it ends nothing is sent to it, and the
      // facts stay stale.
      const paused =
        fault === 'rate-limited'
          ? await refreshDuringRetryAfter(
              gitlab,
              async () =>
                (
                  await refresh()
                ).filter(check => ciEvidence(check).some(e => e.stale)).length,
            )
          : { staleChecks: 0, sent: 0 };
      expect(paused).toEqual({
        staleChecks: fault === 'rate-limited' ? faulty.length : 0,
        sent: 0,
      });
      const recovered = (await refresh()).filter(c =>
        Object.keys(healthy).includes(c.id),
      );
      expect(Object.fromEntries(recovered.map(c => [c.id, c.status]))).toEqual(
        healthy,
      );
      for (const check of recovered) {
        expect(ciEvidence(check)).not.toContainEqual(
          expect.objectContaining({ stale: true }),
        );
      }
      await expect(ciErrors()).resolves.toBe(errorsBefore);
    },
  );
});
