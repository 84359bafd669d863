import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FactCollector,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { testRefreshService } from './__testUtils__/testRefreshService';

/*
 * Approved waivers through whole refreshes, with a real store and engine: a waiver
 * applies while its check fails for the reason it was approved for, goes back to pending
 * when the reason changes, closes when the check passes, and stops applying at expiry
 * even when nothing else about the service changed.
 */

jest.setTimeout(60_000);

const ENTITY_REF = 'component:default/churn';
const CHECK_ID = 'acme.feature-store';
const DAY = 24 * 60 * 60 * 1000;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'churn', namespace: 'default' },
  spec: { type: 'ml-service', owner: 'group:default/team' },
};

/** What the feature-store source reports; tests change it between refreshes. */
const upstream = { finding: 'features are read from CSV exports' };

const collector: FactCollector = {
  id: 'feature-store',
  source: 'feature-store',
  appliesTo: () => true,
  async collect() {
    return { finding: upstream.finding };
  },
};

// A module check whose verdict and message follow the collected finding.
const featureStoreCheck: MaturityCheck = {
  id: CHECK_ID,
  title: 'Features come from the feature store',
  description: 'The service reads its features from the feature store.',
  dimension: 'data',
  level: 1,
  required: false,
  persona: 'ml-engineer',
  sources: ['feature-store'],
  remediation: 'Read features through the feature store client.',
  docsUrl: 'https://example.com/feature-store',
  evaluate: ({ facts }) => {
    const finding = facts.get<{ finding: string }>('feature-store')?.facts
      .finding;
    const evidence = [
      { source: 'feature-store', strength: 'observed' as const, detail: 'x' },
    ];
    return finding === 'feature store client'
      ? { status: 'pass', message: 'uses the feature store', evidence }
      : { status: 'fail', message: `not the store: ${finding}`, evidence };
  },
};

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'approved waivers through refreshes on %p',
  databaseId => {
    let waivers: DatabaseWaiverStore;
    let store: DatabaseScorecardStore;

    beforeEach(async () => {
      upstream.finding = 'features are read from CSV exports';
      const knex = await databases.init(databaseId);
      store = await DatabaseScorecardStore.fromKnex(knex);
      waivers = await DatabaseWaiverStore.fromKnex(knex);
    });

    const service = () =>
      testRefreshService({
        store,
        entities: [entity],
        collectors: [collector],
        checks: [featureStoreCheck],
        waivers,
        config: {},
      }).refresh;

    async function approvedWaiver(requestedAt: Date, expiresAt: Date) {
      const waiver = await waivers.request({
        entityRef: ENTITY_REF,
        checkId: CHECK_ID,
        reason: 'The feature store opens to this team next quarter',
        expiresAt,
        actor: 'user:default/owner',
        now: requestedAt,
      });
      await waivers.decide({
        id: waiver.id,
        decision: 'approve',
        actor: 'group:default/platform',
        now: requestedAt,
      });
      return waiver.id;
    }

    const checkOf = async () =>
      (await store.getScorecard(ENTITY_REF))!.checks.find(
        c => c.id === CHECK_ID,
      )!;
    const actions = async (id: string) =>
      (await waivers.events(id)).map(event => event.action);

    it('applies a waiver, and asks for approval again once the check fails for another reason', async () => {
      const refresh = service();
      const id = await approvedWaiver(
        new Date(),
        new Date(Date.now() + 30 * DAY),
      );
      await refresh.refreshEntity(entity);
      expect(await checkOf()).toMatchObject({ status: 'waived' });
      expect((await waivers.get(id, new Date()))!.status).toBe('approved');

      upstream.finding = 'features are computed in the request handler';
      await refresh.refreshEntity(entity);
      expect((await waivers.get(id, new Date()))!.status).toBe('pending');
      expect(await actions(id)).toEqual(['requested', 'approved', 'reopened']);
      expect((await waivers.events(id))[2]).toMatchObject({
        actor: 'mlops-maturity',
        note: 'The check now finds: fail — not the store: features are computed in the request handler',
      });
      // Scored again without it: the check counts as failing.
      expect(await checkOf()).toMatchObject({
        status: 'fail',
        message: 'not the store: features are computed in the request handler',
      });
    });

    it('closes a waiver once its check passes', async () => {
      const refresh = service();
      const id = await approvedWaiver(
        new Date(),
        new Date(Date.now() + 30 * DAY),
      );
      await refresh.refreshEntity(entity);
      upstream.finding = 'feature store client';
      await refresh.refreshEntity(entity);
      expect((await waivers.get(id, new Date()))!.status).toBe('closed');
      expect(await actions(id)).toEqual(['requested', 'approved', 'closed']);
      expect(await checkOf()).toMatchObject({ status: 'pass' });
    });

    it('re-scores a service whose waiver expired though its facts did not change', async () => {
      const refresh = service();
      const start = new Date('2026-12-01T10:00:00Z');
      await approvedWaiver(start, new Date('2026-12-02T23:59:59.999Z'));
      await refresh.discover(start);
      const first = await refresh.runCycle(start);
      expect(first.rescored).toBe(1);
      expect(await checkOf()).toMatchObject({ status: 'waived' });

      // Within the waiver: same facts, same waivers, nothing to re-score.
      const sameDay = new Date(start.getTime() + 7 * 60 * 60 * 1000);
      await refresh.discover(sameDay);
      expect((await refresh.runCycle(sameDay)).rescored).toBe(0);

      const afterExpiry = new Date('2026-12-03T10:00:00Z');
      await refresh.discover(afterExpiry);
      const later = await refresh.runCycle(afterExpiry);
      expect(later.rescored).toBe(1);
      expect(await checkOf()).toMatchObject({ status: 'fail' });
    });
  },
);
