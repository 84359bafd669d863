import { builtinChecks } from '../checks/builtin';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import {
  GENERATED_NOW,
  generateServices,
} from '../__testUtils__/generateServiceFacts';
import {
  compactScorecard,
  definedFieldsOf,
  expandScorecard,
  rubricChecksOf,
} from './rubricCompaction';

/** What a result holds of its own; everything else comes from its check's definition. */
const OWN_FIELDS = ['id', 'status', 'message', 'evidence', 'decidable'];

describe('rubric compaction of the engine’s scorecards', () => {
  it('leaves only what each service’s checks found, and gives every scorecard back whole', async () => {
    const registry = CheckRegistry.create({
      checks: builtinChecks,
      overrides: {},
      customChecks: [],
    });
    const engine = new MaturityEngine(registry);
    const rubric = rubricChecksOf(definedFieldsOf(registry.definitions()));

    for (const service of generateServices(20)) {
      const scorecard = await engine.evaluate({
        ...service,
        now: GENERATED_NOW,
      });
      const stored = JSON.parse(
        JSON.stringify(compactScorecard(scorecard, rubric)),
      );
      // A field the engine copies from a definition but the rubric does not hold would
      // stay in every row: this fails when the two lists part.
      for (const check of stored.checks) {
        expect(
          Object.keys(check).filter(key => !OWN_FIELDS.includes(key)),
        ).toEqual([]);
      }
      expect(expandScorecard(stored, rubric)).toEqual(scorecard);
    }
  });
});
