import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlopsMaturityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function makeRepo(root: string): string {
  const dir = path.join(root, 'fraud-detector');
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  write(
    'Dockerfile',
    'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "serve.py"]\n',
  );
  write(
    'README.md',
    '# Fraud detector\n\nScores card payments for fraud.\n\n## Training\n\nRun `python train.py`.\n',
  );
  return dir;
}

function entities(repoDir: string): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fraud-detector',
        namespace: 'default',
        annotations: {
          'backstage.io/source-location': `file:${repoDir}/`,
          'mlops-maturity.io/data-classification': 'top secret!!',
        },
      },
      spec: {
        type: 'ml-service',
        owner: 'group:default/fraud-ml',
        lifecycle: 'production',
        system: 'payments-core',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/fraud-ml' },
        { type: 'partOf', targetRef: 'system:default/payments-core' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'storefront', namespace: 'default' },
      spec: {
        type: 'website',
        owner: 'group:default/fraud-ml',
        lifecycle: 'production',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'fraud-ml', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments-core', namespace: 'default' },
      spec: { owner: 'group:default/fraud-ml', domain: 'payments' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'group:default/fraud-ml' },
    },
  ];
}

const ciFacts = {
  provider: 'github-actions',
  defaultBranch: 'main',
  deploy: {
    workflows: ['cd'],
    runs: 4,
    succeeded: 4,
    lastRunAt: '2026-11-25T10:00:00Z',
    lastSuccessAt: '2026-11-25T10:00:00Z',
    successesLast30d: 4,
  },
  deployOnPush: true,
  prTests: {
    workflows: ['ci'],
    runs: 10,
    succeeded: 9,
    lastRunAt: '2026-11-25T09:00:00Z',
    lastSuccessAt: '2026-11-25T09:00:00Z',
    successesLast30d: 9,
  },
  training: {
    workflows: [],
    runs: 0,
    succeeded: 0,
    lastRunAt: null,
    lastSuccessAt: null,
    successesLast30d: 0,
  },
  securityScan: {
    workflows: [],
    runs: 0,
    succeeded: 0,
    lastRunAt: null,
    lastSuccessAt: null,
    successesLast30d: 0,
  },
  llmEval: {
    workflows: [],
    runs: 0,
    succeeded: 0,
    lastRunAt: null,
    lastSuccessAt: null,
    successesLast30d: 0,
  },
  successRate: 0.93,
  firstDeployAt: '2026-10-01T00:00:00Z',
  firstCommitAt: '2026-08-01T00:00:00Z',
};

describe.each(databases.eachSupportedId())('router on %s', databaseId => {
  let server: any;
  let root: string;
  let allowPermissions: boolean;
  let authorizeRequests: unknown[];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-router-'));
    const repoDir = makeRepo(root);
    const knex = await databases.init(databaseId);
    allowPermissions = true;
    authorizeRequests = [];
    const backend = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: entities(repoDir) }),
        mockServices.rootConfig.factory({
          data: {
            mlopsMaturity: {
              // The scheduler must not race the tests: they refresh explicitly.
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
              repositories: { fileRoots: [root] },
            },
          },
        }),
        mockServices.permissions.mock({
          authorize: async requests => {
            authorizeRequests.push(...requests);
            return requests.map(() => ({
              result: allowPermissions
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            }));
          },
          // Catalog reads are not what these tests restrict.
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
      ],
    });
    server = backend.server;
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const api = '/api/mlops-maturity';

  it('explains a 404 for unknown, non-ML and not yet evaluated entities', async () => {
    const unknown = await request(server).get(
      `${api}/scorecards/component/default/nope`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.reason).toBe('unknown-entity');

    const website = await request(server).get(
      `${api}/scorecards/component/default/storefront`,
    );
    expect(website.status).toBe(404);
    expect(website.body.reason).toBe('not-ml-service');
    expect(website.body.error.message).toContain('spec.type website');

    const pending = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    expect(pending.status).toBe(404);
    expect(pending.body.reason).toBe('not-evaluated');
  });

  it('rejects invalid requests from the spec with 400', async () => {
    expect((await request(server).get(`${api}/services?level=7`)).status).toBe(
      400,
    );
    expect((await request(server).get(`${api}/services?bogus=1`)).status).toBe(
      400,
    );
    expect(
      (await request(server).get(`${api}/services?pageSize=0`)).status,
    ).toBe(400);
    expect(
      (
        await request(server).get(
          `${api}/scorecards/component/default/fraud-detector/history?from=yesterday`,
        )
      ).status,
    ).toBe(400);
  });

  it('refuses refresh without permission', async () => {
    allowPermissions = false;
    try {
      const res = await request(server).post(
        `${api}/scorecards/component/default/fraud-detector/refresh`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to refresh the scorecard of component:default/fraud-detector.',
      );
      // Asked per entity, so a policy can apply the catalog's rules such as ownership.
      expect(authorizeRequests[authorizeRequests.length - 1]).toEqual({
        permission: expect.objectContaining({
          name: 'mlops-maturity.scorecard.refresh',
          resourceType: 'catalog-entity',
        }),
        resourceRef: 'component:default/fraud-detector',
      });
      const push = await request(server)
        .post(`${api}/facts/component/default/fraud-detector`)
        .set('Authorization', mockCredentials.service.header())
        .send({ facts: [{ source: 'ci', facts: ciFacts }] });
      expect(push.status).toBe(403);
      expect(authorizeRequests[authorizeRequests.length - 1]).toEqual({
        permission: expect.objectContaining({
          name: 'mlops-maturity.facts.push',
          resourceType: 'catalog-entity',
        }),
        resourceRef: 'component:default/fraud-detector',
      });
    } finally {
      allowPermissions = true;
    }
  });

  it('refreshes, serves the scorecard, and records history', async () => {
    const refreshed = await request(server).post(
      `${api}/scorecards/component/default/fraud-detector/refresh`,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.entityRef).toBe('component:default/fraud-detector');
    expect(refreshed.body.domain).toBe('domain:default/payments');
    expect(refreshed.body.owner).toBe('group:default/fraud-ml');

    const card = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    expect(card.status).toBe(200);
    const byId = Object.fromEntries(
      card.body.checks.map((c: any) => [c.id, c]),
    );
    expect(byId['deploy.containerized'].status).toBe('pass');
    expect(byId['deploy.containerized'].evidence[0]).toMatchObject({
      source: 'repository',
      strength: 'declared',
    });
    // The malformed annotation makes only its check unknown, with the reason.
    expect(byId['gov.data-classification'].status).toBe('unknown');
    expect(byId['gov.data-classification'].message).toContain('top secret!!');
    expect(byId['llm.eval-suite'].status).toBe('not-applicable');
    const applicable = card.body.checks.filter(
      (c: any) => c.status !== 'not-applicable',
    );
    expect(applicable.length).toBeGreaterThanOrEqual(40);
    expect(
      applicable.every(
        (c: any) => c.evidence.length > 0 || c.status === 'unknown',
      ),
    ).toBe(true);

    const history = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      level: card.body.level,
      score: card.body.score,
    });
  });

  it('needs credentials to push facts', async () => {
    const res = await request(server)
      .post(`${api}/facts/component/default/fraud-detector`)
      .set('Authorization', mockCredentials.none.header())
      .send({ facts: [{ source: 'ci', facts: ciFacts }] });
    expect(res.status).toBe(401);
  });

  it('rejects malformed facts with 400 and stores nothing', async () => {
    const before = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    const res = await request(server)
      .post(`${api}/facts/component/default/fraud-detector`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        facts: [
          { source: 'custom', facts: { evalPassRate: 0.9 } },
          { source: 'ci', facts: { ...ciFacts, successRate: 7 } },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('facts.1.facts.successRate');
    const after = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    expect(after.body).toEqual(before.body);
    const repositoryPush = await request(server)
      .post(`${api}/facts/component/default/fraud-detector`)
      .set('Authorization', mockCredentials.service.header())
      .send({ facts: [{ source: 'repository', facts: {} }] });
    expect(repositoryPush.status).toBe(400);
  });

  it('answers 400 for facts nested 2,000 levels deep or not finite, and 413 for an oversized body', async () => {
    const push = (body: string) =>
      request(server)
        .post(`${api}/facts/component/default/fraud-detector`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(body);
    const deep = `{"facts":[{"source":"custom","facts":{"deep":${'{"a":'.repeat(
      2000,
    )}1${'}'.repeat(2000)}}}]}`;
    const nested = await push(deep);
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toContain('nested deeper than 32 levels');
    expect(JSON.stringify(nested.body)).not.toContain('RangeError');

    const infinite = await push(
      '{"facts":[{"source":"custom","facts":{"latency":1e400}}]}',
    );
    expect(infinite.status).toBe(400);
    expect(infinite.body.error.message).toContain(
      'facts.0.facts.latency: Infinity is not a finite number',
    );

    const oversized = await push(
      JSON.stringify({
        facts: [
          { source: 'custom', facts: { padding: 'x'.repeat(2_000_000) } },
        ],
      }),
    );
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.message).toBe(
      'The request body is larger than 1mb; nothing was stored.',
    );
  });

  it('re-scores on pushed facts and shows them as observed', async () => {
    const res = await request(server)
      .post(`${api}/facts/component/default/fraud-detector`)
      .set('Authorization', mockCredentials.service.header())
      .send({ facts: [{ source: 'ci', facts: ciFacts }] });
    expect(res.status).toBe(200);
    const deploy = res.body.checks.find(
      (c: any) => c.id === 'deploy.automated-pipeline',
    );
    expect(
      deploy.evidence.some(
        (e: any) => e.source === 'ci' && e.strength === 'observed',
      ),
    ).toBe(true);
    expect(res.body.metrics).toMatchObject({
      deploysLast30d: 4,
      ciSuccessRate: 0.93,
      timeToProductionDays: 61,
    });
    const history = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector/history`,
    );
    expect(history.body.items).toHaveLength(2);
    expect(history.body.nextCursor).toBeUndefined();

    const historyPath = `${api}/scorecards/component/default/fraud-detector/history`;
    const first = await request(server).get(`${historyPath}?limit=1`);
    expect(first.body.items).toEqual([history.body.items[0]]);
    const second = await request(server).get(
      `${historyPath}?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({ items: [history.body.items[1]] });
    expect(
      (await request(server).get(`${historyPath}?cursor=bogus`)).status,
    ).toBe(400);
    expect((await request(server).get(`${historyPath}?limit=0`)).status).toBe(
      400,
    );
  });

  it('lists services with filters, and the check catalogue and status', async () => {
    const all = await request(server).get(`${api}/services`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ totalCount: 1, page: 1, pageSize: 50 });
    expect(all.body.items[0]).toMatchObject({
      entityRef: 'component:default/fraud-detector',
      domain: 'domain:default/payments',
    });

    const level = all.body.items[0].level;
    expect(
      (await request(server).get(`${api}/services?level=${level}`)).body
        .totalCount,
    ).toBe(1);
    expect(
      (
        await request(server)
          .get(`${api}/services`)
          .query({ owner: 'group:default/other' })
      ).body.totalCount,
    ).toBe(0);
    expect(
      (
        await request(server)
          .get(`${api}/services`)
          .query({ domain: 'domain:default/payments' })
      ).body.totalCount,
    ).toBe(1);

    const checks = await request(server).get(`${api}/checks`);
    expect(checks.body.items.length).toBeGreaterThanOrEqual(57);

    const status = await request(server).get(`${api}/status`);
    expect(status.status).toBe(200);
    expect(status.body.queue.total).toBe(1);
  });

  it('keeps the last known results when the repository becomes unreadable', async () => {
    const before = await request(server).get(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    fs.rmSync(path.join(root, 'fraud-detector'), {
      recursive: true,
      force: true,
    });
    const res = await request(server).post(
      `${api}/scorecards/component/default/fraud-detector/refresh`,
    );
    expect(res.status).toBe(200);
    const containerized = res.body.checks.find(
      (c: any) => c.id === 'deploy.containerized',
    );
    // The previous repository facts still decide, marked stale.
    expect(containerized.status).toBe('pass');
    expect(containerized.evidence[0].stale).toBe(true);
    expect(res.body.level).toBe(before.body.level);
    const status = await request(server).get(`${api}/status`);
    const repository = status.body.sources.find(
      (s: any) => s.source === 'repository',
    );
    expect(repository.errors).toBe(1);
  });
});
