import { builtinChecks } from './builtin';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import {
  GENERATED_NOW,
  generateServices,
} from '../__testUtils__/generateServiceFacts';
import {
  EQUIVALENT_CHECKS,
  createJsonRulesEngine,
  decideWithJsonRules,
} from '../../bench/jsonRulesEquivalents';

describe('json-rules-engine equivalents of built-in checks', () => {
  it('decide every generated service as the checks do', async () => {
    const engine = new MaturityEngine(
      CheckRegistry.create({
        checks: builtinChecks,
        overrides: {},
        customChecks: [],
      }),
    );
    const rules = createJsonRulesEngine();
    const seen = new Map(EQUIVALENT_CHECKS.map(c => [c.id, new Set<string>()]));
    const differences: string[] = [];
    for (const service of generateServices(400)) {
      const scorecard = await engine.evaluate({
        ...service,
        now: GENERATED_NOW,
      });
      const decided = await decideWithJsonRules(rules, service);
      for (const check of scorecard.checks) {
        const theirs = decided.get(check.id);
        if (theirs === undefined) {
          continue;
        }
        seen.get(check.id)!.add(check.status);
        if (theirs !== check.status) {
          differences.push(
            `${scorecard.entityRef} ${check.id}: ${check.status} vs ${theirs}`,
          );
        }
      }
    }
    expect(differences).toEqual([]);
    // Each rule is exercised both ways, so agreement is not by default.
    for (const [id, statuses] of seen) {
      expect({
        id,
        pass: statuses.has('pass'),
        fail: statuses.has('fail'),
      }).toEqual({
        id,
        pass: true,
        fail: true,
      });
    }
  });
});
