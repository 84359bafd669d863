import http from 'http';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the fault suite runs the module inside the real plugin
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import mlopsMaturityModuleMlflow from './index';
import {
  LoopbackUpstream,
  UpstreamFault,
  refreshDuringRetryAfter,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';
import { fraudDetector, fraudV3 } from './__testUtils__/fakeMlflow';

/*
 * Faults injected by a real MLflow stand-in on the loopback interface (no msw): the client's
 * own sockets, timers and body streams meet each fault as they would in production.
 */

jest.setTimeout(60_000);

const TOKEN = 'fault-suite-token-5c1f9e';
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Answers like MLflow 2.11 from the captured fixtures, or with the fault it is told to inject. */
function loopbackMlflow(redirectTo?: () => string) {
  const upstream: LoopbackUpstream = new LoopbackUpstream({
    oversizedBytes: 4 * MAX_RESPONSE_BYTES,
    redirectTo,
    // Longer than the client may wait (1 s), short enough to wait out here.
    retryAfterSeconds: 2,
    handler(req, res) {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        json(401, { error_code: 'UNAUTHENTICATED' });
        return;
      }
      const url = new URL(req.url ?? '/', upstream.origin);
      const model = fraudDetector();
      switch (url.pathname) {
        case '/api/2.0/mlflow/registered-models/get':
          json(200, { registered_model: model.registeredModel });
          return;
        case '/api/2.0/mlflow/model-versions/search':
          json(200, { model_versions: model.versions });
          return;
        case '/api/2.0/mlflow/runs/get':
          json(200, { run: fraudV3() });
          return;
        default:
          json(404, { error_code: 'ENDPOINT_NOT_FOUND' });
      }
    },
  });
  return upstream;
}

const REGISTRY_CHECKS = [
  'registry.model-registered',
  'registry.lineage',
  'registry.promotion',
  'registry.metrics-logged',
];
const SCORECARD =
  '/api/mlops-maturity/scorecards/component/default/fraud-detector';

type CheckJson = JsonObject & { status: string; evidence: JsonObject[] };

describe('MLflow faults on the loopback interface', () => {
  const elsewhere = loopbackMlflow();
  const mlflow = loopbackMlflow(() => `${elsewhere.origin}/steal`);
  let backend: http.Server;
  let warnings: string[];

  beforeAll(async () => {
    await mlflow.start();
    await elsewhere.start();
    jest.spyOn(console, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    ({ server: backend } = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        mlopsMaturityModuleMlflow,
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
                  'mlflow.org/instance': 'prod',
                  'mlflow.org/registered-model': 'fraud-detector',
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
              mlflow: {
                instances: [
                  { name: 'prod', baseUrl: mlflow.origin, token: TOKEN },
                ],
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await mlflow.stop();
    await elsewhere.stop();
  });

  beforeEach(() => {
    warnings = [];
    mlflow.fault = undefined;
  });

  const refresh = async () => {
    const response = await request(backend).post(`${SCORECARD}/refresh`);
    expect(response.status).toBe(200);
    return response.body.checks as CheckJson[];
  };
  const registryChecks = (checks: CheckJson[]) =>
    REGISTRY_CHECKS.map(id => checks.find(c => c.id === id)!);

  async function registrySource(): Promise<JsonObject | undefined> {
    const response = await request(backend).get('/api/mlops-maturity/status');
    return (response.body.sources as JsonObject[]).find(
      s => s.source === 'registry',
    );
  }
  async function registryErrors(): Promise<number> {
    return Number((await registrySource())?.errors ?? 0);
  }
  async function registryLastError(): Promise<string> {
    return String((await registrySource())?.lastError ?? '');
  }

  it.each<[UpstreamFault, RegExp]>([
    ['server-error', /answered HTTP 503/],
    ['rate-limited', /rate limited by .*registered-models\/get until /],
    ['hang', /did not answer within 400 ms/],
    ['stall-mid-body', /did not answer within 400 ms/],
    ['oversized', /answered with more than 65536 bytes/],
    ['malformed', /answered with malformed JSON/],
    [
      'redirect',
      /redirected \(HTTP 302\) to http:\/\/127\.0\.0\.1:\d+\/steal; redirects are not followed/,
    ],
  ])(
    '%s: keeps the last facts, marked stale; reports it in /status and the log; recovers',
    async (fault, reason) => {
      const healthy = registryChecks(await refresh());
      expect(healthy.map(c => c.status)).toEqual([
        'pass',
        'pass',
        'pass',
        'pass',
      ]);
      const errorsBefore = await registryErrors();

      mlflow.fault = fault;
      elsewhere.requests = 0;
      const pending = refresh();
      // The backend keeps answering while the upstream misbehaves.
      const status = await request(backend).get('/api/mlops-maturity/status');
      expect(status.status).toBe(200);
      const faulty = registryChecks(await pending);

      // No check flips because of the fault: the last known facts decide, marked stale.
      for (const check of faulty) {
        expect(check.status).toBe('pass');
        expect(check.evidence).toEqual([
          expect.objectContaining({ source: 'registry', stale: true }),
        ]);
        expect(check.message).toMatch(reason);
      }
      await expect(registryErrors()).resolves.toBe(errorsBefore + 1);
      const lastError = await registryLastError();
      expect(lastError).toMatch(reason);
      expect(lastError).toContain(
        "MLflow instance 'prod', model 'fraud-detector'",
      );
      // A rate limit is waited for, not failed: its warning says until when.
      const expected =
        fault === 'rate-limited'
          ? {
              text: 'waits for a spent rate limit until',
              pattern: /./,
              names: 'component:default/fraud-detector',
            }
          : {
              text: 'Collecting registry for component:default/fraud-detector failed',
              pattern: reason,
              names: "MLflow instance 'prod'",
            };
      const warning = warnings.find(w => w.includes(expected.text));
      expect(warning).toMatch(expected.pattern);
      expect(warning).toContain(expected.names);
      expect(elsewhere.requests).toBe(0);
      expect(JSON.stringify({ faulty, lastError, warnings })).not.toContain(
        TOKEN,
      );

      mlflow.fault = undefined;
      // The upstream asked for a pause: until it ends nothing is sent to it, and the
      // facts stay stale.
      const paused =
        fault === 'rate-limited'
          ? await refreshDuringRetryAfter(
              mlflow,
              async () =>
                registryChecks(await refresh()).filter(
                  check => check.evidence[0].stale,
                ).length,
            )
          : { staleChecks: 0, sent: 0 };
      expect(paused).toEqual({
        staleChecks: fault === 'rate-limited' ? faulty.length : 0,
        sent: 0,
      });
      for (const check of registryChecks(await refresh())) {
        expect(check.status).toBe('pass');
        expect(check.evidence[0].stale).toBeUndefined();
      }
    },
  );
});
