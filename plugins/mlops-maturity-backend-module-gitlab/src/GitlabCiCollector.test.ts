import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  UpstreamError,
  UpstreamHttpClient,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GitlabCiCollector } from './GitlabCiCollector';
import { readGitlabCiSettings } from './config';
import { FakeGitlab, GITLAB_API } from './__testUtils__/fakeGitlab';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const server = setupServer();
registerMswTestHooks(server);

const TOKEN = 'glpat-never-show-me-0123456789';
const PROJECT = 'ml/fraud/fraud-detector';
const PROJECT_URL = `${GITLAB_API}/projects/${encodeURIComponent(PROJECT)}`;
const NOW = new Date('2025-06-30T12:00:00Z');

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    annotations: { 'gitlab.com/project-slug': PROJECT },
  },
  spec: {
    type: 'ml-service',
    owner: 'group:default/ml',
    lifecycle: 'production',
  },
};

function setup(options: { gitlab?: object; timeoutMs?: number } = {}) {
  const logger = mockServices.logger.mock();
  const waits: number[] = [];
  const httpClient = new UpstreamHttpClient({
    name: 'gitlab',
    logger,
    timeoutMs: options.timeoutMs ?? 5000,
    sleep: async ms => {
      waits.push(ms);
    },
  });
  const config = new ConfigReader({
    integrations: { gitlab: [{ host: 'gitlab.com', token: TOKEN }] },
    mlopsMaturity: options.gitlab ? { gitlab: options.gitlab } : {},
  });
  const collector = new GitlabCiCollector({
    integrations: ScmIntegrations.fromConfig(config).gitlab,
    settings: readGitlabCiSettings(config),
    logger,
    http: httpClient,
    now: () => NOW,
  });
  const collect = () =>
    collector.collect(mockCollectContext({ entity, logger }));
  return { collector, collect, logger, waits };
}

/** A project with one pipeline of every kind the facts depend on. */
function typicalProject(): FakeGitlab {
  const gitlab = new FakeGitlab({
    token: TOKEN,
    pathWithNamespace: PROJECT,
    createdAt: '2025-05-01T09:00:00.000Z',
  });
  gitlab.addPipeline(
    {
      id: 90,
      status: 'success',
      source: 'push',
      ref: 'main',
      created_at: '2025-03-01T10:00:00.000Z',
    },
    [
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'success',
        created_at: '2025-03-01T10:00:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 101,
      status: 'success',
      source: 'push',
      ref: 'main',
      created_at: '2025-05-10T10:00:00.000Z',
    },
    [
      {
        name: 'build',
        stage: 'build',
        status: 'success',
        created_at: '2025-05-10T10:00:00.000Z',
        finished_at: '2025-05-10T10:05:00.000Z',
      },
      {
        name: 'unit-tests',
        stage: 'test',
        status: 'success',
        created_at: '2025-05-10T10:05:00.000Z',
        finished_at: '2025-05-10T10:10:00.000Z',
      },
      {
        name: 'sast',
        stage: 'test',
        status: 'success',
        created_at: '2025-05-10T10:05:00.000Z',
        finished_at: '2025-05-10T10:09:00.000Z',
      },
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'success',
        created_at: '2025-05-10T10:10:00.000Z',
        finished_at: '2025-05-10T10:20:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 102,
      status: 'failed',
      source: 'merge_request_event',
      ref: 'refs/merge-requests/3/head',
      created_at: '2025-06-01T08:00:00.000Z',
    },
    [
      {
        name: 'lint',
        stage: 'test',
        status: 'success',
        created_at: '2025-06-01T08:00:00.000Z',
        finished_at: '2025-06-01T08:02:00.000Z',
      },
      {
        name: 'pytest',
        stage: 'test',
        status: 'failed',
        created_at: '2025-06-01T08:00:00.000Z',
        finished_at: '2025-06-01T08:06:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 103,
      status: 'success',
      source: 'merge_request_event',
      ref: 'refs/merge-requests/3/head',
      created_at: '2025-06-20T08:00:00.000Z',
    },
    [
      {
        name: 'lint',
        stage: 'test',
        status: 'success',
        created_at: '2025-06-20T08:00:00.000Z',
        finished_at: '2025-06-20T08:02:00.000Z',
      },
      {
        name: 'pytest',
        stage: 'test',
        status: 'success',
        created_at: '2025-06-20T08:00:00.000Z',
        finished_at: '2025-06-20T08:10:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 104,
      status: 'success',
      source: 'schedule',
      ref: 'main',
      created_at: '2025-06-25T03:00:00.000Z',
    },
    [
      {
        name: 'retrain',
        stage: 'train',
        status: 'success',
        created_at: '2025-06-25T03:00:00.000Z',
        finished_at: '2025-06-25T03:30:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 105,
      status: 'success',
      source: 'push',
      ref: 'feature/threshold',
      created_at: '2025-06-26T09:00:00.000Z',
    },
    [
      {
        name: 'deploy-review',
        stage: 'deploy',
        status: 'success',
        created_at: '2025-06-26T09:00:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 106,
      status: 'canceled',
      source: 'web',
      ref: 'main',
      created_at: '2025-06-27T09:00:00.000Z',
    },
    [
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'canceled',
        created_at: '2025-06-27T09:00:00.000Z',
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 107,
      status: 'success',
      source: 'push',
      ref: 'main',
      created_at: '2025-06-28T10:30:00.000Z',
    },
    [
      {
        name: 'unit-tests',
        stage: 'test',
        status: 'success',
        created_at: '2025-06-28T10:30:00.000Z',
        finished_at: '2025-06-28T10:40:00.000Z',
      },
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'success',
        created_at: '2025-06-28T10:40:00.000Z',
        finished_at: '2025-06-28T11:00:00.000Z',
      },
      {
        name: 'rollback-production',
        stage: 'deploy',
        status: 'manual',
        created_at: '2025-06-28T10:40:00.000Z',
        finished_at: null,
      },
    ],
  );
  return gitlab;
}

const noRuns = {
  workflows: [],
  runs: 0,
  succeeded: 0,
  lastRunAt: null,
  lastSuccessAt: null,
  successesLast30d: 0,
};

describe('GitlabCiCollector', () => {
  it('turns pipelines and jobs into CI facts', async () => {
    const gitlab = typicalProject();
    server.use(...gitlab.handlers());
    const { collect } = setup();

    await expect(collect()).resolves.toEqual({
      provider: 'gitlab-ci',
      defaultBranch: 'main',
      deploy: {
        // The canceled run on main is matched but is not a run; the manual rollback is no deploy.
        workflows: ['deploy-production'],
        runs: 2,
        succeeded: 2,
        lastRunAt: '2025-06-28T11:00:00.000Z',
        lastSuccessAt: '2025-06-28T11:00:00.000Z',
        successesLast30d: 1,
      },
      deployOnPush: true,
      prTests: {
        workflows: ['pytest'],
        runs: 2,
        succeeded: 1,
        lastRunAt: '2025-06-20T08:10:00.000Z',
        lastSuccessAt: '2025-06-20T08:10:00.000Z',
        successesLast30d: 1,
      },
      training: {
        workflows: ['retrain'],
        runs: 1,
        succeeded: 1,
        lastRunAt: '2025-06-25T03:30:00.000Z',
        lastSuccessAt: '2025-06-25T03:30:00.000Z',
        successesLast30d: 1,
      },
      securityScan: {
        workflows: ['sast'],
        runs: 1,
        succeeded: 1,
        lastRunAt: '2025-05-10T10:09:00.000Z',
        lastSuccessAt: '2025-05-10T10:09:00.000Z',
        successesLast30d: 0,
      },
      llmEval: noRuns,
      // 101, 103, 104, 105, 107 succeeded, 102 failed; the canceled 106 does not count.
      successRate: 5 / 6,
      firstDeployAt: '2025-05-10T10:20:00.000Z',
      firstCommitAt: '2025-05-01T09:00:00.000Z',
    });

    expect([...gitlab.requestLog()].sort()).toEqual(
      [
        '',
        '/pipelines?updated_after=2025-04-01T00%3A00%3A00.000Z&per_page=100',
        // Jobs of the feature-branch pipeline 105 are not needed by any fact.
        ...[107, 106, 104, 103, 102, 101].map(
          id => `/pipelines/${id}/jobs?per_page=100`,
        ),
      ].sort(),
    );
  });

  it('follows x-next-page through pipelines and jobs, within maxPipelines', async () => {
    const gitlab = new FakeGitlab({
      token: TOKEN,
      pathWithNamespace: PROJECT,
      createdAt: '2020-01-01T00:00:00.000Z',
    });
    for (let i = 0; i < 150; i++) {
      const created = new Date(
        Date.parse('2025-06-01T00:00:00.000Z') + i * 3_600_000,
      ).toISOString();
      gitlab.addPipeline({
        id: 1000 + i,
        status: i % 10 === 0 ? 'failed' : 'success',
        source: 'push',
        ref: 'main',
        created_at: created,
      });
    }
    // The newest pipeline has 130 jobs: its deploy job is on the second page.
    gitlab.addPipeline(
      {
        id: 2000,
        status: 'success',
        source: 'push',
        ref: 'main',
        created_at: '2025-06-29T00:00:00.000Z',
      },
      [
        ...Array.from({ length: 129 }, (_, i) => ({
          name: `lint-${i}`,
          stage: 'test',
          status: 'success',
          created_at: '2025-06-29T00:00:00.000Z',
        })),
        {
          name: 'deploy',
          stage: 'deploy',
          status: 'success',
          created_at: '2025-06-29T00:30:00.000Z',
        },
      ],
    );
    server.use(...gitlab.handlers());

    const facts = await setup({ gitlab: { maxPipelines: 140 } }).collect();

    const log = gitlab.requestLog();
    expect(log.filter(l => l.startsWith('/pipelines?'))).toEqual([
      '/pipelines?updated_after=2025-04-01T00%3A00%3A00.000Z&per_page=100',
      '/pipelines?updated_after=2025-04-01T00%3A00%3A00.000Z&per_page=100&page=2',
    ]);
    expect(log.filter(l => l.startsWith('/pipelines/2000/jobs'))).toEqual([
      '/pipelines/2000/jobs?per_page=100',
      '/pipelines/2000/jobs?per_page=100&page=2',
    ]);
    // The jobs of the newest 20 default-branch pipelines are read (pipelinesPerKind).
    expect(
      log.filter(l => /^\/pipelines\/\d+\/jobs\?per_page=100$/.test(l)),
    ).toHaveLength(20);
    expect(facts.deploy).toMatchObject({
      workflows: ['deploy'],
      runs: 1,
      succeeded: 1,
    });
    // 140 newest pipelines: 2000 and 1149..1011, of which 1140, 1130 ... 1020 failed.
    expect(facts.successRate).toBeCloseTo(127 / 140, 10);
    // The project is older than the window, so its first deploy is out of sight.
    expect(facts.firstCommitAt).toBeNull();
  });

  const authHint =
    'check the token of the integrations.gitlab entry for gitlab.com: it needs the read_api scope and access to the CI/CD of ml/fraud/fraud-detector';
  it.each([
    [401, 'auth', `refused the credentials (HTTP 401); ${authHint}`],
    [403, 'auth', `refused the credentials (HTTP 403); ${authHint}`],
    [
      404,
      'not-found',
      'was not found (HTTP 404); GitLab project ml/fraud/fraud-detector does not exist on gitlab.com or the token cannot see it',
    ],
  ])(
    'reports HTTP %i as %s with what to check',
    async (status, kind, reason) => {
      server.use(
        http.get(PROJECT_URL, () =>
          HttpResponse.json(
            { message: `${status} Project Not Found` },
            { status },
          ),
        ),
      );
      const error = await setup()
        .collect()
        .catch(e => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ kind, status });
      expect(error.message).toBe(`gitlab: ${PROJECT_URL} ${reason}`);
    },
  );

  it('refuses a token GitLab does not accept (the fake checks the PRIVATE-TOKEN header)', async () => {
    const gitlab = new FakeGitlab({
      token: 'another-token',
      pathWithNamespace: PROJECT,
      createdAt: '2025-05-01T09:00:00.000Z',
    });
    server.use(...gitlab.handlers());
    await expect(setup().collect()).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
    });
  });

  it('waits for Retry-After on 429 and then collects', async () => {
    const gitlab = typicalProject();
    let limited = 0;
    server.use(
      http.get(`${PROJECT_URL}/pipelines`, () => {
        if (limited++ === 0) {
          return HttpResponse.json(
            { message: '429 Too Many Requests' },
            {
              status: 429,
              headers: { 'Retry-After': '7', 'RateLimit-Remaining': '0' },
            },
          );
        }
        return undefined;
      }),
      ...gitlab.handlers(),
    );
    const { collect, waits, collector } = setup();
    await expect(collect()).resolves.toMatchObject({ deployOnPush: true });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(6000);
    expect(waits[0]).toBeLessThanOrEqual(7000);
    expect(collector.stats()).toMatchObject({
      rateLimited: 1,
      retries: 1,
      errors: 0,
    });
  });

  it('gives up on a rate limit longer than it may wait, saying until when', async () => {
    server.use(
      http.get(PROJECT_URL, () =>
        HttpResponse.json(
          { message: '429 Too Many Requests' },
          { status: 429, headers: { 'Retry-After': '3600' } },
        ),
      ),
    );
    const error = await setup()
      .collect()
      .catch(e => e);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(error.message).toMatch(
      /^gitlab: rate limited by https:\/\/gitlab\.com\/api\/v4\/projects\/ml%2Ffraud%2Ffraud-detector until \d{4}-\d\d-\d\dT/,
    );
  });

  it('retries 5xx and then reports the server error', async () => {
    let calls = 0;
    server.use(
      http.get(PROJECT_URL, () => {
        calls += 1;
        return new HttpResponse('<html>502 Bad Gateway</html>', {
          status: 502,
        });
      }),
    );
    const { collect, waits } = setup();
    await expect(collect()).rejects.toMatchObject({
      kind: 'server',
      status: 502,
      message: `gitlab: ${PROJECT_URL} answered HTTP 502`,
    });
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('times out a GitLab that does not answer', async () => {
    server.use(
      http.get(PROJECT_URL, async () => {
        await delay(1000);
        return HttpResponse.json({});
      }),
    );
    await expect(setup({ timeoutMs: 30 }).collect()).rejects.toMatchObject({
      kind: 'timeout',
      message: `gitlab: ${PROJECT_URL} did not answer within 30 ms`,
    });
  });

  it('rejects malformed JSON and answers of the wrong shape', async () => {
    server.use(
      http.get(
        PROJECT_URL,
        () =>
          new HttpResponse('{"id": 4242, "default_branch": "ma', {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    await expect(setup().collect()).rejects.toMatchObject({
      kind: 'malformed',
      message: `gitlab: ${PROJECT_URL} answered with malformed JSON`,
    });

    const gitlab = typicalProject();
    server.use(
      http.get(`${PROJECT_URL}/pipelines`, () =>
        HttpResponse.json({ message: 'not a list' }),
      ),
      ...gitlab.handlers(),
    );
    await expect(setup().collect()).rejects.toMatchObject({
      kind: 'malformed',
      message: `gitlab: ${PROJECT_URL}/pipelines answered with an unexpected shape (expected a list of pipelines)`,
    });
  });

  it('never lets the token reach facts, errors or logs', async () => {
    const gitlab = typicalProject();
    server.use(...gitlab.handlers());
    const { collect, logger, collector } = setup();
    const facts = await collect();

    const errors: string[] = [];
    for (const status of [401, 404, 500]) {
      server.use(
        http.get(PROJECT_URL, () =>
          HttpResponse.json({ message: 'nope' }, { status }),
        ),
      );
      errors.push(String(await collect().catch(e => e)));
    }
    const logged = JSON.stringify(
      (['debug', 'info', 'warn', 'error'] as const).map(
        level => (logger[level] as jest.Mock).mock.calls,
      ),
    );
    expect(logged).toContain('ml/fraud/fraud-detector');
    for (const text of [
      JSON.stringify(facts),
      ...errors,
      logged,
      JSON.stringify(collector.stats()),
    ]) {
      expect(text).not.toContain(TOKEN);
    }
  });

  it('counts upstream calls for one service, cold and warm', async () => {
    const gitlab = typicalProject();
    server.use(...gitlab.handlers());
    const { collect, collector } = setup();

    await collect();
    const cold = gitlab.requests.length;
    await collect();
    const warm = gitlab.requests.length - cold;
    gitlab.addPipeline(
      {
        id: 108,
        status: 'running',
        source: 'push',
        ref: 'main',
        created_at: '2025-06-30T11:00:00.000Z',
      },
      [
        {
          name: 'deploy-production',
          stage: 'deploy',
          status: 'running',
          created_at: '2025-06-30T11:00:00.000Z',
          finished_at: null,
        },
      ],
    );
    await collect();
    const warmWithNewPipeline = gitlab.requests.length - cold - warm;

    // eslint-disable-next-line no-console
    console.log(
      `gitlab upstream calls for one service: cold ${cold}, warm ${warm}, warm with one new running pipeline ${warmWithNewPipeline}`,
    );
    // Cold: the project, one page of pipelines and the jobs of 6 pipelines.
    expect(cold).toBe(8);
    // Warm: GitLab sends no ETags on these lists (Cache-Control: no-cache), so the project
    // and the pipeline list are fetched again; the jobs of settled pipelines are remembered.
    expect(warm).toBe(2);
    // A running pipeline's jobs are read, and read again until it settles.
    expect(warmWithNewPipeline).toBe(3);
    expect(collector.stats()).toMatchObject({
      calls: 13,
      notModified: 0,
      errors: 0,
    });
  });
});
