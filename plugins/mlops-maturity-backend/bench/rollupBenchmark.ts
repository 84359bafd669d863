/* eslint-disable no-console */
import assert from 'assert';
import os from 'os';
import path from 'path';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import {
  CheckResult,
  CheckStatus,
  Flavor,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { builtinChecks } from '../src/checks/builtin';
import { DatabaseRollupStore } from '../src/database/DatabaseRollupStore';
import { DatabaseScorecardStore } from '../src/database/DatabaseScorecardStore';
import { ServiceScope } from '../src/database/ServiceScope';
import { CheckRegistry } from '../src/engine/CheckRegistry';
import { computeScorecard } from '../src/engine/computeScorecard';

/**
 * Latency of the rollup and services endpoints' store calls on embedded SQLite (a file)
 * and PostgreSQL, over an organisation of N services: 8 domains with subdomains two
 * levels deep, 39 groups in three levels, 160 systems, 61 checks per service, and
 * daily snapshots. Services are seeded through the store's bulk save. Each query runs
 * for three callers: one who may read everything, one who may not read 1% of the
 * services, and one who may read only 1%; the last two must agree with each other's
 * complement exactly, or the run fails. Prints p50/p95/max per query, the seeding
 * time and the peak RSS; it asserts no timings (CI runs `--quick` so it never rots).
 * Usage: yarn mlops-maturity-rollup-bench [services=10000] [sqlite|postgres|both] [requests=60] [--quick]
 * (MLOPS_BENCH_KEEP_DATABASE=1 keeps the PostgreSQL database, to look at query plans.)
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const [serviceCount = quick ? 1_000 : 10_000, requests = quick ? 5 : 60] = args
  .filter(arg => /^\d+$/.test(arg))
  .map(Number);
const which =
  args.find(arg => ['sqlite', 'postgres', 'both'].includes(arg)) ?? 'both';
const SNAPSHOT_DAYS = quick ? 7 : 90;
/** Scorecards per bulk save: about 20 MB of JSON. */
const SEED_BATCH = 500;
const TARGET_MS = serviceCount <= 10_000 ? 50 : 200;
const FIRST_DAY = Date.parse('2026-01-01T00:00:00Z');
const day = (index: number) =>
  new Date(FIRST_DAY + index * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const domain = (position: number[]) => `domain:default/d${position.join('-')}`;
const group = (position: number[]) => `group:default/g${position.join('-')}`;

/** Domain chains, closest first: 8 top domains, 2 subdomains each, half with one more. */
const DOMAIN_CHAINS: string[][] = [];
for (let top = 0; top < 8; top++) {
  DOMAIN_CHAINS.push([domain([top])]);
  for (let sub = 0; sub < 2; sub++) {
    DOMAIN_CHAINS.push([domain([top, sub]), domain([top])]);
    if ((top + sub) % 2 === 0) {
      DOMAIN_CHAINS.push([
        domain([top, sub, 0]),
        domain([top, sub]),
        domain([top]),
      ]);
    }
  }
}

/** Group chains, closest first: 3 divisions, 3 departments each, 3 teams each. */
const TEAM_CHAINS: string[][] = [];
const DEPARTMENT_CHAINS: string[][] = [];
for (let division = 0; division < 3; division++) {
  for (let department = 0; department < 3; department++) {
    DEPARTMENT_CHAINS.push([group([division, department]), group([division])]);
    for (let team = 0; team < 3; team++) {
      TEAM_CHAINS.push([
        group([division, department, team]),
        group([division, department]),
        group([division]),
      ]);
    }
  }
}

/** The effective built-in catalogue and one custom check, as the backend builds it. */
const DEFINITIONS = CheckRegistry.create({
  checks: builtinChecks,
  overrides: {},
  customChecks: [
    {
      id: 'org.has-runbook',
      title: 'Has a runbook',
      dimension: 'governance',
      level: 1,
      persona: 'devops',
      remediation: 'Link a runbook.',
      rule: { fact: 'catalog.linksByType.runbook', exists: true },
    },
  ],
}).definitions();

function makeScorecard(index: number) {
  const next = random(index + 1);
  const chainIndex = index % DOMAIN_CHAINS.length;
  const domainPath = DOMAIN_CHAINS[chainIndex];
  // Mature and immature domains: the pass rate depends on the top domain.
  const passRate =
    0.45 + 0.06 * Number(domainPath[domainPath.length - 1].slice(-1));
  const ownerPath =
    next() < 0.85
      ? TEAM_CHAINS[index % TEAM_CHAINS.length]
      : DEPARTMENT_CHAINS[index % DEPARTMENT_CHAINS.length];
  const flavor: Flavor = next() < 0.2 ? 'llm' : 'ml';
  const checks: CheckResult[] = DEFINITIONS.map(definition => {
    let status: CheckStatus;
    const roll = next();
    if (!definition.flavors.includes(flavor)) {
      status = 'not-applicable';
    } else if (roll < 0.1) {
      status = 'unknown';
    } else if (roll < 0.12) {
      status = 'waived';
    } else {
      status = roll < 0.12 + passRate * 0.88 ? 'pass' : 'fail';
    }
    return {
      id: definition.id,
      title: definition.title,
      dimension: definition.dimension,
      level: definition.level,
      required: definition.required,
      weight: definition.weight,
      persona: definition.persona,
      status,
      message: `Evaluated ${definition.id} for service ${index}.`,
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: `${definition.id} evidence`,
        },
      ],
      remediation: definition.remediation,
      ...(definition.docsUrl && { docsUrl: definition.docsUrl }),
    };
  });
  const maybe = (probability: number, value: number) =>
    next() < probability ? value : undefined;
  return computeScorecard({
    entityRef: `component:default/svc-${index}`,
    flavor,
    evaluatedAt: new Date(),
    checks,
    metrics: {
      timeToProductionDays: maybe(0.7, Math.round(5 + next() * 200)),
      deploysLast30d: maybe(0.8, Math.round(next() * 40)),
      modelAgeDays: maybe(0.6, Math.round(next() * 120)),
      ciSuccessRate: maybe(0.75, Math.round(next() * 100) / 100),
    },
    owner: ownerPath[0],
    system: `system:default/system-${chainIndex}-${index % 5}`,
    domain: domainPath[0],
    domainPath,
    ownerPath,
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
/** The process's peak resident set so far; maxRSS is in kilobytes. */
const peakRss = () => mib(process.resourceUsage().maxRSS * 1024);

async function measure(call: () => Promise<unknown>) {
  await call(); // warm-up: query plans and the JIT
  const latencies: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
  };
}

/**
 * Saves the services in batches through the store's bulk save. The next batch is
 * generated while earlier ones are written, with up to two writes in flight so that
 * PostgreSQL can use a second core (SQLite writes one at a time).
 */
async function seedServices(scorecards: DatabaseScorecardStore) {
  const writing = new Set<Promise<void>>();
  for (let start = 0; start < serviceCount; start += SEED_BATCH) {
    const batch = [];
    for (
      let index = start;
      index < Math.min(start + SEED_BATCH, serviceCount);
      index++
    ) {
      batch.push({
        scorecard: makeScorecard(index),
        inputsHash: `hash-${index}`,
      });
      if (index % 50 === 0) {
        // Lets the writes in flight send their next statements.
        await new Promise(resolve => setImmediate(resolve));
      }
    }
    if (writing.size === 2) {
      await Promise.race(writing);
    }
    const write = scorecards.saveScorecards(batch).finally(() => {
      writing.delete(write);
    });
    writing.add(write);
  }
  await Promise.all(writing);
}

async function run(name: string, knex: Knex) {
  const scorecards = await DatabaseScorecardStore.fromKnex(knex);
  const rollups = await DatabaseRollupStore.fromKnex(knex);
  const seedStart = Date.now();
  await seedServices(scorecards);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  if (knex.client.dialect === 'postgresql') {
    // What autovacuum does soon after a bulk load (SQLite is left as Backstage leaves it).
    await knex.raw('VACUUM ANALYZE');
  }
  const snapshotStart = Date.now();
  for (let index = 0; index < SNAPSHOT_DAYS; index++) {
    await rollups.snapshot(day(index));
  }
  const snapshotMs = (Date.now() - snapshotStart) / SNAPSHOT_DAYS;

  const loadStart = Date.now();
  const { refs, membershipSeq } = await rollups.scoredServices();
  const loadMs = Date.now() - loadStart;
  const every100th = refs.filter((_, index) => index % 100 === 0);
  const callers: [string, ServiceScope][] = [
    ['reads all', { type: 'all' }],
    [
      `may not read ${every100th.length}`,
      { type: 'except', refs: every100th, membershipSeq },
    ],
    [`reads only ${every100th.length}`, { type: 'only', refs: every100th }],
  ];
  const unreadableAsList: ServiceScope = {
    type: 'only',
    refs: refs.filter((_, index) => index % 100 !== 0),
  };
  // Exactness: leaving out 1% gives what listing the other 99% gives.
  for (const by of [
    'domain',
    'owner',
    'system',
    'persona',
    'dimension',
  ] as const) {
    assert.deepStrictEqual(
      await rollups.rollup({ by, scope: callers[1][1] }),
      await rollups.rollup({ by, scope: unreadableAsList }),
      `rollup by ${by}: leaving out 1% differs from listing the rest`,
    );
  }

  const topDomains = [0, 1, 2, 3].map(top => domain([top]));
  const cases = (scope: ServiceScope): [string, () => Promise<unknown>][] => [
    ['rollup by domain', () => rollups.rollup({ by: 'domain', scope })],
    ['rollup by owner', () => rollups.rollup({ by: 'owner', scope })],
    ['rollup by persona', () => rollups.rollup({ by: 'persona', scope })],
    ['rollup by system', () => rollups.rollup({ by: 'system', scope })],
    ['rollup by dimension', () => rollups.rollup({ by: 'dimension', scope })],
    [
      'rollup by owner, domain filter',
      () =>
        rollups.rollup({
          by: 'owner',
          scope,
          filters: { domain: domain([2]) },
        }),
    ],
    ['blockers (top 10)', () => rollups.topBlockers({ scope, limit: 10 })],
    [
      'compare 4 domains',
      () => rollups.compare({ domains: topDomains, scope }),
    ],
    [
      `trend 4 domains × ${SNAPSHOT_DAYS} days`,
      () =>
        rollups.trend({
          by: 'domain',
          keys: topDomains,
          from: day(0),
          to: day(SNAPSHOT_DAYS - 1),
          scope,
        }),
    ],
    [
      'services page 1 by score',
      () =>
        scorecards.listServices({
          scope,
          page: 1,
          pageSize: 50,
          orderBy: 'score',
          order: 'desc',
        }),
    ],
    [
      'services in a domain, page 2',
      () =>
        scorecards.listServices({
          scope,
          domain: domain([2, 1]),
          page: 2,
          pageSize: 50,
          orderBy: 'level',
          order: 'asc',
        }),
    ],
  ];

  console.log(
    `\n${name}: ${serviceCount} services seeded in ${seedSeconds.toFixed(
      1,
    )} s; snapshot of a day ${snapshotMs.toFixed(
      0,
    )} ms; first read of the rollup rows ${loadMs} ms; ${requests} requests per query`,
  );
  let missed = 0;
  for (const [caller, scope] of callers) {
    console.log(
      `${`caller ${caller}`.padEnd(36)}${'p50 ms'.padStart(
        9,
      )}${'p95 ms'.padStart(9)}${'max ms'.padStart(
        9,
      )}  target p95 ≤ ${TARGET_MS}`,
    );
    for (const [label, call] of cases(scope)) {
      const { p50, p95, max } = await measure(call);
      if (p95 > TARGET_MS) {
        missed += 1;
      }
      console.log(
        `  ${label.padEnd(34)}${p50.toFixed(1).padStart(9)}${p95
          .toFixed(1)
          .padStart(9)}${max.toFixed(1).padStart(9)}  ${
          p95 <= TARGET_MS ? 'ok' : 'MISSED'
        }`,
      );
    }
  }
  console.log(
    `${
      missed === 0
        ? 'every query within target'
        : `${missed} queries missed the target`
    }; peak RSS ${peakRss()}, RSS now ${mib(process.memoryUsage().rss)}`,
  );
}

async function main() {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs`);
  if (which === 'sqlite' || which === 'both') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-rollup-bench-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    try {
      await run('sqlite (better-sqlite3, file)', knex);
    } finally {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (which === 'postgres' || which === 'both') {
    const connection =
      process.env.MLOPS_BENCH_POSTGRES ??
      'postgresql://postgres@127.0.0.1:5432/postgres';
    const admin = knexFactory({ client: 'pg', connection });
    const database = `mlops_rollup_bench_${Date.now()}`;
    await admin.raw(`create database ${database}`);
    const knex = knexFactory({
      client: 'pg',
      connection: connection.replace(/\/[^/]*$/, `/${database}`),
    });
    try {
      await run('postgres', knex);
    } finally {
      await knex.destroy();
      if (process.env.MLOPS_BENCH_KEEP_DATABASE) {
        console.log(`kept database ${database} (MLOPS_BENCH_KEEP_DATABASE)`);
      } else {
        await admin.raw(`drop database ${database}`);
      }
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
