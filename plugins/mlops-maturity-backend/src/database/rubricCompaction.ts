import { isDeepStrictEqual } from 'util';
import { Knex } from 'knex';
import {
  CheckDefinition,
  CheckResult,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * The fields of a check result that come from its definition, alike for every service: the
 * ones the engine's result template copies (`rubricCompaction.test.ts` fails when they part).
 */
const DEFINED_FIELDS = [
  'title',
  'dimension',
  'level',
  'required',
  'weight',
  'persona',
  'remediation',
  'docsUrl',
  'capabilities',
] as const;

export type DefinedFields = Pick<
  CheckResult,
  'id' | (typeof DEFINED_FIELDS)[number]
>;

/** What a rubric stores of each check: the fields its results repeat. */
export function definedFieldsOf(
  definitions: readonly CheckDefinition[],
): DefinedFields[] {
  return definitions.map(definition => {
    const fields: Record<string, unknown> = { id: definition.id };
    for (const field of DEFINED_FIELDS) {
      if (definition[field] !== undefined) {
        fields[field] = definition[field];
      }
    }
    return fields as unknown as DefinedFields;
  });
}

export type RubricChecks = ReadonlyMap<string, DefinedFields>;

export function rubricChecksOf(fields: readonly DefinedFields[]): RubricChecks {
  return new Map(fields.map(check => [check.id, check]));
}

/**
 * The scorecard without the fields its rubric holds. Only fields equal to the rubric's
 * are left out, so a result that differs keeps its own value.
 */
export function compactScorecard(
  scorecard: Scorecard,
  rubric: RubricChecks,
): Scorecard {
  return {
    ...scorecard,
    checks: scorecard.checks.map(check => {
      const defined = rubric.get(check.id);
      if (!defined) {
        return check;
      }
      const compact: Record<string, unknown> = { ...check };
      for (const field of DEFINED_FIELDS) {
        if (
          field in compact &&
          isDeepStrictEqual(compact[field], defined[field])
        ) {
          delete compact[field];
        }
      }
      return compact as unknown as CheckResult;
    }),
  };
}

/** The whole scorecard again: the fields left out come back from its rubric. */
export function expandScorecard(
  stored: Scorecard,
  rubric: RubricChecks,
): Scorecard {
  return {
    ...stored,
    checks: stored.checks.map(check => {
      const defined = rubric.get(check.id);
      if (!defined) {
        return check;
      }
      // The definition's fields first, as the engine orders a result; its own win.
      const expanded: Record<string, unknown> = { id: check.id };
      for (const field of DEFINED_FIELDS) {
        if (defined[field] !== undefined) {
          expanded[field] = defined[field];
        }
      }
      return Object.assign(expanded, check) as CheckResult;
    }),
  };
}

/** The columns a stored scorecard is read back from. */
export interface StoredScorecardRow {
  scorecard: string;
  rubric_version: string | null;
}

/**
 * Stores scorecards against the rubric they were evaluated with: rubrics are kept once
 * in `mlops_rubrics`, and read back (and cached) for the scorecards that name them.
 */
export class ScorecardRubrics {
  /** The rubric new scorecards are stored against; without one they are stored whole. */
  private current: { version: string; checks: RubricChecks } | undefined;
  private readonly byVersion = new Map<string, Promise<RubricChecks>>();

  constructor(private readonly db: Knex) {}

  async use(rubric: {
    version: string;
    definitions: readonly CheckDefinition[];
  }): Promise<void> {
    const fields = definedFieldsOf(rubric.definitions);
    await this.db('mlops_rubrics')
      .insert({
        version: rubric.version,
        definitions: JSON.stringify(fields),
        created_at: new Date(),
      })
      .onConflict('version')
      .ignore();
    const checks = rubricChecksOf(fields);
    this.byVersion.set(rubric.version, Promise.resolve(checks));
    this.current = { version: rubric.version, checks };
  }

  /** The rubric new scorecards are evaluated with, if one was set. */
  get version(): string | null {
    return this.current?.version ?? null;
  }

  /** The `scorecard` and `rubric_version` columns of a scorecard to store. */
  toStored(scorecard: Scorecard): [string, string | null] {
    const current = this.current;
    return current
      ? [
          JSON.stringify(compactScorecard(scorecard, current.checks)),
          current.version,
        ]
      : [JSON.stringify(scorecard), null];
  }

  /** Reads through `db`, which inside a transaction must be the transaction. */
  async fromStored(
    row: StoredScorecardRow,
    db: Knex = this.db,
  ): Promise<Scorecard> {
    const stored = JSON.parse(row.scorecard) as Scorecard;
    return row.rubric_version
      ? expandScorecard(stored, await this.checksOf(row.rubric_version, db))
      : stored;
  }

  private checksOf(version: string, db: Knex): Promise<RubricChecks> {
    let checks = this.byVersion.get(version);
    if (!checks) {
      checks = db('mlops_rubrics')
        .select('definitions')
        .where('version', version)
        .first()
        .then(row => {
          if (!row) {
            throw new Error(`MLOps maturity rubric ${version} is not stored`);
          }
          return rubricChecksOf(JSON.parse(row.definitions) as DefinedFields[]);
        });
      // A failed read is tried again next time rather than remembered.
      checks.catch(() => this.byVersion.delete(version));
      this.byVersion.set(version, checks);
    }
    return checks;
  }
}
