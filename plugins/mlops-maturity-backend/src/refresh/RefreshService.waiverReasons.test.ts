import fs from 'fs';
import os from 'os';
import path from 'path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { testRefreshService } from './__testUtils__/testRefreshService';

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
    return {
      provider: 'mlflow',
      instance: 'prod',
      model: { name: 'churn', exists: false, description: null, tags: {} },
      versions: [],
      aliases: {},
      productionVersion: null,
      productionRun: null,
      createdAt: null,
      lastUpdatedAt: null,
    };
  },
};

async function withApprovedWaiver(checkId: string) {
  upstream.down = false;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-waiver-reasons-'));
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.12-slim\n');
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'churn',
      namespace: 'default',
      annotations: { 'backstage.io/source-location': `file:${root}/` },
    },
    spec: { type: 'ml-service', owner: 'group:default/team' },
  };
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
  const waiver = await waivers.request({
    entityRef: REF,
    checkId,
    reason: 'Waits for the platform migration',
    expiresAt: new Date('2026-12-31T23:59:59.999Z'),
    actor: 'user:default/owner',
    now: T0,
  });
  await waivers.decide({
    id: waiver.id,
    decision: 'approve',
    actor: 'group:default/platform',
    now: T0,
  });
  expect(await refresh.runCycle(T0)).toMatchObject({ rescored: 1 });
  const actions = async () =>
    (await waivers.events(waiver.id)).map(event => event.action);
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
