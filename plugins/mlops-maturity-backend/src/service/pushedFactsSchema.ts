import { z } from 'zod/v3';

const isoDate = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 timestamp');
const nullableIsoDate = isoDate.nullable();

const ciRunStats = z
  .object({
    workflows: z.array(z.string()),
    runs: z.number().int().min(0),
    succeeded: z.number().int().min(0),
    lastRunAt: nullableIsoDate,
    lastSuccessAt: nullableIsoDate,
    successesLast30d: z.number().int().min(0),
  })
  .strict()
  .refine(s => s.succeeded <= s.runs, 'succeeded cannot exceed runs');

const ciFacts = z
  .object({
    provider: z.string().min(1),
    defaultBranch: z.string().nullable(),
    deploy: ciRunStats,
    deployOnPush: z.boolean().nullable(),
    prTests: ciRunStats,
    training: ciRunStats,
    securityScan: ciRunStats,
    llmEval: ciRunStats,
    successRate: z.number().min(0).max(1).nullable(),
    firstDeployAt: nullableIsoDate,
    firstCommitAt: nullableIsoDate,
  })
  .strict();

const registryFacts = z
  .object({
    provider: z.string().min(1),
    instance: z.string(),
    model: z
      .object({
        name: z.string().min(1),
        exists: z.boolean(),
        description: z.string().nullable(),
        tags: z.record(z.string()),
      })
      .strict(),
    versions: z.array(
      z
        .object({
          version: z.string().min(1),
          status: z.string(),
          runId: z.string().nullable(),
          source: z.string().nullable(),
          createdAt: isoDate,
          aliases: z.array(z.string()),
          stage: z.string().nullable(),
        })
        .strict(),
    ),
    aliases: z.record(z.string()),
    productionVersion: z.string().nullable(),
    productionRun: z
      .object({
        runId: z.string(),
        metrics: z.record(z.number()),
        params: z.record(z.string()),
      })
      .strict()
      .nullable(),
    createdAt: nullableIsoDate,
    lastUpdatedAt: nullableIsoDate,
  })
  .strict();

const seriesNames = z.array(z.string());
const monitoringFacts = z
  .object({
    provider: z.string().min(1),
    instance: z.string(),
    job: z.string(),
    scraped: z.boolean(),
    alertRules: z.array(z.string()),
    series: z
      .object({
        drift: seriesNames,
        modelQuality: seriesNames,
        kpi: seriesNames,
        tokens: seriesNames,
        gpu: seriesNames,
        gpuCost: seriesNames,
        feedback: seriesNames,
        outputQuality: seriesNames,
        dataQuality: seriesNames,
      })
      .strict(),
    alertsFor: z
      .object({
        drift: seriesNames,
        modelQuality: seriesNames,
        kpi: seriesNames,
      })
      .strict(),
  })
  .strict();

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
  ci: ciFacts,
  registry: registryFacts,
  monitoring: monitoringFacts,
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
            collectedAt: isoDate.optional(),
            facts: z.record(z.unknown()),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();

/** Validates a push body; returns human-readable problems with their JSON paths. */
export function validatePushedFacts(body: unknown):
  | {
      ok: true;
      facts: { source: PushableSource; collectedAt?: string; facts: object }[];
    }
  | { ok: false; problems: string[] } {
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
  const facts: { source: PushableSource; collectedAt?: string; facts: object }[] = [];
  envelope.data.facts.forEach((entry, index) => {
    const schema = pushedFactSchemas[entry.source as PushableSource];
    if (!schema) {
      problems.push(
        `facts.${index}.source: '${entry.source}' cannot be pushed; use one of ${Object.keys(
          pushedFactSchemas,
        ).join(', ')}`,
      );
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
