/* eslint-disable no-console */
import os from 'os';
import { CheckStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { builtinChecks } from '../src/checks/builtin';
import { CheckRegistry } from '../src/engine/CheckRegistry';
import { MaturityEngine } from '../src/engine/MaturityEngine';
import {
  GENERATED_NOW,
  GeneratedService,
  generateServices,
} from '../src/__testUtils__/generateServiceFacts';
import {
  EQUIVALENT_CHECKS,
  createJsonRulesEngine,
  decideWithJsonRules,
} from './jsonRulesEquivalents';

/**
 * Evaluation throughput on stored facts in memory (no I/O): N generated services scored by
 * the MaturityEngine with every built-in check, then a subset of the checks decided by our
 * engine and by json-rules-engine (the rules engine behind Backstage Tech Insights) with
 * equivalent rules over the same facts. The subset's pass/fail/unknown counts must agree
 * (exit code 1 otherwise). Rates are wall-clock medians of timed rounds after a warm-up
 * long enough for the JIT to settle, as in a backend that scores continuously.
 * Usage: yarn mlops-maturity-eval-bench [services=10000]
 */
const serviceCount = Number(process.argv[2] ?? 10_000);
const ROUNDS = 5;
/** Evaluations before timing: our engine keeps getting faster for about this long. */
const WARM_UP_EVALUATIONS = 120_000;
/** json-rules-engine runs at about a thirteenth of the rate: fewer rounds, an odd count for a true median. */
const JSON_RULES_WARM_UP = 5_000;
const JSON_RULES_ROUNDS = 3;

interface Timing {
  medianMs: number;
  bestMs: number;
}

async function time(
  rounds: number,
  round: () => Promise<void>,
): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await round();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], bestMs: times[0] };
}

const perSecond = (count: number, ms: number) =>
  Math.round(count / (ms / 1000)).toLocaleString('en-US');

function engineFor(checks: MaturityCheck[]): MaturityEngine {
  return new MaturityEngine(
    CheckRegistry.create({ checks, overrides: {}, customChecks: [] }),
  );
}

async function evaluateAll(
  engine: MaturityEngine,
  services: GeneratedService[],
) {
  for (const service of services) {
    await engine.evaluate({ ...service, now: GENERATED_NOW });
  }
}

async function warmUp(engine: MaturityEngine, services: GeneratedService[]) {
  for (let done = 0; done < WARM_UP_EVALUATIONS; done += services.length) {
    await evaluateAll(engine, services);
  }
}

function report(label: string, checks: number, timing: Timing) {
  const total = serviceCount * checks;
  console.log(
    `${label}: ${serviceCount} services × ${checks} checks in ${timing.medianMs.toFixed(
      0,
    )} ms (median of ${ROUNDS} rounds, best ${timing.bestMs.toFixed(
      0,
    )} ms): ${perSecond(total, timing.medianMs)} checks/s, ${perSecond(
      serviceCount,
      timing.medianMs,
    )} services/s`,
  );
}

type Counts = Record<'pass' | 'fail' | 'unknown' | 'other', number>;

function countStatuses(statuses: CheckStatus[]): Counts {
  const counts: Counts = { pass: 0, fail: 0, unknown: 0, other: 0 };
  for (const status of statuses) {
    counts[
      status === 'pass' || status === 'fail' || status === 'unknown'
        ? status
        : 'other'
    ] += 1;
  }
  return counts;
}

async function main() {
  const services = generateServices(serviceCount);
  const signals = services.map(
    s =>
      (
        s.facts.find(f => f.source === 'repository')?.facts.signals as
          | unknown[]
          | undefined
      )?.length ?? 0,
  );
  console.log(
    `${serviceCount} generated services (median ${
      signals.sort((a, b) => a - b)[Math.floor(signals.length / 2)]
    } repository signals; ${
      services.filter(s => s.liveSources.has('ci')).length
    } with CI, ${
      services.filter(s => s.facts.some(f => f.source === 'registry')).length
    } with a registry, ${
      services.filter(s => s.facts.some(f => f.source === 'monitoring')).length
    } with monitoring facts); node ${process.version}, ${
      os.cpus().length
    } CPUs`,
  );

  const all = engineFor(builtinChecks);
  await warmUp(all, services);
  report(
    'MaturityEngine, all built-in checks',
    builtinChecks.length,
    await time(ROUNDS, () => evaluateAll(all, services)),
  );
  const ourRss = process.resourceUsage().maxRSS / 1024;

  const subsetIds = EQUIVALENT_CHECKS.map(c => c.id);
  const subset = engineFor(builtinChecks.filter(c => subsetIds.includes(c.id)));
  await warmUp(subset, services);
  const subsetTiming = await time(ROUNDS, () => evaluateAll(subset, services));
  report(
    'MaturityEngine, the equivalent subset',
    subsetIds.length,
    subsetTiming,
  );

  const rules = createJsonRulesEngine();
  for (const service of services.slice(0, JSON_RULES_WARM_UP)) {
    await decideWithJsonRules(rules, service);
  }
  const rulesTiming = await time(JSON_RULES_ROUNDS, async () => {
    for (const service of services) {
      await decideWithJsonRules(rules, service);
    }
  });
  console.log(
    `json-rules-engine, the equivalent subset: ${serviceCount} services × ${
      subsetIds.length
    } checks in ${rulesTiming.medianMs.toFixed(
      0,
    )} ms (median of ${JSON_RULES_ROUNDS} rounds): ${perSecond(
      serviceCount * subsetIds.length,
      rulesTiming.medianMs,
    )} checks/s; MaturityEngine is ${(
      rulesTiming.medianMs / subsetTiming.medianMs
    ).toFixed(1)}× as fast on the same checks`,
  );

  // The same decisions: every service's status per equivalent check, from both engines.
  const ours: CheckStatus[] = [];
  const theirs: CheckStatus[] = [];
  const differences: string[] = [];
  for (const service of services) {
    const scorecard = await all.evaluate({ ...service, now: GENERATED_NOW });
    const decided = await decideWithJsonRules(rules, service);
    for (const check of scorecard.checks) {
      const status = decided.get(check.id);
      if (status !== undefined) {
        ours.push(check.status);
        theirs.push(status);
        if (status !== check.status) {
          differences.push(
            `${scorecard.entityRef} ${check.id}: MaturityEngine ${check.status}, json-rules-engine ${status}`,
          );
        }
      }
    }
  }
  const [a, b] = [countStatuses(ours), countStatuses(theirs)];
  console.log(
    `Equivalent subset (${subsetIds.join(', ')}):\n` +
      `  MaturityEngine     pass ${a.pass}, fail ${a.fail}, unknown ${a.unknown}, other ${a.other}\n` +
      `  json-rules-engine  pass ${b.pass}, fail ${b.fail}, unknown ${b.unknown}, other ${b.other}`,
  );
  console.log(
    `Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(
      0,
    )} MiB (${ourRss.toFixed(
      0,
    )} MiB before json-rules-engine ran); load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  if (differences.length > 0) {
    console.error(
      `The engines disagree on ${
        differences.length
      } decisions, e.g.:\n  ${differences.slice(0, 10).join('\n  ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
