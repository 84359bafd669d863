import {
  ciFactsSchema,
  isoTimestampSchema,
  monitoringFactsSchema,
  registryFactsSchema,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { z } from 'zod/v3';

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(jsonValue),
  ]),
);

/**
 * Sources a client may push. `catalog` and `repository` are always collected by the
 * backend itself, so a push can never overwrite them.
 */
export const pushedFactSchemas = {
  ci: ciFactsSchema,
  registry: registryFactsSchema,
  monitoring: monitoringFactsSchema,
  custom: z.record(jsonValue),
} as const;

export type PushableSource = keyof typeof pushedFactSchemas;

export const pushedFactsRequestSchema = z
  .object({
    facts: z
      .array(
        z
          .object({
            source: z.string(),
            collectedAt: isoTimestampSchema.optional(),
            facts: z.record(z.unknown()),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();

/** Deeper values are refused before the schemas, which recurse; no fact nests this deep. */
export const MAX_FACTS_DEPTH = 32;
/** A pushing clock may run a little ahead of ours. */
const MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;
/** Earlier timestamps are mistakes such as epoch zero, not facts about an ML service. */
const EARLIEST_COLLECTED_AT = Date.parse('2000-01-01T00:00:00Z');

/**
 * The first value that would not be stored as sent — a number JSON parsed as infinite
 * (`1e400`) would be stored as null — or that nests too deep, with its JSON path.
 * Iterative, so no body can exhaust the stack.
 */
function unstorableValue(body: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: body, path: '(body)', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return `${path}: ${value} is not a finite number`;
    }
    if (value !== null && typeof value === 'object') {
      if (depth >= MAX_FACTS_DEPTH) {
        return `${path}: nested deeper than ${MAX_FACTS_DEPTH} levels`;
      }
      for (const [key, child] of Object.entries(value)) {
        stack.push({
          value: child,
          path: depth === 0 ? key : `${path}.${key}`,
          depth: depth + 1,
        });
      }
    }
  }
  return undefined;
}

function collectedAtProblem(
  collectedAt: string,
  now: Date,
): string | undefined {
  const at = Date.parse(collectedAt);
  if (at > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return `${collectedAt} is in the future`;
  }
  if (at < EARLIEST_COLLECTED_AT) {
    return `${collectedAt} is before 2000`;
  }
  return undefined;
}

/** Validates a push body; returns human-readable problems with their JSON paths. */
export function validatePushedFacts(
  body: unknown,
  now: Date = new Date(),
):
  | {
      ok: true;
      facts: { source: PushableSource; collectedAt?: string; facts: object }[];
    }
  | { ok: false; problems: string[] } {
  const unstorable = unstorableValue(body);
  if (unstorable) {
    return { ok: false, problems: [unstorable] };
  }
  const envelope = pushedFactsRequestSchema.safeParse(body);
  if (!envelope.success) {
    return {
      ok: false,
      problems: envelope.error.issues.map(
        i => `${i.path.join('.') || '(body)'}: ${i.message}`,
      ),
    };
  }
  const problems: string[] = [];
  const facts: {
    source: PushableSource;
    collectedAt?: string;
    facts: object;
  }[] = [];
  envelope.data.facts.forEach((entry, index) => {
    const schema = pushedFactSchemas[entry.source as PushableSource];
    if (!schema) {
      problems.push(
        `facts.${index}.source: '${
          entry.source
        }' cannot be pushed; use one of ${Object.keys(pushedFactSchemas).join(
          ', ',
        )}`,
      );
      return;
    }
    const timeProblem =
      entry.collectedAt && collectedAtProblem(entry.collectedAt, now);
    if (timeProblem) {
      problems.push(`facts.${index}.collectedAt: ${timeProblem}`);
      return;
    }
    const parsed = schema.safeParse(entry.facts);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(
          `facts.${index}.facts.${issue.path.join('.')}: ${issue.message}`,
        );
      }
      return;
    }
    facts.push({
      source: entry.source as PushableSource,
      collectedAt: entry.collectedAt,
      facts: parsed.data as object,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, facts };
}
