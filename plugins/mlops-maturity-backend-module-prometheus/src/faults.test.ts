import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the fault suite runs the module inside the real plugin
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import mlopsMaturityModulePrometheus from './index';
import {
  LoopbackUpstream,
  UpstreamFault,
  refreshDuringRetryAfter,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';
import { JOB, KPI_METRIC, loopbackPrometheus } from './testUtils';

/*
 * Faults injected by a real Prometheus stand-in on the loopback interface (no msw): the
 * client's own sockets, timers and body streams meet each fault as they would in production.
 */

jest.setTimeout(60_000);

const USERNAME = 'scorecards';
const PASSWORD = 'fault-suite-password-8d2e71';
/** What travels in the Authorization header; it must not show anywhere either. */
const ENCODED = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const AUTHORIZATION = `Basic ${ENCODED}`;
const MAX_RESPONSE_BYTES = 64 * 1024;
const ENTITY_REF = `component:default/${JOB}`;
const SCORECARD = `/api/mlops-maturity/scorecards/component/default/${JOB}`;

type CheckJson = JsonObject & {
  id: string;
  status: string;
  message: string;
  evidence: JsonObject[];
};

const monitoringEvidence = (check: CheckJson) =>
  check.evidence.filter(e => e.source === 'monitoring');

/** Any of the three requests of a collection may fail first; each names the instance. */
const CONTEXT = `(up query for job '${JOB}' on|series query for job '${JOB}' on|alert rules of) Prometheus instance 'prod': prometheus: `;
const ENDPOINT = String.raw`http://127\.0\.0\.1:\d+/api/v1/(query|rules)`;
const reasonOf = (pattern: string) => new RegExp(`${CONTEXT}${pattern}`);

describe('Prometheus faults on the loopback interface', () => {
  /** Where the redirect points: another host name, so credentials must not go there. */
  const credentialsSeenElsewhere: string[] = [];
  const elsewhere = new LoopbackUpstream({
    handler(req, res) {
      if (req.headers.authorization) {
        credentialsSeenElsewhere.push(req.headers.authorization);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"success","data":{"groups":[]}}');
    },
  });
  const elsewhereOrigin = () =>
    elsewhere.origin.replace('127.0.0.1', 'localhost');
  const prometheus = loopbackPrometheus({
    authorization: AUTHORIZATION,
    oversizedBytes: 4 * MAX_RESPONSE_BYTES,
    redirectTo: () => `${elsewhereOrigin()}/steal`,
    // Longer than the client may wait (1 s), short enough to wait out here.
    retryAfterSeconds: 2,
  });
  /** The backend's origin, called with global fetch: this package does not depend on supertest. */
  let backend: string;
  let warnings: string[];

  beforeAll(async () => {
    await prometheus.start();
    await elsewhere.start();
    jest.spyOn(console, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    const { server } = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        mlopsMaturityModulePrometheus,
        mockServices.rootLogger.factory({ level: 'warn' }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: JOB,
                namespace: 'default',
                annotations: {
                  'prometheus.io/instance': 'prod',
                  'prometheus.io/job': JOB,
                  'mlops-maturity.io/kpi': KPI_METRIC,
                },
              },
              spec: {
                type: 'ml-service',
                owner: 'group:default/risk',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
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
              prometheus: {
                // No cached rules: every refresh calls every endpoint, so each meets the fault.
                rulesCacheSeconds: 0,
                instances: [
                  {
                    name: 'prod',
                    baseUrl: prometheus.origin,
                    username: USERNAME,
                    password: PASSWORD,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    backend = `http://localhost:${server.port()}`;
  });

  afterAll(async () => {
    await prometheus.stop();
    await elsewhere.stop();
  });

  beforeEach(() => {
    warnings = [];
    prometheus.fault = undefined;
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

  const monitoringSourceOf = (status: JsonObject) =>
    (status.sources as JsonObject[]).find(s => s.source === 'monitoring');
  async function monitoringErrors(): Promise<number> {
    const { body } = await get('/api/mlops-maturity/status');
    return Number(monitoringSourceOf(body)?.errors ?? 0);
  }

  it('reaches the redirect target by its localhost name, so a followed redirect would show', async () => {
    const before = elsewhere.requests;
    const response = await fetch(`${elsewhereOrigin()}/probe`, {
      headers: { Authorization: 'probe' },
    });
    expect(response.status).toBe(200);
    expect(elsewhere.requests).toBe(before + 1);
    expect(credentialsSeenElsewhere).toEqual(['probe']);
    credentialsSeenElsewhere.length = 0;
  });

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
        String.raw`${ENDPOINT} redirected \(HTTP 302\) to http://localhost:\d+/steal; redirects are not followed, configure the address it names`,
      ),
    ],
  ])(
    '%s: keeps the last facts, marked stale; reports it in /status and the log; recovers',
    async (fault, reason) => {
      const healthyChecks = (await refresh()).filter(
        c => monitoringEvidence(c).length > 0,
      );
      const healthy = Object.fromEntries(
        healthyChecks.map(c => [c.id, c.status]),
      );
      // Real passing evidence from the stand-in, so that a kept status means something.
      expect(healthy).toMatchObject({
        'monitoring.metrics-scraped': 'pass',
        'monitoring.alerting': 'pass',
        'monitoring.drift': 'pass',
        'monitoring.model-performance': 'pass',
        'monitoring.kpi-alerts': 'pass',
      });
      for (const check of healthyChecks) {
        expect(monitoringEvidence(check)).not.toContainEqual(
          expect.objectContaining({ stale: true }),
        );
      }
      const errorsBefore = await monitoringErrors();

      prometheus.fault = fault;
      elsewhere.requests = 0;
      let refreshed = false;
      const pending = post(`${SCORECARD}/refresh`).then(response => {
        refreshed = true;
        return response;
      });
      // The backend keeps answering while the upstream misbehaves.
      const status = await get('/api/mlops-maturity/status');
      expect(status.status).toBe(200);
      // These faults hold the refresh for two timeouts; /status must not wait with it.
      const slow = fault === 'hang' || fault === 'stall-mid-body';
      expect(slow && refreshed).toBe(false);
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
        expect(monitoringEvidence(check).length).toBeGreaterThan(0);
        for (const evidence of monitoringEvidence(check)) {
          expect(evidence.stale).toBe(true);
        }
        expect(check.message).toMatch(reason);
      }
      const statusAfter = (await get('/api/mlops-maturity/status')).body;
      const source = monitoringSourceOf(statusAfter);
      expect(Number(source?.errors)).toBe(errorsBefore + 1);
      expect(String(source?.lastError)).toMatch(reason);

      // A rate limit is waited for, not failed: its warning says until when. The failure
      // warning carries the collector's error, which names the Prometheus instance.
      const expected =
        fault === 'rate-limited'
          ? {
              text: `Refreshing ${ENTITY_REF}: a source waits for a spent rate limit until`,
              pattern:
                /until \d{4}-\d\d-\d\dT[\d:.]+Z; its last facts are kept/,
            }
          : {
              text: `Collecting monitoring for ${ENTITY_REF} failed`,
              pattern: reason,
            };
      const warning = warnings.find(w => w.includes(expected.text));
      expect(warning).toMatch(expected.pattern);
      expect(elsewhere.requests).toBe(0);
      expect(credentialsSeenElsewhere).toEqual([]);
      const everythingShown = JSON.stringify({
        faulty: faultyResponse.body,
        status: status.body,
        statusAfter,
        warnings,
      });
      expect(everythingShown).not.toContain(PASSWORD);
      expect(everythingShown).not.toContain(ENCODED);

      prometheus.fault = undefined;
      // The upstream asked for a pause: until it ends nothing is sent to it, and the
      // facts stay stale.
      const paused =
        fault === 'rate-limited'
          ? await refreshDuringRetryAfter(
              prometheus,
              async () =>
                (
                  await refresh()
                ).filter(check => monitoringEvidence(check).some(e => e.stale))
                  .length,
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
        expect(monitoringEvidence(check).length).toBeGreaterThan(0);
        expect(monitoringEvidence(check)).not.toContainEqual(
          expect.objectContaining({ stale: true }),
        );
        expect(check.message).not.toContain('the latest collection failed');
      }
      await expect(monitoringErrors()).resolves.toBe(errorsBefore);
    },
  );
});
