import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { testRefreshService } from './__testUtils__/testRefreshService';

/*
 * How a cycle goes through the whole queue, and how it stops: on the scheduler's signal
 * or a backend shutdown it starts no new service and hands back the ones it did not start.
 */

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = new Date('2026-12-01T10:00:00Z');

const entities: Entity[] = Array.from({ length: 7 }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `svc-${i}`, namespace: 'default' },
  spec: { type: 'ml-service', owner: 'group:default/team' },
}));

/** A collector whose collections wait until `open()` is called; `started` counts them. */
function gatedCollector() {
  let open: () => void = () => {};
  const gate = new Promise<void>(resolve => {
    open = resolve;
  });
  const state = { started: 0, open };
  const collector: FactCollector = {
    id: 'gated',
    source: 'counted',
    appliesTo: () => true,
    async collect() {
      state.started += 1;
      await gate;
      return { evalPassRate: 0.9 };
    },
  };
  return { collector, state };
}

async function setup(collector: FactCollector) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseScorecardStore.fromKnex(knex);
  const { refresh, logger } = testRefreshService({
    store,
    entities,
    collectors: [collector],
    config: {
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      batchSize: 3,
      concurrency: 1,
    },
  });
  const claims = async () =>
    (await knex('mlops_services').whereNotNull('claimed_by')).length;
  return { refresh, store, logger, claims };
}

async function until(condition: () => boolean) {
  while (!condition()) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('RefreshService cycles', () => {
  it('take batch after batch until nothing is due', async () => {
    const { collector, state } = gatedCollector();
    state.open();
    const { refresh, store } = await setup(collector);
    await expect(refresh.runCycle(NOW)).resolves.toMatchObject({
      selected: 7,
      claimed: 7,
      rescored: 7,
      released: 0,
    });
    expect(state.started).toBe(7);
    await expect(store.countDue(NOW)).resolves.toBe(0);
  });

  it('stop on the signal and hand back the services they did not start', async () => {
    const { collector, state } = gatedCollector();
    const { refresh, store, claims } = await setup(collector);
    const signal = new AbortController();
    const cycle = refresh.runCycle(NOW, signal.signal);
    await until(() => state.started === 1);
    signal.abort();
    state.open();
    // The one in flight finishes; the other two of its batch are handed back, and no
    // further batch is claimed.
    await expect(cycle).resolves.toMatchObject({
      claimed: 3,
      rescored: 1,
      released: 2,
    });
    expect(state.started).toBe(1);
    await expect(claims()).resolves.toBe(0);
    await expect(store.countDue(NOW)).resolves.toBe(6);
  });

  it('wind down on shutdown, finishing the services in flight within the grace time', async () => {
    const { collector, state } = gatedCollector();
    const { refresh, store, claims } = await setup(collector);
    const cycle = refresh.runCycle(NOW);
    await until(() => state.started === 1);
    const stopped = refresh.shutdown(10_000);
    state.open();
    await stopped;
    await expect(cycle).resolves.toMatchObject({ rescored: 1, released: 2 });
    await expect(claims()).resolves.toBe(0);
    await expect(store.countDue(NOW)).resolves.toBe(6);
    // A stopped service starts no more cycles' work.
    await expect(refresh.runCycle(NOW)).resolves.toMatchObject({
      claimed: 0,
    });
  });

  it('hand back the claims of services still in flight when the grace time ends', async () => {
    const { collector, state } = gatedCollector();
    const { refresh, store, logger, claims } = await setup(collector);
    const cycle = refresh.runCycle(NOW);
    await until(() => state.started === 1);
    await refresh.shutdown(50);
    await expect(claims()).resolves.toBe(0);
    await expect(store.countDue(NOW)).resolves.toBe(7);
    expect(logger.warn).toHaveBeenCalledWith(
      'MLOps maturity: stopped with 3 claimed services unfinished after 50 ms; handed back 3 of their claims',
    );
    // The late service finishes before the test's database goes: a cycle left running
    // would fail on it after the test, and its rejection would land in whichever test
    // file the worker runs next. The shutdown had handed its batch back already.
    state.open();
    await expect(cycle).resolves.toMatchObject({ rescored: 1, released: 0 });
  });
});
