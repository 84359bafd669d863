import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CheckResult,
  Persona,
  RollupDimension,
  RollupRow,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { computeScorecard } from '../engine/computeScorecard';
import { DatabaseRollupStore } from './DatabaseRollupStore';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import { RollupFilters, TrendDimension } from './RollupStore';
import { ServiceScope, StaleScopeError } from './ServiceScope';
import {
  FIXTURE_SCORECARDS,
  HIDDEN_REF,
  VISIBLE_REFS,
  domainRef,
  fixtureScorecard,
  groupRef,
  serviceRef,
} from './rollupTestFixtures';

jest.setTimeout(60_000);

const ALL_REFS = [...VISIBLE_REFS, HIDDEN_REF];

const cell = (
  dimension: string,
  persona: string,
  passed: number,
  total: number,
) => ({ dimension, persona, passed, total, rate: passed / total });

const levels = (l0: number, l1: number, l2: number) => ({
  0: l0,
  1: l1,
  2: l2,
});

/** key → services, for assertions that only concern membership. */
const servicesByKey = (rows: RollupRow[]) =>
  Object.fromEntries(rows.map(row => [row.key, row.services]));

describe('DatabaseRollupStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let scorecards: DatabaseScorecardStore;
    let store: DatabaseRollupStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      scorecards = await DatabaseScorecardStore.fromKnex(knex);
      store = await DatabaseRollupStore.fromKnex(knex);
      for (const scorecard of FIXTURE_SCORECARDS) {
        await scorecards.saveScorecard(scorecard, 'hash');
      }
    });

    /**
     * Runs a read for a caller who may read `entityRefs` with every scope that says
     * so: the list, every scored service but the others, and (when that leaves none
     * out) every service. They must agree exactly; the agreed result is returned.
     */
    async function agree<T>(
      entityRefs: string[],
      query: (scope: ServiceScope) => Promise<T>,
    ): Promise<T> {
      const { refs, membershipSeq } = await store.scoredServices();
      const hidden = refs.filter(ref => !entityRefs.includes(ref));
      const scopes: ServiceScope[] = [
        { type: 'only', refs: entityRefs },
        { type: 'except', refs: hidden, membershipSeq },
      ];
      if (hidden.length === 0) {
        scopes.push({ type: 'all' });
      }
      const results: T[] = [];
      for (const scope of scopes) {
        results.push(await query(scope));
      }
      for (const result of results.slice(1)) {
        expect(result).toEqual(results[0]);
      }
      return results[0];
    }

    /** The store's reads, as {@link agree} runs them. */
    const read = {
      rollup: (options: {
        by: RollupDimension;
        entityRefs: string[];
        filters?: RollupFilters;
      }) =>
        agree(options.entityRefs, scope =>
          store.rollup({ by: options.by, filters: options.filters, scope }),
        ),
      topBlockers: (options: {
        entityRefs: string[];
        limit: number;
        filters?: RollupFilters;
      }) =>
        agree(options.entityRefs, scope =>
          store.topBlockers({
            limit: options.limit,
            filters: options.filters,
            scope,
          }),
        ),
      compare: (options: { domains: string[]; entityRefs: string[] }) =>
        agree(options.entityRefs, scope =>
          store.compare({ domains: options.domains, scope }),
        ),
      trend: (options: {
        by: TrendDimension;
        keys: string[];
        from: string;
        to: string;
        entityRefs: string[];
      }) =>
        agree(options.entityRefs, scope =>
          store.trend({
            by: options.by,
            keys: options.keys,
            from: options.from,
            to: options.to,
            scope,
          }),
        ),
    };

    describe('rollup by domain', () => {
      it('counts subdomain services in every parent domain, with exact aggregates', async () => {
        const rows = await read.rollup({
          by: 'domain',
          entityRefs: VISIBLE_REFS,
        });
        expect(rows).toEqual([
          {
            key: domainRef('commerce'),
            services: 3,
            levelCounts: levels(1, 1, 1),
            meanScore: 56.6667,
            medianScore: 60,
            coverage: 0.75,
            passRates: [
              cell('data', 'data-scientist', 1, 3),
              cell('experimentation', 'data-scientist', 1, 1),
              cell('deployment', 'ml-engineer', 2, 3),
              cell('monitoring', 'devops', 2, 3),
              cell('llm-evaluation', 'ml-engineer', 1, 1),
            ],
            // timeToProductionDays: 40 and 10 (even count); deploys: 1, 5, 12.
            metricMedians: {
              timeToProductionDays: 25,
              deploysLast30d: 5,
              ciSuccessRate: 0.9,
            },
          },
          {
            key: domainRef('fraud'),
            services: 1,
            levelCounts: levels(1, 0, 0),
            meanScore: 20,
            medianScore: 20,
            coverage: 0.5,
            passRates: [
              cell('data', 'data-scientist', 0, 1),
              cell('experimentation', 'data-scientist', 1, 1),
              cell('deployment', 'ml-engineer', 0, 1),
              cell('monitoring', 'devops', 1, 1),
            ],
            metricMedians: { timeToProductionDays: 40, deploysLast30d: 1 },
            parent: domainRef('payments'),
          },
          {
            key: domainRef('payments'),
            services: 2,
            levelCounts: levels(1, 1, 0),
            meanScore: 40,
            medianScore: 40,
            coverage: 0.75,
            passRates: [
              cell('data', 'data-scientist', 0, 2),
              cell('experimentation', 'data-scientist', 1, 1),
              cell('deployment', 'ml-engineer', 1, 2),
              cell('monitoring', 'devops', 1, 2),
            ],
            metricMedians: {
              timeToProductionDays: 25,
              deploysLast30d: 3,
              ciSuccessRate: 0.9,
            },
            parent: domainRef('commerce'),
          },
          {
            key: domainRef('search'),
            services: 1,
            levelCounts: levels(0, 1, 0),
            meanScore: 40,
            medianScore: 40,
            coverage: 0.8,
            // `unknown` counts as applicable and not passed; not-applicable is left out.
            passRates: [
              cell('data', 'data-scientist', 0, 1),
              cell('deployment', 'ml-engineer', 1, 1),
              cell('monitoring', 'devops', 0, 1),
            ],
            metricMedians: {},
          },
        ]);
      });

      it('counts a service the caller may read, and only those', async () => {
        const withHidden = await read.rollup({
          by: 'domain',
          entityRefs: ALL_REFS,
        });
        expect(servicesByKey(withHidden)).toEqual({
          [domainRef('commerce')]: 4,
          [domainRef('fraud')]: 2,
          [domainRef('payments')]: 3,
          [domainRef('search')]: 1,
        });
        expect(withHidden[0].metricMedians.modelAgeDays).toBe(1);

        const onlyD = await read.rollup({
          by: 'domain',
          entityRefs: [serviceRef('d')],
        });
        expect(onlyD.map(row => row.key)).toEqual([domainRef('search')]);
        await expect(
          read.rollup({ by: 'domain', entityRefs: [] }),
        ).resolves.toEqual([]);
      });

      it('limits rows to the filter domain and its subdomains', async () => {
        const rows = await read.rollup({
          by: 'domain',
          entityRefs: VISIBLE_REFS,
          filters: { domain: domainRef('payments') },
        });
        expect(servicesByKey(rows)).toEqual({
          [domainRef('fraud')]: 1,
          [domainRef('payments')]: 2,
        });

        const llm = await read.rollup({
          by: 'domain',
          entityRefs: VISIBLE_REFS,
          filters: { flavor: 'llm' },
        });
        expect(servicesByKey(llm)).toEqual({ [domainRef('commerce')]: 1 });

        const owned = await read.rollup({
          by: 'domain',
          entityRefs: VISIBLE_REFS,
          filters: { owner: groupRef('fraud-team') },
        });
        expect(servicesByKey(owned)).toEqual({
          [domainRef('commerce')]: 2,
          [domainRef('fraud')]: 1,
          [domainRef('payments')]: 1,
        });
      });
    });

    describe('rollup by owner', () => {
      it("counts a parent group's own services and its child groups'", async () => {
        const rows = await read.rollup({
          by: 'owner',
          entityRefs: VISIBLE_REFS,
        });
        expect(
          rows.map(
            ({
              key,
              services,
              levelCounts,
              meanScore,
              medianScore,
              coverage,
              metricMedians,
              parent,
            }) => ({
              key,
              services,
              levelCounts,
              meanScore,
              medianScore,
              coverage,
              metricMedians,
              parent,
            }),
          ),
        ).toEqual([
          {
            key: groupRef('eng'),
            services: 4,
            levelCounts: levels(1, 2, 1),
            meanScore: 52.5,
            // 20, 40, 60, 90: the mean of the two middle scores.
            medianScore: 50,
            coverage: 0.7625,
            metricMedians: {
              timeToProductionDays: 25,
              deploysLast30d: 5,
              ciSuccessRate: 0.9,
            },
            parent: undefined,
          },
          {
            key: groupRef('fraud-team'),
            services: 2,
            levelCounts: levels(1, 0, 1),
            meanScore: 55,
            medianScore: 55,
            coverage: 0.625,
            metricMedians: { timeToProductionDays: 40, deploysLast30d: 6.5 },
            parent: groupRef('ml-platform'),
          },
          {
            key: groupRef('ml-platform'),
            services: 3,
            levelCounts: levels(1, 1, 1),
            meanScore: 56.6667,
            medianScore: 60,
            coverage: 0.75,
            metricMedians: {
              timeToProductionDays: 25,
              deploysLast30d: 5,
              ciSuccessRate: 0.9,
            },
            parent: groupRef('eng'),
          },
          {
            key: groupRef('search-team'),
            services: 1,
            levelCounts: levels(0, 1, 0),
            meanScore: 40,
            medianScore: 40,
            coverage: 0.8,
            metricMedians: {},
            parent: groupRef('eng'),
          },
          {
            // An owner that is not a group still gets its row.
            key: 'user:default/alice',
            services: 1,
            levelCounts: levels(1, 0, 0),
            meanScore: 10,
            medianScore: 10,
            coverage: 1,
            metricMedians: {},
            parent: undefined,
          },
        ]);
        expect(rows[2].passRates).toEqual([
          cell('data', 'data-scientist', 1, 3),
          cell('experimentation', 'data-scientist', 1, 1),
          cell('deployment', 'ml-engineer', 2, 3),
          cell('monitoring', 'devops', 2, 3),
          cell('llm-evaluation', 'ml-engineer', 1, 1),
        ]);
      });

      it('limits rows to the filter group and its child groups', async () => {
        const rows = await read.rollup({
          by: 'owner',
          entityRefs: VISIBLE_REFS,
          filters: { owner: groupRef('ml-platform') },
        });
        expect(servicesByKey(rows)).toEqual({
          [groupRef('fraud-team')]: 2,
          [groupRef('ml-platform')]: 3,
        });

        const inPayments = await read.rollup({
          by: 'owner',
          entityRefs: VISIBLE_REFS,
          filters: { domain: domainRef('payments') },
        });
        expect(servicesByKey(inPayments)).toEqual({
          [groupRef('eng')]: 2,
          [groupRef('fraud-team')]: 1,
          [groupRef('ml-platform')]: 2,
        });
      });
    });

    it('rolls up by system', async () => {
      const rows = await read.rollup({
        by: 'system',
        entityRefs: VISIBLE_REFS,
      });
      expect(rows.map(({ passRates: _, ...row }) => row)).toEqual([
        {
          key: 'system:default/checkout',
          services: 1,
          levelCounts: levels(0, 0, 1),
          meanScore: 90,
          medianScore: 90,
          coverage: 0.75,
          metricMedians: { deploysLast30d: 12 },
        },
        {
          key: 'system:default/payments-core',
          services: 3,
          levelCounts: levels(2, 1, 0),
          meanScore: 30,
          medianScore: 20,
          coverage: 0.8333,
          metricMedians: {
            timeToProductionDays: 25,
            deploysLast30d: 3,
            ciSuccessRate: 0.9,
          },
        },
      ]);
    });

    it("rolls up by persona on that persona's checks only", async () => {
      const rows = await read.rollup({
        by: 'persona',
        entityRefs: VISIBLE_REFS,
      });
      const services = {
        timeToProductionDays: 25,
        deploysLast30d: 5,
        ciSuccessRate: 0.9,
      };
      expect(rows).toEqual([
        {
          key: 'data-scientist',
          services: 5,
          // data.y (required, level 2) holds everyone but C at level 1.
          levelCounts: levels(0, 4, 1),
          // A: round(100 × 2/3) = 67; B, D, F: 0; C: 100.
          meanScore: 33.4,
          medianScore: 0,
          // A: 1 of 2 evaluated (data.y unknown); the others 1.
          coverage: 0.9,
          passRates: [
            cell('data', 'data-scientist', 1, 5),
            cell('experimentation', 'data-scientist', 1, 1),
          ],
          metricMedians: services,
        },
        {
          key: 'devops',
          services: 5,
          // F fails gov.owner (required, level 1); ops.z is only recommended.
          levelCounts: levels(1, 0, 4),
          meanScore: 40,
          medianScore: 0,
          // D's only devops check is unknown.
          coverage: 0.8,
          passRates: [
            cell('monitoring', 'devops', 2, 4),
            cell('governance', 'devops', 0, 1),
          ],
          metricMedians: services,
        },
        {
          key: 'ml-engineer',
          services: 5,
          levelCounts: levels(2, 0, 3),
          meanScore: 60,
          medianScore: 100,
          coverage: 1,
          passRates: [
            cell('deployment', 'ml-engineer', 3, 5),
            cell('llm-evaluation', 'ml-engineer', 1, 1),
          ],
          metricMedians: services,
        },
      ]);
    });

    it("rolls up by dimension on that dimension's checks only", async () => {
      const rows = await read.rollup({
        by: 'dimension',
        entityRefs: VISIBLE_REFS,
      });
      expect(servicesByKey(rows)).toEqual({
        data: 5,
        deployment: 5,
        experimentation: 1,
        governance: 1,
        'llm-evaluation': 1,
        monitoring: 4,
      });
      expect(rows.find(row => row.key === 'deployment')).toMatchObject({
        levelCounts: levels(2, 0, 3),
        meanScore: 60,
        medianScore: 100,
        passRates: [cell('deployment', 'ml-engineer', 3, 5)],
      });
    });

    it('scores a persona exactly as the scorecard does, rounding half up', async () => {
      const check = (
        id: string,
        status: CheckResult['status'],
        weight: number,
      ): CheckResult => ({
        id,
        title: id,
        dimension: 'deployment',
        level: 1,
        required: false,
        weight,
        persona: 'devops',
        status,
        message: '',
        evidence: [],
        remediation: '',
      });
      const scorecard = computeScorecard({
        entityRef: serviceRef('weighted'),
        flavor: 'ml',
        evaluatedAt: new Date('2026-03-01T00:00:00Z'),
        checks: [check('one', 'pass', 1), check('seven', 'fail', 7)],
        metrics: {},
      });
      await scorecards.saveScorecard(scorecard, 'hash');
      const [row] = await read.rollup({
        by: 'persona',
        entityRefs: [serviceRef('weighted')],
      });
      expect(scorecard.personas).toEqual([
        { id: 'devops', score: 13, passed: 1, total: 2 },
      ]);
      expect(row).toMatchObject({ key: 'devops', meanScore: 13 });
    });

    it('compares domains in the requested order, with empty rows for unknown ones', async () => {
      const rows = await read.compare({
        domains: [
          domainRef('search'),
          domainRef('commerce'),
          domainRef('nowhere'),
        ],
        entityRefs: VISIBLE_REFS,
      });
      expect(rows.map(row => [row.key, row.services, row.meanScore])).toEqual([
        [domainRef('search'), 1, 40],
        [domainRef('commerce'), 3, 56.6667],
        [domainRef('nowhere'), 0, null],
      ]);
      expect(rows[1].parent).toBeUndefined();
      expect(rows[2]).toEqual({
        key: domainRef('nowhere'),
        services: 0,
        levelCounts: levels(0, 0, 0),
        meanScore: null,
        medianScore: null,
        coverage: null,
        passRates: [],
        metricMedians: {},
      });
    });

    describe('targets', () => {
      /** a: 0 of target 1, b: 1 of 1, c: 2 of 2, e (hidden): 1 of 2; d and f have none. */
      beforeEach(async () => {
        const targets: Record<string, [0 | 1 | 2, boolean]> = {
          [serviceRef('a')]: [1, false],
          [serviceRef('b')]: [1, true],
          [serviceRef('c')]: [2, true],
          [serviceRef('e')]: [2, false],
        };
        for (const scorecard of FIXTURE_SCORECARDS) {
          const target = targets[scorecard.entityRef];
          if (target) {
            await scorecards.saveScorecard(
              {
                ...scorecard,
                target: {
                  level: target[0],
                  lifecycle: 'production',
                  met: target[1],
                },
              },
              'hash',
            );
          }
        }
      });

      const targetsByKey = (rows: RollupRow[]) =>
        Object.fromEntries(rows.map(row => [row.key, row.target]));

      it('counts the services that meet their target in every domain, for every caller', async () => {
        expect(
          targetsByKey(
            await read.rollup({ by: 'domain', entityRefs: VISIBLE_REFS }),
          ),
        ).toEqual({
          [domainRef('commerce')]: { services: 3, meeting: 2 },
          [domainRef('payments')]: { services: 2, meeting: 1 },
          [domainRef('fraud')]: { services: 1, meeting: 0 },
          [domainRef('search')]: undefined,
        });
        expect(
          targetsByKey(
            await read.rollup({ by: 'domain', entityRefs: ALL_REFS }),
          ),
        ).toEqual({
          [domainRef('commerce')]: { services: 4, meeting: 2 },
          [domainRef('payments')]: { services: 3, meeting: 1 },
          [domainRef('fraud')]: { services: 2, meeting: 0 },
          [domainRef('search')]: undefined,
        });
      });

      it('counts owners and systems the same way, and personas by their level on their own checks', async () => {
        expect(
          targetsByKey(
            await read.rollup({ by: 'owner', entityRefs: VISIBLE_REFS }),
          ),
        ).toEqual({
          [groupRef('eng')]: { services: 3, meeting: 2 },
          [groupRef('ml-platform')]: { services: 3, meeting: 2 },
          [groupRef('fraud-team')]: { services: 2, meeting: 1 },
          [groupRef('search-team')]: undefined,
          'user:default/alice': undefined,
        });
        expect(
          targetsByKey(
            await read.rollup({ by: 'system', entityRefs: VISIBLE_REFS }),
          ),
        ).toEqual({
          'system:default/payments-core': { services: 2, meeting: 1 },
          'system:default/checkout': { services: 1, meeting: 1 },
        });
        // ml-engineer's part of a (deploy.x fails) holds it at 0; b's and c's reach 1 and 2.
        const personas = targetsByKey(
          await read.rollup({ by: 'persona', entityRefs: VISIBLE_REFS }),
        );
        expect(personas['ml-engineer']).toEqual({ services: 3, meeting: 2 });
      });

      it('stops counting a target once the service is scored without one', async () => {
        await scorecards.saveScorecard(FIXTURE_SCORECARDS[0], 'hash');
        expect(
          targetsByKey(
            await read.rollup({ by: 'domain', entityRefs: VISIBLE_REFS }),
          )[domainRef('commerce')],
        ).toEqual({ services: 2, meeting: 2 });
      });
    });

    describe('team personas', () => {
      /** a, c and e (hidden) belong to ML-engineering teams, b to a data-science team. */
      beforeEach(async () => {
        const personas: Record<string, Persona> = {
          [serviceRef('a')]: 'ml-engineer',
          [serviceRef('b')]: 'data-scientist',
          [serviceRef('c')]: 'ml-engineer',
          [serviceRef('e')]: 'ml-engineer',
        };
        for (const scorecard of FIXTURE_SCORECARDS) {
          const teamPersona = personas[scorecard.entityRef];
          if (teamPersona) {
            await scorecards.saveScorecard(
              { ...scorecard, teamPersona },
              'hash',
            );
          }
        }
      });

      it('rolls services up by the persona of their owning team, for every caller', async () => {
        const visible = await read.rollup({
          by: 'team-persona',
          entityRefs: VISIBLE_REFS,
        });
        expect(
          visible.map(row => [
            row.key,
            row.services,
            row.levelCounts,
            row.meanScore,
          ]),
        ).toEqual([
          ['data-scientist', 1, levels(0, 1, 0), 60],
          ['ml-engineer', 2, levels(1, 0, 1), 55],
        ]);
        expect(
          servicesByKey(
            await read.rollup({ by: 'team-persona', entityRefs: ALL_REFS }),
          ),
        ).toEqual({ 'data-scientist': 1, 'ml-engineer': 3 });
      });

      it('says which checks block the services of one kind of team', async () => {
        const blockers = await read.topBlockers({
          entityRefs: VISIBLE_REFS,
          limit: 5,
          filters: { teamPersona: 'ml-engineer' },
        });
        // a is blocked by deploy.x; c is at the top level.
        expect(blockers.map(b => [b.checkId, b.services])).toEqual([
          ['deploy.x', 1],
        ]);
      });
    });

    describe('topBlockers', () => {
      it('orders checks by the services they block, then by id', async () => {
        await expect(
          read.topBlockers({ entityRefs: VISIBLE_REFS, limit: 10 }),
        ).resolves.toEqual([
          {
            checkId: 'data.y',
            title: 'Title of data.y',
            dimension: 'data',
            persona: 'data-scientist',
            level: 2,
            remediation: 'Fix data.y',
            docsUrl: 'https://docs.example.com/data.y',
            services: 2,
          },
          expect.objectContaining({ checkId: 'deploy.x', services: 2 }),
          expect.objectContaining({
            checkId: 'gov.owner',
            persona: 'devops',
            level: 1,
            services: 1,
          }),
        ]);
        const top = await read.topBlockers({ entityRefs: ALL_REFS, limit: 1 });
        expect(top.map(b => [b.checkId, b.services])).toEqual([['data.y', 3]]);
      });

      it('applies the domain, owner and system filters', async () => {
        const inCommerce = await read.topBlockers({
          entityRefs: VISIBLE_REFS,
          limit: 10,
          filters: { domain: domainRef('commerce') },
        });
        expect(inCommerce.map(b => [b.checkId, b.services])).toEqual([
          ['data.y', 1],
          ['deploy.x', 1],
        ]);
        const alice = await read.topBlockers({
          entityRefs: VISIBLE_REFS,
          limit: 10,
          filters: { owner: 'user:default/alice' },
        });
        expect(alice.map(b => b.checkId)).toEqual(['deploy.x', 'gov.owner']);
        const paymentsCore = await read.topBlockers({
          entityRefs: VISIBLE_REFS,
          limit: 10,
          filters: { system: 'system:default/payments-core' },
        });
        expect(paymentsCore.map(b => [b.checkId, b.services])).toEqual([
          ['deploy.x', 2],
          ['data.y', 1],
          ['gov.owner', 1],
        ]);
        await expect(
          read.topBlockers({
            entityRefs: VISIBLE_REFS,
            limit: 10,
            filters: { system: 'system:default/checkout' },
          }),
        ).resolves.toEqual([]);
      });
    });

    describe('snapshots and trends', () => {
      it('keeps one snapshot per day and trends the visible services of each key', async () => {
        await expect(store.snapshot('2026-03-01')).resolves.toBe(6);
        await scorecards.saveScorecard(
          { ...FIXTURE_SCORECARDS[0], level: 1, score: 50 },
          'hash-2',
        );
        await expect(store.snapshot('2026-03-02')).resolves.toBe(6);
        // Taking the same day again replaces it rather than adding to it.
        await scorecards.saveScorecard(
          { ...FIXTURE_SCORECARDS[0], level: 1, score: 70 },
          'hash-3',
        );
        await expect(store.snapshot('2026-03-02')).resolves.toBe(6);

        const points = await read.trend({
          by: 'domain',
          keys: [domainRef('commerce'), domainRef('search')],
          from: '2026-03-01',
          to: '2026-03-02',
          entityRefs: VISIBLE_REFS,
        });
        expect(points).toEqual([
          {
            date: '2026-03-01',
            key: domainRef('commerce'),
            services: 3,
            levelCounts: levels(1, 1, 1),
            meanScore: 56.6667,
          },
          {
            date: '2026-03-01',
            key: domainRef('search'),
            services: 1,
            levelCounts: levels(0, 1, 0),
            meanScore: 40,
          },
          {
            date: '2026-03-02',
            key: domainRef('commerce'),
            services: 3,
            levelCounts: levels(0, 2, 1),
            // A now scores 70: (70 + 60 + 90) / 3.
            meanScore: 73.3333,
          },
          {
            date: '2026-03-02',
            key: domainRef('search'),
            services: 1,
            levelCounts: levels(0, 1, 0),
            meanScore: 40,
          },
        ]);

        const ownerPoints = await read.trend({
          by: 'owner',
          keys: [groupRef('ml-platform')],
          from: '2026-03-02',
          to: '2026-03-31',
          entityRefs: ALL_REFS,
        });
        expect(ownerPoints.map(p => [p.date, p.key, p.services])).toEqual([
          ['2026-03-02', groupRef('ml-platform'), 4],
        ]);

        // A system's services, without the hidden E: A (now 70), B and F.
        const systemPoints = await read.trend({
          by: 'system',
          keys: ['system:default/payments-core'],
          from: '2026-03-02',
          to: '2026-03-02',
          entityRefs: VISIBLE_REFS,
        });
        expect(systemPoints).toEqual([
          {
            date: '2026-03-02',
            key: 'system:default/payments-core',
            services: 3,
            levelCounts: levels(1, 2, 0),
            meanScore: 46.6667,
          },
        ]);

        await expect(store.pruneSnapshots('2026-03-02')).resolves.toBe(6);
        const afterPrune = await read.trend({
          by: 'domain',
          keys: [domainRef('search')],
          from: '2026-01-01',
          to: '2026-12-31',
          entityRefs: VISIBLE_REFS,
        });
        expect(afterPrune.map(p => p.date)).toEqual(['2026-03-02']);
      });

      // SQLite has no visibility map: there a trend reads the table with the index.
      if (databaseId.startsWith('POSTGRES')) {
        it('leaves the snapshot tables vacuumed and analysed on PostgreSQL, so trends read the covering index alone', async () => {
          const allVisiblePages = async () => {
            const result = await knex.raw(
              `SELECT relallvisible FROM pg_class WHERE relname = 'mlops_service_snapshots'`,
            );
            return Number(result.rows[0].relallvisible);
          };
          // Autovacuum has not visited a table this new: no page is marked all-visible yet.
          await knex('mlops_service_snapshots').insert({
            entity_ref: 'component:default/departed',
            snapshot_date: '2026-02-28',
            level: 0,
            score: 0,
          });
          expect(await allVisiblePages()).toBe(0);
          await store.snapshot('2026-03-01');
          expect(await allVisiblePages()).toBeGreaterThan(0);
        });
      }

      it('counts the same whether it subtracts unreadable services or sums readable ones', async () => {
        await store.snapshot('2026-03-01');
        const commerce = async (entityRefs: string[]) =>
          (
            await read.trend({
              by: 'domain',
              keys: [domainRef('commerce')],
              from: '2026-03-01',
              to: '2026-03-01',
              entityRefs,
            })
          ).map(p => [p.services, p.levelCounts, p.meanScore]);

        // Four unreadable, two readable: sums A and C.
        await expect(
          commerce([serviceRef('a'), serviceRef('c')]),
        ).resolves.toEqual([[2, levels(1, 0, 1), 55]]);
        // One unreadable: the day's sums less A.
        await expect(
          commerce(ALL_REFS.filter(r => r !== serviceRef('a'))),
        ).resolves.toEqual([[3, levels(0, 2, 1), 83.3333]]);
        await expect(commerce([])).resolves.toEqual([]);
      });

      it('counts a service where it was that day, and a deleted one nowhere', async () => {
        await store.snapshot('2026-03-01');
        // A moves from fraud to search.
        await scorecards.saveScorecard(
          {
            ...FIXTURE_SCORECARDS[0],
            domain: domainRef('search'),
            domainPath: [domainRef('search')],
          },
          'hash-2',
        );
        await store.snapshot('2026-03-02');
        const points = async (entityRefs: string[]) =>
          (
            await read.trend({
              by: 'domain',
              keys: [domainRef('fraud'), domainRef('search')],
              from: '2026-03-01',
              to: '2026-03-02',
              entityRefs,
            })
          ).map(p => [p.date, p.key, p.services]);
        await expect(points(VISIBLE_REFS)).resolves.toEqual([
          ['2026-03-01', domainRef('fraud'), 1],
          ['2026-03-01', domainRef('search'), 1],
          ['2026-03-02', domainRef('search'), 2],
        ]);

        // A leaves the catalog: nobody may read it, so its past points go too.
        const queue = (refs: string[]) =>
          scorecards.syncQueue(
            refs.map(entityRef => ({ entityRef, entityHash: 'h' })),
            new Date('2026-03-03T00:00:00Z'),
          );
        await queue(ALL_REFS);
        await queue(ALL_REFS.filter(r => r !== serviceRef('a')));
        await expect(
          points(VISIBLE_REFS.filter(r => r !== serviceRef('a'))),
        ).resolves.toEqual([
          ['2026-03-01', domainRef('search'), 1],
          ['2026-03-02', domainRef('search'), 1],
        ]);
        // Nor for a caller who may read every service (E, in fraud, included).
        await expect(
          points(ALL_REFS.filter(r => r !== serviceRef('a'))),
        ).resolves.toEqual([
          ['2026-03-01', domainRef('fraud'), 1],
          ['2026-03-01', domainRef('search'), 1],
          ['2026-03-02', domainRef('fraud'), 1],
          ['2026-03-02', domainRef('search'), 1],
        ]);
      });
    });

    describe('aggregates kept in memory', () => {
      const KINDS: RollupDimension[] = [
        'domain',
        'owner',
        'system',
        'persona',
        'dimension',
      ];

      /**
       * Every service's rows three ways: the aggregates kept up to date, the same
       * services aggregated anew, and a store that reads every row afresh.
       */
      async function expectMaintainedRowsExact() {
        const { refs } = await store.scoredServices();
        const restarted = await DatabaseRollupStore.fromKnex(knex);
        for (const by of KINDS) {
          const kept = await store.rollup({ by, scope: { type: 'all' } });
          await expect(
            store.rollup({ by, scope: { type: 'only', refs: [...refs] } }),
          ).resolves.toEqual(kept);
          await expect(
            restarted.rollup({ by, scope: { type: 'all' } }),
          ).resolves.toEqual(kept);
        }
      }

      it('stay exact as scorecards are saved again, added and removed', async () => {
        // Read first, so that the changes below are applied one by one.
        await store.rollup({ by: 'domain', scope: { type: 'all' } });
        await scorecards.saveScorecard(
          {
            ...FIXTURE_SCORECARDS[0],
            level: 2,
            score: 95,
            domain: domainRef('search'),
            domainPath: [domainRef('search')],
            metrics: { deploysLast30d: 7, modelAgeDays: 3 },
          },
          'hash-2',
        );
        await scorecards.saveScorecards([
          {
            scorecard: fixtureScorecard({
              name: 'g',
              level: 1,
              score: 61.5,
              coverage: 0.3333333333333333,
              flavor: 'llm',
              domainPath: ['payments', 'commerce'].map(domainRef),
              ownerPath: ['search-team', 'eng'].map(groupRef),
              system: 'system:default/checkout',
              checks: { 'llm.w': 'fail', 'exp.v': 'waived', 'ops.z': 'pass' },
              blockers: ['llm.w'],
              metrics: { timeToProductionDays: 10, ciSuccessRate: 0.25 },
            }),
            inputsHash: 'hash',
          },
          {
            scorecard: { ...FIXTURE_SCORECARDS[1], score: 0, coverage: 0.1 },
            inputsHash: 'hash-2',
          },
        ]);
        await expectMaintainedRowsExact();

        await scorecards.syncQueue(
          ALL_REFS.map(entityRef => ({ entityRef, entityHash: 'h' })),
          new Date('2026-03-03T00:00:00Z'),
        );
        await scorecards.syncQueue(
          ALL_REFS.filter(r => r !== serviceRef('c')).map(entityRef => ({
            entityRef,
            entityHash: 'h',
          })),
          new Date('2026-03-03T00:00:00Z'),
        );
        await expectMaintainedRowsExact();
        expect(
          servicesByKey(
            await store.rollup({ by: 'system', scope: { type: 'all' } }),
          ),
        ).toEqual({
          'system:default/checkout': 1,
          'system:default/payments-core': 4,
        });
      });

      it('stay exact when many services change at once', async () => {
        await store.rollup({ by: 'domain', scope: { type: 'all' } });
        // More than are applied one by one: the aggregates are built anew.
        await scorecards.saveScorecards(
          Array.from({ length: 2_500 }, (_, i) => ({
            scorecard: fixtureScorecard({
              name: `many-${i}`,
              level: (i % 3) as 0 | 1 | 2,
              score: (i * 7) % 101,
              coverage: (i % 10) / 10,
              flavor: i % 4 === 0 ? 'llm' : 'ml',
              domainPath: [['fraud', 'payments', 'commerce'], ['search']][
                i % 2
              ].map(domainRef),
              ownerPath: ['fraud-team', 'ml-platform', 'eng'].map(groupRef),
              system: `system:default/s${i % 7}`,
              checks: {
                'deploy.x': i % 3 ? 'pass' : 'fail',
                'data.y': i % 5 ? 'fail' : 'unknown',
                'llm.w': i % 4 === 0 ? 'pass' : 'not-applicable',
              },
              blockers: i % 3 ? [] : ['deploy.x'],
              metrics: {
                deploysLast30d: i % 13,
                modelAgeDays: i % 2 ? i : undefined,
              },
            }),
            inputsHash: 'hash',
          })),
        );
        await expectMaintainedRowsExact();
        // Half of the new services, and D.
        expect(
          servicesByKey(
            await store.rollup({ by: 'domain', scope: { type: 'all' } }),
          )[domainRef('search')],
        ).toBe(1_251);
      });

      it('are seen by every store on the database, as replicas keep their own', async () => {
        const replica = await DatabaseRollupStore.fromKnex(knex);
        const commerce = async () =>
          servicesByKey(
            await replica.rollup({ by: 'domain', scope: { type: 'all' } }),
          )[domainRef('commerce')];
        await expect(commerce()).resolves.toBe(4);
        await scorecards.saveScorecard(
          {
            ...FIXTURE_SCORECARDS[2],
            domain: domainRef('search'),
            domainPath: [domainRef('search')],
          },
          'hash-2',
        );
        await expect(commerce()).resolves.toBe(3);
      });

      it('list every scored service once, with a membership seq that moves as services come and go', async () => {
        const before = await store.scoredServices();
        expect([...before.refs].sort()).toEqual([...ALL_REFS].sort());
        await scorecards.saveScorecard(
          { ...FIXTURE_SCORECARDS[0], score: 21 },
          'hash-2',
        );
        // Unchanged membership answers the same list rather than a copy per request.
        await expect(store.scoredServices()).resolves.toBe(before);

        const queue = (refs: string[], hash: string) =>
          scorecards.syncQueue(
            refs.map(entityRef => ({ entityRef, entityHash: hash })),
            new Date('2026-03-03T00:00:00Z'),
          );
        await queue(ALL_REFS, 'h');
        const queued = await store.scoredServices();
        // A changed entity may change who may read it.
        await queue(ALL_REFS, 'h2');
        const changed = await store.scoredServices();
        expect(changed.membershipSeq).toBeGreaterThan(queued.membershipSeq);
        await queue(
          ALL_REFS.filter(r => r !== serviceRef('a')),
          'h2',
        );
        const removed = await store.scoredServices();
        expect(removed.membershipSeq).toBeGreaterThan(changed.membershipSeq);
        expect([...removed.refs].sort()).toEqual(
          ALL_REFS.filter(r => r !== serviceRef('a')).sort(),
        );
      });

      it('refuse a complement computed before services were added', async () => {
        const { membershipSeq } = await store.scoredServices();
        const scope: ServiceScope = {
          type: 'except',
          refs: [HIDDEN_REF],
          membershipSeq,
        };
        // Scoring a service again keeps the scored services as they were.
        await scorecards.saveScorecard(
          { ...FIXTURE_SCORECARDS[0], score: 21 },
          'hash-2',
        );
        await expect(
          store.rollup({ by: 'domain', scope }),
        ).resolves.toHaveLength(4);
        // A new service may be one the caller may not read: the complement is stale.
        await scorecards.saveScorecard(
          fixtureScorecard({
            name: 'new',
            level: 0,
            score: 1,
            coverage: 1,
            checks: {},
            blockers: [],
          }),
          'hash',
        );
        for (const query of [
          () => store.rollup({ by: 'domain', scope }),
          () => store.topBlockers({ scope, limit: 3 }),
          () => store.compare({ domains: [domainRef('search')], scope }),
          () =>
            store.trend({
              by: 'domain',
              keys: [domainRef('search')],
              from: '2026-03-01',
              to: '2026-03-01',
              scope,
            }),
        ]) {
          await expect(query()).rejects.toBeInstanceOf(StaleScopeError);
        }
      });
    });

    describe('rollup rows', () => {
      it('follow a re-saved scorecard and disappear with a removed service', async () => {
        // A moves from fraud to search.
        await scorecards.saveScorecard(
          {
            ...FIXTURE_SCORECARDS[0],
            domain: domainRef('search'),
            domainPath: [domainRef('search')],
          },
          'hash-2',
        );
        expect(
          servicesByKey(
            await read.rollup({ by: 'domain', entityRefs: VISIBLE_REFS }),
          ),
        ).toEqual({
          [domainRef('commerce')]: 2,
          [domainRef('payments')]: 1,
          [domainRef('search')]: 2,
        });

        const queue = (refs: string[]) =>
          scorecards.syncQueue(
            refs.map(entityRef => ({ entityRef, entityHash: 'h' })),
            new Date('2026-03-01T00:00:00Z'),
          );
        await queue(ALL_REFS);
        await queue(ALL_REFS.filter(r => r !== serviceRef('a')));
        expect(
          servicesByKey(
            await read.rollup({ by: 'domain', entityRefs: VISIBLE_REFS }),
          ),
        ).toEqual({
          [domainRef('commerce')]: 2,
          [domainRef('payments')]: 1,
          [domainRef('search')]: 1,
        });
        const leftovers = await knex('mlops_rollup_services')
          .where('entity_ref', serviceRef('a'))
          .count({ count: '*' });
        expect(Number(leftovers[0].count)).toBe(0);
      });

      it('are filled in at startup for scorecards saved before the rollup tables', async () => {
        await knex('mlops_rollup_services').delete();

        const restarted = await DatabaseRollupStore.fromKnex(knex);
        const rows = await restarted.rollup({
          by: 'domain',
          scope: { type: 'only', refs: VISIBLE_REFS },
        });
        expect(rows[0]).toMatchObject({
          key: domainRef('commerce'),
          services: 3,
          passRates: expect.arrayContaining([
            cell('deployment', 'ml-engineer', 2, 3),
          ]),
        });
      });

      it('fall back to the single domain and owner when a scorecard has no paths', async () => {
        await scorecards.saveScorecard(
          {
            ...fixtureScorecard({
              name: 'legacy',
              level: 0,
              score: 5,
              coverage: 1,
              checks: {},
              blockers: [],
              owner: groupRef('legacy-team'),
            }),
            domain: domainRef('legacy'),
          },
          'hash',
        );
        const entityRefs = [serviceRef('legacy')];
        const [byDomain] = await read.rollup({ by: 'domain', entityRefs });
        const [byOwner] = await read.rollup({ by: 'owner', entityRefs });
        expect([byDomain.key, byOwner.key]).toEqual([
          domainRef('legacy'),
          groupRef('legacy-team'),
        ]);
      });
    });
  });
});
