/* eslint-disable no-console */
import os from 'os';
import path from 'path';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import {
  CheckResult,
  DIMENSIONS,
  PERSONAS,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { DatabaseScorecardStore } from '../src/database/DatabaseScorecardStore';
import { computeScorecard } from '../src/engine/computeScorecard';

/**
 * Load benchmark of the store on embedded SQLite (better-sqlite3) and PostgreSQL:
 * seeds N scored services (60 checks each, with history), then measures write
 * throughput, the services endpoint's query latency, and the process's memory.
 * Usage: yarn mlops-maturity-bench [services=2000] [sqlite|postgres|both]
 */
const services = Number(process.argv[2] ?? 2000);
const which = process.argv[3] ?? 'both';

function makeChecks(seed: number): CheckResult[] {
  const statuses: CheckResult['status'][] = [
    'pass',
    'pass',
    'fail',
    'unknown',
    'pass',
  ];
  return Array.from({ length: 60 }, (_, i) => ({
    id: `check.${i}`,
    title: `Check ${i}`,
    dimension: DIMENSIONS[i % 9].id,
    level: (i % 3 === 0 ? 2 : 1) as 1 | 2,
    required: i % 4 === 0,
    weight: 1,
    persona: PERSONAS[i % 3].id,
    status: statuses[(seed + i) % statuses.length],
    message: `Evaluated check ${i} for service ${seed}; evidence below.`,
    evidence: [
      {
        source: 'repository',
        strength: 'declared',
        detail: `file-${i}.yaml defines it`,
      },
    ],
    remediation: 'Do the thing.',
  }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function run(name: string, knex: Knex) {
  const store = await DatabaseScorecardStore.fromKnex(knex);
  const refs = Array.from(
    { length: services },
    (_, i) => `component:default/svc-${i}`,
  );
  await store.syncQueue(
    refs.map(entityRef => ({ entityRef, entityHash: 'h' })),
    new Date(),
  );
  let peakRss = process.memoryUsage().rss;
  const writeStart = process.hrtime.bigint();
  for (let i = 0; i < services; i++) {
    const scorecard = computeScorecard({
      entityRef: refs[i],
      flavor: i % 5 === 0 ? 'llm' : 'ml',
      evaluatedAt: new Date(),
      checks: makeChecks(i),
      metrics: { deploysLast30d: i % 7 },
      owner: `group:default/team-${i % 40}`,
      domain: `domain:default/domain-${i % 8}`,
      system: `system:default/system-${i % 120}`,
    });
    await store.saveScorecard(scorecard, `hash-${i}`);
    if (i % 200 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  const writeMs = Number(process.hrtime.bigint() - writeStart) / 1e6;

  const latencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    await store.listServices({
      page: 1 + (i % 5),
      pageSize: 50,
      domain: i % 2 ? `domain:default/domain-${i % 8}` : undefined,
      failing: i % 3 === 0 ? 'check.2' : undefined,
      scope: { type: 'all' },
      orderBy: 'score',
      order: 'desc',
    });
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  console.log(
    `${name}: ${services} services saved in ${(writeMs / 1000).toFixed(
      1,
    )} s (${(services / (writeMs / 1000)).toFixed(
      0,
    )}/s); listServices p50 ${percentile(latencies, 50).toFixed(
      1,
    )} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; peak RSS ${(
      peakRss /
      1024 /
      1024
    ).toFixed(0)} MiB; node ${process.version}`,
  );
}

async function main() {
  if (which === 'sqlite' || which === 'both') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-'));
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
    const database = `mlops_bench_${Date.now()}`;
    await admin.raw(`create database ${database}`);
    const knex = knexFactory({
      client: 'pg',
      connection: connection.replace(/\/[^/]*$/, `/${database}`),
    });
    try {
      await run('postgres', knex);
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
