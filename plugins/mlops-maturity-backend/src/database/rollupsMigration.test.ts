import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseRollupStore } from './DatabaseRollupStore';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

const PREVIOUS_TABLES = [
  'mlops_service_rollups',
  'mlops_service_breakdowns',
  'mlops_service_blockers',
  'mlops_check_results',
];
const NEW_TABLES = [
  'mlops_rollup_services',
  'mlops_rollup_removals',
  'mlops_rollup_state',
  'mlops_check_statuses',
];

const ref = (name: string) => `component:default/${name}`;

/** A scorecard as stored: only what the previous check rows are read back from. */
const scorecardJson = (checks: [string, string][]) =>
  JSON.stringify({
    checks: checks.map(([id, status]) => ({
      id,
      status,
      dimension: 'deployment',
      persona: 'ml-engineer',
      level: 1,
      required: true,
      weight: 1,
    })),
  });

/** Two scored services and a deleted one with snapshots, in the layout before. */
async function fillPreviousLayout(knex: Knex) {
  await knex('mlops_scorecards').insert(
    ['a', 'b'].map(name => ({
      entity_ref: ref(name),
      flavor: 'ml',
      level: 1,
      score: 50,
      coverage: 0.5,
      evaluated_at: new Date('2026-03-01T00:00:00Z'),
      inputs_hash: 'h',
      scorecard: scorecardJson([
        ['deploy.x', 'fail'],
        ['deploy.y', 'pass'],
      ]),
    })),
  );
  await knex('mlops_check_results').insert(
    ['a', 'b'].flatMap(name =>
      [
        ['deploy.x', 'fail'],
        ['deploy.y', 'pass'],
      ].map(([checkId, status]) => ({
        entity_ref: ref(name),
        check_id: checkId,
        status,
        dimension: 'deployment',
        persona: 'ml-engineer',
        level: 1,
        required: true,
        weight: 1,
      })),
    ),
  );
  await knex('mlops_rollup_chain_keys').insert([
    { chain_id: 11, kind: 'domain', key: 'domain:default/d', depth: 0 },
    { chain_id: 12, kind: 'persona', key: 'ml-engineer', depth: 0 },
  ]);
  await knex('mlops_service_rollups').insert(
    ['a', 'b'].map(name => ({
      entity_ref: ref(name),
      flavor: 'ml',
      level: 1,
      score: name === 'a' ? 40 : 60,
      coverage: 0.5,
      domain_chain: 11,
      persona_chain: 12,
      deploys_last_30d: name === 'a' ? 3 : null,
      t__deployment__ml_engineer: 2,
      p__deployment__ml_engineer: 1,
    })),
  );
  await knex('mlops_service_breakdowns').insert(
    ['a', 'b'].map(name => ({
      entity_ref: ref(name),
      kind: 'persona',
      key: 'ml-engineer',
      level: 1,
      score: 50,
      coverage: 1,
    })),
  );
  await knex('mlops_service_blockers').insert({
    entity_ref: ref('a'),
    check_id: 'deploy.x',
  });
  await knex('mlops_snapshot_services').insert(
    ['a', 'gone'].map(name => ({ entity_ref: ref(name) })),
  );
}

describe('rollup migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'move the rows of the previous layout into the new one and back, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const present = async (tables: string[]) => {
        const found: string[] = [];
        for (const table of tables) {
          if (await knex.schema.hasTable(table)) {
            found.push(table);
          }
        }
        return found;
      };
      await knex.migrate.up({ directory, name: '20261126000000_init.js' });
      await knex.migrate.up({ directory, name: '20261127000000_rollups.js' });
      await fillPreviousLayout(knex);

      await knex.migrate.latest({ directory });
      await expect(present(PREVIOUS_TABLES)).resolves.toEqual([]);
      await expect(present(NEW_TABLES)).resolves.toEqual(NEW_TABLES);
      const rows = await knex('mlops_rollup_services').orderBy('entity_ref');
      expect(
        rows.map(row => ({
          ...row,
          domain_chain: Number(row.domain_chain),
          seq: Number(row.seq),
          // SQLite answers booleans as 0 and 1.
          statuses_recorded: Boolean(row.statuses_recorded),
        })),
      ).toEqual(
        ['a', 'b'].map(name => ({
          entity_ref: ref(name),
          flavor: 'ml',
          level: 1,
          score: name === 'a' ? 40 : 60,
          coverage: 0.5,
          // The previous layout knew no targets, lifecycles or statuses but fail.
          target_level: null,
          lifecycle: null,
          team_persona: null,
          statuses_recorded: false,
          domain_chain: 11,
          owner_chain: null,
          system_chain: null,
          time_to_production_days: null,
          deploys_last_30d: name === 'a' ? 3 : null,
          model_age_days: null,
          ci_success_rate: null,
          cells: '["deployment","ml-engineer",2,1]',
          breakdowns: '["persona","ml-engineer",1,50,1]',
          blockers: name === 'a' ? '["deploy.x"]' : '[]',
          seq: 1,
        })),
      );
      await expect(
        knex('mlops_check_statuses').orderBy('entity_ref'),
      ).resolves.toEqual(
        ['a', 'b'].map(name => ({
          entity_ref: ref(name),
          check_id: 'deploy.x',
          status: 'fail',
        })),
      );
      // The deleted service stays out of trends.
      await expect(
        knex('mlops_rollup_removals').select('entity_ref'),
      ).resolves.toEqual([{ entity_ref: ref('gone') }]);
      await expect(
        knex('mlops_rollup_chain_keys').select('kind'),
      ).resolves.toEqual([{ kind: 'domain' }]);

      const store = await DatabaseRollupStore.fromKnex(knex);
      await expect(
        store.rollup({ by: 'domain', scope: { type: 'all' } }),
      ).resolves.toEqual([
        {
          key: 'domain:default/d',
          services: 2,
          levelCounts: { 0: 0, 1: 2, 2: 0 },
          meanScore: 50,
          medianScore: 50,
          coverage: 0.5,
          passRates: [
            {
              dimension: 'deployment',
              persona: 'ml-engineer',
              passed: 2,
              total: 4,
              rate: 0.5,
            },
          ],
          metricMedians: { deploysLast30d: 3 },
        },
      ]);

      // Back: the previous tables, the check rows again from the scorecards.
      while (
        (await knex.migrate.currentVersion({ directory })) !== '20261127000000'
      ) {
        await knex.migrate.down({ directory });
      }
      await expect(present(NEW_TABLES)).resolves.toEqual([]);
      await expect(present(PREVIOUS_TABLES)).resolves.toEqual(PREVIOUS_TABLES);
      await expect(
        knex('mlops_check_results')
          .select('entity_ref', 'check_id', 'status')
          .orderBy(['entity_ref', 'check_id']),
      ).resolves.toEqual(
        ['a', 'b'].flatMap(name => [
          { entity_ref: ref(name), check_id: 'deploy.x', status: 'fail' },
          { entity_ref: ref(name), check_id: 'deploy.y', status: 'pass' },
        ]),
      );
    },
  );
});
