import { z } from 'zod/v3';

// The facts a collector stores and a CI job may push, defined once: the push endpoint
// validates with these schemas, and the types that checks and collectors use are inferred
// from them.

/** An ISO 8601 timestamp, as facts and pushes carry them. @public */
export const isoTimestampSchema = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 timestamp');
const isoDate = isoTimestampSchema;
const nullableIsoDate = isoDate.nullable();

/** Run statistics of one kind of CI job (deploy, PR test, training). @public */
export const ciRunStatsSchema = z
  .object({
    /** Workflow or job names that were matched. */
    workflows: z.array(z.string()),
    runs: z.number().int().min(0),
    succeeded: z.number().int().min(0),
    lastRunAt: nullableIsoDate,
    lastSuccessAt: nullableIsoDate,
    /** Successful runs in the last 30 days. */
    successesLast30d: z.number().int().min(0),
  })
  .strict()
  .refine(s => s.succeeded <= s.runs, 'succeeded cannot exceed runs');

/** @public */
export type CiRunStats = z.infer<typeof ciRunStatsSchema>;

/** Facts of source `ci` (GitHub Actions, GitLab CI or pushed). @public */
export const ciFactsSchema = z
  .object({
    provider: z.string().min(1),
    defaultBranch: z.string().nullable(),
    /** Deploy runs on the default branch. */
    deploy: ciRunStatsSchema,
    /** Whether deploy runs start on push to the default branch without a manual gate. */
    deployOnPush: z.boolean().nullable(),
    prTests: ciRunStatsSchema,
    training: ciRunStatsSchema,
    /** Security scanning runs (SAST, dependency scanning). */
    securityScan: ciRunStatsSchema,
    /** LLM evaluation runs. */
    llmEval: ciRunStatsSchema,
    /** Share of successful completed runs, 0..1, over the inspected window. */
    successRate: z.number().min(0).max(1).nullable(),
    /** First successful deploy, used for time to production. */
    firstDeployAt: nullableIsoDate,
    firstCommitAt: nullableIsoDate,
  })
  .strict();

/** @public */
export type CiFacts = z.infer<typeof ciFactsSchema>;

/** One registered model version. @public */
export const registryModelVersionSchema = z
  .object({
    version: z.string().min(1),
    status: z.string(),
    runId: z.string().nullable(),
    source: z.string().nullable(),
    createdAt: isoDate,
    aliases: z.array(z.string()),
    stage: z.string().nullable(),
  })
  .strict();

/** @public */
export type RegistryModelVersion = z.infer<typeof registryModelVersionSchema>;

/** Facts of source `registry` (MLflow or pushed). @public */
export const registryFactsSchema = z
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
    versions: z.array(registryModelVersionSchema),
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

/** @public */
export type RegistryFacts = z.infer<typeof registryFactsSchema>;

const seriesNames = z.array(z.string());

/** Facts of source `monitoring` (Prometheus or pushed). @public */
export const monitoringFactsSchema = z
  .object({
    provider: z.string().min(1),
    instance: z.string(),
    job: z.string(),
    scraped: z.boolean(),
    alertRules: z.array(z.string()),
    /** Series families found for the service (names of the matched series). */
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
    /** Alert rules per series family. */
    alertsFor: z
      .object({
        drift: seriesNames,
        modelQuality: seriesNames,
        kpi: seriesNames,
      })
      .strict(),
  })
  .strict();

/** @public */
export type MonitoringFacts = z.infer<typeof monitoringFactsSchema>;
