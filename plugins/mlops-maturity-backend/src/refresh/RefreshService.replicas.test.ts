import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { testRefreshService } from './__testUtils__/testRefreshService';
import { FactsIngestion } from '../service/FactsIngestion';

/*
 * Two replicas share one database: each has its own RefreshService (its own worker id) and
 * its own connection pool; a replica that dies mid-cycle is one whose cycle never ends.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SERVICES = 12;
const LEASE_SECONDS = 120;
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function service(index: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${index}`, namespace: 'default' },
    spec: {
      type: 'ml-service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

const entities = Array.from({ length: SERVICES }, (_, i) => service(i));

/** Counts collections per service; while `hang()` holds, collections never finish. */
function countingCollector(
  collected: Map<string, number>,
  hang: () => boolean,
): FactCollector {
  return {
    id: 'counting',
    // A source no check reads: the scores stay put, so history points only come from bugs.
    source: 'counted',
    appliesTo: () => true,
    async collect({ entity }) {
      if (hang()) {
        await new Promise(() => {});
      }
      const ref = `component:default/${entity.metadata.name}`;
      collected.set(ref, (collected.get(ref) ?? 0) + 1);
      return { evalPassRate: 0.9 };
    },
  };
}

describe.each(databases.eachSupportedId())('two replicas on %s', databaseId => {
  async function replica(
    knex: Awaited<ReturnType<typeof databases.init>>,
    collector: FactCollector,
  ) {
    const store = await DatabaseScorecardStore.fromKnex(knex);
    const { refresh } = testRefreshService({
      store,
      entities,
      collectors: [collector],
      config: {
        schedule: {
          frequency: { minutes: 30 },
          timeout: { seconds: LEASE_SECONDS },
        },
        batchSize: 5,
      },
    });
    return { refresh, store };
  }

  it('score every due service exactly once, and take over the claims of a replica that died mid-cycle', async () => {
    const knex = await databases.init(databaseId);
    const collected = new Map<string, number>();
    let aDies = false;
    const a = await replica(
      knex,
      countingCollector(collected, () => aDies),
    );
    const b = await replica(
      knex,
      countingCollector(collected, () => false),
    );

    // Both replicas run cycles at once until everything due is scored: batches of five,
    // so the replicas claim around each other.
    for (let round = 0; round < 2; round++) {
      await Promise.all([
        a.refresh.runCycle(at(round)),
        b.refresh.runCycle(at(round)),
      ]);
    }
    await b.refresh.runCycle(at(2));
    expect([...collected.values()]).toEqual(Array(SERVICES).fill(1));
    for (const entity of entities) {
      const ref = `component:default/${entity.metadata.name}`;
      const { items } = await b.store.getHistory(ref, {});
      expect(items).toHaveLength(1);
    }

    // Everything falls due again; replica A claims a batch and dies holding it.
    collected.clear();
    const due = at(7 * 3600);
    aDies = true;
    void a.refresh.runCycle(due);
    await waitFor(async () => {
      const claimed = await knex('mlops_services').whereNotNull('claimed_by');
      return claimed.length === 5;
    });
    // Meanwhile a push reaches replica B for a service A holds.
    const held = (
      await knex('mlops_services').whereNotNull('claimed_by').first()
    ).entity_ref as string;
    const pushedEntity = entities.find(
      e => `component:default/${e.metadata.name}` === held,
    )!;
    await new FactsIngestion(b.store, mockServices.logger.mock()).ingest(
      held,
      { facts: [{ source: 'custom', facts: { evalPassRate: 0.42 } }] },
      { sample: false, pushedBy: 'ci' },
    );
    await b.refresh.rescoreFromStoredFacts(pushedEntity);

    // Before the lease ends, B leaves A's services alone.
    await b.refresh.runCycle(new Date(due.getTime() + 1000));
    await b.refresh.runCycle(new Date(due.getTime() + 2000));
    const heldRefs = (
      await knex('mlops_services')
        .whereNotNull('claimed_by')
        .select('entity_ref')
    ).map(r => r.entity_ref as string);
    expect(heldRefs).toHaveLength(5);
    expect(heldRefs.every(ref => !collected.has(ref))).toBe(true);

    // After it, B takes them over and finishes them.
    await b.refresh.runCycle(
      new Date(due.getTime() + (LEASE_SECONDS + 1) * 1000),
    );
    expect(collected.size).toBe(SERVICES);
    expect([...collected.values()]).toEqual(Array(SERVICES).fill(1));
    await expect(
      knex('mlops_services').whereNotNull('claimed_by'),
    ).resolves.toEqual([]);

    // Facts collected again unchanged add no history point; the push was not lost.
    for (const entity of entities) {
      const ref = `component:default/${entity.metadata.name}`;
      const { items } = await b.store.getHistory(ref, {});
      expect(items).toHaveLength(1);
    }
    const heldFacts = await b.store.getFacts(held);
    expect(heldFacts.find(f => f.source === 'custom')?.facts).toEqual({
      evalPassRate: 0.42,
    });
  });
});

async function waitFor(condition: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  throw new Error('condition not met within 5 s');
}
