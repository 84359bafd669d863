/* eslint-disable no-console */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  UpstreamError,
  UpstreamHttpClient,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GithubActionsCollector } from '../src/GithubActionsCollector';
import { LoopbackGithub } from '../src/testUtils/LoopbackGithub';
import { mockCollectContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

/**
 * A full GitHub Actions refresh of N services against a GitHub stand-in on the loopback
 * interface that enforces GitHub's rules for one token: 5,000 requests per window,
 * conditional requests answered 304 cost nothing, a secondary limit on concurrent
 * requests (403 with Retry-After), and latency per request. Every service's repository is
 * served from the documented responses of `fakeGithub` (one repository's shape, under each
 * service's own URL).
 *
 * The driver paces like the scheduler: a service whose collection waits for a spent
 * budget is due again when the budget resets. Windows last `--window-seconds` (default 20)
 * instead of an hour, so that the cold refresh, which needs many windows, runs in minutes;
 * the budget per window is GitHub's hourly one.
 *
 * Usage: yarn mlops-maturity-refresh-bench [services=10000] [--window-seconds 20] [--latency-ms 5]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const SERVICES = Number(args.find(a => /^\d+$/.test(a)) ?? 10_000);
const WINDOW_MS = option('--window-seconds', 20) * 1000;
const LATENCY_MS = option('--latency-ms', 5);
const BUDGET = 5000;
const SECONDARY_CONCURRENCY = 10;
const SERVICE_CONCURRENCY = 4;
const TOKEN = 'bench-token';

function service(index: number, origin: string): Entity {
  const name = `svc-${String(index).padStart(5, '0')}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/source-location': `url:${origin}/acme/${name}/tree/main/`,
      },
    },
    spec: {
      type: 'ml-service',
      owner: 'group:default/ml',
      lifecycle: 'production',
    },
  };
}

interface PassResult {
  ms: number;
  collected: number;
  failed: number;
  waits: number;
  requests: number;
  counted: number;
  windows: number;
}

const silent: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silent,
};

interface Round {
  collected: number;
  failed: number;
  /** Services that wait for a spent budget, with its reset. */
  waiting: Array<{ entity: Entity; at: number }>;
}

/** Collects the services once, a few at a time, as a refresh cycle does. */
async function collectRound(
  collector: GithubActionsCollector,
  entities: Entity[],
): Promise<Round> {
  const round: Round = { collected: 0, failed: 0, waiting: [] };
  let next = 0;
  const worker = async () => {
    while (next < entities.length) {
      const entity = entities[next++];
      try {
        await collector.collect(mockCollectContext({ entity, logger: silent }));
        round.collected += 1;
      } catch (error) {
        if (
          error instanceof UpstreamError &&
          error.kind === 'rate-limited' &&
          error.retryAt
        ) {
          round.waiting.push({ entity, at: error.retryAt.getTime() });
        } else {
          round.failed += 1;
          if (round.failed <= 3) {
            console.error(
              `${entity.metadata.name}: ${(error as Error).message}`,
            );
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: SERVICE_CONCURRENCY }, worker));
  return round;
}

/**
 * Collects every service once; like the scheduler, it comes back to a service that waits
 * for a spent budget when the budget resets.
 */
async function fullRefresh(
  collector: GithubActionsCollector,
  github: LoopbackGithub,
  entities: Entity[],
): Promise<PassResult> {
  const before = {
    ...github.counts,
    answered: github.answered(),
    windows: github.windows,
  };
  const start = Date.now();
  let due = entities.map(entity => ({ entity, at: 0 }));
  let collected = 0;
  let failed = 0;
  let waits = 0;
  while (due.length > 0) {
    const now = Date.now();
    const ready = due.filter(d => d.at <= now).map(d => d.entity);
    const later = due.filter(d => d.at > now);
    if (ready.length === 0) {
      const wakeAt = Math.min(...later.map(d => d.at));
      await new Promise(resolve => setTimeout(resolve, wakeAt - now));
      due = later;
      continue;
    }
    const round = await collectRound(collector, ready);
    collected += round.collected;
    failed += round.failed;
    waits += round.waiting.length;
    due = [...later, ...round.waiting];
  }
  return {
    ms: Date.now() - start,
    collected,
    failed,
    waits,
    requests: github.answered() - before.answered,
    counted: github.counts.ok - before.ok,
    windows: github.windows - before.windows + 1,
  };
}

async function main() {
  const github = new LoopbackGithub({
    token: TOKEN,
    budget: BUDGET,
    windowMs: WINDOW_MS,
    latencyMs: LATENCY_MS,
    secondaryConcurrency: SECONDARY_CONCURRENCY,
  });
  await github.start();
  const entities = Array.from({ length: SERVICES }, (_, i) =>
    service(i, github.origin),
  );
  const config = new ConfigReader({
    integrations: {
      github: [
        {
          host: new URL(github.origin).host,
          apiBaseUrl: `${github.origin}/api/v3`,
          token: TOKEN,
        },
      ],
    },
  });
  const client = new UpstreamHttpClient({
    name: 'github',
    logger: silent,
    // Enough conditional-request entries for every URL of every service.
    maxCacheEntries: SERVICES * 10,
    // Waits longer than a tenth of a window are left to the scheduler, as an hour's would be.
    maxRetryWaitMs: WINDOW_MS / 10,
  });
  const collector = GithubActionsCollector.fromConfig(config, {
    logger: silent,
    http: client,
  });

  console.log(
    `${SERVICES} services against a loopback GitHub: ${BUDGET} requests per ${
      WINDOW_MS / 1000
    } s window (GitHub's hourly budget, compressed), 304s free, ${SECONDARY_CONCURRENCY} concurrent requests at most, ${LATENCY_MS} ms latency; ${SERVICE_CONCURRENCY} services collected at once; node ${
      process.version
    }`,
  );
  const report = (label: string, pass: PassResult) =>
    console.log(
      `${label}: ${pass.collected} collected, ${pass.failed} failed, in ${(
        pass.ms / 1000
      ).toFixed(1)} s over ${pass.windows} budget window(s); ${
        pass.requests
      } requests, ${pass.counted} counted against the budget (${(
        pass.counted / SERVICES
      ).toFixed(2)} per service); ${pass.waits} collections waited for a reset`,
    );
  const cold = await fullRefresh(collector, github, entities);
  report('Cold full refresh', cold);
  const warm = await fullRefresh(collector, github, entities);
  report('Warm full refresh', warm);
  // What the refresh keeps between cycles (the conditional-request cache, mostly), apart
  // from the garbage both passes made: the heap after a full collection.
  (globalThis as { gc?: () => void }).gc?.();
  const retainedMiB = process.memoryUsage().heapUsed / 1024 / 1024;
  const stats = client.stats();
  console.log(
    `Client: ${stats.calls} calls, ${stats.notModified} answered 304, ${stats.deferred} not sent while the budget was spent, ${stats.rateLimited} rate-limited answers, ${stats.retries} retries, ${stats.errors} errors`,
  );
  console.log(
    `GitHub stand-in: ${github.counts.ok} answered 200, ${github.counts.notModified} answered 304, ${github.counts.primaryLimited} refused for the primary limit, ${github.counts.secondaryLimited} for the secondary limit`,
  );
  console.log(
    `The warm refresh ${
      warm.counted <= BUDGET ? 'fits' : 'does not fit'
    } one hour's budget: ${
      warm.counted
    } of ${BUDGET} requests. A cold refresh needs ${(
      cold.counted / BUDGET
    ).toFixed(1)} hours of budget. Heap after both passes ${retainedMiB.toFixed(
      0,
    )} MiB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(
      0,
    )} MiB (the GitHub stand-in runs in the same process)`,
  );
  await github.stop();
  if (cold.failed + warm.failed > 0) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
