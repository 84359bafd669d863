/* eslint-disable no-console */
import os from 'os';
import path from 'path';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import pLimit from 'p-limit';
import {
  CheckResult,
  CheckStatus,
  Flavor,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { builtinChecks } from '../checks/builtin';
import { DatabaseRollupStore } from '../database/DatabaseRollupStore';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { CheckRegistry } from '../engine/CheckRegistry';
import { computeScorecard } from '../engine/computeScorecard';

/**
 * Latency of the rollup and services endpoints' store calls on embedded SQLite (a file)
 * and PostgreSQL, over an organisation of N services: 8 domains with subdomains two
 * levels deep, 39 groups in three levels, 60 checks per service, 90 daily snapshots.
 * Every call gets the caller's visible refs (all N) as the routes pass them.
 * Usage: yarn mlops-maturity-rollup-bench [services=10000] [sqlite|postgres|both] [requests=60]
 */
const serviceCount = Number(process.argv[2] ?? 10_000);
const which = process.argv[3] ?? 'both';
const requests = Math.max(50, Number(process.argv[4] ?? 60));
const SNAPSHOT_DAYS = 90;
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

async function measure(call: () => Promise<unknown>) {
  await call(); // warm-up: caches and query plans
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

async function run(name: string, knex: Knex, seedConcurrency: number) {
  const scorecards = await DatabaseScorecardStore.fromKnex(knex);
  const rollups = await DatabaseRollupStore.fromKnex(knex);
  const seedStart = Date.now();
  const limit = pLimit(seedConcurrency);
  await Promise.all(
    Array.from({ length: serviceCount }, (_, index) =>
      limit(() =>
        scorecards.saveScorecard(makeScorecard(index), `hash-${index}`),
      ),
    ),
  );
  const seedSeconds = (Date.now() - seedStart) / 1000;
  if (knex.client.dialect === 'postgresql') {
    // What autovacuum does soon after a bulk load (SQLite is left as Backstage leaves it).
    await knex.raw('ANALYZE');
  }
  const snapshotStart = Date.now();
  for (let index = 0; index < SNAPSHOT_DAYS; index++) {
    await rollups.snapshot(day(index));
  }
  const snapshotMs = (Date.now() - snapshotStart) / SNAPSHOT_DAYS;

  const entityRefs = await scorecards.listScoredEntityRefs();
  const topDomains = [0, 1, 2, 3].map(top => domain([top]));
  // A caller who may not read one service in ten.
  const mostRefs = entityRefs.filter((_, index) => index % 10 !== 0);
  const trend = (refs: string[]) =>
    rollups.trend({
      by: 'domain',
      keys: topDomains,
      from: day(0),
      to: day(SNAPSHOT_DAYS - 1),
      entityRefs: refs,
    });
  const cases: [string, () => Promise<unknown>][] = [
    ['rollup by domain', () => rollups.rollup({ by: 'domain', entityRefs })],
    ['rollup by owner', () => rollups.rollup({ by: 'owner', entityRefs })],
    ['rollup by persona', () => rollups.rollup({ by: 'persona', entityRefs })],
    ['rollup by system', () => rollups.rollup({ by: 'system', entityRefs })],
    [
      'rollup by dimension',
      () => rollups.rollup({ by: 'dimension', entityRefs }),
    ],
    [
      'rollup by owner, domain filter',
      () =>
        rollups.rollup({
          by: 'owner',
          entityRefs,
          filters: { domain: domain([2]) },
        }),
    ],
    ['blockers (top 10)', () => rollups.topBlockers({ entityRefs, limit: 10 })],
    [
      'compare 4 domains',
      () => rollups.compare({ domains: topDomains, entityRefs }),
    ],
    [`trend 4 domains × ${SNAPSHOT_DAYS} days`, () => trend(entityRefs)],
    [
      `  same, ${entityRefs.length - mostRefs.length} services unreadable`,
      () => trend(mostRefs),
    ],
    [
      'listServices page 1',
      () =>
        scorecards.listServices({
          entityRefs,
          page: 1,
          pageSize: 50,
          orderBy: 'score',
          order: 'desc',
        }),
    ],
  ];

  console.log(
    `\n${name}: ${serviceCount} services seeded in ${seedSeconds.toFixed(
      0,
    )} s; snapshot of a day ${snapshotMs.toFixed(
      0,
    )} ms; ${requests} requests per query, ${entityRefs.length} visible refs`,
  );
  console.log(
    `${'query'.padEnd(34)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(
      9,
    )}${'max ms'.padStart(9)}  target p95 < 200`,
  );
  for (const [label, call] of cases) {
    const { p50, p95, max } = await measure(call);
    console.log(
      `${label.padEnd(34)}${p50.toFixed(1).padStart(9)}${p95
        .toFixed(1)
        .padStart(9)}${max.toFixed(1).padStart(9)}  ${
        p95 < 200 ? 'ok' : 'MISSED'
      }`,
    );
  }
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
      await run('sqlite (better-sqlite3, file)', knex, 1);
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
      await run('postgres 15', knex, 4);
    } finally {
      await knex.destroy();
      await admin.raw(`drop database ${database}`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
