import { generateKeyPairSync } from 'crypto';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import {
  UpstreamHttpClient,
  UpstreamHttpClientOptions,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { API, fakeGithub } from './testUtils/fakeGithub';
import { GithubActionsCollector } from './GithubActionsCollector';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const server = setupServer();
registerMswTestHooks(server);

const NOW = new Date('2025-06-01T12:00:00Z');
const TOKEN = 'ghp_testTokenThatMustNeverLeak0123456789';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) =>
  new Date(NOW.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-detector', namespace: 'default', annotations },
    spec: {
      type: 'ml-service',
      owner: 'group:default/ml',
      lifecycle: 'production',
    },
  };
}

const slugged = entityWith({
  'github.com/project-slug': 'acme/fraud-detector',
});

function setup(
  options: {
    integrations?: JsonObject[];
    github?: JsonObject;
    http?: Partial<UpstreamHttpClientOptions>;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const waits: number[] = [];
  const client = new UpstreamHttpClient({
    name: 'github',
    logger,
    sleep: async ms => {
      waits.push(ms);
    },
    ...options.http,
  });
  const config = new ConfigReader({
    integrations: {
      github: options.integrations ?? [{ host: 'github.com', token: TOKEN }],
    },
    ...(options.github ? { mlopsMaturity: { github: options.github } } : {}),
  });
  const collector = GithubActionsCollector.fromConfig(config, {
    logger,
    http: client,
    now: () => NOW,
  });
  const collect = (entity: Entity = slugged) =>
    collector.collect(mockCollectContext({ entity, logger }));
  return { collector, collect, logger, waits };
}

function useFake() {
  const fake = fakeGithub(NOW);
  server.use(...fake.handlers);
  return fake;
}

describe('GithubActionsCollector', () => {
  it('turns workflows and runs into CI facts', async () => {
    const fake = useFake();
    const { collect } = setup();

    const facts = await collect();

    expect(facts).toEqual({
      provider: 'github-actions',
      defaultBranch: 'main',
      deploy: {
        workflows: ['Deploy to production'],
        runs: 10,
        succeeded: 9,
        lastRunAt: ago(5.5 * DAY),
        lastSuccessAt: ago(5.5 * DAY - 10 * 60 * 1000),
        successesLast30d: 5,
      },
      deployOnPush: true,
      prTests: {
        workflows: ['CI'],
        runs: 50,
        succeeded: 40,
        lastRunAt: ago(HOUR),
        lastSuccessAt: ago(HOUR - 10 * 60 * 1000),
        successesLast30d: 40,
      },
      training: {
        workflows: ['Retrain model'],
        runs: 10,
        succeeded: 10,
        lastRunAt: ago(6.5 * DAY),
        lastSuccessAt: ago(6.5 * DAY - 10 * 60 * 1000),
        successesLast30d: 5,
      },
      securityScan: {
        workflows: ['CodeQL'],
        runs: 10,
        succeeded: 10,
        lastRunAt: ago(7.5 * DAY),
        lastSuccessAt: ago(7.5 * DAY - 10 * 60 * 1000),
        successesLast30d: 5,
      },
      llmEval: {
        workflows: ['Evaluate prompts'],
        runs: 10,
        succeeded: 10,
        lastRunAt: ago(9.5 * DAY),
        lastSuccessAt: ago(9.5 * DAY - 10 * 60 * 1000),
        successesLast30d: 5,
      },
      // 150 runs: 10 cancelled count neither way, 11 failed.
      successRate: 129 / 140,
      firstDeployAt: fake.firstDeployAt,
      firstCommitAt: fake.firstCommitAt,
    });
    expect(
      fake.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
  });

  it('lists runs of the lookback window, following Link rel="next" across pages', async () => {
    const fake = useFake();
    const { collect } = setup();

    await collect();

    const runPages = fake.requests.filter(r =>
      r.path.endsWith('/actions/runs'),
    );
    expect(runPages.map(r => r.path)).toEqual([
      '/repos/acme/fraud-detector/actions/runs',
      // The second page is the URL of GitHub's Link header, not one the collector made up.
      '/repositories/4242/actions/runs',
    ]);
    const firstQuery = new URLSearchParams(runPages[0].query);
    expect(firstQuery.get('created')).toBe('>=2025-03-03');
    expect(firstQuery.get('per_page')).toBe('100');
    expect(new URLSearchParams(runPages[1].query).get('page')).toBe('2');
  });

  it('stops paging at maxRuns', async () => {
    const fake = useFake();
    const { collect } = setup({ github: { maxRuns: 100 } });

    const facts = await collect();

    expect(
      fake.requests.filter(r => r.path.endsWith('/actions/runs')),
    ).toHaveLength(1);
    // The deploy runs are all on the second page, which was not read.
    expect(facts.deploy).toMatchObject({ runs: 0, succeeded: 0 });
    expect(facts.prTests).toMatchObject({ runs: 50, succeeded: 40 });
  });

  it('reads the first deploy from the inspected runs when the window reaches back to the repository creation', async () => {
    const fake = useFake();
    const { collect } = setup({ github: { lookbackDays: 400 } });
    // A repository younger than the window: every deploy it ever had is in the listing.
    fake.repository.created_at = ago(60 * DAY);

    const facts = await collect();

    // The oldest deploy in the window failed; the one before it is the first success.
    expect(facts.firstDeployAt).toBe(ago(45.5 * DAY - 10 * 60 * 1000));
    expect(
      fake.requests.some(r => r.path.includes('/actions/workflows/12/runs')),
    ).toBe(false);
  });

  it('answers a warm refresh with conditional requests that GitHub answers 304', async () => {
    const fake = useFake();
    const { collector, collect } = setup();

    const cold = await collect();
    const coldCount = fake.count();
    const warm = await collect();
    const warmCount = {
      total: fake.count().total - coldCount.total,
      ok: fake.count().ok - coldCount.ok,
      notModified: fake.count().notModified - coldCount.notModified,
    };
    // eslint-disable-next-line no-console
    console.log(
      `github-actions upstream calls for one service: cold ${coldCount.total} (${coldCount.ok} × 200), warm ${warmCount.total} (${warmCount.notModified} × 304, ${warmCount.ok} × 200)`,
    );

    // repository, workflows, 2 run pages, 2 commit pages, 2 pages of the deploy workflow's history
    expect(coldCount).toEqual({ total: 8, ok: 8, notModified: 0 });
    expect(warmCount).toEqual({ total: 8, ok: 0, notModified: 8 });
    expect(warm).toEqual(cold);
    expect(collector.stats()).toMatchObject({
      calls: 16,
      notModified: 8,
      errors: 0,
    });
  });

  describe('activation', () => {
    it('is inactive while no GitHub integration has a token or an app', () => {
      const { collector } = setup({ integrations: [{ host: 'github.com' }] });
      expect(collector.appliesTo(slugged)).toBe(false);
    });

    it('applies to a project slug, and to a url: source location on a GitHub host', () => {
      const { collector } = setup();
      expect(collector.appliesTo(slugged)).toBe(true);
      expect(
        collector.appliesTo(
          entityWith({
            'backstage.io/source-location':
              'url:https://github.com/acme/fraud-detector/tree/main/',
          }),
        ),
      ).toBe(true);
      expect(
        collector.appliesTo(
          entityWith({
            'backstage.io/source-location':
              'url:https://gitlab.com/acme/fraud-detector/',
          }),
        ),
      ).toBe(false);
      expect(
        collector.appliesTo(
          entityWith({
            'backstage.io/source-location': 'file:./examples/repos/x',
          }),
        ),
      ).toBe(false);
      expect(collector.appliesTo(entityWith({}))).toBe(false);
    });

    it('derives the repository from the source location', async () => {
      const fake = useFake();
      const { collect } = setup();

      const facts = await collect(
        entityWith({
          'backstage.io/source-location':
            'url:https://github.com/acme/fraud-detector/tree/main/services/scoring/',
        }),
      );

      expect(facts.deploy.succeeded).toBe(9);
      expect(fake.requests[0].path).toBe('/repos/acme/fraud-detector');
    });

    it('calls the API base URL of the GitHub Enterprise integration that matches the source location', async () => {
      const enterpriseApi = 'https://ghe.example.com/api/v3';
      const seen: string[] = [];
      server.use(
        http.get(`${enterpriseApi}/*`, ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }),
      );
      const { collector, collect } = setup({
        integrations: [
          { host: 'ghe.example.com', apiBaseUrl: enterpriseApi, token: TOKEN },
        ],
      });
      const entity = entityWith({
        'github.com/project-slug': 'ml/fraud-detector',
        'backstage.io/source-location':
          'url:https://ghe.example.com/ml/fraud-detector/tree/main/',
      });

      expect(collector.appliesTo(entity)).toBe(true);
      await expect(collect(entity)).rejects.toThrow(
        'github: repository ml/fraud-detector was not found on ghe.example.com, or its credentials cannot see it (HTTP 404)',
      );
      expect(seen).toEqual(['/api/v3/repos/ml/fraud-detector']);
    });

    it('makes a slug on a host without credentials fail visibly', async () => {
      const { collector, collect } = setup({
        integrations: [
          {
            host: 'ghe.example.com',
            apiBaseUrl: 'https://ghe.example.com/api/v3',
            token: TOKEN,
          },
        ],
      });
      expect(collector.appliesTo(slugged)).toBe(true);
      await expect(collect()).rejects.toThrow(
        "github: the integrations.github entry for host 'github.com' has neither a token nor apps",
      );
    });

    it.each([
      ['acme'],
      ['acme/fraud/detector'],
      ['../../users/octocat'],
      ['acme/..'],
    ])('rejects the malformed slug %s without calling GitHub', async slug => {
      const fake = useFake();
      const { collect } = setup();
      await expect(
        collect(entityWith({ 'github.com/project-slug': slug })),
      ).rejects.toThrow(
        `annotation github.com/project-slug names '${slug}', which is not a GitHub repository of the form owner/repo`,
      );
      expect(fake.requests).toEqual([]);
    });

    it('authenticates as a GitHub App installation', async () => {
      const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
      });
      const fake = useFake();
      server.use(
        http.get(`${API}/app/installations`, () =>
          HttpResponse.json([
            {
              id: 77,
              account: { login: 'acme', type: 'Organization' },
              suspended_by: null,
            },
          ]),
        ),
        http.post(`${API}/app/installations/77/access_tokens`, () =>
          HttpResponse.json(
            {
              token: 'ghs_installationToken',
              expires_at: new Date(Date.now() + HOUR).toISOString(),
              repository_selection: 'all',
            },
            { status: 201 },
          ),
        ),
      );
      const { collect } = setup({
        integrations: [
          {
            host: 'github.com',
            apps: [
              {
                appId: 1234,
                privateKey: privateKey
                  .export({ type: 'pkcs1', format: 'pem' })
                  .toString(),
                clientId: 'Iv1.example',
                clientSecret: 'app-client-secret',
                webhookSecret: 'app-webhook-secret',
              },
            ],
          },
        ],
      });

      const facts = await collect();

      expect(facts.deploy.succeeded).toBe(9);
      expect(new Set(fake.requests.map(r => r.authorization))).toEqual(
        new Set(['Bearer ghs_installationToken']),
      );
    });
  });

  describe('upstream failures', () => {
    it.each([
      [
        401,
        'github: https://api.github.com/repos/acme/fraud-detector refused the credentials (HTTP 401)',
      ],
      [
        403,
        'github: https://api.github.com/repos/acme/fraud-detector refused the credentials (HTTP 403)',
      ],
      [
        404,
        'github: repository acme/fraud-detector was not found on github.com, or its credentials cannot see it (HTTP 404)',
      ],
    ])('reports HTTP %s with a clear reason', async (status, reason) => {
      useFake();
      server.use(
        http.get(`${API}/repos/acme/fraud-detector`, () =>
          HttpResponse.json(
            {
              message: status === 401 ? 'Bad credentials' : 'Not Found',
              documentation_url: 'https://docs.github.com/rest',
            },
            { status },
          ),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toMatchObject({ message: reason });
    });

    it('waits for Retry-After on 429 and then collects', async () => {
      const fake = useFake();
      let limited = false;
      server.use(
        http.get(`${API}/repos/acme/fraud-detector/actions/workflows`, () => {
          if (limited) {
            return undefined;
          }
          limited = true;
          return HttpResponse.json(
            { message: 'API rate limit exceeded' },
            { status: 429, headers: { 'Retry-After': '3' } },
          );
        }),
      );
      const { collect, waits, collector } = setup();

      const facts = await collect();

      expect(facts.securityScan.runs).toBe(10);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(2000);
      expect(waits[0]).toBeLessThanOrEqual(3000);
      expect(collector.stats()).toMatchObject({
        rateLimited: 1,
        retries: 1,
        errors: 0,
      });
      expect(
        fake.requests.filter(r => r.path.endsWith('/actions/workflows')),
      ).toHaveLength(1);
    });

    it('treats 403 with x-ratelimit-remaining 0 as a rate limit: waits for the reset, then collects', async () => {
      useFake();
      let limited = false;
      server.use(
        http.get(`${API}/repos/acme/fraud-detector/actions/runs`, () => {
          if (limited) {
            return undefined;
          }
          limited = true;
          return HttpResponse.json(
            { message: 'You have exceeded a secondary rate limit.' },
            {
              status: 403,
              headers: {
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 20),
              },
            },
          );
        }),
      );
      const { collect, waits, collector } = setup();

      const facts = await collect();

      expect(facts.deploy.runs).toBe(10);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(15_000);
      expect(collector.stats()).toMatchObject({ rateLimited: 1, errors: 0 });
    });

    it('gives up on an exhausted rate limit, saying until when', async () => {
      useFake();
      const reset = Math.floor(Date.now() / 1000) + 3600;
      server.use(
        http.get(`${API}/repos/acme/fraud-detector`, () =>
          HttpResponse.json(
            { message: 'API rate limit exceeded for installation ID 77.' },
            {
              status: 403,
              headers: {
                'x-ratelimit-limit': '5000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset': String(reset),
              },
            },
          ),
        ),
      );
      const { collect, waits } = setup();
      await expect(collect()).rejects.toMatchObject({
        kind: 'rate-limited',
        message: `github: rate limited by https://api.github.com/repos/acme/fraud-detector until ${new Date(
          reset * 1000,
        ).toISOString()}`,
      });
      expect(waits).toEqual([]);
    });

    it('reports a server error after the retries', async () => {
      useFake();
      let attempts = 0;
      server.use(
        http.get(`${API}/repos/acme/fraud-detector`, () => {
          attempts += 1;
          return new HttpResponse('upstream unavailable', { status: 502 });
        }),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toThrow(
        'github: https://api.github.com/repos/acme/fraud-detector answered HTTP 502',
      );
      expect(attempts).toBe(3);
    });

    it('reports a timeout', async () => {
      useFake();
      server.use(
        http.get(`${API}/repos/acme/fraud-detector/commits`, async () => {
          await delay('infinite');
          return HttpResponse.json([]);
        }),
      );
      const { collect } = setup({ http: { timeoutMs: 50, maxRetries: 0 } });
      await expect(collect()).rejects.toThrow(
        'github: https://api.github.com/repos/acme/fraud-detector/commits did not answer within 50 ms',
      );
    });

    it('reports malformed JSON', async () => {
      useFake();
      server.use(
        http.get(
          `${API}/repos/acme/fraud-detector/actions/runs`,
          () =>
            new HttpResponse('{"total_count": 150, "workflow_runs": [', {
              headers: { 'Content-Type': 'application/json' },
            }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toThrow(
        'github: https://api.github.com/repos/acme/fraud-detector/actions/runs answered with malformed JSON',
      );
    });

    it('reports JSON that is not the documented shape', async () => {
      useFake();
      server.use(
        http.get(`${API}/repos/acme/fraud-detector/actions/runs`, () =>
          HttpResponse.json({ total_count: 0, runs: [] }),
        ),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toThrow(
        'github: https://api.github.com/repos/acme/fraud-detector/actions/runs answered without a workflow_runs list',
      );
    });

    it('never follows a pagination link to another host', async () => {
      useFake();
      const stolen: (string | null)[] = [];
      server.use(
        http.get(`${API}/repos/acme/fraud-detector/actions/workflows`, () =>
          HttpResponse.json(
            { total_count: 200, workflows: [] },
            {
              headers: {
                Link: '<https://collector.example.net/page2>; rel="next"',
              },
            },
          ),
        ),
        http.get('https://collector.example.net/*', ({ request }) => {
          stolen.push(request.headers.get('authorization'));
          return HttpResponse.json({ total_count: 0, workflows: [] });
        }),
      );
      const { collect } = setup();
      await expect(collect()).rejects.toThrow(
        'github: a pagination link points outside the configured API https://api.github.com',
      );
      expect(stolen).toEqual([]);
    });
  });

  it('describes an empty repository without inventing anything', async () => {
    server.use(
      http.get(`${API}/repos/acme/empty`, () =>
        HttpResponse.json({
          id: 1,
          name: 'empty',
          full_name: 'acme/empty',
          default_branch: 'main',
          created_at: ago(2 * DAY),
        }),
      ),
      http.get(`${API}/repos/acme/empty/actions/workflows`, () =>
        HttpResponse.json({ total_count: 0, workflows: [] }),
      ),
      http.get(`${API}/repos/acme/empty/actions/runs`, () =>
        HttpResponse.json({ total_count: 0, workflow_runs: [] }),
      ),
      http.get(`${API}/repos/acme/empty/commits`, () =>
        HttpResponse.json(
          {
            message: 'Git Repository is empty.',
            documentation_url: 'https://docs.github.com/rest',
          },
          { status: 409 },
        ),
      ),
    );
    const { collect } = setup();
    const none = {
      workflows: [],
      runs: 0,
      succeeded: 0,
      lastRunAt: null,
      lastSuccessAt: null,
      successesLast30d: 0,
    };

    expect(
      await collect(entityWith({ 'github.com/project-slug': 'acme/empty' })),
    ).toEqual({
      provider: 'github-actions',
      defaultBranch: 'main',
      deploy: none,
      deployOnPush: null,
      prTests: none,
      training: none,
      securityScan: none,
      llmEval: none,
      successRate: null,
      firstDeployAt: null,
      firstCommitAt: null,
    });
  });

  it('keeps the token out of facts, errors, logs and stats', async () => {
    const fake = useFake();
    const { collect, collector, logger } = setup();
    const facts = await collect();
    server.use(
      http.get(`${API}/repos/acme/fraud-detector`, () =>
        HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
      ),
    );
    const failure = await collect().catch(error => error as Error);

    expect(fake.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(failure).toBeInstanceOf(Error);
    const logged = Object.values(logger)
      .filter((fn): fn is jest.Mock => jest.isMockFunction(fn))
      .flatMap(fn => fn.mock.calls);
    const everything = JSON.stringify({
      facts,
      message: (failure as Error).message,
      stack: (failure as Error).stack,
      logged,
      stats: collector.stats(),
    });
    expect(everything).toContain('refused the credentials');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(4, 20));
  });
});
