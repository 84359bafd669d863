import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseCampaignStore } from './DatabaseCampaignStore';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import { FIXTURE_SCORECARDS } from './rollupTestFixtures';

jest.setTimeout(60_000);

const ref = (name: string) => `component:default/${name}`;

describe('DatabaseCampaignStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseCampaignStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseCampaignStore.fromKnex(knex);
    });

    it('keeps campaigns created through the API, and refuses an id twice', async () => {
      const definition = {
        id: 'llm-eval',
        title: 'LLM services evaluate in CI',
        scope: { flavor: 'llm' as const },
        goal: { check: 'llm.eval-in-ci' },
        deadline: '2027-03-31',
      };
      const now = new Date('2026-12-04T10:00:00Z');
      await store.add(definition, 'user:default/platform', now);
      await expect(
        store.add(definition, 'user:default/other', now),
      ).rejects.toThrow('A campaign with id llm-eval exists.');
      await expect(store.list()).resolves.toEqual([
        {
          ...definition,
          source: 'api',
          createdBy: 'user:default/platform',
          createdAt: '2026-12-04T10:00:00.000Z',
        },
      ]);
      await expect(store.remove('llm-eval')).resolves.toBe(true);
      await expect(store.remove('llm-eval')).resolves.toBe(false);
      await expect(store.list()).resolves.toEqual([]);
    });

    it('counts daily progress over the services in the scope only', async () => {
      await store.saveSnapshot('c', '2026-12-01', [
        { entityRef: ref('a'), met: false },
        { entityRef: ref('b'), met: false },
        { entityRef: ref('e'), met: true },
      ]);
      await store.saveSnapshot('c', '2026-12-02', [
        { entityRef: ref('a'), met: true },
        { entityRef: ref('b'), met: false },
        { entityRef: ref('e'), met: true },
      ]);
      // A second run of the same day replaces it.
      await store.saveSnapshot('c', '2026-12-02', [
        { entityRef: ref('a'), met: true },
        { entityRef: ref('b'), met: true },
        { entityRef: ref('e'), met: true },
      ]);
      await store.saveSnapshot('other', '2026-12-02', [
        { entityRef: ref('a'), met: false },
      ]);
      const history = (scope: Parameters<typeof store.history>[0]['scope']) =>
        store.history({
          campaignId: 'c',
          from: '2026-11-01',
          to: '2026-12-31',
          scope,
        });
      await expect(history({ type: 'all' })).resolves.toEqual([
        { date: '2026-12-01', services: 3, met: 1 },
        { date: '2026-12-02', services: 3, met: 3 },
      ]);
      const allButE = [
        { date: '2026-12-01', services: 2, met: 0 },
        { date: '2026-12-02', services: 2, met: 2 },
      ];
      await expect(
        history({ type: 'except', refs: [ref('e')], membershipSeq: 1 }),
      ).resolves.toEqual(allButE);
      await expect(
        history({ type: 'only', refs: [ref('a'), ref('b')] }),
      ).resolves.toEqual(allButE);

      // Past the retention, and campaigns no longer defined, are deleted.
      await expect(store.pruneSnapshots('2026-12-02', ['c'])).resolves.toBe(4);
      await expect(history({ type: 'all' })).resolves.toEqual([
        { date: '2026-12-02', services: 3, met: 3 },
      ]);
    });

    it('reads the status of a check for the services that do not pass it', async () => {
      const scorecards = await DatabaseScorecardStore.fromKnex(knex);
      // c: deploy.x waived, ops.z pass; d: deploy.x pass, ops.z unknown, llm.w not applicable.
      for (const scorecard of FIXTURE_SCORECARDS.slice(2, 4)) {
        await scorecards.saveScorecard(scorecard, 'hash');
      }
      await expect(store.unpassed('deploy.x')).resolves.toEqual(
        new Map([[ref('c'), 'waived']]),
      );
      await expect(store.unpassed('ops.z')).resolves.toEqual(
        new Map([[ref('d'), 'unknown']]),
      );
      await expect(store.unpassed('llm.w')).resolves.toEqual(
        new Map([[ref('d'), 'not-applicable']]),
      );
      // Limited to some services, as a tab asks for its own.
      await expect(store.unpassed('ops.z', [ref('c')])).resolves.toEqual(
        new Map(),
      );
      await expect(
        store.unpassed('ops.z', [ref('c'), ref('d')]),
      ).resolves.toEqual(new Map([[ref('d'), 'unknown']]));
      // Saved again with the check passing, the service's row goes.
      await scorecards.saveScorecard(
        {
          ...FIXTURE_SCORECARDS[3],
          checks: FIXTURE_SCORECARDS[3].checks.map(check => ({
            ...check,
            status: 'pass' as const,
          })),
        },
        'hash',
      );
      await expect(store.unpassed('ops.z')).resolves.toEqual(new Map());
    });
  });
});
