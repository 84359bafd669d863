import request from 'supertest';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the wiring test runs the module inside the real plugin
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import mlopsMaturityModuleMlflow from './index';
import { fakeMlflow, fraudDetector, fraudV3 } from './__testUtils__/fakeMlflow';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://mlflow.test';
const token = 'wiring-token-8d2e4a';
const schedule = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};
const REGISTRY_CHECKS = [
  'registry.model-registered',
  'registry.lineage',
  'registry.promotion',
  'registry.metrics-logged',
];

function service(model = 'fraud-detector') {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-detector',
      namespace: 'default',
      annotations: {
        'mlflow.org/instance': 'prod',
        'mlflow.org/registered-model': model,
      },
    },
    spec: {
      type: 'ml-service',
      owner: 'group:default/risk',
      lifecycle: 'production',
    },
  };
}

async function startBackend(
  options: { mlflow?: JsonObject | null; model?: string } = {},
) {
  const mlflow =
    options.mlflow === undefined
      ? { instances: [{ name: 'prod', baseUrl, token }] }
      : options.mlflow;
  const { server: backend } = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mlopsMaturityModuleMlflow,
      catalogServiceMock.factory({ entities: [service(options.model)] }),
      mockServices.rootConfig.factory({
        data: { mlopsMaturity: { schedule, ...(mlflow ? { mlflow } : {}) } },
      }),
    ],
  });
  return {
    refresh: async () => {
      const response = await request(backend).post(
        '/api/mlops-maturity/scorecards/component/default/fraud-detector/refresh',
      );
      expect(response.status).toBe(200);
      return response.body.checks as Array<
        JsonObject & { evidence: JsonObject[] }
      >;
    },
  };
}

function serveMlflow() {
  const fake = fakeMlflow({
    baseUrl,
    authorization: `Bearer ${token}`,
    models: [fraudDetector()],
    runs: [fraudV3()],
  });
  server.use(...fake.handlers);
  return fake;
}

function registryChecks(
  checks: Array<JsonObject & { evidence: JsonObject[] }>,
) {
  return REGISTRY_CHECKS.map(id => checks.find(c => c.id === id)!);
}

describe('mlopsMaturityModuleMlflow', () => {
  beforeEach(() => {
    // The test backend itself is reached over HTTP on the loopback interface.
    server.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
  });

  it('passes the registry checks on observed MLflow facts, and keeps them when MLflow fails later', async () => {
    serveMlflow();
    const { refresh } = await startBackend();

    const checks = registryChecks(await refresh());
    for (const check of checks) {
      expect(check.status).toBe('pass');
      expect(check.evidence).toEqual([
        expect.objectContaining({ source: 'registry', strength: 'observed' }),
      ]);
      expect(check.evidence[0].stale).toBeUndefined();
    }
    expect(checks.map(c => c.message)).toEqual([
      '3 versions of fraud-detector in mlflow instance prod; current version 3',
      'Version 3 was produced by run 92f8eb11632142fa88ee78bc39f8b528',
      'Promotion is recorded: @challenger → version 2, @champion → version 3, version 3 in stage Production, version 2 in stage Staging',
      'Run 92f8eb11632142fa88ee78bc39f8b528 logged auc, precision, recall, loss',
    ]);

    server.use(
      http.get(`${baseUrl}/*`, () =>
        HttpResponse.json(
          {
            error_code: 'TEMPORARILY_UNAVAILABLE',
            message: 'Service unavailable',
          },
          { status: 503, headers: { 'Retry-After': '0' } },
        ),
      ),
    );
    for (const check of registryChecks(await refresh())) {
      expect(check.status).toBe('pass');
      expect(check.evidence).toEqual([
        expect.objectContaining({
          source: 'registry',
          strength: 'observed',
          stale: true,
        }),
      ]);
      expect(check.message).toContain('answered HTTP 503');
    }
  });

  it('leaves the registry checks unknown, with the reason, when MLflow refuses the first collection', async () => {
    server.use(
      http.get(
        `${baseUrl}/*`,
        () => new HttpResponse('You are not authenticated.', { status: 401 }),
      ),
    );
    const { refresh } = await startBackend();
    for (const check of registryChecks(await refresh())) {
      expect(check.status).toBe('unknown');
      expect(check.message).toBe(
        `registry could not be read: MLflow instance 'prod', model 'fraud-detector': mlflow: ${baseUrl}/api/2.0/mlflow/registered-models/get refused the credentials (HTTP 401); check the credentials of MLflow instance 'prod' in mlopsMaturity.mlflow.instances`,
      );
      expect(check.evidence[0]).toMatchObject({
        source: 'registry',
        strength: 'observed',
      });
      expect(JSON.stringify(check)).not.toContain(token);
    }
  });

  it('fails registry.model-registered with the reason when the model is not registered', async () => {
    serveMlflow();
    const { refresh } = await startBackend({ model: 'fraud-detectr' });
    const [registered] = registryChecks(await refresh());
    expect(registered).toMatchObject({
      status: 'fail',
      message: 'Model fraud-detectr is not registered in mlflow instance prod',
      evidence: [
        expect.objectContaining({ source: 'registry', strength: 'observed' }),
      ],
    });
  });

  it('makes three MLflow calls per refresh of one service, cold and warm', async () => {
    const fake = serveMlflow();
    const { refresh } = await startBackend();

    await refresh();
    const cold = fake.requests.length;
    await refresh();
    const warm = fake.requests.length - cold;
    // eslint-disable-next-line no-console
    console.log(
      `MLflow calls for one refresh of one service: cold ${cold}, warm ${warm} (MLflow sends no ETags, so nothing is answered by 304)`,
    );
    expect(fake.requests.map(r => r.path)).toEqual([
      'registered-models/get',
      'model-versions/search',
      'runs/get',
      'registered-models/get',
      'model-versions/search',
      'runs/get',
    ]);
    expect([cold, warm]).toEqual([3, 3]);
  });

  it('stays inactive without mlopsMaturity.mlflow, calling nothing', async () => {
    const fake = serveMlflow();
    const { refresh } = await startBackend({ mlflow: null });
    const promotion = registryChecks(await refresh())[2];
    expect(promotion.status).toBe('unknown');
    expect(promotion.message).toMatch(
      /^no registry source is configured for this service/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('stops startup on invalid configuration, naming the key', async () => {
    await expect(
      startBackend({
        mlflow: { instances: [{ name: 'prod', baseUrl: 'ftp://mlflow.test' }] },
      }),
    ).rejects.toThrow(
      "mlopsMaturity.mlflow.instances[0].baseUrl must be an http(s) URL, got protocol 'ftp:'",
    );
  });
});
