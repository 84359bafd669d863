import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import { execFileSync } from 'child_process';
import knexFactory, { Knex } from 'knex';
import { LoopbackMlflow } from './lib/loopbackMlflow';
import { Replica, startReplica, waitUntilServing } from './lib/backendReplica';

/*
 * Two processes of the product's backend share one PostgreSQL, as two replicas would in
 * production, and score a catalog of ML services whose registry is an MLflow stand-in on
 * the loopback interface. One replica is killed (SIGKILL) mid-cycle, and later the one
 * running a cycle is stopped (SIGTERM); the other carries on each time.
 */

jest.setTimeout(15 * 60_000);

const SERVICES = 40;
/** The refresh task's timeout, and so the lease of a replica's claims. */
const LEASE_SECONDS = 20;
const TOKEN = `replicas-${randomBytes(12).toString('hex')}`;
const PREFIX = `mlops_replicas_${randomBytes(4).toString('hex')}_`;
const PLUGIN_DATABASE = `${PREFIX}mlops-maturity`;

function postgresConnection(): string {
  const key = Object.keys(process.env).find(name =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
  );
  if (!key) {
    throw new Error(
      'This test needs PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (scripts/services.sh does)',
    );
  }
  return process.env[key]!.replace(/\/+$/, '');
}

/** Restarts the machine's PostgreSQL cluster, as an operator or a failover would. */
function restartPostgres() {
  const versions = fs.existsSync('/etc/postgresql')
    ? fs.readdirSync('/etc/postgresql').sort((x, y) => Number(x) - Number(y))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'This test restarts PostgreSQL with pg_ctlcluster; no cluster is configured under /etc/postgresql',
    );
  }
  execFileSync('pg_ctlcluster', [
    '--skip-systemctl-redirect',
    versions[versions.length - 1],
    'main',
    'restart',
    '-m',
    'fast',
  ]);
}

const name = (index: number) => `svc-${String(index).padStart(2, '0')}`;
const refOf = (index: number) => `component:default/${name(index)}`;

function catalogYaml(services: number, costCenter?: string): string {
  const documents = [
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: ml-team }\nspec: { type: team, children: [] }\n',
  ];
  for (let i = 0; i < services; i++) {
    const annotations = [
      `mlflow.org/instance: replicas`,
      `mlflow.org/registered-model: model-${i}`,
      ...(costCenter ? [`mlops-maturity.io/cost-center: ${costCenter}`] : []),
    ];
    documents.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name(
        i,
      )}\n  annotations: { ${annotations.join(
        ', ',
      )} }\nspec: { type: ml-service, owner: group:default/ml-team, lifecycle: production }\n`,
    );
  }
  return documents.join('---\n');
}

/** The end of every replica's log, for a failure message. */
let logTails = () => '';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value) {
        return value;
      }
    } catch (error) {
      // The database restarting, say; the probe is tried again.
      lastError = ` (last probe failed: ${error})`;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting until ${what}${lastError}${logTails()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe('two backend replicas on one PostgreSQL', () => {
  const connection = postgresConnection();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-replicas-'));
  const catalogFile = path.join(dir, 'catalog.yaml');
  // About half a second per collection: a cycle of 40 services takes seconds, long
  // enough to stop a replica in the middle of one.
  const mlflow = new LoopbackMlflow(150);
  const replicas: Replica[] = [];
  let db: Knex;
  logTails = () =>
    replicas
      .map(r => `\n--- replica ${r.name}:\n${r.log().slice(-3000)}`)
      .join('');

  function writeConfig(port: number): string {
    const file = path.join(dir, `config-${port}.json`);
    const config = {
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'pg', connection, prefix: PREFIX },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'replicas-test' },
            },
          ],
        },
      },
      catalog: {
        rules: [{ allow: ['Component', 'Group', 'Location'] }],
        locations: [{ type: 'file', target: catalogFile }],
        processingInterval: { seconds: 2 },
      },
      permission: { enabled: true },
      mlopsMaturity: {
        schedule: {
          frequency: { minutes: 30 },
          timeout: { seconds: LEASE_SECONDS },
          initialDelay: { seconds: 1 },
        },
        discoverySchedule: {
          frequency: { seconds: 2 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 1 },
        },
        batchSize: 5,
        concurrency: 2,
        retryFailedAfterMinutes: 0.1,
        mlflow: { instances: [{ name: 'replicas', baseUrl: mlflow.baseUrl }] },
      },
    };
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  async function start(replicaName: string, port: number): Promise<Replica> {
    const replica = startReplica({
      name: replicaName,
      port,
      configFiles: [writeConfig(port)],
      logDir: dir,
    });
    replicas.push(replica);
    return replica;
  }

  const api = (replica: Replica, route: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${replica.port}/api/mlops-maturity${route}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
    });

  const claims = () =>
    db('mlops_services')
      .whereNotNull('claimed_by')
      .andWhere('claimed_until', '>', new Date())
      .select('entity_ref', 'claimed_by');
  const claimsOf = async (replica: Replica) =>
    (await claims()).filter(
      c => c.claimed_by.split(':')[1] === `${replica.pid}`,
    );
  const scored = async () =>
    (await db('mlops_scorecards').select('entity_ref')).map(
      r => r.entity_ref as string,
    );
  const due = async () =>
    Number(
      (
        await db('mlops_services')
          .count({ n: '*' })
          .where('next_due_at', '<=', new Date())
      )[0].n,
    );

  /** Services scored since their entities gained a cost center: they no longer fail it. */
  const costCenterPasses = async () =>
    SERVICES -
    Number(
      (
        await db('mlops_check_statuses')
          .count({ n: '*' })
          .where({ check_id: 'gov.cost-center', status: 'fail' })
      )[0].n,
    );

  /**
   * The replica running the refresh cycle (the one whose claims are in the queue), once
   * `ready` holds while it runs.
   */
  async function runningReplica(
    what: string,
    ready: () => Promise<boolean>,
  ): Promise<Replica> {
    return waitFor(
      what,
      async () => {
        if (!(await ready())) {
          return undefined;
        }
        const held = await claims();
        const pid = held[0]?.claimed_by.split(':')[1];
        return replicas.find(r => r.alive() && `${r.pid}` === pid);
      },
      180_000,
    );
  }

  beforeAll(async () => {
    await mlflow.start();
    fs.writeFileSync(catalogFile, catalogYaml(0));
    // One after the other, as a rolling deployment starts them: started together on an
    // empty database, two backends race for the catalog's migration lock and one fails
    // (knex's MigrationLocked).
    await waitUntilServing(await start('a', 7171), TOKEN);
    await waitUntilServing(await start('b', 7172), TOKEN);
    db = knexFactory({
      client: 'pg',
      connection: `${connection}/${PLUGIN_DATABASE}`,
      pool: { min: 0, max: 2 },
    });
  });

  afterAll(async () => {
    for (const replica of replicas.filter(r => r.alive())) {
      process.kill(replica.pid, 'SIGKILL');
      await replica.exited;
    }
    await db?.destroy();
    await mlflow.stop();
    const admin = knexFactory({
      client: 'pg',
      connection: `${connection}/postgres`,
    });
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${PREFIX}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('drop database if exists ??', [datname]);
    }
    await admin.destroy();
    if (!process.env.MLOPS_REPLICAS_KEEP_LOGS) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('score every service once; when the replica running the cycle is killed, the other finishes its claims after the lease', async () => {
    fs.writeFileSync(catalogFile, catalogYaml(SERVICES));
    const victim = await runningReplica(
      'a replica is in the middle of a cycle that has scored a few services',
      async () => (await scored()).length >= 8,
    );
    const survivor = replicas.find(r => r !== victim)!;

    // Killed the moment it is seen holding claims: a cycle between two batches, or one
    // that has run its course, holds none.
    process.kill(victim.pid, 'SIGKILL');
    await expect(victim.exited).resolves.toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    // What it held when it died: claims that only the lease can end.
    const heldAtDeath = new Set(
      (await claims())
        .filter(c => c.claimed_by.split(':')[1] === `${victim.pid}`)
        .map(c => c.entity_ref as string),
    );
    expect(heldAtDeath.size).toBeGreaterThan(0);
    const scoredBeforeKill = await scored();

    // Pushes reach the other replica while those claims stand: for a service already
    // scored, one the dead replica holds and one nobody has reached yet.
    const held = [...heldAtDeath];
    const all = Array.from({ length: SERVICES }, (_, i) => refOf(i));
    const pushedRefs = [
      scoredBeforeKill[0],
      held[0],
      all.find(ref => !held.includes(ref) && !scoredBeforeKill.includes(ref))!,
    ];
    for (const ref of pushedRefs) {
      const response = await api(
        survivor,
        `/facts/${ref.replace(/^component:default\//, 'component/default/')}`,
        {
          method: 'POST',
          body: JSON.stringify({
            facts: [{ source: 'custom', facts: { pushedFor: ref } }],
          }),
        },
      );
      expect(response.status).toBe(200);
    }

    // The survivor keeps answering, and finishes everything once the lease has passed.
    expect((await api(survivor, '/status')).status).toBe(200);
    await waitFor(
      'every service is scored and nothing is claimed or due',
      async () =>
        (await scored()).length === SERVICES &&
        (await claims()).length === 0 &&
        (await due()) === 0,
      240_000,
    );

    // Collected once each; those the victim held when it died at most twice.
    const collections = all.map((ref, i) => ({
      ref,
      held: heldAtDeath.has(ref),
      collections: mlflow.collections.get(`model-${i}`) ?? 0,
    }));
    const others = collections.filter(c => !c.held);
    expect(others).toEqual(others.map(c => ({ ...c, collections: 1 })));
    const heldCollections = collections.filter(c => c.held);
    expect(
      heldCollections.filter(c => c.collections < 1 || c.collections > 2),
    ).toEqual([]);
    // One history point per service. A push re-scores at once, so a service pushed to
    // before its registry was collected gains a second point when the collection changes
    // its score; never are two points in a row identical.
    const points = await db('mlops_scorecard_history')
      .select('entity_ref', 'level', 'score', 'coverage')
      .orderBy(['entity_ref', 'evaluated_at', 'id']);
    for (const ref of all) {
      const own = points.filter(p => p.entity_ref === ref);
      const most = pushedRefs.includes(ref) ? 2 : 1;
      expect({ ref, points: own.length }).toEqual({
        ref,
        points: Math.min(Math.max(own.length, 1), most),
      });
      for (let i = 1; i < own.length; i++) {
        expect(own[i]).not.toEqual(own[i - 1]);
      }
    }
    // No push was lost or overwritten by a collection.
    const pushed = await db('mlops_facts')
      .where({ source: 'custom' })
      .select('entity_ref', 'facts', 'origin');
    expect(
      pushed
        .map(row => ({
          ref: row.entity_ref,
          facts: JSON.parse(row.facts),
          origin: row.origin,
        }))
        .sort((x, y) => x.ref.localeCompare(y.ref)),
    ).toEqual(
      [...pushedRefs].sort().map(ref => ({
        ref,
        facts: { pushedFor: ref },
        origin: 'push',
      })),
    );
    expect(survivor.log()).toMatch(/MLOps maturity cycle: 40 selected/);
  });

  it('hand back the unstarted services when the replica running the cycle is stopped with SIGTERM', async () => {
    // A replacement for the killed replica joins.
    const replacement = await start('c', 7173);
    await waitUntilServing(replacement, TOKEN);
    const before = mlflow.collections.get('model-0') ?? 0;
    // Every entity changes, so every service is due again.
    fs.writeFileSync(catalogFile, catalogYaml(SERVICES, 'CC-7'));
    const stopping = await runningReplica(
      'a replica is in the middle of a cycle that has re-scored a few services',
      async () => (await costCenterPasses()) >= 5,
    );
    const other = replicas.find(r => r.alive() && r !== stopping)!;
    expect(await claimsOf(stopping)).not.toHaveLength(0);

    const otherLogBefore = other.log().length;
    process.kill(stopping.pid, 'SIGTERM');
    const exit = await stopping.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // Handed back at once, long before the lease would have ended them.
    expect(await claimsOf(stopping)).toEqual([]);
    expect(stopping.log()).toMatch(/handed back \(shutting down\)/);

    expect((await api(other, '/status')).status).toBe(200);
    await waitFor(
      'every service is re-scored with the new entity and nothing is claimed or due',
      async () => {
        return (
          (await costCenterPasses()) === SERVICES &&
          (await claims()).length === 0 &&
          (await due()) === 0
        );
      },
      240_000,
    );
    // The stopped replica ended its scheduler run too: the other one ran the task at once,
    // not after the run's timeout.
    expect(other.log().slice(otherLogBefore)).not.toContain(
      'Task timed out and was lost',
    );
    expect(mlflow.collections.get('model-0')).toBeGreaterThan(before);
    const card = await (
      await api(other, '/scorecards/component/default/svc-39')
    ).json();
    expect(
      card.checks.find((c: { id: string }) => c.id === 'gov.cost-center')
        ?.status,
    ).toBe('pass');
  });
  it('carry on when PostgreSQL restarts mid-cycle: they keep answering, keep the last scores, and score everything once it is back', async () => {
    // A replacement for the stopped replica joins.
    const replacement = await start('d', 7174);
    await waitUntilServing(replacement, TOKEN);
    const live = replicas.filter(r => r.alive());
    expect(live).toHaveLength(2);
    const registryFailures = async () =>
      Number(
        (
          await db('mlops_check_statuses')
            .count({ n: '*' })
            .where('status', 'fail')
            .where('check_id', 'like', 'registry.%')
        )[0].n,
      );
    expect(await registryFailures()).toBe(0);
    const phaseStart = new Date();
    const rescoredSince = async () =>
      Number(
        (
          await db('mlops_scorecards')
            .count({ n: '*' })
            .where('evaluated_at', '>', phaseStart)
        )[0].n,
      );
    const logsBefore = new Map(live.map(r => [r, r.log().length]));
    // Every entity changes again, so every service is due.
    fs.writeFileSync(catalogFile, catalogYaml(SERVICES, 'CC-8'));
    const runner = await runningReplica(
      'a replica is in the middle of a cycle that has re-scored a few services',
      async () => (await rescoredSince()) >= 5,
    );

    restartPostgres();

    // Both processes live through it and answer again once the database is back.
    for (const replica of live) {
      expect(replica.alive()).toBe(true);
      await waitFor(
        `replica ${replica.name} answers /status again`,
        async () => (await api(replica, '/status')).status === 200,
        60_000,
      );
    }
    // The services the restart interrupted are tried again; in the end every one is
    // scored from the new entity, and no check fails because of the outage.
    await waitFor(
      'every service is re-scored and nothing is claimed or due',
      async () =>
        (await rescoredSince()) === SERVICES &&
        (await claims()).length === 0 &&
        (await due()) === 0,
      300_000,
    );
    expect(await registryFailures()).toBe(0);
    expect(live.every(r => r.alive())).toBe(true);
    // Connections cut mid-query fail their service, which is logged as a warning naming
    // it; the pool waits out the restart for the others, so how many fail varies.
    const phaseLog = live.map(r => r.log().slice(logsBefore.get(r))).join('\n');
    const warned = phaseLog.match(
      /warn.*MLOps maturity evaluation of component:default\/svc-\d+ failed/g,
    );
    const failedInCycles = [
      ...phaseLog.matchAll(/MLOps maturity cycle: .*?, (\d+) failed/g),
    ].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(warned?.length ?? 0).toBe(failedInCycles);
    expect(runner.alive()).toBe(true);
  });
});
