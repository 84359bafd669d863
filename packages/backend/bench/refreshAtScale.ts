/* eslint-disable no-console */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import knexFactory from 'knex';
import { LoopbackGithub } from '@mlops-maturity/backstage-plugin-mlops-maturity-backend-module-github/testUtils';
import { loopbackPrometheus } from '@mlops-maturity/backstage-plugin-mlops-maturity-backend-module-prometheus/testUtils';
import { startReplica, waitUntilServing } from '../e2e/lib/backendReplica';
import { LoopbackMlflow } from '../e2e/lib/loopbackMlflow';

/**
 * A full refresh of N services by the product's backend, run as its own process (the
 * scheduler, the refresh cycle, every store write, embedded SQLite), against stand-ins on
 * the loopback interface: GitHub enforcing its rules for one token (5,000 counted requests
 * per window, 304s free, a secondary limit on concurrent requests), MLflow and
 * Prometheus, each with latency per request. Budget windows last `--window-seconds` (20) instead of an hour, so
 * that a cold refresh, which needs several, runs in minutes.
 *
 * It prints what an operator would follow in `GET /status` while it runs, then the cold
 * (first) and warm (every entity changed, so every service is collected again) full-cycle
 * times and the requests each spent.
 *
 * Usage: yarn mlops-maturity-refresh-at-scale [services=10000] [--window-seconds 20]
 *   [--latency-ms 5] [--processing-interval-seconds 100]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const SERVICES = Number(args.find(a => /^\d+$/.test(a)) ?? 10_000);
const WINDOW_MS = option('--window-seconds', 20) * 1000;
const LATENCY_MS = option('--latency-ms', 5);
/** How often the catalog re-reads its locations; 100 s is the low end of Backstage's default. */
const PROCESSING_INTERVAL_SECONDS = option(
  '--processing-interval-seconds',
  100,
);
const BUDGET = 5000;
/** A pass that collects nothing for this long is reported as stalled, not waited for. */
const STALL_MS = 5 * 60_000;
const PORT = 7191;
const TOKEN = `bench-${randomBytes(12).toString('hex')}`;
const GITHUB_TOKEN = 'ghp_refreshbench000000000000000000000000';

const name = (index: number) => `svc-${String(index).padStart(5, '0')}`;

/**
 * The services sit in files of up to 100 entities behind one Location, as organisations
 * split their catalogs: the catalog re-reads a file of 10,000 documents as one unit, which
 * would measure the YAML parser rather than the refresh.
 */
const SERVICES_PER_FILE = 100;
const PARTS = Math.ceil(SERVICES / SERVICES_PER_FILE);
const partFile = (part: number) => `part-${String(part).padStart(3, '0')}.yaml`;

function rootCatalogYaml(): string {
  const targets = Array.from(
    { length: PARTS },
    (_, part) => `./${partFile(part)}`,
  );
  return [
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: ml }\nspec: { type: team, children: [] }\n',
    `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: bench-services }\nspec: { targets: ${JSON.stringify(
      targets,
    )} }\n`,
  ].join('---\n');
}

/** Writes every service, with `costCenter` as the change a pass makes to each of them. */
function writeServices(dir: string, costCenter: string | undefined) {
  for (let part = 0; part < PARTS; part++) {
    const documents: string[] = [];
    for (
      let i = part * SERVICES_PER_FILE;
      costCenter && i < Math.min(SERVICES, (part + 1) * SERVICES_PER_FILE);
      i++
    ) {
      documents.push(
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name(
          i,
        )}\n  annotations: { github.com/project-slug: acme/${name(
          i,
        )}, mlflow.org/instance: bench, mlflow.org/registered-model: model-${i}, prometheus.io/instance: bench, prometheus.io/job: ${name(
          i,
        )}, mlops-maturity.io/cost-center: ${costCenter} }\nspec: { type: ml-service, owner: group:default/ml, lifecycle: production }\n`,
      );
    }
    fs.writeFileSync(path.join(dir, partFile(part)), documents.join('---\n'));
  }
}

interface Status {
  queue: { total: number; due: number; inProgress: number; nextDueAt?: string };
  collectors: {
    id: string;
    deferred?: number;
    budgets?: { host: string; remaining: number; resetAt: string }[];
  }[];
}

/** A figure of the backend process's memory, from procfs. */
function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .match(new RegExp(`${field}:\\s+(\\d+)`));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-refresh-bench-'));
  const github = new LoopbackGithub({
    token: GITHUB_TOKEN,
    budget: BUDGET,
    windowMs: WINDOW_MS,
    latencyMs: LATENCY_MS,
  });
  const mlflow = new LoopbackMlflow(LATENCY_MS);
  const prometheus = loopbackPrometheus({ latencyMs: LATENCY_MS });
  await github.start();
  await mlflow.start();
  await prometheus.start();
  const catalogFile = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(catalogFile, rootCatalogYaml());
  writeServices(dir, undefined);
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${PORT}`,
        listen: { port: PORT, host: '127.0.0.1' },
        database: {
          client: 'better-sqlite3',
          connection: { directory: dir },
        },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ],
        },
      },
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: `${github.origin}/api/v3`,
            token: GITHUB_TOKEN,
          },
        ],
      },
      catalog: {
        rules: [{ allow: ['Component', 'Group', 'Location'] }],
        locations: [{ type: 'file', target: catalogFile }],
        processingInterval: { seconds: PROCESSING_INTERVAL_SECONDS },
      },
      mlopsMaturity: {
        schedule: {
          frequency: { minutes: 30 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 1 },
        },
        discoverySchedule: {
          frequency: { seconds: 5 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 1 },
        },
        // Every GitHub service's answers stay in the conditional-request cache.
        upstream: { maxCacheEntries: SERVICES * 10 },
        mlflow: { instances: [{ name: 'bench', baseUrl: mlflow.baseUrl }] },
        prometheus: {
          instances: [{ name: 'bench', baseUrl: prometheus.origin }],
        },
      },
    }),
  );

  const backend = startReplica({
    name: 'backend',
    port: PORT,
    configFiles: [configFile],
    logDir: dir,
  });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'mlops-maturity.sqlite') },
    useNullAsDefault: true,
  });
  let succeeded = false;
  try {
    await waitUntilServing(backend, TOKEN);
    // A loaded backend may drop a kept-alive connection as it is reused; ask again.
    const status = async (attempt = 1): Promise<Status> => {
      try {
        const response = await fetch(
          `http://127.0.0.1:${PORT}/api/mlops-maturity/status`,
          { headers: { Authorization: `Bearer ${TOKEN}` } },
        );
        return await response.json();
      } catch (error) {
        if (attempt >= 5 || !backend.alive()) {
          throw error;
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
        return status(attempt + 1);
      }
    };

    /** Services whose CI, registry and monitoring facts were all collected without error since `since`. */
    const collectedSince = async (since: Date) => {
      const rows = await db
        .from(
          db('mlops_facts')
            .select('entity_ref')
            .whereIn('source', ['ci', 'registry', 'monitoring'])
            .whereNull('error')
            .where('attempted_at', '>=', since)
            .groupBy('entity_ref')
            .havingRaw('count(*) = 3')
            .as('collected'),
        )
        .count({ n: '*' });
      return Number(rows[0].n);
    };

    /** How many services the catalog serves with this pass's change. */
    const inCatalog = async (costCenter: string): Promise<number> => {
      const filter = `kind=component,metadata.annotations.mlops-maturity.io/cost-center=${costCenter}`;
      const response = await fetch(
        `http://127.0.0.1:${PORT}/api/catalog/entities/by-query?${new URLSearchParams(
          { filter, limit: '1', fields: 'metadata.name' },
        )}`,
        { headers: { Authorization: `Bearer ${TOKEN}` } },
      );
      return (await response.json()).totalItems;
    };

    const pass = async (label: string, costCenter: string) => {
      const counts = { ...github.counts, answered: github.answered() };
      const mlflowBefore = [...mlflow.collections.values()].reduce(
        (a, b) => a + b,
        0,
      );
      const prometheusBefore = prometheus.requests;
      const start = new Date();
      writeServices(dir, costCenter);
      let lastReport = 0;
      let pickedUpAt: number | undefined;
      let catalogHeldAt: number | undefined;
      let catalogCount = 0;
      let progress = { collected: -1, at: Date.now() };
      for (;;) {
        const collected = await collectedSince(start);
        if (collected !== progress.collected) {
          progress = { collected, at: Date.now() };
        } else if (Date.now() - progress.at > STALL_MS) {
          throw new Error(
            `${label}: no service collected for ${
              STALL_MS / 60_000
            } minutes, at ${collected}/${SERVICES}`,
          );
        }
        const now = await status();
        if (catalogHeldAt === undefined) {
          catalogCount = await inCatalog(costCenter);
          if (catalogCount === SERVICES) {
            catalogHeldAt = Date.now();
          }
        }
        if (
          pickedUpAt === undefined &&
          (collected > 0 || now.queue.due + now.queue.inProgress > 0)
        ) {
          pickedUpAt = Date.now();
        }
        if (Date.now() - lastReport >= 10_000 || collected === SERVICES) {
          lastReport = Date.now();
          const actions = now.collectors.find(c => c.id === 'github-actions');
          const budget = actions?.budgets?.[0];
          console.log(
            `  ${label} ${Math.round(
              (Date.now() - start.getTime()) / 1000,
            )} s: catalog serves ${catalogCount}/${SERVICES} changed; ${collected}/${SERVICES} collected; queue ${
              now.queue.due
            } due, ${now.queue.inProgress} in progress, next due ${
              now.queue.nextDueAt ?? '-'
            }; GitHub budget ${
              budget ? `${budget.remaining} left until ${budget.resetAt}` : '-'
            }, ${
              actions?.deferred ?? 0
            } requests held back; backend RSS ${memoryMiB(
              backend.pid,
              'VmRSS',
            )} MiB`,
          );
        }
        if (
          collected === SERVICES &&
          now.queue.due === 0 &&
          now.queue.inProgress === 0
        ) {
          break;
        }
        if (!backend.alive()) {
          throw new Error(`the backend exited:\n${backend.log().slice(-3000)}`);
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      const seconds = (Date.now() - start.getTime()) / 1000;
      const pickedUp = ((pickedUpAt ?? Date.now()) - start.getTime()) / 1000;
      const catalogHeld =
        ((catalogHeldAt ?? Date.now()) - start.getTime()) / 1000;
      const counted = github.counts.ok - counts.ok;
      const mlflowCollections =
        [...mlflow.collections.values()].reduce((a, b) => a + b, 0) -
        mlflowBefore;
      return {
        seconds,
        pickedUp,
        catalogHeld,
        counted,
        requests: github.answered() - counts.answered,
        notModified: github.counts.notModified - counts.notModified,
        mlflowCollections,
        prometheusRequests: prometheus.requests - prometheusBefore,
      };
    };

    console.log(
      `Refresh of ${SERVICES} services by the backend process: GitHub budget ${BUDGET} per ${
        WINDOW_MS / 1000
      } s window, ${LATENCY_MS} ms latency per GitHub, MLflow and Prometheus request`,
    );
    const cold = await pass('cold', 'CC-1');
    const warm = await pass('warm', 'CC-2');
    for (const [label, result] of [
      ['Cold', cold],
      ['Warm', warm],
    ] as const) {
      console.log(
        `${label} full refresh: ${result.seconds.toFixed(
          1,
        )} s from the catalog change to every service collected and scored (the first due after ${result.pickedUp.toFixed(
          1,
        )} s; the catalog served every change after ${result.catalogHeld.toFixed(
          1,
        )} s and the last service was scored ${(
          result.seconds - result.catalogHeld
        ).toFixed(1)} s later); GitHub: ${result.requests} requests, ${
          result.counted
        } counted against the budget (${(result.counted / SERVICES).toFixed(
          2,
        )} per service), ${result.notModified} answered 304; MLflow: ${
          result.mlflowCollections
        } model collections; Prometheus: ${result.prometheusRequests} requests`,
      );
    }
    console.log(
      `The warm refresh ${
        warm.counted <= BUDGET ? 'fits' : 'does not fit'
      } one hour's budget: ${
        warm.counted
      } of ${BUDGET} requests. The cold one needs ${(
        cold.counted / BUDGET
      ).toFixed(1)} hours of budget. GitHub stand-in over both: ${
        github.windows
      } budget windows, ${
        github.counts.primaryLimited
      } refused for the primary limit, ${
        github.counts.secondaryLimited
      } for the secondary limit.`,
    );
    console.log(
      `Backend process peak RSS ${memoryMiB(backend.pid, 'VmHWM')} MiB`,
    );
    succeeded = true;
  } finally {
    process.kill(backend.pid, 'SIGTERM');
    await backend.exited;
    await db.destroy();
    await github.stop();
    await mlflow.stop();
    await prometheus.stop();
    if (succeeded) {
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      console.error(`The backend's log is kept in ${backend.logFile}`);
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
