import fs from 'fs';
import os from 'os';
import path from 'path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FactCollector,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { testRefreshService } from './__testUtils__/testRefreshService';
import { approveWaiver, localMlService } from './__testUtils__/waiverFixtures';

/*
 * Approved waivers through whole refresh cycles, with a real store and engine: a waiver
 * applies while its check fails for the reason it was approved for, goes back to pending
 * when the reason changes, closes when the check passes, and stops applying at expiry
 * even when nothing else about the service changed.
 */

jest.setTimeout(60_000);

const ENTITY_REF = 'component:default/churn';
const CHECK_ID = 'acme.model-registry';
const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-12-01T10:00:00Z');
const EXPIRES = new Date('2026-12-31T23:59:59.999Z');
const dayAfterStart = (days: number) => new Date(START.getTime() + days * DAY);

/** What the registry reports; tests change it between cycles. */
const upstream = { finding: 'models are copied to a shared drive' };

const collector: FactCollector = {
  id: 'acme-registry',
  source: 'acme-registry',
  appliesTo: () => true,
  async collect() {
    return { finding: upstream.finding };
  },
};

// The only check that can show model versioning here, so whether it passes (or is
// waived) decides Level 1: the repository below shows every other capability it needs.
const registryCheck: MaturityCheck = {
  id: CHECK_ID,
  title: 'Models are in the ACME registry',
  description: 'Every trained model is registered in the ACME registry.',
  dimension: 'registry',
  level: 1,
  capabilities: ['model-versioning'],
  persona: 'ml-engineer',
  sources: ['acme-registry'],
  remediation: 'Register models with the ACME registry client.',
  evaluate: ({ facts }) => {
    const finding = facts.get<{ finding: string }>('acme-registry')?.facts
      .finding;
    const evidence = [
      { source: 'acme-registry', strength: 'observed' as const, detail: 'x' },
    ];
    return finding === 'registered'
      ? { status: 'pass', message: 'registered', evidence }
      : { status: 'fail', message: `not registered: ${finding}`, evidence };
  },
};

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'approved waivers through refresh cycles on %p',
  databaseId => {
    let root: string;
    let entity: Entity;
    let waivers: DatabaseWaiverStore;
    let store: DatabaseScorecardStore;

    beforeAll(() => {
      // A training pipeline, a container and a pinned environment: Level 1 but for
      // model versioning.
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-waivers-'));
      const files: Record<string, string> = {
        Dockerfile: 'FROM python:3.12-slim\n',
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n',
        'train.py':
          'import pandas\n\ndef main():\n    print(pandas.read_csv("data.csv").shape)\n',
        'requirements.txt': 'numpy==1.26.4\npandas==2.2.2\n',
      };
      for (const [file, content] of Object.entries(files)) {
        fs.writeFileSync(path.join(root, file), content);
      }
      entity = localMlService(root, 'churn');
    });

    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    beforeEach(async () => {
      upstream.finding = 'models are copied to a shared drive';
      const knex = await databases.init(databaseId);
      store = await DatabaseScorecardStore.fromKnex(knex);
      waivers = await DatabaseWaiverStore.fromKnex(knex);
    });

    const service = () =>
      testRefreshService({
        store,
        entities: [entity],
        collectors: [collector],
        checks: [registryCheck],
        waivers,
        config: {},
        repositoryRoot: root,
      }).refresh;

    const approvedWaiver = (expiresAt: Date) =>
      approveWaiver(waivers, {
        entityRef: ENTITY_REF,
        checkId: CHECK_ID,
        now: START,
        expiresAt,
      });

    const scorecard = async () => (await store.getScorecard(ENTITY_REF))!;
    const checkOf = async () =>
      (await scorecard()).checks.find(c => c.id === CHECK_ID)!;
    const modelVersioning = async () =>
      (await scorecard()).capabilities!.find(c => c.id === 'model-versioning')!;
    const statusOf = async (id: string, now: Date) =>
      (await waivers.get(id, now))!.status;

    /** The first cycle: the check fails, and the waiver carries the service to Level 1. */
    async function expectWaivedAtLevel1(refresh: ReturnType<typeof service>) {
      expect(await refresh.runCycle(START)).toMatchObject({ rescored: 1 });
      expect(await checkOf()).toMatchObject({
        status: 'waived',
        message:
          'Waived until 2026-12-31 (approved waiver); without the waiver: fail — not registered: models are copied to a shared drive',
      });
      expect(await modelVersioning()).toMatchObject({
        status: 'demonstrated',
        waived: true,
      });
      const waived = await scorecard();
      expect(waived).toMatchObject({ level: 1, levelRestsOnWaivers: true });
      return waived;
    }

    it('applies a waiver, and asks for approval again once the check fails for another reason', async () => {
      const refresh = service();
      const id = await approvedWaiver(EXPIRES);
      const waived = await expectWaivedAtLevel1(refresh);
      expect(await statusOf(id, START)).toBe('approved');

      upstream.finding = 'models are pickled into the image';
      const reopenedAt = dayAfterStart(1);
      expect(await refresh.runCycle(reopenedAt)).toMatchObject({
        rescored: 1,
      });
      expect(await statusOf(id, reopenedAt)).toBe('pending');
      const events = await waivers.events(id);
      expect(events.map(e => e.action)).toEqual([
        'requested',
        'approved',
        'reopened',
      ]);
      expect(events[2]).toEqual({
        at: reopenedAt.toISOString(),
        actor: 'mlops-maturity',
        action: 'reopened',
        note: 'The check now finds: fail — not registered: models are pickled into the image',
      });
      // Scored again without the waiver: the check fails, and Level 1 with it.
      expect(await checkOf()).toMatchObject({
        status: 'fail',
        message: 'not registered: models are pickled into the image',
      });
      expect(await modelVersioning()).toMatchObject({ status: 'missing' });
      const reopened = await scorecard();
      expect(reopened.level).toBe(0);
      expect(reopened.levelRestsOnWaivers).toBeUndefined();
      expect(reopened.score).toBeLessThan(waived.score);

      // What was saved is the scoring without the waiver: nothing left to re-score.
      expect(await refresh.runCycle(dayAfterStart(2))).toMatchObject({
        claimed: 1,
        rescored: 0,
      });
    });

    it('closes a waiver once its check passes', async () => {
      const refresh = service();
      const id = await approvedWaiver(EXPIRES);
      const waived = await expectWaivedAtLevel1(refresh);

      upstream.finding = 'registered';
      const passedAt = dayAfterStart(1);
      expect(await refresh.runCycle(passedAt)).toMatchObject({ rescored: 1 });
      expect(await statusOf(id, passedAt)).toBe('closed');
      const events = await waivers.events(id);
      expect(events.map(e => e.action)).toEqual([
        'requested',
        'approved',
        'closed',
      ]);
      expect(events[2]).toMatchObject({
        at: passedAt.toISOString(),
        actor: 'mlops-maturity',
      });
      expect(await checkOf()).toMatchObject({
        status: 'pass',
        message: 'registered',
      });
      const passing = await scorecard();
      expect(passing.level).toBe(1);
      expect(passing.levelRestsOnWaivers).toBeUndefined();
      expect(passing.score).toBe(waived.score);
    });

    it('re-scores a service whose waiver expired though its facts did not change', async () => {
      const refresh = service();
      const id = await approvedWaiver(new Date('2026-12-02T23:59:59.999Z'));
      expect(await refresh.runCycle(START)).toMatchObject({ rescored: 1 });
      expect(await checkOf()).toMatchObject({ status: 'waived' });
      expect((await scorecard()).level).toBe(1);

      // Collected again within the waiver: same facts, same waivers, nothing to re-score.
      expect(
        await refresh.runCycle(new Date('2026-12-01T17:00:00Z')),
      ).toMatchObject({ claimed: 1, rescored: 0, unchanged: 1 });

      const afterExpiry = new Date('2026-12-03T10:00:00Z');
      expect(await refresh.runCycle(afterExpiry)).toMatchObject({
        claimed: 1,
        rescored: 1,
      });
      expect(await statusOf(id, afterExpiry)).toBe('expired');
      expect(await checkOf()).toMatchObject({
        status: 'fail',
        message: 'not registered: models are copied to a shared drive',
      });
      expect((await scorecard()).level).toBe(0);
    });
  },
);
