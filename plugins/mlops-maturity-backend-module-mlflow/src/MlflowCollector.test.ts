import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { UpstreamHttpClient } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { readMlflowConfig } from './config';
import { MlflowCollector } from './MlflowCollector';
import {
  FakeModel,
  churnModel,
  fakeMlflow,
  fraudDetector,
  fraudV3,
  llmSupportBot,
} from './__testUtils__/fakeMlflow';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://mlflow.test';
const token = 'mlflow-token-3f9c1b7e';
const API = `${baseUrl}/api/2.0/mlflow`;

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-detector', annotations },
    spec: {
      type: 'ml-service',
      owner: 'group:default/risk',
      lifecycle: 'production',
    },
  };
}

const fraudEntity = entity({
  'mlflow.org/instance': 'prod',
  'mlflow.org/registered-model': 'fraud-detector',
});

function setup(
  options: {
    mlflow?: JsonObject | null;
    timeoutMs?: number;
  } = {},
) {
  const waits: number[] = [];
  const logger = mockServices.logger.mock();
  const client = new UpstreamHttpClient({
    name: 'mlflow',
    logger,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    sleep: async ms => {
      waits.push(ms);
    },
  });
  const mlflow =
    options.mlflow === undefined
      ? { instances: [{ name: 'prod', baseUrl, token }] }
      : options.mlflow;
  const collector = new MlflowCollector({
    config: readMlflowConfig(
      new ConfigReader(mlflow ? { mlopsMaturity: { mlflow } } : {}),
    ),
    client,
  });
  return {
    collector,
    client,
    waits,
    logger,
    collect: (target: Entity = fraudEntity) =>
      collector.collect(mockCollectContext({ entity: target, logger })),
  };
}

function serve(
  options: {
    models?: FakeModel[];
    runs?: JsonObject[];
    maxPageSize?: number;
  } = {},
) {
  const fake = fakeMlflow({
    baseUrl,
    authorization: `Bearer ${token}`,
    models: options.models ?? [fraudDetector()],
    runs: options.runs ?? [fraudV3()],
    maxPageSize: options.maxPageSize,
  });
  server.use(...fake.handlers);
  return fake;
}

/** What MLflow answers for fraud-detector (see the fixtures), as registry facts. */
const fraudDetectorFacts = {
  provider: 'mlflow',
  instance: 'prod',
  model: {
    name: 'fraud-detector',
    exists: true,
    description: 'Real-time card-transaction fraud scoring model.',
    tags: {
      team: 'risk',
      owner: 'alice@example.com',
      domain: 'payments',
      tier: '1',
    },
  },
  versions: [
    {
      version: '3',
      status: 'READY',
      runId: '92f8eb11632142fa88ee78bc39f8b528',
      source:
        '/srv/mlflow/artifacts/1/92f8eb11632142fa88ee78bc39f8b528/artifacts/model',
      createdAt: '2026-11-26T10:22:34.746Z',
      aliases: ['champion'],
      stage: 'Production',
    },
    {
      version: '2',
      status: 'READY',
      runId: 'f3c3fd7b74c341d081b757fff8d559ca',
      source:
        '/srv/mlflow/artifacts/1/f3c3fd7b74c341d081b757fff8d559ca/artifacts/model',
      createdAt: '2026-11-26T10:22:34.683Z',
      aliases: ['challenger'],
      stage: 'Staging',
    },
    {
      version: '1',
      status: 'READY',
      runId: '8f06fa9a88f94317a193ba61d346b4fd',
      source:
        '/srv/mlflow/artifacts/1/8f06fa9a88f94317a193ba61d346b4fd/artifacts/model',
      createdAt: '2026-11-26T10:22:34.613Z',
      aliases: [],
      stage: 'Archived',
    },
  ],
  aliases: { challenger: '2', champion: '3' },
  productionVersion: '3',
  productionRun: {
    runId: '92f8eb11632142fa88ee78bc39f8b528',
    metrics: { auc: 0.95, precision: 0.86, recall: 0.79, loss: 0.22 },
    params: {
      learning_rate: '0.03',
      num_leaves: '63',
      n_estimators: '800',
      model_type: 'lightgbm',
    },
  },
  createdAt: '2026-11-26T10:22:34.471Z',
  lastUpdatedAt: '2026-11-26T10:22:34.978Z',
};

describe('MlflowCollector', () => {
  describe('activation', () => {
    it('is inactive for every entity when mlopsMaturity.mlflow is absent', () => {
      const { collector } = setup({ mlflow: null });
      expect(collector.appliesTo(fraudEntity)).toBe(false);
    });

    it('applies to entities with either MLflow annotation, and to no others', () => {
      const { collector } = setup();
      expect(collector.appliesTo(fraudEntity)).toBe(true);
      expect(
        collector.appliesTo(entity({ 'mlflow.org/registered-model': 'm' })),
      ).toBe(true);
      expect(
        collector.appliesTo(entity({ 'mlflow.org/instance': 'prod' })),
      ).toBe(true);
      expect(collector.appliesTo(entity({}))).toBe(false);
      expect(collector.appliesTo(entity({ 'mlflow.org/instance': ' ' }))).toBe(
        false,
      );
    });

    it('names the instance a typo refers to, and the configured ones, without calling anything', async () => {
      const fake = serve();
      const { collect } = setup();
      await expect(
        collect(
          entity({
            'mlflow.org/instance': 'prdo',
            'mlflow.org/registered-model': 'fraud-detector',
          }),
        ),
      ).rejects.toThrow(
        "no MLflow instance named 'prdo' in mlopsMaturity.mlflow.instances (configured: prod)",
      );
      expect(fake.requests).toEqual([]);
    });

    it('refuses an instance annotation that holds a URL, without echoing it or calling it', async () => {
      const fake = serve();
      const { collect } = setup();
      const attempt = collect(
        entity({
          'mlflow.org/instance': 'https://user:pw@evil.example.com',
          'mlflow.org/registered-model': 'fraud-detector',
        }),
      );
      await expect(attempt).rejects.toThrow(
        /^annotation mlflow.org\/instance must name an instance from mlopsMaturity.mlflow.instances \(configured: prod\); URLs are not accepted/,
      );
      await expect(attempt).rejects.not.toThrow(/evil|pw/);
      expect(fake.requests).toEqual([]);
    });

    it('says which annotation is missing', async () => {
      const { collect } = setup();
      await expect(
        collect(entity({ 'mlflow.org/instance': 'prod' })),
      ).rejects.toThrow(
        "annotation mlflow.org/registered-model is missing: set it to the registered model name in MLflow instance 'prod'",
      );
      await expect(
        collect(entity({ 'mlflow.org/registered-model': 'fraud-detector' })),
      ).rejects.toThrow(
        'annotation mlflow.org/instance is missing: set it to the name of an instance from mlopsMaturity.mlflow.instances (configured: prod)',
      );
    });
  });

  describe('facts from a real MLflow 2.11 server', () => {
    it('collects the model, READY versions with lineage, aliases, stages and the production run', async () => {
      const fake = serve();
      const { collect } = setup();
      expect(await collect()).toEqual(fraudDetectorFacts);
      expect(fake.requests.map(r => [r.path, r.params])).toEqual([
        ['registered-models/get', { name: 'fraud-detector' }],
        [
          'model-versions/search',
          { filter: "name='fraud-detector'", max_results: '1000' },
        ],
        ['runs/get', { run_id: '92f8eb11632142fa88ee78bc39f8b528' }],
      ]);
      expect(
        fake.requests.every(
          r => r.headers.get('authorization') === `Bearer ${token}`,
        ),
      ).toBe(true);
    });

    it('follows next_page_token until the last page', async () => {
      const fake = serve({ maxPageSize: 2 });
      const { collect } = setup();
      const facts = await collect();
      expect(facts.versions.map(v => v.version)).toEqual(['3', '2', '1']);
      const searches = fake.requests.filter(
        r => r.path === 'model-versions/search',
      );
      expect(searches).toHaveLength(2);
      expect(searches[0].params.page_token).toBeUndefined();
      expect(searches[1].params.page_token).toEqual(expect.any(String));
    });

    it('reads versions that only a later page lists', async () => {
      const model = fraudDetector();
      // Version 1 is on the second page and in no latest_versions entry.
      model.registeredModel.latest_versions =
        model.registeredModel.latest_versions.filter(
          (v: JsonObject) => v.version !== '1',
        );
      serve({ models: [model], maxPageSize: 2 });
      const { collect } = setup();
      expect((await collect()).versions.map(v => v.version)).toEqual([
        '3',
        '2',
        '1',
      ]);
    });

    it('stops at the page limit for models with very many versions, and says so', async () => {
      const model = fraudDetector();
      const template = model.versions[0];
      model.versions = Array.from({ length: 60 }, (_, i) => ({
        ...template,
        version: String(60 - i),
        current_stage: 'None',
      }));
      const fake = serve({ models: [model], maxPageSize: 2 });
      const { collect, logger } = setup();
      const facts = await collect();
      expect(fake.count('model-versions/search')).toBe(20);
      // 40 searched, plus the latest versions per stage from registered-models/get.
      expect(facts.versions.map(v => v.version)).toContain('21');
      expect(facts.versions.map(v => v.version)).not.toContain('20');
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'has more versions than one refresh reads; only 40 were read',
        ),
      );
    });

    it('fails clearly when a server repeats its next_page_token', async () => {
      serve();
      server.use(
        http.get(`${API}/model-versions/search`, () =>
          HttpResponse.json({
            model_versions: fraudDetector().versions,
            next_page_token: 'same',
          }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'malformed',
        message:
          "MLflow instance 'prod', model 'fraud-detector': mlflow: model-versions/search repeated a next_page_token, so its pages never end",
      });
    });

    it('keeps READY versions only, and never counts an alias on a version that is not READY', async () => {
      const model = fraudDetector();
      model.versions.push(
        {
          ...model.versions[0],
          version: '4',
          status: 'FAILED_REGISTRATION',
          current_stage: 'None',
        },
        {
          ...model.versions[0],
          version: '5',
          status: 'PENDING_REGISTRATION',
          current_stage: 'None',
        },
      );
      model.registeredModel.aliases = [
        { alias: 'champion', version: '4' },
        { alias: 'prod', version: '2' },
      ];
      serve({ models: [model], runs: [fraudV3()] });
      const { collect } = setup();
      const facts = await collect();
      expect(facts.versions.map(v => v.version)).toEqual(['3', '2', '1']);
      expect(facts.aliases).toEqual({ champion: '4', prod: '2' });
      expect(facts.productionVersion).toBe('2');
      // Version 2's run was not captured: the run lookup answers 404.
      expect(facts.productionRun).toBeNull();
    });

    it('prefers the configured production aliases in their order, case-insensitively', async () => {
      const model = fraudDetector();
      model.registeredModel.aliases = [
        { alias: 'Champion', version: '3' },
        { alias: 'challenger', version: '2' },
      ];
      serve({ models: [model] });
      const { collect } = setup({
        mlflow: {
          instances: [{ name: 'prod', baseUrl, token }],
          productionAliases: ['challenger', 'champion'],
        },
      });
      expect((await collect()).productionVersion).toBe('2');
    });

    it('falls back to the Production stage on a server without aliases', async () => {
      const model = fraudDetector();
      delete model.registeredModel.aliases;
      const fake = serve({ models: [model] });
      const { collect } = setup();
      const facts = await collect();
      expect(facts.aliases).toEqual({});
      expect(facts.versions.map(v => [v.version, v.stage, v.aliases])).toEqual([
        ['3', 'Production', []],
        ['2', 'Staging', []],
        ['1', 'Archived', []],
      ]);
      expect(facts.productionVersion).toBe('3');
      expect(facts.productionRun?.metrics.auc).toBe(0.95);
      expect(fake.count('runs/get')).toBe(1);
    });

    it('has no production version when neither an alias nor the Production stage marks one', async () => {
      const model = fraudDetector();
      delete model.registeredModel.aliases;
      delete model.registeredModel.latest_versions;
      model.versions = model.versions.map(v => ({
        ...v,
        current_stage: 'None',
      }));
      const fake = serve({ models: [model] });
      const { collect } = setup();
      const facts = await collect();
      expect(facts.versions.map(v => v.stage)).toEqual([null, null, null]);
      expect(facts.productionVersion).toBeNull();
      expect(facts.productionRun).toBeNull();
      expect(fake.count('runs/get')).toBe(0);
    });

    it('reads a model registered without versions, whose lists are omitted', async () => {
      const fake = serve({ models: [llmSupportBot()] });
      const { collect } = setup();
      const facts = await collect(
        entity({
          'mlflow.org/instance': 'prod',
          'mlflow.org/registered-model': 'llm-support-bot',
        }),
      );
      expect(facts).toEqual({
        provider: 'mlflow',
        instance: 'prod',
        model: {
          name: 'llm-support-bot',
          exists: true,
          description:
            'Customer-support assistant (RAG over help-center articles).',
          tags: {
            team: 'support',
            task: 'llm/v1/chat',
            base_model: 'llama-3-8b-instruct',
            pii: 'false',
          },
        },
        versions: [],
        aliases: {},
        productionVersion: null,
        productionRun: null,
        createdAt: '2026-11-26T10:22:34.532Z',
        lastUpdatedAt: '2026-11-26T10:22:34.532Z',
      });
      expect(fake.count('model-versions/search')).toBe(1);
      expect(fake.count('runs/get')).toBe(0);
    });

    it('keeps the production version but no run when the run is gone, and logs why', async () => {
      serve({ models: [churnModel()], runs: [] });
      const { collect, logger } = setup();
      const facts = await collect(
        entity({
          'mlflow.org/instance': 'prod',
          'mlflow.org/registered-model': 'churn-model',
        }),
      );
      expect(facts.productionVersion).toBe('1');
      expect(facts.versions).toEqual([
        expect.objectContaining({
          version: '1',
          stage: 'Production',
          runId: '283e5a85039b4e0eb049c23f0a661810',
        }),
      ]);
      expect(facts.productionRun).toBeNull();
      expect(logger.warn).toHaveBeenCalledWith(
        'MLflow run 283e5a85039b4e0eb049c23f0a661810 behind version 1 of churn-model was not found in instance prod',
      );
    });

    it('survives int64 sent as strings, empty strings and non-numeric metric values', async () => {
      const model = fraudDetector();
      model.registeredModel.creation_timestamp = '1795688554471';
      model.registeredModel.description = '';
      model.versions = model.versions.map(v => ({
        ...v,
        creation_timestamp: String(v.creation_timestamp),
        run_id: v.version === '1' ? '' : v.run_id,
      }));
      const run = fraudV3();
      run.data.metrics.push({
        key: 'diverged',
        value: 'NaN',
        timestamp: 1,
        step: 0,
      });
      serve({ models: [model], runs: [run] });
      const { collect } = setup();
      const facts = await collect();
      expect(facts.createdAt).toBe('2026-11-26T10:22:34.471Z');
      expect(facts.model.description).toBeNull();
      expect(facts.versions.find(v => v.version === '1')?.runId).toBeNull();
      expect(facts.versions[0].createdAt).toBe('2026-11-26T10:22:34.746Z');
      expect(facts.productionRun?.metrics).toEqual({
        auc: 0.95,
        precision: 0.86,
        recall: 0.79,
        loss: 0.22,
      });
    });

    it('searches with double quotes for a model name that holds a single quote', async () => {
      const model = llmSupportBot();
      model.registeredModel.name = "bob's model";
      const fake = serve({ models: [model] });
      const { collect } = setup();
      await collect(
        entity({
          'mlflow.org/instance': 'prod',
          'mlflow.org/registered-model': "bob's model",
        }),
      );
      expect(fake.requests[1].params.filter).toBe(`name="bob's model"`);
    });
  });

  describe('a model the registry does not have', () => {
    it('is a fact (exists: false), not an error, once the server has answered as MLflow', async () => {
      const fake = serve();
      const { collect } = setup();
      const facts = await collect(
        entity({
          'mlflow.org/instance': 'prod',
          'mlflow.org/registered-model': 'no-such-model',
        }),
      );
      expect(facts).toEqual({
        provider: 'mlflow',
        instance: 'prod',
        model: {
          name: 'no-such-model',
          exists: false,
          description: null,
          tags: {},
        },
        versions: [],
        aliases: {},
        productionVersion: null,
        productionRun: null,
        createdAt: null,
        lastUpdatedAt: null,
      });
      expect(fake.requests.map(r => [r.path, r.params])).toEqual([
        ['registered-models/get', { name: 'no-such-model' }],
        [
          'registered-models/search',
          { filter: "name='no-such-model'", max_results: '1' },
        ],
      ]);
    });

    it('is an error when the base URL does not serve the MLflow API at all', async () => {
      server.use(
        http.get(
          `${baseUrl}/*`,
          () => new HttpResponse('Not Found', { status: 404 }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'not-found',
        message:
          "MLflow instance 'prod', model 'fraud-detector': mlflow: http://mlflow.test does not serve the MLflow REST API (HTTP 404 from registered-models/get and registered-models/search); check its baseUrl",
      });
    });
  });

  describe('upstream failures', () => {
    it.each([401, 403])(
      'reports refused credentials (HTTP %s) and where to fix them',
      async status => {
        server.use(
          http.get(
            `${API}/registered-models/get`,
            () => new HttpResponse(null, { status }),
          ),
        );
        const { collect } = setup();
        await expect(collect()).rejects.toMatchObject({
          kind: 'auth',
          status,
          message: `MLflow instance 'prod', model 'fraud-detector': mlflow: ${API}/registered-models/get refused the credentials (HTTP ${status}); check the credentials of MLflow instance 'prod' in mlopsMaturity.mlflow.instances`,
        });
      },
    );

    it('reports a wrong token, as the MLflow auth app answers it', async () => {
      serve();
      const { collect } = setup({
        mlflow: {
          instances: [{ name: 'prod', baseUrl, token: 'stale-token' }],
        },
      });
      await expect(collect()).rejects.toMatchObject({
        kind: 'auth',
        status: 401,
      });
    });

    it('reports a 404 from the version search as an error rather than guessing', async () => {
      serve();
      server.use(
        http.get(
          `${API}/model-versions/search`,
          () => new HttpResponse(null, { status: 404 }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({ kind: 'not-found' });
    });

    it('waits as long as Retry-After says on 429, then collects', async () => {
      let limited = false;
      const fake = serve();
      server.use(
        http.get(`${API}/registered-models/get`, () => {
          if (limited) {
            return undefined;
          }
          limited = true;
          return new HttpResponse(null, {
            status: 429,
            headers: { 'Retry-After': '7' },
          });
        }),
      );
      const { collect, waits, client } = setup();
      expect(await collect()).toEqual(fraudDetectorFacts);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(6000);
      expect(waits[0]).toBeLessThanOrEqual(7000);
      expect(client.stats()).toMatchObject({
        rateLimited: 1,
        retries: 1,
        errors: 0,
      });
      expect(fake.count('registered-models/get')).toBe(1);
    });

    it('gives up on a rate limit longer than it may wait, saying until when', async () => {
      server.use(
        http.get(
          `${API}/registered-models/get`,
          () =>
            new HttpResponse(null, {
              status: 429,
              headers: { 'Retry-After': '3600' },
            }),
        ),
      );
      const { collect, waits } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'rate-limited',
        message: expect.stringMatching(
          /^MLflow instance 'prod', model 'fraud-detector': mlflow: rate limited by http:\/\/mlflow.test\/api\/2.0\/mlflow\/registered-models\/get until \d{4}-/,
        ),
        retryAt: expect.any(Date),
      });
      expect(waits).toEqual([]);
    });

    it('retries a 5xx and then reports the server error', async () => {
      let calls = 0;
      server.use(
        http.get(`${API}/registered-models/get`, () => {
          calls += 1;
          return HttpResponse.json(
            { error_code: 'INTERNAL_ERROR', message: 'database is locked' },
            { status: 503 },
          );
        }),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'server',
        status: 503,
        message: `MLflow instance 'prod', model 'fraud-detector': mlflow: ${API}/registered-models/get answered HTTP 503`,
      });
      expect(calls).toBe(3);
    });

    it('times out a server that does not answer', async () => {
      server.use(
        http.get(`${API}/registered-models/get`, async () => {
          await delay('infinite');
          return HttpResponse.json({});
        }),
      );
      const { collect } = setup({ timeoutMs: 20 });
      await expect(collect()).rejects.toMatchObject({
        kind: 'timeout',
        message: `MLflow instance 'prod', model 'fraud-detector': mlflow: ${API}/registered-models/get did not answer within 20 ms`,
      });
    });

    it('reports malformed JSON', async () => {
      serve();
      server.use(
        http.get(
          `${API}/runs/get`,
          () =>
            new HttpResponse('{"run": {"info": ', {
              headers: { 'Content-Type': 'application/json' },
            }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'malformed',
        message: `MLflow instance 'prod', model 'fraud-detector': mlflow: ${API}/runs/get answered with malformed JSON`,
      });
    });

    it('reports JSON that is not an MLflow answer', async () => {
      server.use(
        http.get(`${API}/registered-models/get`, () =>
          HttpResponse.json({ status: 'ok' }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'malformed',
        message:
          "MLflow instance 'prod', model 'fraud-detector': mlflow: registered-models/get answered without a registered_model",
      });
    });
  });

  describe('credentials', () => {
    it('sends basic auth when username and password are configured', async () => {
      const fake = fakeMlflow({
        baseUrl,
        authorization: `Basic ${Buffer.from('svc-backstage:pa55word').toString(
          'base64',
        )}`,
        models: [fraudDetector()],
        runs: [fraudV3()],
      });
      server.use(...fake.handlers);
      const { collect } = setup({
        mlflow: {
          instances: [
            {
              name: 'prod',
              baseUrl,
              username: 'svc-backstage',
              password: 'pa55word',
            },
          ],
        },
      });
      expect((await collect()).productionVersion).toBe('3');
      expect(fake.requests).toHaveLength(3);
    });

    it('never puts the token in facts, errors, logs or counters', async () => {
      const { collect, logger, client } = setup();
      const seen: string[] = [];

      serve();
      seen.push(JSON.stringify(await collect()));
      for (const failure of [
        () => new HttpResponse(null, { status: 401 }),
        () => new HttpResponse(null, { status: 500 }),
        () => new HttpResponse('not json'),
      ]) {
        server.use(http.get(`${API}/registered-models/get`, failure));
        const error = await collect().then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error).toBeInstanceOf(Error);
        seen.push(error!.message, String(error!.stack));
      }
      seen.push(JSON.stringify(client.stats()));
      for (const method of ['error', 'warn', 'info', 'debug'] as const) {
        seen.push(JSON.stringify(logger[method].mock.calls));
      }
      expect(seen.join('\n')).not.toContain(token);
    });
  });
});
