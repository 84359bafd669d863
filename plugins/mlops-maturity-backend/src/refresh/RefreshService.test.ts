import fs from 'fs';
import os from 'os';
import path from 'path';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  FactCollector,
  UpstreamError,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { builtinChecks } from '../checks/builtin';
import { withBuiltinCollectors } from '../collectors/builtinCollectors';
import { RepositoryReader } from '../collectors/RepositoryReader';
import { readMlopsMaturityConfig } from '../config/MlopsMaturityConfig';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import { RefreshService, hashOf } from './RefreshService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function component(
  name: string,
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', ...extra },
    spec: {
      type: 'ml-service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

describe('RefreshService', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-refresh-'));
    fs.mkdirSync(path.join(root, 'svc-a'));
    fs.writeFileSync(
      path.join(root, 'svc-a', 'Dockerfile'),
      'FROM python:3.12-slim\n',
    );
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function setup(entities: Entity[], collectors: FactCollector[] = []) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseScorecardStore.fromKnex(knex);
    // The catalog can be swapped to simulate entity edits between cycles.
    let current = catalogServiceMock({ entities });
    const catalog = new Proxy({} as typeof current, {
      get: (_, method) => (current as any)[method].bind(current),
    });
    const setEntities = (next: Entity[]) => {
      current = catalogServiceMock({ entities: next });
    };
    const registry = CheckRegistry.create({
      checks: builtinChecks,
      overrides: {},
      customChecks: [],
    });
    const logger = mockServices.logger.mock();
    const refresh = new RefreshService({
      catalog,
      auth: mockServices.auth(),
      store,
      engine: new MaturityEngine(registry),
      collectors: withBuiltinCollectors(
        RepositoryReader.create({
          urlReader: mockServices.urlReader.mock(),
          fileRoots: [root],
          baseDir: root,
        }),
        collectors,
      ),
      config: readMlopsMaturityConfig(new ConfigReader({})),
      scoringHash: hashOf(registry.definitions()),
      logger,
    });
    return { refresh, store, setEntities, logger };
  }

  it('scores new services, skips unchanged ones and re-scores changed entities', async () => {
    const a = component('svc-a', {
      annotations: { 'backstage.io/source-location': `file:${root}/svc-a/` },
    });
    const website = { ...component('site'), spec: { type: 'website' } };
    const { refresh, store, setEntities } = await setup([a, website]);

    const first = await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));
    expect(first).toMatchObject({
      selected: 1,
      claimed: 1,
      rescored: 1,
      failed: 0,
    });
    expect(
      (await store.getScorecard('component:default/svc-a'))?.checks.find(
        c => c.id === 'deploy.containerized',
      )?.status,
    ).toBe('pass');

    // Nothing is due again before recollectAfterHours.
    const idle = await refresh.runCycle(new Date('2026-11-26T10:05:00Z'));
    expect(idle).toMatchObject({ claimed: 0, rescored: 0 });

    // Due again later, but nothing changed: collected, not re-scored, no new history point.
    const later = await refresh.runCycle(new Date('2026-11-26T20:00:00Z'));
    expect(later).toMatchObject({ claimed: 1, rescored: 0, unchanged: 1 });
    expect(
      (await store.getHistory('component:default/svc-a', {})).items,
    ).toHaveLength(1);

    // An entity change makes it due at once and re-scores it.
    setEntities([
      {
        ...a,
        metadata: {
          ...a.metadata,
          annotations: {
            ...a.metadata.annotations,
            'mlops-maturity.io/cost-center': 'CC-1',
          },
        },
      },
      website,
    ]);
    const afterChange = await refresh.runCycle(
      new Date('2026-11-26T20:01:00Z'),
    );
    expect(afterChange).toMatchObject({ claimed: 1, rescored: 1 });
    const card = await store.getScorecard('component:default/svc-a');
    expect(card?.checks.find(c => c.id === 'gov.cost-center')?.status).toBe(
      'pass',
    );
    expect(
      (await store.getHistory('component:default/svc-a', {})).items,
    ).toHaveLength(2);
  });

  it('re-scores when a collector reports different facts, and keeps the last facts when it fails', async () => {
    let calls = 0;
    const collector: FactCollector = {
      id: 'fake-ci',
      source: 'custom',
      appliesTo: () => true,
      async collect() {
        calls += 1;
        if (calls === 3) {
          throw new Error('upstream answered 503');
        }
        return { evalPassRate: calls === 1 ? 0.5 : 0.9 };
      },
    };
    const { refresh, store, logger } = await setup(
      [component('svc-b')],
      [collector],
    );
    await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));
    const second = await refresh.runCycle(new Date('2026-11-26T20:00:00Z'));
    expect(second).toMatchObject({ rescored: 1 });

    await refresh.runCycle(new Date('2026-11-27T08:00:00Z'));
    const custom = (await store.getFacts('component:default/svc-b')).find(
      f => f.source === 'custom',
    );
    expect(custom).toMatchObject({
      facts: { evalPassRate: 0.9 },
      error: 'upstream answered 503',
      stale: true,
    });
    const status = await store.getStatus(new Date('2026-11-27T08:00:01Z'));
    expect(status.sources.find(s => s.source === 'custom')).toMatchObject({
      errors: 1,
      lastError: 'upstream answered 503',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Collecting custom for component:default/svc-b failed, the last known facts are kept and marked stale: upstream answered 503',
    );
  });

  it('stores each service in one write a cycle, reading back nothing it wrote', async () => {
    const collector: FactCollector = {
      id: 'fake-ci',
      source: 'custom',
      appliesTo: () => true,
      collect: async () => ({ evalPassRate: 0.9 }),
    };
    const { refresh, store } = await setup(
      [
        component('svc-a', {
          annotations: {
            'backstage.io/source-location': `file:${root}/svc-a/`,
          },
        }),
        component('svc-b'),
      ],
      [collector],
    );
    const calls: string[] = [];
    for (const method of [
      'getFacts',
      'getScorecard',
      'putFacts',
      'saveScorecard',
      'saveScorecards',
      'completeClaim',
      'recordRefresh',
    ] as const) {
      const original = store[method].bind(store) as (...a: any[]) => any;
      jest.spyOn(store, method).mockImplementation((...args: any[]) => {
        calls.push(method);
        return original(...args);
      });
    }
    for (const at of ['2026-11-26T10:00:00Z', '2026-11-26T20:00:00Z']) {
      calls.length = 0;
      const result = await refresh.runCycle(new Date(at));
      expect(result.rescored + result.unchanged).toBe(2);
      expect(calls.sort()).toEqual([
        'getFacts',
        'getFacts',
        'recordRefresh',
        'recordRefresh',
      ]);
    }
  });

  it('scores a service again when facts are pushed while it is collected, rather than store a scorecard without them', async () => {
    // The collector pushes through the store the refresh uses, made below.
    const pushVia: { store?: DatabaseScorecardStore } = {};
    let calls = 0;
    const collector: FactCollector = {
      id: 'slow-ci',
      source: 'custom',
      appliesTo: () => true,
      async collect({ entity }) {
        calls += 1;
        if (calls === 1) {
          // A push arrives while the upstream is still answering.
          await pushVia.store!.putFacts({
            entityRef: `component:default/${entity.metadata.name}`,
            source: 'registry',
            facts: { models: [] },
            collectedAt: '2026-11-26T10:00:01.000Z',
            origin: 'push',
          });
        }
        return { evalPassRate: 0.9 };
      },
    };
    const { refresh, store } = await setup([component('svc-b')], [collector]);
    pushVia.store = store;

    const first = await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));
    expect(first).toMatchObject({ claimed: 1, superseded: 1, rescored: 0 });
    await expect(
      store.getScorecard('component:default/svc-b'),
    ).resolves.toBeUndefined();
    // The collected facts are kept beside the push.
    expect(
      (await store.getFacts('component:default/svc-b')).map(f => f.source),
    ).toEqual(['catalog', 'custom', 'registry']);

    const next = await refresh.runCycle(new Date('2026-11-26T10:01:00Z'));
    expect(next).toMatchObject({ claimed: 1, rescored: 1, superseded: 0 });
    expect(
      (await store.getScorecard('component:default/svc-b'))?.entityRef,
    ).toBe('component:default/svc-b');
  });

  describe('re-scoring from stored facts while pushes land', () => {
    const entityRef = 'component:default/svc-b';

    /** Each read of the service's facts is followed by a push, until `pushes` run out. */
    async function setupWithPushesAfterReads(pushes: number) {
      const context = await setup([component('svc-b')]);
      const { refresh, store } = context;
      // Scored once, so only the re-score can make it due again before recollectAfterHours.
      await refresh.runCycle(new Date());
      const readFacts = store.getFacts.bind(store);
      let pushed = 0;
      jest.spyOn(store, 'getFacts').mockImplementation(async ref => {
        const facts = await readFacts(ref);
        if (pushed < pushes) {
          pushed += 1;
          await store.putFacts({
            entityRef,
            source: 'registry',
            facts: { models: [] },
            collectedAt: new Date(
              Date.UTC(2026, 10, 26, 10, pushed),
            ).toISOString(),
            origin: 'push',
          });
        }
        return facts;
      });
      const recorded: boolean[] = [];
      const record = store.recordRefresh.bind(store);
      jest.spyOn(store, 'recordRefresh').mockImplementation(async input => {
        const stored = await record(input);
        recorded.push(stored);
        return stored;
      });
      return { ...context, recorded };
    }

    it('starts over when a push lands meanwhile, and stores the scorecard of the newest facts', async () => {
      const { refresh, store, recorded } = await setupWithPushesAfterReads(1);

      const scorecard = await refresh.rescoreFromStoredFacts(
        component('svc-b'),
      );

      expect(recorded).toEqual([false, true]);
      expect((await store.getScorecard(entityRef))?.evaluatedAt).toBe(
        scorecard.evaluatedAt,
      );
    });

    it('gives up after three attempts and leaves the service due, so the next cycle scores the newest facts', async () => {
      const { refresh, store, recorded } = await setupWithPushesAfterReads(3);

      const scorecard = await refresh.rescoreFromStoredFacts(
        component('svc-b'),
      );

      expect(recorded).toEqual([false, false, false]);
      expect((await store.getScorecard(entityRef))?.evaluatedAt).not.toBe(
        scorecard.evaluatedAt,
      );
      const next = await refresh.runCycle(new Date());
      expect(next).toMatchObject({ claimed: 1, rescored: 1, superseded: 0 });
      expect(recorded).toEqual([false, false, false, true]);
    });
  });

  it('discovers a new service between cycles, and the next cycle scores only it', async () => {
    const a = component('svc-a', {
      annotations: { 'backstage.io/source-location': `file:${root}/svc-a/` },
    });
    const { refresh, store, setEntities } = await setup([a]);
    await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));

    const b = component('svc-b');
    setEntities([a, b]);
    await expect(
      refresh.discover(new Date('2026-11-26T10:01:00Z')),
    ).resolves.toEqual({ added: 1, changed: 0, removed: 0, due: 1 });
    await expect(
      store.getQueuedService('component:default/svc-b'),
    ).resolves.toMatchObject({ nextDueAt: new Date('2026-11-26T10:01:00Z') });
    // Nothing new: discovery queues nothing, and counts the one still due.
    await expect(
      refresh.discover(new Date('2026-11-26T10:02:00Z')),
    ).resolves.toEqual({ added: 0, changed: 0, removed: 0, due: 1 });

    const next = await refresh.runCycle(new Date('2026-11-26T10:02:00Z'));
    expect(next).toMatchObject({ claimed: 1, rescored: 1 });
    await expect(
      store.getScorecard('component:default/svc-b'),
    ).resolves.toBeDefined();
  });

  it('leaves a service queued after the cycle read the catalog due for the next cycle, not gone', async () => {
    const a = component('svc-a');
    const b = component('svc-b');
    const { refresh, store, setEntities } = await setup([a]);
    // Discovery, which read the catalog before this cycle started, queues svc-b once the
    // cycle has read a catalog without it.
    const syncQueue = store.syncQueue.bind(store);
    jest.spyOn(store, 'syncQueue').mockImplementationOnce(async (...args) => {
      const sync = await syncQueue(...args);
      await store.ensureQueued(
        'component:default/svc-b',
        hashOf(b),
        new Date('2026-11-26T09:59:00Z'),
      );
      setEntities([a, b]);
      return sync;
    });

    const cycleAt = new Date('2026-11-26T10:00:00Z');
    const first = await refresh.runCycle(cycleAt);
    expect(first).toMatchObject({ claimed: 2, rescored: 1, notListed: 1 });
    const queued = await store.getQueuedService('component:default/svc-b');
    expect(queued?.lastError ?? null).toBeNull();
    expect(queued?.nextDueAt.getTime()).toBe(cycleAt.getTime() + 1);

    const next = await refresh.runCycle(new Date('2026-11-26T10:01:00Z'));
    expect(next).toMatchObject({ claimed: 1, rescored: 1, notListed: 0 });
    await expect(
      store.getScorecard('component:default/svc-b'),
    ).resolves.toBeDefined();
  });

  it('brings a service back when a spent rate limit resets, instead of failing it', async () => {
    const resetAt = new Date('2026-11-26T10:40:00Z');
    let spent = false;
    const collector: FactCollector = {
      id: 'fake-github',
      source: 'ci',
      appliesTo: () => true,
      async collect() {
        if (spent) {
          throw new UpstreamError(
            'rate-limited',
            'github: the rate limit of api.github.com is spent until 2026-11-26T10:40:00.000Z, so https://api.github.com/repos/acme/b waits for it',
            { retryAt: resetAt },
          );
        }
        return { provider: 'github-actions' };
      },
    };
    const { refresh, store, logger } = await setup(
      [component('svc-b')],
      [collector],
    );
    await refresh.runCycle(new Date('2026-11-26T04:00:00Z'));
    spent = true;
    const cycle = await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));
    expect(cycle).toMatchObject({ claimed: 1, failed: 0, waiting: 1 });
    await expect(
      store.getQueuedService('component:default/svc-b'),
    ).resolves.toMatchObject({ nextDueAt: resetAt, lastError: null });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'MLOps maturity cycle: 1 services wait for a spent upstream rate limit; their last facts are kept, marked stale, and they are due again when it resets (first at 2026-11-26T10:40:00.000Z)',
    );
  });

  it('merges concurrent refreshes of one service into one collection and one history point', async () => {
    let calls = 0;
    const collector: FactCollector = {
      id: 'fake-registry',
      source: 'custom',
      appliesTo: () => true,
      async collect() {
        calls += 1;
        await new Promise(resolve => setTimeout(resolve, 20));
        return { evalPassRate: 0.9 };
      },
    };
    const { refresh, store } = await setup([component('svc-b')], [collector]);
    const entity = component('svc-b');
    const scorecards = await Promise.all(
      Array.from({ length: 20 }, () => refresh.refreshEntity(entity)),
    );
    expect(calls).toBe(1);
    expect(new Set(scorecards).size).toBe(1);
    const { items } = await store.getHistory('component:default/svc-b', {});
    expect(items).toHaveLength(1);

    // Once it has finished, a refresh collects again; unchanged facts add no point.
    await refresh.refreshEntity(entity);
    expect(calls).toBe(2);
    const after = await store.getHistory('component:default/svc-b', {});
    expect(after.items).toHaveLength(1);
  });

  it('makes repository checks unknown with the reason when the location is refused', async () => {
    const outside = component('svc-c', {
      annotations: { 'backstage.io/source-location': 'file:/etc/' },
    });
    const { refresh, store } = await setup([outside]);
    await refresh.runCycle(new Date('2026-11-26T10:00:00Z'));
    const card = await store.getScorecard('component:default/svc-c');
    const containerized = card?.checks.find(
      c => c.id === 'deploy.containerized',
    );
    expect(containerized?.status).toBe('unknown');
    expect(containerized?.message).toContain('fileRoots');
  });
});
