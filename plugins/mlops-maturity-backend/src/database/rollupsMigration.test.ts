import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { CELL_COLUMNS } from './rollupRows';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

const ROLLUP_TABLES = [
  'mlops_rollup_chain_keys',
  'mlops_service_rollups',
  'mlops_service_breakdowns',
  'mlops_service_blockers',
  'mlops_service_snapshots',
  'mlops_rollup_snapshots',
  'mlops_snapshot_services',
];

describe('rollups migration', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'adds and removes the rollup tables on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const present = async () => {
        const found: string[] = [];
        for (const table of ROLLUP_TABLES) {
          if (await knex.schema.hasTable(table)) {
            found.push(table);
          }
        }
        return found;
      };

      await knex.migrate.latest({ directory: migrationsDir });
      await expect(present()).resolves.toEqual(ROLLUP_TABLES);
      // Every dimension × persona of the common package has its pass-count columns.
      const columns = Object.keys(
        await knex('mlops_service_rollups').columnInfo(),
      );
      for (const cell of CELL_COLUMNS) {
        expect(columns).toEqual(
          expect.arrayContaining([cell.totalColumn, cell.passedColumn]),
        );
      }

      await knex.migrate.down({ directory: migrationsDir });
      await expect(present()).resolves.toEqual([]);
      await expect(knex.schema.hasTable('mlops_scorecards')).resolves.toBe(
        true,
      );

      await knex.migrate.latest({ directory: migrationsDir });
      await expect(present()).resolves.toEqual(ROLLUP_TABLES);
    },
  );
});
