import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The wiring test runs the module inside the real plugin, which a module must not import otherwise.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { mlopsMaturityModulePrometheus } from './module';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

const prometheusUrl = 'http://prometheus.test:9090';
const TOKEN = 'wiring-token-never-shown';
const schedule = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};
const prometheusConfig = {
  instances: [{ name: 'prod', baseUrl: prometheusUrl, token: TOKEN }],
};

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: {
      'prometheus.io/instance': 'prod',
      'prometheus.io/job': 'fraud-detector',
      'mlops-maturity.io/kpi': 'fraud_loss_basis_points',
    },
  },
  spec: {
    type: 'ml-service',
    owner: 'group:default/fraud',
    lifecycle: 'production',
  },
};

const sample = (metric: Record<string, string>) => ({
  metric,
  value: [1767225600, '1'],
});

const healthy = [
  http.get(`${prometheusUrl}/api/v1/query`, ({ request }) => {
    const query = new URL(request.url).searchParams.get('query')!;
    const result = query.startsWith('up{')
      ? [
          sample({
            __name__: 'up',
            instance: '10.0.0.7:8080',
            job: 'fraud-detector',
          }),
        ]
      : [
          sample({
            __name__: 'fraud_feature_drift_score',
            mlops_maturity_family: 'drift',
          }),
          sample({
            __name__: 'model_auc',
            mlops_maturity_family: 'modelQuality',
          }),
          sample({
            __name__: 'fraud_loss_basis_points',
            mlops_maturity_family: 'kpi',
          }),
        ];
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'vector', result },
    });
  }),
  http.get(`${prometheusUrl}/api/v1/rules`, () =>
    HttpResponse.json({
      status: 'success',
      data: {
        groups: [
          {
            name: 'fraud-detector',
            file: '/etc/prometheus/rules/fraud-detector.yml',
            interval: 30,
            rules: [
              {
                type: 'alerting',
                name: 'FraudFeatureDrift',
                query: 'fraud_feature_drift_score{job="fraud-detector"} > 0.3',
                duration: 600,
                labels: { severity: 'page' },
                annotations: {},
                alerts: [],
                health: 'ok',
                state: 'inactive',
              },
              {
                type: 'alerting',
                name: 'FraudLossHigh',
                query: 'fraud_loss_basis_points > 12',
                duration: 0,
                labels: { service: 'fraud-detector' },
                annotations: {},
                alerts: [],
                health: 'ok',
                state: 'inactive',
              },
            ],
          },
        ],
      },
    }),
  ),
];

function failing(status: number) {
  const answer = () =>
    HttpResponse.json(
      {
        status: 'error',
        errorType: status === 401 ? 'unauthorized' : 'unavailable',
        error: 'failure',
      },
      // Retry-After 0 keeps the client's retries immediate.
      { status, headers: { 'Retry-After': '0' } },
    );
  return [
    http.get(`${prometheusUrl}/api/v1/query`, answer),
    http.get(`${prometheusUrl}/api/v1/rules`, answer),
  ];
}

async function startBackend(mlopsMaturity: Record<string, unknown>) {
  const backend = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mlopsMaturityModulePrometheus,
      catalogServiceMock.factory({ entities: [service] }),
      mockServices.rootConfig.factory({
        data: { mlopsMaturity: { schedule, ...mlopsMaturity } },
      }),
    ],
  });
  const base = `http://localhost:${backend.server.port()}/api/mlops-maturity`;
  // Calls to the test backend itself are not upstream calls.
  server.use(http.all(`${base}/*`, () => passthrough()));
  const refresh = async () => {
    const response = await fetch(
      `${base}/scorecards/component/default/fraud-detector/refresh`,
      { method: 'POST' },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as {
      checks: Array<{
        id: string;
        status: string;
        message: string;
        evidence: any[];
      }>;
    };
  };
  return { backend, base, refresh };
}

const check = (
  card: Awaited<
    ReturnType<Awaited<ReturnType<typeof startBackend>>['refresh']>
  >,
  id: string,
) => card.checks.find(c => c.id === id)!;

describe('mlopsMaturityModulePrometheus', () => {
  it('feeds observed monitoring facts to the checks, and keeps them (stale) when Prometheus fails', async () => {
    server.use(...healthy);
    const { backend, base, refresh } = await startBackend({
      prometheus: prometheusConfig,
    });

    const card = await refresh();
    for (const id of [
      'monitoring.metrics-scraped',
      'monitoring.alerting',
      'monitoring.drift',
      'monitoring.model-performance',
      'monitoring.kpi-alerts',
    ]) {
      expect(check(card, id)).toMatchObject({ status: 'pass' });
      expect(check(card, id).evidence).toContainEqual(
        expect.objectContaining({ source: 'monitoring', strength: 'observed' }),
      );
    }
    expect(check(card, 'monitoring.metrics-scraped').message).toContain(
      'up{job="fraud-detector"} is present in prometheus instance prod',
    );
    expect(check(card, 'monitoring.data-quality')).toMatchObject({
      status: 'fail',
    });

    server.use(...failing(503));
    const after = await refresh();
    const scraped = check(after, 'monitoring.metrics-scraped');
    expect(scraped.status).toBe('pass');
    expect(scraped.evidence).toContainEqual(
      expect.objectContaining({
        source: 'monitoring',
        strength: 'observed',
        stale: true,
      }),
    );
    expect(scraped.message).toMatch(
      /the latest collection failed: .*answered HTTP 503/,
    );

    const status = await (await fetch(`${base}/status`)).json();
    // 3 calls that worked, then up and series queries each tried 3 times; the rules were cached.
    expect(status.collectors).toContainEqual(
      expect.objectContaining({
        id: 'prometheus',
        source: 'monitoring',
        calls: 9,
        errors: 2,
        retries: 4,
      }),
    );
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    await backend.stop();
  });

  it('reports the checks unknown with the reason when the first collection fails', async () => {
    server.use(...failing(401));
    const { backend, refresh } = await startBackend({
      prometheus: prometheusConfig,
    });
    const card = await refresh();
    for (const id of [
      'monitoring.metrics-scraped',
      'monitoring.drift',
      'monitoring.kpi-alerts',
    ]) {
      const result = check(card, id);
      expect(result.status).toBe('unknown');
      expect(result.message).toMatch(
        /monitoring could not be read: .*Prometheus instance 'prod': prometheus: http:\/\/prometheus\.test:9090\/api\/v1\/(query|rules) refused the credentials \(HTTP 401\)/,
      );
      expect(result.evidence).toContainEqual(
        expect.objectContaining({ source: 'monitoring', strength: 'observed' }),
      );
    }
    expect(JSON.stringify(card)).not.toContain(TOKEN);
    await backend.stop();
  });

  it('stays inactive without mlopsMaturity.prometheus and calls nothing', async () => {
    let upstreamCalls = 0;
    server.use(
      http.all(`${prometheusUrl}/*`, () => {
        upstreamCalls += 1;
        return HttpResponse.json({});
      }),
    );
    const { backend, refresh } = await startBackend({});
    const card = await refresh();
    const scraped = check(card, 'monitoring.metrics-scraped');
    expect(scraped.evidence).not.toContainEqual(
      expect.objectContaining({ source: 'monitoring' }),
    );
    expect(upstreamCalls).toBe(0);
    await backend.stop();
  });

  it('stops startup on invalid configuration, naming the key', async () => {
    await expect(
      startBackend({
        prometheus: {
          instances: [{ name: 'prod', baseUrl: 'ftp://prometheus.test' }],
        },
      }),
    ).rejects.toThrow(
      'Invalid mlopsMaturity.prometheus.instances[0].baseUrl: only http and https are supported',
    );
  });
});
