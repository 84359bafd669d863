import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

const TABLES = [
  'mlops_services',
  'mlops_facts',
  'mlops_scorecards',
  'mlops_check_statuses',
  'mlops_scorecard_history',
  'mlops_cycles',
  'mlops_rubrics',
  'mlops_campaigns',
  'mlops_campaign_snapshots',
];

describe('migrations', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  it.each(databases.eachSupportedId())(
    'migrate up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const existingTables = async () => {
        const present: string[] = [];
        for (const table of TABLES) {
          if (await knex.schema.hasTable(table)) {
            present.push(table);
          }
        }
        return present;
      };

      await knex.migrate.latest({ directory: migrationsDir });
      await expect(existingTables()).resolves.toEqual(TABLES);
      await expect(
        knex.schema.hasColumn('mlops_services', 'claimed_until'),
      ).resolves.toBe(true);
      await expect(
        knex.schema.hasColumn('mlops_scorecards', 'rubric_version'),
      ).resolves.toBe(true);

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      await expect(existingTables()).resolves.toEqual([]);

      await knex.migrate.latest({ directory: migrationsDir });
      await expect(existingTables()).resolves.toEqual(TABLES);
      // The re-created tables are usable, not just present.
      await knex('mlops_cycles').insert({
        started_at: new Date(),
        evaluated: 3,
        failed: 0,
      });
      const rows = await knex('mlops_cycles').select('id', 'evaluated');
      expect(rows.map(r => [Number(r.id), Number(r.evaluated)])).toEqual([
        [1, 3],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'the store migrates on create unless migrations are skipped, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const getClient = async () => knex;

      await DatabaseScorecardStore.create({
        database: { getClient, migrations: { skip: true } },
      });
      await expect(knex.schema.hasTable('mlops_services')).resolves.toBe(false);
      await DatabaseScorecardStore.create({
        database: { getClient },
        skipMigrations: true,
      });
      await expect(knex.schema.hasTable('mlops_services')).resolves.toBe(false);

      await DatabaseScorecardStore.create({ database: { getClient } });
      await expect(knex.schema.hasTable('mlops_services')).resolves.toBe(true);
    },
  );
});
