import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { builtinChecks } from '../checks/builtin';
import { GENERATED_NOW, generateServices } from '../__testUtils__/generateServiceFacts';
import { CheckRegistry } from './CheckRegistry';
import { MaturityEngine } from './MaturityEngine';

/**
 * Pins the scorecards of generated services so that performance work on the engine and
 * the built-in checks cannot change a result: per service the level, score and every
 * check's status, and a digest of the whole scorecard (messages and evidence included).
 * A deliberate change of a check's behaviour rewrites the fixture with
 * `UPDATE_FIXTURES=1 yarn backstage-cli package test MaturityEngine.equivalence`.
 */
const FIXTURE = path.join(
  __dirname,
  '__fixtures__',
  'equivalence-scorecards.json',
);
const SERVICES = 100;

const STATUS_LETTERS: Record<string, string> = {
  pass: 'P',
  fail: 'F',
  unknown: 'U',
  waived: 'W',
  'not-applicable': '-',
};

interface Pinned {
  checks: string[];
  services: Record<
    string,
    { level: number; score: number; statuses: string; digest: string }
  >;
}

/** JSON with sorted keys, so the digest does not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function pin(checks: string[], scorecard: Scorecard) {
  const byId = new Map(scorecard.checks.map(c => [c.id, c.status]));
  return {
    level: scorecard.level,
    score: scorecard.score,
    statuses: checks.map(id => STATUS_LETTERS[byId.get(id)!]).join(''),
    digest: createHash('sha256').update(canonical(scorecard)).digest('hex'),
  };
}

describe('MaturityEngine on generated services', () => {
  it('produces the pinned scorecards', async () => {
    const registry = CheckRegistry.create({
      checks: builtinChecks,
      overrides: {},
      customChecks: [],
    });
    const engine = new MaturityEngine(registry);
    const checks = registry.list().map(c => c.definition.id);
    const actual: Pinned = { checks, services: {} };
    for (const service of generateServices(SERVICES)) {
      const scorecard = await engine.evaluate({
        ...service,
        now: GENERATED_NOW,
      });
      actual.services[scorecard.entityRef] = pin(checks, scorecard);
    }

    if (process.env.UPDATE_FIXTURES === '1') {
      fs.writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
    }
    const expected: Pinned = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    expect(actual.checks).toEqual(expected.checks);

    // Name each changed check, so a failure says what changed where.
    const differences: string[] = [];
    for (const [ref, want] of Object.entries(expected.services)) {
      const got = actual.services[ref];
      if (got.level !== want.level || got.score !== want.score) {
        differences.push(
          `${ref}: level ${want.level} → ${got.level}, score ${want.score} → ${got.score}`,
        );
      }
      checks.forEach((id, i) => {
        if (got.statuses[i] !== want.statuses[i]) {
          differences.push(
            `${ref} ${id}: ${want.statuses[i]} → ${got.statuses[i]}`,
          );
        }
      });
      if (got.digest !== want.digest && got.statuses === want.statuses) {
        differences.push(`${ref}: a message, evidence or other field changed`);
      }
    }
    expect(differences).toEqual([]);
    expect(Object.keys(actual.services)).toHaveLength(SERVICES);
  });
});
