import { JsonObject } from '@backstage/types';

/**
 * Well-known fact sources. Modules may add their own; checks look sources up by name.
 * @public
 */
export const FACT_SOURCES = {
  catalog: 'catalog',
  repository: 'repository',
  ci: 'ci',
  registry: 'registry',
  monitoring: 'monitoring',
  /** Free-form facts pushed by CI jobs (eval results, feedback rates). */
  custom: 'custom',
} as const;

/**
 * What one collector produced for one entity. A failed collection keeps the previous
 * `facts` and sets `error`; `stale` marks facts older than the last attempt.
 * @public
 */
export interface FactSet<T = JsonObject> {
  source: string;
  entityRef: string;
  facts: T;
  collectedAt: string;
  error?: string;
  stale?: boolean;
  /** Facts loaded from sample data (demo), to be labelled as such wherever shown. */
  sample?: boolean;
  /** How the facts arrived: a live collector, or the push endpoint. */
  origin: 'collector' | 'push';
}

/** Run statistics of one kind of CI job (deploy, PR test, training). @public */
export interface CiRunStats extends JsonObject {
  /** Workflow or job names that were matched. */
  workflows: string[];
  runs: number;
  succeeded: number;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** Successful runs in the last 30 days. */
  successesLast30d: number;
}

/** Facts of source `ci` (GitHub Actions, GitLab CI or pushed). @public */
export interface CiFacts extends JsonObject {
  provider: string;
  defaultBranch: string | null;
  /** Deploy runs on the default branch. */
  deploy: CiRunStats;
  /** Whether deploy runs start on push to the default branch without a manual gate. */
  deployOnPush: boolean | null;
  prTests: CiRunStats;
  training: CiRunStats;
  /** Security scanning runs (SAST, dependency scanning). */
  securityScan: CiRunStats;
  /** LLM evaluation runs. */
  llmEval: CiRunStats;
  /** Share of successful completed runs, 0..1, over the inspected window. */
  successRate: number | null;
  /** First successful deploy, used for time to production. */
  firstDeployAt: string | null;
  firstCommitAt: string | null;
}

/** One registered model version. @public */
export interface RegistryModelVersion extends JsonObject {
  version: string;
  status: string;
  runId: string | null;
  source: string | null;
  createdAt: string;
  aliases: string[];
  stage: string | null;
}

/** Facts of source `registry` (MLflow or pushed). @public */
export interface RegistryFacts extends JsonObject {
  provider: string;
  instance: string;
  model: {
    name: string;
    exists: boolean;
    description: string | null;
    tags: Record<string, string>;
  };
  versions: RegistryModelVersion[];
  aliases: Record<string, string>;
  productionVersion: string | null;
  productionRun: {
    runId: string;
    metrics: Record<string, number>;
    params: Record<string, string>;
  } | null;
  createdAt: string | null;
  lastUpdatedAt: string | null;
}

/** Facts of source `monitoring` (Prometheus or pushed). @public */
export interface MonitoringFacts extends JsonObject {
  provider: string;
  instance: string;
  job: string;
  scraped: boolean;
  alertRules: string[];
  /** Series families found for the service (names of the matched series). */
  series: {
    drift: string[];
    modelQuality: string[];
    kpi: string[];
    tokens: string[];
    gpu: string[];
    gpuCost: string[];
    feedback: string[];
    outputQuality: string[];
    dataQuality: string[];
  };
  /** Alert rules per series family. */
  alertsFor: {
    drift: string[];
    modelQuality: string[];
    kpi: string[];
  };
}
