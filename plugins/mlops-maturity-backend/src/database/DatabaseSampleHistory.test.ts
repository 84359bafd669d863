import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseRollupStore } from './DatabaseRollupStore';
import { DatabaseSampleHistory } from './DatabaseSampleHistory';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import {
  FIXTURE_SCORECARDS,
  domainRef,
  serviceRef,
} from './rollupTestFixtures';

jest.setTimeout(60_000);

// The fixture services were first evaluated on 2026-03-01 at 10:00.
const NOW = new Date('2026-03-01T15:00:00Z');
const DEFINITIONS = [
  {
    entityRef: 'a',
    points: [
      { weeksAgo: 4, level: 0 as const, score: 5 },
      { weeksAgo: 2, level: 0 as const, score: 15 },
    ],
  },
  {
    entityRef: 'component:default/b',
    points: [{ weeksAgo: 3, level: 0 as const, score: 30 }],
  },
  // Not scored: nothing to attach the history to yet.
  {
    entityRef: 'not-scored',
    points: [{ weeksAgo: 1, level: 1 as const, score: 50 }],
  },
];

describe('DatabaseSampleHistory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let scorecards: DatabaseScorecardStore;
    let rollups: DatabaseRollupStore;
    let sampleHistory: DatabaseSampleHistory;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      scorecards = await DatabaseScorecardStore.fromKnex(knex);
      rollups = await DatabaseRollupStore.fromKnex(knex);
      sampleHistory = await DatabaseSampleHistory.fromKnex(knex);
      for (const scorecard of FIXTURE_SCORECARDS) {
        await scorecards.saveScorecard(scorecard, 'hash');
      }
    });

    const paymentsTrend = (from: string, to: string) =>
      rollups.trend({
        by: 'domain',
        keys: [domainRef('payments')],
        from,
        to,
        scope: { type: 'all' },
      });

    it('adds history points before the first evaluation, marked as sample data', async () => {
      await expect(sampleHistory.load(DEFINITIONS, NOW)).resolves.toEqual([
        serviceRef('a'),
        serviceRef('b'),
      ]);
      const { items } = await scorecards.getHistory(serviceRef('a'), {});
      expect(items).toEqual([
        {
          evaluatedAt: '2026-02-01T12:00:00.000Z',
          level: 0,
          score: 5,
          coverage: 0.5,
          sample: true,
        },
        {
          evaluatedAt: '2026-02-15T12:00:00.000Z',
          level: 0,
          score: 15,
          coverage: 0.5,
          sample: true,
        },
        expect.objectContaining({
          evaluatedAt: '2026-03-01T10:00:00.000Z',
          score: 20,
        }),
      ]);
      expect(items[2]).not.toHaveProperty('sample');
    });

    it('fills each day before the first evaluation, and the trend counts it as sample', async () => {
      await sampleHistory.load(DEFINITIONS, NOW);
      await rollups.snapshot('2026-03-01');
      const points = await paymentsTrend('2026-01-01', '2026-03-01');
      // a (in fraud, below payments) from Feb 1, b from Feb 8; each day to Feb 28.
      expect(points.map(p => p.date)).toHaveLength(29);
      const on = (date: string) => points.find(p => p.date === date);
      expect(on('2026-02-01')).toEqual({
        date: '2026-02-01',
        key: domainRef('payments'),
        services: 1,
        levelCounts: { 0: 1, 1: 0, 2: 0 },
        meanScore: 5,
        sampleServices: 1,
      });
      expect(on('2026-02-08')).toMatchObject({
        services: 2,
        meanScore: 17.5,
        sampleServices: 2,
      });
      expect(on('2026-02-28')).toMatchObject({
        services: 2,
        meanScore: 22.5,
        sampleServices: 2,
      });
      // Systems are followed the same way: a and b are in payments-core.
      const system = await rollups.trend({
        by: 'system',
        keys: ['system:default/payments-core'],
        from: '2026-02-08',
        to: '2026-02-08',
        scope: { type: 'all' },
      });
      expect(system).toEqual([
        expect.objectContaining({
          services: 2,
          meanScore: 17.5,
          sampleServices: 2,
        }),
      ]);
      // The real snapshot: a, b and the hidden e, none of them sample.
      expect(on('2026-03-01')).toEqual({
        date: '2026-03-01',
        key: domainRef('payments'),
        services: 3,
        levelCounts: { 0: 1, 1: 2, 2: 0 },
        meanScore: 60,
      });
    });

    it('loads once, and keeps the real snapshot of a day', async () => {
      await rollups.snapshot('2026-02-20');
      await sampleHistory.load(DEFINITIONS, NOW);
      await expect(sampleHistory.load(DEFINITIONS, NOW)).resolves.toEqual([]);
      const history = await scorecards.getHistory(serviceRef('a'), {});
      expect(history.items).toHaveLength(3);

      const points = await paymentsTrend('2026-02-19', '2026-02-21');
      expect(points.map(p => [p.date, p.services, p.sampleServices])).toEqual([
        ['2026-02-19', 2, 2],
        ['2026-02-20', 3, undefined],
        ['2026-02-21', 2, 2],
      ]);
    });

    it('loads a service once it is scored', async () => {
      const later = [
        {
          entityRef: 'late',
          points: [{ weeksAgo: 1, level: 1 as const, score: 50 }],
        },
      ];
      await expect(sampleHistory.load(later, NOW)).resolves.toEqual([]);
      await scorecards.saveScorecard(
        { ...FIXTURE_SCORECARDS[0], entityRef: serviceRef('late') },
        'hash',
      );
      await expect(sampleHistory.load(later, NOW)).resolves.toEqual([
        serviceRef('late'),
      ]);
    });
  });
});
