import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { Knex } from 'knex';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { testRefreshService } from './__testUtils__/testRefreshService';

/*
 * PostgreSQL goes away in the middle of a cycle: every connection of the backend is
 * terminated by the server, as in a failover or a restart. The cycle must not take the
 * process down, nothing half-written may remain, and the next cycle finishes the work.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const entities: Entity[] = Array.from({ length: 6 }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `svc-${i}`, namespace: 'default' },
  spec: {
    type: 'ml-service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
}));

/** Ends every session on the backend's database, as a server restart does. */
async function terminateSessions(admin: Knex, database: string) {
  await admin.raw(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
    [database],
  );
}

describe.each(databases.eachSupportedId())(
  'a database that goes away mid-cycle on %s',
  databaseId => {
    it('leaves the process up and the data whole, and the next cycle recovers', async () => {
      const knex = await databases.init(databaseId);
      // The fault comes from a connection of its own (to another database), outside the pool.
      const admin = await databases.init(databaseId);
      const database = (await knex.raw('select current_database() as name'))
        .rows[0].name as string;
      const store = await DatabaseScorecardStore.fromKnex(knex);
      let collections = 0;
      let restartDone = false;
      const collector: FactCollector = {
        id: 'custom',
        source: 'custom',
        appliesTo: () => true,
        async collect() {
          collections += 1;
          if (collections === 3 && !restartDone) {
            restartDone = true;
            await terminateSessions(admin, database);
          }
          return { evalPassRate: 0.8 };
        },
      };
      const { refresh } = testRefreshService({
        store,
        entities,
        collectors: [collector],
        config: {
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
          concurrency: 1,
        },
      });

      const t0 = new Date('2026-12-01T10:00:00Z');
      // Whether a query meets a terminated connection depends on the pool's timing: the cycle
      // then records failed services or fails as a whole, which the scheduler logs and runs
      // again. Either way it settles, with no work left running behind it.
      await refresh.runCycle(t0).catch(() => undefined);
      expect(restartDone).toBe(true);

      // Every stored scorecard is whole: a save is one transaction.
      const rows = await knex('mlops_scorecards').select(
        'entity_ref',
        'scorecard',
      );
      for (const row of rows) {
        expect(JSON.parse(row.scorecard).entityRef).toBe(row.entity_ref);
      }

      // Ten minutes on, the failed services are due again and their claims have expired:
      // the next cycle scores every service.
      const next = await refresh.runCycle(new Date(t0.getTime() + 10 * 60_000));
      expect(next.failed).toBe(0);
      for (const entity of entities) {
        await expect(
          store.getScorecard(`component:default/${entity.metadata.name}`),
        ).resolves.toBeDefined();
      }
    });
  },
);
