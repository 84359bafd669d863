import { Entity } from '@backstage/catalog-model';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { UpstreamHttpClient } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { HttpResponse, delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_SERIES_QUERIES, PrometheusSettings } from './config';
import { PrometheusCollector } from './PrometheusCollector';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://prometheus.test:9090';
const TOKEN = 'prom-token-do-not-leak';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    annotations: {
      'prometheus.io/instance': 'prod',
      'prometheus.io/job': 'fraud-detector',
      'mlops-maturity.io/kpi':
        'fraud_loss_basis_points, https://wiki.example.com/kpi',
    },
  },
  spec: {
    type: 'ml-service',
    owner: 'group:default/fraud',
    lifecycle: 'production',
  },
};

function withAnnotations(
  annotations: Record<string, string>,
  name = 'fraud-detector',
): Entity {
  return { ...entity, metadata: { name, annotations } };
}

function settings(
  overrides: Partial<PrometheusSettings> = {},
): PrometheusSettings {
  return {
    instances: [
      { name: 'prod', baseUrl: base, authorization: `Bearer ${TOKEN}` },
      { name: 'staging', baseUrl: 'http://prometheus-staging.test:9090' },
    ],
    queries: DEFAULT_SERIES_QUERIES,
    rulesCacheSeconds: 60,
    ...overrides,
  };
}

function setup(
  options: {
    settings?: PrometheusSettings;
    client?: Partial<ConstructorParameters<typeof UpstreamHttpClient>[0]>;
  } = {},
) {
  const waits: number[] = [];
  const collector = new PrometheusCollector({
    settings: options.settings ?? settings(),
    http: new UpstreamHttpClient({
      name: 'prometheus',
      logger: mockServices.logger.mock(),
      sleep: async ms => {
        waits.push(ms);
      },
      ...options.client,
    }),
  });
  const collect = (target: Entity = entity) =>
    collector.collect(
      mockCollectContext({
        entity: target,
        logger: mockServices.logger.mock(),
      }),
    );
  return { collector, collect, waits };
}

const now = 1767225600;

/** Instant-query answer, shaped as the Prometheus HTTP API documents it. */
function vector(
  result: Array<{ metric: Record<string, string>; value: string }>,
) {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: result.map(r => ({ metric: r.metric, value: [now, r.value] })),
    },
  };
}

const familySamples = vector([
  {
    metric: {
      __name__: 'fraud_feature_drift_score',
      mlops_maturity_family: 'drift',
    },
    value: '1',
  },
  {
    metric: { __name__: 'fraud_feature_psi', mlops_maturity_family: 'drift' },
    value: '3',
  },
  {
    metric: { __name__: 'model_auc', mlops_maturity_family: 'modelQuality' },
    value: '1',
  },
  {
    metric: {
      __name__: 'fraud_loss_basis_points',
      mlops_maturity_family: 'kpi',
    },
    value: '1',
  },
  {
    metric: { __name__: 'llm_tokens_total', mlops_maturity_family: 'tokens' },
    value: '2',
  },
  {
    metric: {
      __name__: 'fraud_feature_null_share',
      mlops_maturity_family: 'dataQuality',
    },
    value: '1',
  },
  // A template that drops the series name contributes nothing.
  { metric: { mlops_maturity_family: 'gpu' }, value: '1' },
]);

const rules = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'fraud-detector',
        file: '/etc/prometheus/rules/fraud-detector.yml',
        interval: 30,
        limit: 0,
        evaluationTime: 0.0004,
        lastEvaluation: '2026-01-01T00:00:00Z',
        rules: [
          {
            state: 'inactive',
            name: 'FraudFeatureDrift',
            query: 'fraud_feature_drift_score{job="fraud-detector"} > 0.3',
            duration: 600,
            keepFiringFor: 0,
            labels: { severity: 'page' },
            annotations: { summary: 'Input drift on the fraud detector' },
            alerts: [],
            health: 'ok',
            evaluationTime: 0.0002,
            lastEvaluation: '2026-01-01T00:00:00Z',
            type: 'alerting',
          },
          {
            state: 'firing',
            name: 'FraudModelAucLow',
            query: 'model_auc{job="fraud-detector"} < 0.8',
            duration: 900,
            keepFiringFor: 0,
            labels: { severity: 'ticket' },
            annotations: {},
            alerts: [
              {
                labels: {
                  alertname: 'FraudModelAucLow',
                  job: 'fraud-detector',
                },
                annotations: {},
                state: 'firing',
                activeAt: '2026-01-01T00:00:00Z',
                value: '7.5e-01',
              },
            ],
            health: 'ok',
            evaluationTime: 0.0002,
            lastEvaluation: '2026-01-01T00:00:00Z',
            type: 'alerting',
          },
          {
            state: 'inactive',
            name: 'FraudLossHigh',
            query: 'fraud_loss_basis_points > 12',
            duration: 0,
            keepFiringFor: 0,
            labels: { service: 'fraud-detector', severity: 'page' },
            annotations: {},
            alerts: [],
            health: 'ok',
            evaluationTime: 0.0001,
            lastEvaluation: '2026-01-01T00:00:00Z',
            type: 'alerting',
          },
        ],
      },
      {
        name: 'platform',
        file: '/etc/prometheus/rules/platform.yml',
        interval: 30,
        limit: 0,
        evaluationTime: 0.0001,
        lastEvaluation: '2026-01-01T00:00:00Z',
        rules: [
          {
            state: 'inactive',
            name: 'CheckoutDown',
            query: 'up{job="checkout"} == 0',
            duration: 60,
            keepFiringFor: 0,
            labels: {},
            annotations: {},
            alerts: [],
            health: 'ok',
            evaluationTime: 0.0001,
            lastEvaluation: '2026-01-01T00:00:00Z',
            type: 'alerting',
          },
        ],
      },
    ],
  },
};

/** Serves Prometheus's answers and records what was asked. */
function prometheus(
  answers: {
    up?: () => Response | Promise<Response>;
    series?: () => Response | Promise<Response>;
    rules?: () => Response | Promise<Response>;
  } = {},
) {
  const requests: Array<{
    path: string;
    query: string | null;
    authorization: string | null;
  }> = [];
  server.use(
    http.get(`${base}/api/v1/query`, ({ request }) => {
      const query = new URL(request.url).searchParams.get('query');
      requests.push({
        path: '/api/v1/query',
        query,
        authorization: request.headers.get('authorization'),
      });
      if (query?.startsWith('up{')) {
        return (
          answers.up?.() ??
          HttpResponse.json(
            vector([
              {
                metric: {
                  __name__: 'up',
                  instance: '10.0.0.7:8080',
                  job: 'fraud-detector',
                },
                value: '1',
              },
            ]),
          )
        );
      }
      return answers.series?.() ?? HttpResponse.json(familySamples);
    }),
    http.get(`${base}/api/v1/rules`, ({ request }) => {
      requests.push({
        path: '/api/v1/rules',
        query: new URL(request.url).searchParams.get('type'),
        authorization: request.headers.get('authorization'),
      });
      return answers.rules?.() ?? HttpResponse.json(rules);
    }),
  );
  return requests;
}

const promError = (status: number, errorType: string, error: string) =>
  HttpResponse.json({ status: 'error', errorType, error }, { status });

describe('PrometheusCollector', () => {
  it('collects scrape status, series families and alert rules of the job', async () => {
    const requests = prometheus();
    const { collect } = setup();
    await expect(collect()).resolves.toEqual({
      provider: 'prometheus',
      instance: 'prod',
      job: 'fraud-detector',
      scraped: true,
      alertRules: ['FraudFeatureDrift', 'FraudLossHigh', 'FraudModelAucLow'],
      series: {
        drift: ['fraud_feature_drift_score', 'fraud_feature_psi'],
        modelQuality: ['model_auc'],
        kpi: ['fraud_loss_basis_points'],
        tokens: ['llm_tokens_total'],
        gpu: [],
        gpuCost: [],
        feedback: [],
        outputQuality: [],
        dataQuality: ['fraud_feature_null_share'],
      },
      alertsFor: {
        drift: ['FraudFeatureDrift'],
        modelQuality: ['FraudModelAucLow'],
        kpi: ['FraudLossHigh'],
      },
    });
    expect(requests.map(r => r.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
    expect(requests.find(r => r.path === '/api/v1/rules')?.query).toBe('alert');
  });

  it('asks for up of the job and for every family in one tagged query', async () => {
    const requests = prometheus();
    await setup().collect();
    const queries = requests
      .filter(r => r.path === '/api/v1/query')
      .map(r => r.query!);
    expect(queries[0]).toBe('up{job="fraud-detector"}');
    const parts = queries[1].split('\nor\n');
    expect(parts).toHaveLength(10);
    expect(parts[0]).toBe(
      `label_replace((${DEFAULT_SERIES_QUERIES.drift.replace(
        '{{job}}',
        'fraud-detector',
      )}\n), "mlops_maturity_family", "drift", "", "")`,
    );
    expect(parts[9]).toBe(
      'label_replace((count by (__name__) ({__name__=~"fraud_loss_basis_points"})\n), "mlops_maturity_family", "kpi", "", "")',
    );
  });

  it('escapes the job so an annotation cannot inject PromQL', async () => {
    const requests = prometheus();
    const job = 'x"} or vector(1) or up{job="';
    await setup().collect(
      withAnnotations({
        'prometheus.io/instance': 'prod',
        'prometheus.io/job': job,
      }),
    );
    const queries = requests
      .filter(r => r.path === '/api/v1/query')
      .map(r => r.query!);
    expect(queries[0]).toBe('up{job="x\\"} or vector(1) or up{job=\\""}');
    expect(queries[1]).toContain(
      '{job="x\\"} or vector(1) or up{job=\\"", __name__=~',
    );
    expect(queries[1].split('\nor\n')).toHaveLength(9);
  });

  it('reports not scraped when up is 0 or absent', async () => {
    prometheus({
      up: () =>
        HttpResponse.json(
          vector([
            {
              metric: {
                __name__: 'up',
                instance: '10.0.0.7:8080',
                job: 'fraud-detector',
              },
              value: '0',
            },
          ]),
        ),
      series: () => HttpResponse.json(vector([])),
      rules: () =>
        HttpResponse.json({ status: 'success', data: { groups: [] } }),
    });
    await expect(setup().collect()).resolves.toMatchObject({
      scraped: false,
      alertRules: [],
      series: { drift: [], kpi: [] },
      alertsFor: { drift: [], modelQuality: [], kpi: [] },
    });
  });

  it('uses basic auth when the instance has a user name and password', async () => {
    const requests = prometheus();
    const authorization = `Basic ${Buffer.from('reader:pw').toString(
      'base64',
    )}`;
    await setup({
      settings: settings({
        instances: [{ name: 'prod', baseUrl: base, authorization }],
      }),
    }).collect();
    expect(new Set(requests.map(r => r.authorization))).toEqual(
      new Set([authorization]),
    );
  });

  describe('instance and job annotations', () => {
    it('applies only when configured and the entity names a job or an instance', () => {
      const active = setup().collector;
      expect(active.appliesTo(entity)).toBe(true);
      expect(
        active.appliesTo(withAnnotations({ 'prometheus.io/instance': 'prod' })),
      ).toBe(true);
      expect(active.appliesTo(withAnnotations({}))).toBe(false);
      const inactive = new PrometheusCollector({
        settings: undefined,
        http: new UpstreamHttpClient({
          name: 'prometheus',
          logger: mockServices.logger.mock(),
        }),
      });
      expect(inactive.appliesTo(entity)).toBe(false);
    });

    it('throws a clear reason for an instance that is not configured', async () => {
      const requests = prometheus();
      await expect(
        setup().collect(
          withAnnotations({
            'prometheus.io/instance': 'prdo',
            'prometheus.io/job': 'fraud-detector',
          }),
        ),
      ).rejects.toThrow(
        "no Prometheus instance named 'prdo' in mlopsMaturity.prometheus.instances (configured: prod, staging)",
      );
      expect(requests).toEqual([]);
    });

    it.each([
      'http://evil.example.com:9090',
      'evil.example.com:9090',
      '//evil.example.com',
    ])(
      'rejects the URL-looking instance %s without calling anything',
      async instance => {
        let calls = 0;
        server.events.on('request:start', () => {
          calls += 1;
        });
        await expect(
          setup().collect(
            withAnnotations({
              'prometheus.io/instance': instance,
              'prometheus.io/job': 'j',
            }),
          ),
        ).rejects.toThrow(
          'prometheus.io/instance must be the name of an instance in mlopsMaturity.prometheus.instances (prod, staging), not a URL',
        );
        server.events.removeAllListeners();
        expect(calls).toBe(0);
      },
    );

    it('needs the job annotation', async () => {
      await expect(
        setup().collect(withAnnotations({ 'prometheus.io/instance': 'prod' })),
      ).rejects.toThrow('the prometheus.io/job annotation is missing');
    });

    it('uses the only instance when the entity names none, and asks when there are several', async () => {
      prometheus();
      const single = setup({
        settings: settings({ instances: [{ name: 'prod', baseUrl: base }] }),
      });
      await expect(
        single.collect(
          withAnnotations({ 'prometheus.io/job': 'fraud-detector' }),
        ),
      ).resolves.toMatchObject({
        instance: 'prod',
        scraped: true,
      });
      await expect(
        setup().collect(
          withAnnotations({ 'prometheus.io/job': 'fraud-detector' }),
        ),
      ).rejects.toThrow(
        'the prometheus.io/instance annotation is missing: set it to one of the instances in mlopsMaturity.prometheus.instances (prod, staging)',
      );
    });
  });

  describe('upstream failures', () => {
    it.each([401, 403])(
      'reports HTTP %s as refused credentials, without the token',
      async status => {
        prometheus({
          up: () => promError(status, 'unauthorized', 'bad token'),
          series: () => promError(status, 'unauthorized', 'bad token'),
          rules: () => promError(status, 'unauthorized', 'bad token'),
        });
        const error = await setup()
          .collect()
          .catch(e => e);
        expect(error).toMatchObject({
          name: 'UpstreamError',
          kind: 'auth',
          status,
        });
        expect(error.message).toMatch(
          new RegExp(
            `Prometheus instance 'prod': prometheus: http://prometheus\\.test:9090/api/v1/(query|rules) refused the credentials \\(HTTP ${status}\\)`,
          ),
        );
        expect(error.message).not.toContain(TOKEN);
      },
    );

    it('reports a 404 (a wrong base URL path) as not found', async () => {
      prometheus({
        rules: () => new HttpResponse('404 page not found', { status: 404 }),
      });
      await expect(setup().collect()).rejects.toThrow(
        "alert rules of Prometheus instance 'prod': prometheus: http://prometheus.test:9090/api/v1/rules was not found (HTTP 404)",
      );
    });

    it('waits for Retry-After on 429 and then collects', async () => {
      let limited = 0;
      prometheus({
        up: () => {
          limited += 1;
          return limited === 1
            ? new HttpResponse('Too Many Requests', {
                status: 429,
                headers: { 'Retry-After': '7' },
              })
            : HttpResponse.json(
                vector([
                  {
                    metric: { __name__: 'up', job: 'fraud-detector' },
                    value: '1',
                  },
                ]),
              );
        },
      });
      const { collect, waits, collector } = setup();
      await expect(collect()).resolves.toMatchObject({ scraped: true });
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(6000);
      expect(waits[0]).toBeLessThanOrEqual(7000);
      expect(collector.stats()).toMatchObject({
        calls: 4,
        rateLimited: 1,
        retries: 1,
        errors: 0,
      });
    });

    it('gives up on a lasting 429 with the time the limit lifts', async () => {
      prometheus({
        series: () =>
          new HttpResponse(null, {
            status: 429,
            headers: { 'Retry-After': '120' },
          }),
      });
      const error = await setup()
        .collect()
        .catch(e => e);
      expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
      expect(error.retryAt).toBeInstanceOf(Date);
      expect(error.message).toMatch(
        /^series query for job 'fraud-detector' on Prometheus instance 'prod': prometheus: rate limited by http:\/\/prometheus\.test:9090\/api\/v1\/query until /,
      );
    });

    it.each([
      [500, 'internal', 'unexpected error'],
      [503, 'unavailable', 'TSDB not ready'],
    ])(
      'retries HTTP %s and then reports a server error',
      async (status, errorType, message) => {
        let calls = 0;
        prometheus({
          up: () => {
            calls += 1;
            return promError(status, errorType, message);
          },
        });
        const { collect, waits } = setup();
        await expect(collect()).rejects.toMatchObject({
          kind: 'server',
          status,
          message: `up query for job 'fraud-detector' on Prometheus instance 'prod': prometheus: http://prometheus.test:9090/api/v1/query answered HTTP ${status}`,
        });
        expect(calls).toBe(3);
        expect(waits).toEqual([500, 1000]);
      },
    );

    it('reports a 400 bad_data answer to the series query as a template problem', async () => {
      prometheus({
        series: () =>
          promError(
            400,
            'bad_data',
            'invalid parameter "query": 1:8: parse error: unexpected end of input',
          ),
      });
      await expect(setup().collect()).rejects.toMatchObject({
        kind: 'bad-request',
        status: 400,
        message:
          "series query for job 'fraud-detector' on Prometheus instance 'prod': prometheus: http://prometheus.test:9090/api/v1/query answered HTTP 400; check the templates in mlopsMaturity.prometheus.queries",
      });
    });

    it('reports a 422 execution error', async () => {
      prometheus({
        up: () =>
          promError(
            422,
            'execution',
            'query processing would load too many samples into memory',
          ),
      });
      await expect(setup().collect()).rejects.toMatchObject({
        kind: 'bad-request',
        status: 422,
      });
    });

    it('reports an error envelope that arrives with HTTP 200 (behind a proxy) with its detail', async () => {
      prometheus({
        up: () =>
          HttpResponse.json({
            status: 'error',
            errorType: 'timeout',
            error: 'query timed out in expression evaluation',
          }),
      });
      await expect(setup().collect()).rejects.toMatchObject({
        kind: 'timeout',
        message:
          "up query for job 'fraud-detector' on Prometheus instance 'prod': Prometheus reported timeout: query timed out in expression evaluation",
      });
    });

    it('times out a request that does not answer', async () => {
      prometheus({
        rules: async () => {
          await delay('infinite');
          return HttpResponse.json(rules);
        },
      });
      const { collect, collector } = setup({ client: { timeoutMs: 50 } });
      await expect(collect()).rejects.toMatchObject({
        kind: 'timeout',
        message:
          "alert rules of Prometheus instance 'prod': prometheus: http://prometheus.test:9090/api/v1/rules did not answer within 50 ms",
      });
      expect(collector.stats()).toMatchObject({ errors: 1, retries: 2 });
    });

    it('reports malformed JSON', async () => {
      prometheus({
        up: () =>
          new HttpResponse('{"status":"success","data":', {
            headers: { 'Content-Type': 'application/json' },
          }),
      });
      await expect(setup().collect()).rejects.toMatchObject({
        kind: 'malformed',
        message:
          "up query for job 'fraud-detector' on Prometheus instance 'prod': prometheus: http://prometheus.test:9090/api/v1/query answered with malformed JSON",
      });
    });

    it.each([
      [
        'an HTML page',
        () => HttpResponse.json('<html>login</html>'),
        'Prometheus answered without a status "success" envelope',
      ],
      [
        'a matrix',
        () =>
          HttpResponse.json({
            status: 'success',
            data: { resultType: 'matrix', result: [] },
          }),
        'Prometheus answered with a matrix result instead of a vector',
      ],
    ])(
      'reports %s where a vector belongs as malformed',
      async (_, answer, message) => {
        prometheus({ series: answer });
        await expect(setup().collect()).rejects.toMatchObject({
          kind: 'malformed',
          message: `series query for job 'fraud-detector' on Prometheus instance 'prod': ${message}`,
        });
      },
    );

    it('reports rules without groups as malformed', async () => {
      prometheus({
        rules: () => HttpResponse.json({ status: 'success', data: {} }),
      });
      await expect(setup().collect()).rejects.toMatchObject({
        kind: 'malformed',
        message:
          "alert rules of Prometheus instance 'prod': Prometheus answered without rule groups",
      });
    });
  });

  describe('upstream calls', () => {
    it('makes 3 calls cold and 2 warm, sharing the alert rules across services', async () => {
      const requests = prometheus();
      const { collect } = setup();
      await collect();
      const cold = requests.length;
      await collect();
      const warm = requests.length - cold;
      await collect(
        withAnnotations(
          {
            'prometheus.io/instance': 'prod',
            'prometheus.io/job': 'fraud-detector-canary',
          },
          'canary',
        ),
      );
      const otherService = requests.length - cold - warm;
      // Prometheus sends no ETags for queries; alert rules are reused for rulesCacheSeconds.
      console.log(
        `prometheus upstream calls per refresh of one service: cold ${cold}, warm ${warm}, another service on the same instance ${otherService}`,
      );
      expect({ cold, warm, otherService }).toEqual({
        cold: 3,
        warm: 2,
        otherService: 2,
      });
    });

    it('fetches the alert rules on every collection when the cache is off, and after a failure', async () => {
      let failRules = true;
      const requests = prometheus({
        rules: () => {
          if (failRules) {
            failRules = false;
            return new HttpResponse('denied', { status: 403 });
          }
          return HttpResponse.json(rules);
        },
      });
      const cached = setup();
      await expect(cached.collect()).rejects.toMatchObject({ kind: 'auth' });
      await expect(cached.collect()).resolves.toMatchObject({ scraped: true });
      expect(requests.filter(r => r.path === '/api/v1/rules')).toHaveLength(2);

      const uncached = setup({ settings: settings({ rulesCacheSeconds: 0 }) });
      await uncached.collect();
      await uncached.collect();
      expect(requests.filter(r => r.path === '/api/v1/rules')).toHaveLength(4);
    });
  });
});
