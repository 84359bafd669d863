import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CheckDefinition,
  CheckResult,
  CheckStatus,
  MaturityLevel,
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import { readRollupState } from './rollupState';
import { ServiceScope, StaleScopeError } from './ServiceScope';

jest.setTimeout(60_000);

const T0 = new Date('2026-03-01T10:00:00.000Z');
const minutesAfter = (base: Date, minutes: number) =>
  new Date(base.getTime() + minutes * 60_000);

function checkResult(id: string, status: CheckStatus): CheckResult {
  return {
    id,
    title: `Title of ${id}`,
    dimension: 'deployment',
    level: 1,
    required: true,
    weight: 1,
    persona: 'ml-engineer',
    status,
    message: `${id} is ${status}`,
    evidence: [
      { source: 'repository', strength: 'declared', detail: 'Dockerfile' },
    ],
    remediation: 'Add it',
  };
}

function scorecard(
  entityRef: string,
  options: {
    level?: MaturityLevel;
    score?: number;
    evaluatedAt?: Date;
    owner?: string;
    domain?: string;
    system?: string;
    /** Closest first, as the catalog collector records them. */
    ownerPath?: string[];
    domainPath?: string[];
    flavor?: Scorecard['flavor'];
    checks?: Record<string, CheckStatus>;
  } = {},
): Scorecard {
  const level = options.level ?? 0;
  const checks = Object.entries(options.checks ?? {}).map(([id, status]) =>
    checkResult(id, status),
  );
  return {
    entityRef,
    flavor: options.flavor ?? 'ml',
    level,
    levelName: levelName(level),
    score: options.score ?? 50,
    coverage: 0.9,
    evaluatedAt: (options.evaluatedAt ?? T0).toISOString(),
    checks,
    dimensions: [{ id: 'deployment', score: 50, passed: 1, total: 2 }],
    personas: [{ id: 'ml-engineer', score: 50, passed: 1, total: 2 }],
    nextLevel: {
      level: 1,
      blockers: ['deploy.containerized'],
      blockersByPersona: { 'ml-engineer': ['deploy.containerized'] },
    },
    metrics: { deploysLast30d: 3 },
    ...(options.owner && { owner: options.owner }),
    ...(options.domain && { domain: options.domain }),
    ...(options.system && { system: options.system }),
    ...(options.ownerPath && { ownerPath: options.ownerPath }),
    ...(options.domainPath && { domainPath: options.domainPath }),
    containsSampleData: false,
  };
}

const ref = (name: string) => `component:default/${name}`;

/** A refresh in which one source failed and nothing else changed. */
async function failCollection(
  store: DatabaseScorecardStore,
  entityRef: string,
  failure: { source: string; error: string; attemptedAt: Date },
) {
  await store.recordRefresh({
    entityRef,
    basedOn: await store.getFacts(entityRef),
    collected: [],
    failed: [failure],
  });
}

describe('DatabaseScorecardStore', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseScorecardStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseScorecardStore.fromKnex(knex);
    });

    describe('syncQueue', () => {
      it('adds new services due now, re-queues changed ones and removes deselected ones', async () => {
        await expect(
          store.syncQueue(
            [
              { entityRef: ref('a'), entityHash: 'a1' },
              { entityRef: ref('b'), entityHash: 'b1' },
              { entityRef: ref('c'), entityHash: 'c1' },
            ],
            T0,
          ),
        ).resolves.toEqual({ added: 3, changed: 0, removed: 0 });
        await expect(store.getQueuedService(ref('a'))).resolves.toEqual({
          entityRef: ref('a'),
          entityHash: 'a1',
          inputsHash: null,
          nextDueAt: T0,
          lastError: null,
        });

        const later = minutesAfter(T0, 60);
        for (const name of ['a', 'b']) {
          await store.completeClaim(ref(name), {
            nextDueAt: later,
            error: null,
            inputsHash: `inputs-${name}`,
          });
        }
        await store.putFacts({
          entityRef: ref('c'),
          source: 'catalog',
          facts: { owner: 'group:default/team' },
          collectedAt: T0.toISOString(),
          origin: 'collector',
        });
        await store.saveScorecard(scorecard(ref('c')), 'inputs-c');

        const t1 = minutesAfter(T0, 5);
        await expect(
          store.syncQueue(
            [
              { entityRef: ref('a'), entityHash: 'a1' },
              { entityRef: ref('b'), entityHash: 'b2' },
              { entityRef: ref('d'), entityHash: 'd1' },
            ],
            t1,
          ),
        ).resolves.toEqual({ added: 1, changed: 1, removed: 1 });

        const a = await store.getQueuedService(ref('a'));
        expect(a?.nextDueAt).toEqual(later);
        const b = await store.getQueuedService(ref('b'));
        expect(b).toMatchObject({
          entityHash: 'b2',
          inputsHash: 'inputs-b',
          nextDueAt: t1,
        });
        expect((await store.getQueuedService(ref('d')))?.nextDueAt).toEqual(t1);

        await expect(store.getQueuedService(ref('c'))).resolves.toBeUndefined();
        await expect(store.getFacts(ref('c'))).resolves.toEqual([]);
        await expect(store.getScorecard(ref('c'))).resolves.toBeUndefined();
        await expect(store.countCheckStatuses()).resolves.toEqual([]);
        const { items } = await store.getHistory(ref('c'), {});
        expect(items).toHaveLength(1);
      });

      it('handles thousands of services', async () => {
        const many = Array.from({ length: 1200 }, (_, i) => ({
          entityRef: ref(`svc-${i}`),
          entityHash: `h${i}`,
        }));
        await expect(store.syncQueue(many, T0)).resolves.toEqual({
          added: 1200,
          changed: 0,
          removed: 0,
        });
        const kept = many.slice(0, 1);
        await expect(store.syncQueue(kept, T0)).resolves.toEqual({
          added: 0,
          changed: 0,
          removed: 1199,
        });
        await expect(store.getStatus(T0)).resolves.toMatchObject({
          queue: { total: 1 },
        });
      });
    });

    describe('claimDue', () => {
      const queueTen = () =>
        store.syncQueue(
          Array.from({ length: 10 }, (_, i) => ({
            entityRef: ref(`svc-${i}`),
            entityHash: 'h',
          })),
          T0,
        );

      it('never gives the same service to two concurrent workers', async () => {
        await queueTen();
        const now = minutesAfter(T0, 1);
        const [first, second] = await Promise.all([
          store.claimDue({ limit: 6, now, leaseSeconds: 300, workerId: 'w1' }),
          store.claimDue({ limit: 6, now, leaseSeconds: 300, workerId: 'w2' }),
        ]);
        const firstRefs = first.map(s => s.entityRef);
        const secondRefs = second.map(s => s.entityRef);
        expect(firstRefs.filter(r => secondRefs.includes(r))).toEqual([]);
        expect(new Set([...firstRefs, ...secondRefs]).size).toBe(10);

        await expect(
          store.claimDue({ limit: 10, now, leaseSeconds: 300, workerId: 'w3' }),
        ).resolves.toEqual([]);
        const claimedBy = await knex('mlops_services')
          .select('entity_ref', 'claimed_by')
          .orderBy('entity_ref');
        for (const row of claimedBy) {
          expect(row.claimed_by).toBe(
            firstRefs.includes(row.entity_ref) ? 'w1' : 'w2',
          );
        }
      });

      // Deterministic counterpart of the test above: a claim must neither wait for
      // nor take rows another replica holds locked (SELECT ... FOR UPDATE SKIP LOCKED).
      const describeOnPostgres = databaseId.startsWith('POSTGRES')
        ? describe
        : describe.skip;
      describeOnPostgres('with row locks', () => {
        it('skips services that another replica is claiming', async () => {
          await queueTen();
          const otherReplica = await knex.transaction();
          try {
            await otherReplica('mlops_services')
              .select('entity_ref')
              .whereIn('entity_ref', [ref('svc-0'), ref('svc-1')])
              .forUpdate();
            const claimed = await store.claimDue({
              limit: 10,
              now: T0,
              leaseSeconds: 300,
              workerId: 'w1',
            });
            expect(claimed.map(s => s.entityRef).sort()).toEqual(
              Array.from({ length: 8 }, (_, i) => ref(`svc-${i + 2}`)),
            );
          } finally {
            await otherReplica.commit();
          }
        }, 10_000);
      });

      it('claims only due services, oldest first', async () => {
        await queueTen();
        await store.completeClaim(ref('svc-0'), {
          nextDueAt: minutesAfter(T0, 60),
          error: null,
        });
        await store.completeClaim(ref('svc-1'), {
          nextDueAt: minutesAfter(T0, -5),
          error: null,
        });
        const claimed = await store.claimDue({
          limit: 2,
          now: T0,
          leaseSeconds: 60,
          workerId: 'w1',
        });
        expect(claimed.map(s => s.entityRef)).toEqual([
          ref('svc-1'),
          ref('svc-2'),
        ]);
        const rest = await store.claimDue({
          limit: 100,
          now: T0,
          leaseSeconds: 60,
          workerId: 'w1',
        });
        expect(rest.map(s => s.entityRef)).not.toContain(ref('svc-0'));
        expect(rest).toHaveLength(7);
      });

      it('lets another worker take over an expired claim', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h' }], T0);
        await expect(
          store.claimDue({
            limit: 1,
            now: T0,
            leaseSeconds: 60,
            workerId: 'w1',
          }),
        ).resolves.toHaveLength(1);
        await expect(
          store.claimDue({
            limit: 1,
            now: minutesAfter(T0, 0.5),
            leaseSeconds: 60,
            workerId: 'w2',
          }),
        ).resolves.toEqual([]);
        const retaken = await store.claimDue({
          limit: 1,
          now: minutesAfter(T0, 2),
          leaseSeconds: 60,
          workerId: 'w2',
        });
        expect(retaken.map(s => s.entityRef)).toEqual([ref('a')]);
        const row = await knex('mlops_services').first();
        expect(row.claimed_by).toBe('w2');
      });

      it('releases the claim on completion and records the error', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h' }], T0);
        await store.claimDue({
          limit: 1,
          now: T0,
          leaseSeconds: 600,
          workerId: 'w1',
        });
        const next = minutesAfter(T0, 1);
        await store.completeClaim(ref('a'), {
          nextDueAt: next,
          error: 'catalog unavailable',
          workerId: 'w1',
        });
        await expect(store.getQueuedService(ref('a'))).resolves.toMatchObject({
          nextDueAt: next,
          lastError: 'catalog unavailable',
          inputsHash: null,
        });
        await expect(
          store.claimDue({
            limit: 1,
            now: next,
            leaseSeconds: 600,
            workerId: 'w2',
          }),
        ).resolves.toHaveLength(1);
      });

      it('completes only its own claims, and hands back claims it did not get to', async () => {
        await store.syncQueue(
          ['a', 'b', 'c'].map(name => ({
            entityRef: ref(name),
            entityHash: 'h',
          })),
          T0,
        );
        await store.claimDue({
          limit: 3,
          now: T0,
          leaseSeconds: 60,
          workerId: 'w1',
        });
        await expect(store.countDue(T0)).resolves.toBe(0);
        // w1's lease ends; w2 takes 'a' over before w1 completes it.
        const afterLease = minutesAfter(T0, 2);
        await expect(store.countDue(afterLease)).resolves.toBe(3);
        await store.claimDue({
          limit: 1,
          now: afterLease,
          leaseSeconds: 60,
          workerId: 'w2',
        });
        const later = minutesAfter(T0, 60);
        await store.completeClaim(ref('a'), {
          nextDueAt: later,
          error: null,
          workerId: 'w1',
        });
        let row = await knex('mlops_services')
          .where('entity_ref', ref('a'))
          .first();
        expect(row.claimed_by).toBe('w2');
        expect(new Date(row.next_due_at)).toEqual(T0);

        // A manual refresh records its outcome and leaves the claim to its holder.
        await store.completeClaim(ref('a'), { nextDueAt: later, error: null });
        row = await knex('mlops_services')
          .where('entity_ref', ref('a'))
          .first();
        expect(row.claimed_by).toBe('w2');
        expect(new Date(row.next_due_at)).toEqual(later);

        // w1 hands back what it holds; others' claims stay.
        await expect(
          store.releaseClaims([ref('a'), ref('b'), ref('c')], 'w1'),
        ).resolves.toBe(2);
        const claims = await knex('mlops_services')
          .whereNotNull('claimed_by')
          .select('entity_ref');
        expect(claims.map(c => c.entity_ref)).toEqual([ref('a')]);
        await expect(store.countDue(T0)).resolves.toBe(2);
      });

      it('queues a single service without touching an existing one', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h1' }], T0);
        const later = minutesAfter(T0, 60);
        await store.completeClaim(ref('a'), { nextDueAt: later, error: null });

        const now = minutesAfter(T0, 1);
        await store.ensureQueued(ref('a'), 'h2', now);
        await store.ensureQueued(ref('b'), 'hb', now);
        await expect(store.getQueuedService(ref('a'))).resolves.toMatchObject({
          entityHash: 'h1',
          nextDueAt: later,
        });
        await expect(store.getQueuedService(ref('b'))).resolves.toEqual({
          entityRef: ref('b'),
          entityHash: 'hb',
          inputsHash: null,
          nextDueAt: now,
          lastError: null,
        });
      });

      it('marks a queued service due now', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h' }], T0);
        await store.completeClaim(ref('a'), {
          nextDueAt: minutesAfter(T0, 60),
          error: null,
        });
        const now = minutesAfter(T0, 1);
        await expect(store.markDue(ref('a'), now)).resolves.toBe(true);
        await expect(store.markDue(ref('unknown'), now)).resolves.toBe(false);
        expect((await store.getQueuedService(ref('a')))?.nextDueAt).toEqual(
          now,
        );
      });
    });

    describe('facts', () => {
      const catalogFacts = {
        entityRef: ref('a'),
        source: 'catalog',
        facts: { owner: 'group:default/team', tags: ['ml'] },
        collectedAt: T0.toISOString(),
        origin: 'collector' as const,
      };

      it('stores and replaces facts per source', async () => {
        await store.putFacts(catalogFacts);
        await store.putFacts({
          entityRef: ref('a'),
          source: 'ci',
          facts: { runs: 3 },
          collectedAt: T0.toISOString(),
          sample: true,
          origin: 'push',
        });
        await store.putFacts({ ...catalogFacts, facts: { owner: 'user:x' } });

        await expect(store.getFacts(ref('a'))).resolves.toEqual([
          {
            ...catalogFacts,
            facts: { owner: 'user:x' },
            stale: false,
            sample: false,
          },
          {
            entityRef: ref('a'),
            source: 'ci',
            facts: { runs: 3 },
            collectedAt: T0.toISOString(),
            stale: false,
            sample: true,
            origin: 'push',
          },
        ]);
        await expect(store.getFacts(ref('b'))).resolves.toEqual([]);
      });

      it('never replaces pushed or collected facts with sample facts', async () => {
        const sample = {
          entityRef: ref('a'),
          source: 'ci',
          facts: { runs: 1 },
          collectedAt: T0.toISOString(),
          sample: true,
          origin: 'push' as const,
        };
        await expect(store.putFacts(sample)).resolves.toBe(true);
        // Sample facts loaded again (a restart of the demo) replace the sample facts.
        await expect(
          store.putFacts({ ...sample, facts: { runs: 2 } }),
        ).resolves.toBe(true);
        const pushed = { ...sample, facts: { runs: 7 }, sample: false };
        await expect(store.putFacts(pushed)).resolves.toBe(true);
        await expect(
          store.putFacts({ ...sample, facts: { runs: 3 } }),
        ).resolves.toBe(false);
        await expect(store.getFacts(ref('a'))).resolves.toEqual([
          { ...pushed, stale: false },
        ]);
      });

      it('keeps the previous facts when a refresh fails to collect them, and marks them stale', async () => {
        await store.putFacts(catalogFacts);
        await failCollection(store, ref('a'), {
          source: 'catalog',
          error: 'HTTP 503',
          attemptedAt: minutesAfter(T0, 30),
        });
        const [facts] = await store.getFacts(ref('a'));
        expect(facts).toEqual({
          ...catalogFacts,
          error: 'HTTP 503',
          stale: true,
          sample: false,
        });

        await store.putFacts({
          ...catalogFacts,
          collectedAt: minutesAfter(T0, 60).toISOString(),
        });
        const [recovered] = await store.getFacts(ref('a'));
        expect(recovered.error).toBeUndefined();
        expect(recovered.stale).toBe(false);
      });

      it('stores a refresh in one write: facts, failures, scorecard and the claim', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h' }], T0);
        await store.claimDue({
          limit: 1,
          now: T0,
          leaseSeconds: 300,
          workerId: 'w1',
        });
        const later = minutesAfter(T0, 60);
        await expect(
          store.recordRefresh({
            entityRef: ref('a'),
            basedOn: [],
            collected: [catalogFacts],
            failed: [{ source: 'ci', error: 'HTTP 502', attemptedAt: T0 }],
            scorecard: { scorecard: scorecard(ref('a')), inputsHash: 'in1' },
            claim: {
              nextDueAt: later,
              error: null,
              inputsHash: 'in1',
              workerId: 'w1',
              supersededDueAt: T0,
            },
          }),
        ).resolves.toBe(true);
        await expect(store.getFacts(ref('a'))).resolves.toEqual([
          { ...catalogFacts, stale: false, sample: false },
          expect.objectContaining({ source: 'ci', error: 'HTTP 502' }),
        ]);
        expect((await store.getScorecard(ref('a')))?.level).toBe(0);
        await expect(store.getQueuedService(ref('a'))).resolves.toMatchObject({
          inputsHash: 'in1',
          nextDueAt: later,
        });
        await expect(store.countDue(later)).resolves.toBe(1);
      });

      it('stores the collected facts but not a scorecard scored without a push that landed meanwhile', async () => {
        await store.syncQueue([{ entityRef: ref('a'), entityHash: 'h' }], T0);
        await store.claimDue({
          limit: 1,
          now: T0,
          leaseSeconds: 300,
          workerId: 'w1',
        });
        const basedOn = await store.getFacts(ref('a'));
        const pushed = {
          entityRef: ref('a'),
          source: 'registry',
          facts: { models: 1 },
          collectedAt: minutesAfter(T0, 1).toISOString(),
          origin: 'push' as const,
        };
        await store.putFacts(pushed);
        const dueAgain = minutesAfter(T0, 0.001);
        await expect(
          store.recordRefresh({
            entityRef: ref('a'),
            basedOn,
            collected: [catalogFacts],
            failed: [],
            scorecard: { scorecard: scorecard(ref('a')), inputsHash: 'in1' },
            claim: {
              nextDueAt: minutesAfter(T0, 60),
              error: null,
              inputsHash: 'in1',
              workerId: 'w1',
              supersededDueAt: dueAgain,
            },
          }),
        ).resolves.toBe(false);
        await expect(store.getScorecard(ref('a'))).resolves.toBeUndefined();
        expect((await store.getFacts(ref('a'))).map(f => f.source)).toEqual([
          'catalog',
          'registry',
        ]);
        // Due again, unclaimed, with no hash that would let it count as unchanged.
        await expect(store.getQueuedService(ref('a'))).resolves.toMatchObject({
          inputsHash: null,
          nextDueAt: dueAgain,
        });
        await expect(store.countDue(dueAgain)).resolves.toBe(1);

        // Scored from the facts as they now are, it is stored.
        await expect(
          store.recordRefresh({
            entityRef: ref('a'),
            basedOn: await store.getFacts(ref('a')),
            collected: [catalogFacts],
            failed: [],
            scorecard: { scorecard: scorecard(ref('a')), inputsHash: 'in2' },
          }),
        ).resolves.toBe(true);
        expect(await store.getScorecard(ref('a'))).toBeDefined();
      });

      it('stores an empty, non-stale fact set when the first collection fails', async () => {
        await failCollection(store, ref('a'), {
          source: 'registry',
          error: 'model not found',
          attemptedAt: T0,
        });
        await expect(store.getFacts(ref('a'))).resolves.toEqual([
          {
            entityRef: ref('a'),
            source: 'registry',
            facts: {},
            collectedAt: T0.toISOString(),
            error: 'model not found',
            stale: false,
            sample: false,
            origin: 'collector',
          },
        ]);
      });
    });

    describe('scorecards', () => {
      it('round-trips a scorecard and keeps only the latest check rows', async () => {
        const first = scorecard(ref('a'), {
          level: 1,
          owner: 'group:default/team',
          domain: 'domain:default/payments',
          checks: { 'deploy.containerized': 'pass', 'deploy.rollback': 'fail' },
        });
        await store.saveScorecard(first, 'inputs-1');
        await expect(store.getScorecard(ref('a'))).resolves.toEqual(first);
        await expect(store.getScorecard(ref('b'))).resolves.toBeUndefined();

        const second = scorecard(ref('a'), {
          level: 2,
          score: 91.5,
          evaluatedAt: minutesAfter(T0, 30),
          checks: {
            'deploy.containerized': 'pass',
            'monitoring.drift': 'unknown',
          },
        });
        await store.saveScorecard(second, 'inputs-2');
        await expect(store.getScorecard(ref('a'))).resolves.toEqual(second);
        await expect(store.countCheckStatuses()).resolves.toEqual([
          { checkId: 'deploy.containerized', status: 'pass', count: 1 },
          { checkId: 'monitoring.drift', status: 'unknown', count: 1 },
        ]);
        const row = await knex('mlops_scorecards').first();
        expect(row).toMatchObject({
          level: 2,
          score: 91.5,
          inputs_hash: 'inputs-2',
        });
        await expect(store.getHistory(ref('a'), {})).resolves.toEqual({
          items: [
            {
              evaluatedAt: T0.toISOString(),
              level: 1,
              score: 50,
              coverage: 0.9,
            },
            {
              evaluatedAt: minutesAfter(T0, 30).toISOString(),
              level: 2,
              score: 91.5,
              coverage: 0.9,
            },
          ],
        });
      });

      it('stores each rubric once and reads every scorecard back whole, under the rubric it names', async () => {
        const definition = (id: string, title: string): CheckDefinition => ({
          id,
          title,
          description: `About ${id}`,
          dimension: 'deployment',
          level: 1,
          required: true,
          weight: 1,
          persona: 'ml-engineer',
          flavors: ['ml'],
          sources: ['repository'],
          remediation: 'Add it',
        });
        const checks = {
          'deploy.containerized': 'pass',
          'deploy.rollback': 'fail',
        } as const;
        await store.useRubric({
          version: 'rubric-1',
          definitions: [
            definition('deploy.containerized', 'Title of deploy.containerized'),
            definition('deploy.rollback', 'Title of deploy.rollback'),
          ],
        });
        const underFirst = scorecard(ref('a'), { checks });
        // A result that differs from its definition keeps its own value.
        underFirst.checks[1] = { ...underFirst.checks[1], weight: 3 };
        await store.saveScorecard(underFirst, 'inputs-a');

        // A restart with a changed catalogue: the same version is not stored twice.
        await store.useRubric({
          version: 'rubric-2',
          definitions: [
            definition('deploy.containerized', 'Containerised'),
            definition('deploy.rollback', 'Title of deploy.rollback'),
          ],
        });
        await store.useRubric({
          version: 'rubric-2',
          definitions: [definition('deploy.rollback', 'ignored')],
        });
        const underSecond = scorecard(ref('b'), { checks });
        underSecond.checks[0] = {
          ...underSecond.checks[0],
          title: 'Containerised',
        };
        await store.saveScorecard(underSecond, 'inputs-b');

        const rows = await knex('mlops_scorecards')
          .select('entity_ref', 'scorecard', 'rubric_version')
          .orderBy('entity_ref');
        expect(rows.map(row => row.rubric_version)).toEqual([
          'rubric-1',
          'rubric-2',
        ]);
        const storedChecks = JSON.parse(rows[0].scorecard).checks;
        expect(storedChecks[0]).not.toHaveProperty('title');
        expect(storedChecks[0]).not.toHaveProperty('remediation');
        expect(storedChecks[1]).toMatchObject({ weight: 3 });
        expect(rows[0].scorecard.length).toBeLessThan(
          JSON.stringify(underFirst).length,
        );
        const [{ n: rubricsStored }] = await knex('mlops_rubrics').count({
          n: '*',
        });
        expect(Number(rubricsStored)).toBe(2);

        // Another process reads what this one wrote, with no rubric of its own in use.
        const reader = await DatabaseScorecardStore.fromKnex(knex);
        await expect(reader.getScorecard(ref('a'))).resolves.toEqual(
          underFirst,
        );
        await expect(reader.getScorecard(ref('b'))).resolves.toEqual(
          underSecond,
        );

        // History points name their rubric, so a trend can mark where it changed.
        await store.saveScorecard(
          scorecard(ref('a'), {
            checks,
            score: 40,
            evaluatedAt: minutesAfter(T0, 10),
          }),
          'inputs-a2',
        );
        const { items: history } = await store.getHistory(ref('a'), {});
        expect(history.map(point => point.rubricVersion)).toEqual([
          'rubric-1',
          'rubric-2',
        ]);
      });

      it('tells its listeners which services changed level, after the save', async () => {
        const changes: Array<[string, number, number]> = [];
        store.onLevelChange(changed =>
          changed.forEach(({ scorecard: card, previousLevel }) =>
            changes.push([card.entityRef, previousLevel, card.level]),
          ),
        );
        // A first scorecard is no change; nor is a new score at the same level.
        await store.saveScorecard(scorecard(ref('a'), { level: 1 }), 'h1');
        await store.saveScorecard(
          scorecard(ref('a'), {
            level: 1,
            score: 70,
            evaluatedAt: minutesAfter(T0, 1),
          }),
          'h2',
        );
        expect(changes).toEqual([]);
        await store.saveScorecards([
          {
            scorecard: scorecard(ref('a'), {
              level: 2,
              evaluatedAt: minutesAfter(T0, 2),
            }),
            inputsHash: 'h3',
          },
          { scorecard: scorecard(ref('b'), { level: 0 }), inputsHash: 'h' },
        ]);
        expect(changes).toEqual([[ref('a'), 1, 2]]);
        await store.saveScorecard(
          scorecard(ref('a'), { level: 0, evaluatedAt: minutesAfter(T0, 3) }),
          'h4',
        );
        expect(changes).toEqual([
          [ref('a'), 1, 2],
          [ref('a'), 2, 0],
        ]);
      });

      it('saves many scorecards at once as it saves them one by one', async () => {
        const cards = ['a', 'b', 'c'].map((name, i) =>
          scorecard(ref(name), {
            level: i as MaturityLevel,
            score: 10 * i,
            checks: {
              'deploy.rollback': i === 1 ? 'pass' : 'fail',
              'gov.owner': 'fail',
            },
          }),
        );
        // A later scorecard of the same service in the batch is its latest.
        const later = scorecard(ref('a'), {
          level: 2,
          score: 99,
          evaluatedAt: minutesAfter(T0, 5),
          checks: { 'gov.owner': 'pass' },
        });
        await store.saveScorecards([
          ...cards.map(card => ({ scorecard: card, inputsHash: 'h' })),
          { scorecard: later, inputsHash: 'h2' },
        ]);
        await expect(store.getScorecard(ref('a'))).resolves.toEqual(later);
        await expect(store.getScorecard(ref('b'))).resolves.toEqual(cards[1]);
        await expect(store.getHistory(ref('a'), {})).resolves.toEqual({
          items: [
            {
              evaluatedAt: T0.toISOString(),
              level: 0,
              score: 0,
              coverage: 0.9,
            },
            {
              evaluatedAt: minutesAfter(T0, 5).toISOString(),
              level: 2,
              score: 99,
              coverage: 0.9,
            },
          ],
        });
        const failing = await store.listServices({
          page: 1,
          pageSize: 10,
          scope: { type: 'all' },
          failing: 'gov.owner',
        });
        expect(failing.items.map(item => item.entityRef)).toEqual([
          ref('b'),
          ref('c'),
        ]);
        expect(failing.items[1].failingChecks).toEqual([
          'deploy.rollback',
          'gov.owner',
        ]);
        await expect(store.countCheckStatuses()).resolves.toEqual([
          { checkId: 'deploy.rollback', status: 'fail', count: 1 },
          { checkId: 'deploy.rollback', status: 'pass', count: 1 },
          { checkId: 'gov.owner', status: 'fail', count: 2 },
          { checkId: 'gov.owner', status: 'pass', count: 1 },
        ]);
      });

      it('filters history by time range, in ascending order', async () => {
        for (const minutes of [30, 0, 60, 90]) {
          await store.saveScorecard(
            scorecard(ref('a'), {
              score: minutes,
              evaluatedAt: minutesAfter(T0, minutes),
            }),
            'inputs',
          );
        }
        await store.saveScorecard(
          scorecard(ref('b'), { evaluatedAt: minutesAfter(T0, 30) }),
          'inputs',
        );
        const points = await store.getHistory(ref('a'), {
          from: minutesAfter(T0, 30),
          to: minutesAfter(T0, 60),
        });
        expect(points.items.map(p => p.score)).toEqual([30, 60]);
        const fromOnly = await store.getHistory(ref('a'), {
          from: minutesAfter(T0, 45),
        });
        expect(fromOnly.items.map(p => p.score)).toEqual([60, 90]);
        const toOnly = await store.getHistory(ref('a'), {
          to: minutesAfter(T0, 10),
        });
        expect(toOnly.items.map(p => p.score)).toEqual([0]);
      });

      it('records a point only when the history changes', async () => {
        const save = (
          minutes: number,
          score: number,
          level: MaturityLevel = 0,
        ) =>
          store.saveScorecard(
            scorecard(ref('a'), {
              score,
              level,
              evaluatedAt: minutesAfter(T0, minutes),
            }),
            `inputs-${minutes}`,
          );
        await save(0, 40);
        // Twenty refreshes that found nothing new, one after another or at once.
        for (let minutes = 1; minutes <= 10; minutes++) {
          await save(minutes, 40);
        }
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => save(11 + i, 40)),
        );
        await save(30, 55);
        await save(31, 55, 1);
        await save(32, 55, 1);
        await store.saveScorecards([
          {
            scorecard: scorecard(ref('a'), {
              score: 55,
              level: 1,
              evaluatedAt: minutesAfter(T0, 40),
            }),
            inputsHash: 'x',
          },
          {
            scorecard: scorecard(ref('a'), {
              score: 60,
              level: 1,
              evaluatedAt: minutesAfter(T0, 41),
            }),
            inputsHash: 'y',
          },
        ]);
        const { items } = await store.getHistory(ref('a'), {});
        expect(items.map(p => [p.evaluatedAt, p.level, p.score])).toEqual([
          [minutesAfter(T0, 0).toISOString(), 0, 40],
          [minutesAfter(T0, 30).toISOString(), 0, 55],
          [minutesAfter(T0, 31).toISOString(), 1, 55],
          [minutesAfter(T0, 41).toISOString(), 1, 60],
        ]);
        // The latest scorecard is still the last one saved.
        await expect(store.getScorecard(ref('a'))).resolves.toMatchObject({
          score: 60,
          evaluatedAt: minutesAfter(T0, 41).toISOString(),
        });
      });

      it('pages through history with a cursor and prunes old points', async () => {
        // Two points at the same time are told apart by their order of insertion.
        for (const [minutes, score] of [
          [0, 1],
          [10, 2],
          [10, 3],
          [20, 4],
          [30, 5],
        ]) {
          await store.saveScorecards([
            {
              scorecard: scorecard(ref('a'), {
                score,
                evaluatedAt: minutesAfter(T0, minutes),
              }),
              inputsHash: 'inputs',
            },
          ]);
        }
        const pages: number[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.getHistory(ref('a'), { limit: 2, cursor });
          pages.push(page.items.map(p => p.score));
          cursor = page.nextCursor;
        } while (cursor);
        expect(pages).toEqual([[1, 2], [3, 4], [5]]);
        await expect(
          store.getHistory(ref('a'), { cursor: 'not-a-cursor' }),
        ).rejects.toThrow(/cursor is not one this endpoint returned/);

        await expect(store.pruneHistory(minutesAfter(T0, 20))).resolves.toBe(3);
        const left = await store.getHistory(ref('a'), {});
        expect(left.items.map(p => p.score)).toEqual([4, 5]);
      });
    });

    describe('listServices', () => {
      beforeEach(async () => {
        await store.saveScorecard(
          scorecard(ref('alpha'), {
            level: 0,
            score: 20,
            owner: 'group:default/team-a',
            domain: 'domain:default/payments',
            system: 'system:default/fraud',
            checks: { 'deploy.rollback': 'fail', 'gov.owner': 'fail' },
          }),
          'h',
        );
        await store.saveScorecard(
          scorecard(ref('bravo'), {
            level: 1,
            score: 70,
            owner: 'group:default/team-a',
            domain: 'domain:default/risk',
            checks: { 'deploy.rollback': 'pass', 'gov.owner': 'fail' },
          }),
          'h',
        );
        await store.saveScorecard(
          scorecard(ref('charlie'), {
            level: 1,
            score: 90,
            flavor: 'llm',
            owner: 'group:default/team-b',
            domain: 'domain:default/payments',
            checks: { 'deploy.rollback': 'unknown' },
          }),
          'h',
        );
        await store.saveScorecard(
          scorecard(ref('delta'), { level: 2, score: 100 }),
          'h',
        );
      });

      const list = (
        filter: Partial<Parameters<typeof store.listServices>[0]>,
      ) =>
        store.listServices({
          page: 1,
          pageSize: 50,
          scope: { type: 'all' },
          ...filter,
        });
      const refsOf = (result: { items: { entityRef: string }[] }) =>
        result.items.map(i => i.entityRef);

      it('returns summaries with the failing check ids', async () => {
        const result = await list({});
        expect(result.totalCount).toBe(4);
        expect(result.items[0]).toEqual({
          entityRef: ref('alpha'),
          flavor: 'ml',
          level: 0,
          levelName: 'Manual',
          score: 20,
          coverage: 0.9,
          evaluatedAt: T0.toISOString(),
          owner: 'group:default/team-a',
          system: 'system:default/fraud',
          domain: 'domain:default/payments',
          failingChecks: ['deploy.rollback', 'gov.owner'],
        });
        expect(result.items[3]).toEqual({
          entityRef: ref('delta'),
          flavor: 'ml',
          level: 2,
          levelName: 'Fully automated',
          score: 100,
          coverage: 0.9,
          evaluatedAt: T0.toISOString(),
          failingChecks: [],
        });
      });

      it('filters by level, owner, domain, system, flavor, failing check and entity refs', async () => {
        expect(refsOf(await list({ level: 1 }))).toEqual([
          ref('bravo'),
          ref('charlie'),
        ]);
        expect(refsOf(await list({ owner: 'group:default/team-a' }))).toEqual([
          ref('alpha'),
          ref('bravo'),
        ]);
        expect(
          refsOf(await list({ domain: 'domain:default/payments' })),
        ).toEqual([ref('alpha'), ref('charlie')]);
        expect(refsOf(await list({ system: 'system:default/fraud' }))).toEqual([
          ref('alpha'),
        ]);
        expect(refsOf(await list({ flavor: 'llm' }))).toEqual([ref('charlie')]);
        expect(refsOf(await list({ failing: 'deploy.rollback' }))).toEqual([
          ref('alpha'),
        ]);
        expect(refsOf(await list({ failing: 'gov.owner' }))).toEqual([
          ref('alpha'),
          ref('bravo'),
        ]);
        const only = (refs: string[]): ServiceScope => ({ type: 'only', refs });
        expect(
          refsOf(
            await list({
              scope: only([ref('charlie'), ref('delta'), ref('x')]),
            }),
          ),
        ).toEqual([ref('charlie'), ref('delta')]);
        // Far more refs than SQLite or PostgreSQL accept as bound variables.
        const manyRefs = Array.from({ length: 70_000 }, (_, i) =>
          ref(`x-${i}`),
        );
        const bigFilter = await list({
          scope: only([...manyRefs, ref('bravo')]),
        });
        expect(refsOf(bigFilter)).toEqual([ref('bravo')]);
        expect(bigFilter.totalCount).toBe(1);
        await expect(list({ scope: only([]) })).resolves.toEqual({
          items: [],
          totalCount: 0,
        });

        const { membershipSeq } = await readRollupState(knex);
        const allBut = (refs: string[]): ServiceScope => ({
          type: 'except',
          refs,
          membershipSeq,
        });
        const exceptTwo = await list({
          scope: allBut([ref('alpha'), ref('charlie'), ref('x')]),
          orderBy: 'score',
          order: 'desc',
        });
        expect(refsOf(exceptTwo)).toEqual([ref('delta'), ref('bravo')]);
        expect(exceptTwo.totalCount).toBe(2);
        const exceptMany = await list({ scope: allBut(manyRefs) });
        expect(exceptMany.totalCount).toBe(4);

        // Once a service is added, a complement computed before may hide too little.
        await store.saveScorecard(scorecard(ref('echo')), 'h');
        await expect(
          list({ scope: allBut([ref('alpha')]) }),
        ).rejects.toBeInstanceOf(StaleScopeError);

        const combined = await list({
          owner: 'group:default/team-a',
          failing: 'gov.owner',
          level: 1,
        });
        expect(refsOf(combined)).toEqual([ref('bravo')]);
        expect(combined.totalCount).toBe(1);
      });

      it('includes the services of subdomains and child groups, as rollups do', async () => {
        await store.saveScorecard(
          scorecard(ref('echo'), {
            owner: 'group:default/fraud-team',
            ownerPath: ['group:default/fraud-team', 'group:default/team-a'],
            domain: 'domain:default/fraud',
            domainPath: ['domain:default/fraud', 'domain:default/payments'],
          }),
          'h',
        );
        const payments = await list({ domain: 'domain:default/payments' });
        expect(refsOf(payments)).toEqual([
          ref('alpha'),
          ref('charlie'),
          ref('echo'),
        ]);
        expect(payments.totalCount).toBe(3);
        expect(refsOf(await list({ domain: 'domain:default/fraud' }))).toEqual([
          ref('echo'),
        ]);
        expect(refsOf(await list({ owner: 'group:default/team-a' }))).toEqual([
          ref('alpha'),
          ref('bravo'),
          ref('echo'),
        ]);
        // Both filters must hold.
        expect(
          refsOf(
            await list({
              owner: 'group:default/team-a',
              domain: 'domain:default/risk',
            }),
          ),
        ).toEqual([ref('bravo')]);
      });

      it('paginates with a 1-based page and counts all matches', async () => {
        const page1 = await list({
          page: 1,
          pageSize: 3,
          orderBy: 'score',
          order: 'desc',
        });
        expect(refsOf(page1)).toEqual([
          ref('delta'),
          ref('charlie'),
          ref('bravo'),
        ]);
        expect(page1.totalCount).toBe(4);
        const page2 = await list({
          page: 2,
          pageSize: 3,
          orderBy: 'score',
          order: 'desc',
        });
        expect(refsOf(page2)).toEqual([ref('alpha')]);
        expect(page2.totalCount).toBe(4);
        const beyond = await list({ page: 3, pageSize: 3 });
        expect(beyond).toEqual({ items: [], totalCount: 4 });

        const byLevel = await list({
          orderBy: 'level',
          order: 'desc',
          pageSize: 2,
          page: 2,
        });
        // Equal levels fall back to entity ref order.
        expect(refsOf(byLevel)).toEqual([ref('charlie'), ref('alpha')]);
      });
    });

    it('reports queue progress and per-source collection errors', async () => {
      await store.syncQueue(
        ['a', 'b', 'c'].map(n => ({ entityRef: ref(n), entityHash: 'h' })),
        T0,
      );
      await store.completeClaim(ref('c'), {
        nextDueAt: minutesAfter(T0, 60),
        error: null,
      });
      await store.claimDue({
        limit: 1,
        now: T0,
        leaseSeconds: 300,
        workerId: 'w1',
      });
      for (const name of ['a', 'b']) {
        await store.putFacts({
          entityRef: ref(name),
          source: 'catalog',
          facts: {},
          collectedAt: T0.toISOString(),
          origin: 'collector',
        });
      }
      await failCollection(store, ref('a'), {
        source: 'registry',
        error: 'older error',
        attemptedAt: T0,
      });
      await failCollection(store, ref('b'), {
        source: 'registry',
        error: 'newest error',
        attemptedAt: minutesAfter(T0, 1),
      });
      await store.putFacts({
        entityRef: ref('c'),
        source: 'registry',
        facts: { model: 'x' },
        collectedAt: minutesAfter(T0, 2).toISOString(),
        origin: 'collector',
      });

      await expect(store.getStatus(minutesAfter(T0, 1))).resolves.toEqual({
        queue: {
          total: 3,
          due: 2,
          inProgress: 1,
          nextDueAt: minutesAfter(T0, 60).toISOString(),
        },
        sources: [
          { source: 'catalog', entities: 2, errors: 0 },
          {
            source: 'registry',
            entities: 3,
            errors: 2,
            lastError: 'newest error',
          },
        ],
      });
      await expect(
        store.getStatus(minutesAfter(T0, 10)),
      ).resolves.toMatchObject({
        queue: { total: 3, due: 2, inProgress: 0 },
      });
    });

    it('reports an empty queue as zeros', async () => {
      await expect(store.getStatus(T0)).resolves.toEqual({
        queue: { total: 0, due: 0, inProgress: 0 },
        sources: [],
      });
    });

    it('records evaluation cycles', async () => {
      await expect(store.getLastCycle()).resolves.toBeUndefined();
      const first = await store.startCycle(T0);
      await store.finishCycle(first, {
        finishedAt: minutesAfter(T0, 2),
        evaluated: 10,
        failed: 1,
      });
      const second = await store.startCycle(minutesAfter(T0, 30));
      expect(second).not.toBe(first);
      await expect(store.getLastCycle()).resolves.toEqual({
        id: second,
        startedAt: minutesAfter(T0, 30),
        finishedAt: null,
        evaluated: 0,
        failed: 0,
      });
      await store.finishCycle(second, {
        finishedAt: minutesAfter(T0, 31),
        evaluated: 4,
        failed: 0,
      });
      await expect(store.getLastCycle()).resolves.toEqual({
        id: second,
        startedAt: minutesAfter(T0, 30),
        finishedAt: minutesAfter(T0, 31),
        evaluated: 4,
        failed: 0,
      });
    });
  });
});
