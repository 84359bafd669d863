import fs from 'fs';
import os from 'os';
import path from 'path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { registryFacts } from '../checks/builtin/testHelpers';
import { testRefreshService } from './__testUtils__/testRefreshService';
import { approveWaiver, localMlService } from './__testUtils__/waiverFixtures';

/*
 * A waiver goes back for approval only when its built-in check fails for another reason,
 * not when the same finding reads a little differently: a repository check's file count
 * after an unrelated commit, or a live source that could not be reached for one cycle.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const REF = 'component:default/churn';
const T0 = new Date('2026-12-01T10:00:00Z');
const upstream = { down: false };

// An MLflow registry where the model was never registered: registry checks fail.
const registry: FactCollector = {
  id: 'registry',
  source: 'registry',
  appliesTo: () => true,
  async collect() {
    if (upstream.down) {
      throw new Error('connect ECONNREFUSED 10.0.0.1:5000');
    }
    return registryFacts({
      model: { name: 'churn', exists: false, description: null, tags: {} },
    });
  },
};

async function withApprovedWaiver(checkId: string) {
  upstream.down = false;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-waiver-reasons-'));
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.12-slim\n');
  const entity = localMlService(root, 'churn');
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseScorecardStore.fromKnex(knex);
  const waivers = await DatabaseWaiverStore.fromKnex(knex);
  const { refresh } = testRefreshService({
    store,
    waivers,
    entities: [entity],
    collectors: [registry],
    config: {},
    repositoryRoot: root,
  });
  const id = await approveWaiver(waivers, {
    entityRef: REF,
    checkId,
    now: T0,
    expiresAt: new Date('2026-12-31T23:59:59.999Z'),
  });
  expect(await refresh.runCycle(T0)).toMatchObject({ rescored: 1 });
  const actions = async () =>
    (await waivers.events(id)).map(event => event.action);
  return { root, refresh, actions };
}

describe('a waiver whose check keeps failing for the same reason', () => {
  afterEach(() => {
    upstream.down = false;
  });

  it('stays approved when an unrelated file changes the count in a repository check', async () => {
    const { root, refresh, actions } = await withApprovedWaiver('exp.tracking');
    fs.writeFileSync(
      path.join(root, 'NOTES.md'),
      '# Notes\n\nHow to run the service locally, in some detail.\n',
    );
    expect(
      await refresh.runCycle(new Date('2026-12-02T10:00:00Z')),
    ).toMatchObject({ rescored: 1 });
    expect(await actions()).toEqual(['requested', 'approved']);
  });

  it('stays approved while its live source is briefly unreachable', async () => {
    const { refresh, actions } = await withApprovedWaiver(
      'registry.model-registered',
    );
    upstream.down = true;
    await refresh.runCycle(new Date('2026-12-02T10:00:00Z'));
    upstream.down = false;
    await refresh.runCycle(new Date('2026-12-03T10:00:00Z'));
    expect(await actions()).toEqual(['requested', 'approved']);
  });
});
