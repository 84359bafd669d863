import { Entity } from '@backstage/catalog-model';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  CatalogFacts,
  CiFacts,
  CiJobAttributes,
  CiRunStats,
  FactSet,
  K8sResourceAttributes,
  MonitoringFacts,
  RegistryFacts,
  RegistryModelVersion,
  RepoRejection,
  RepoSignal,
  RepoSignalKind,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckContext,
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { mockCheckContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const NOW = new Date('2025-06-30T12:00:00Z');
const ENTITY_REF = 'component:default/fraud-detector';
const REPO_LOCATION = 'https://github.com/acme/fraud-detector/tree/main/';

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

export function signal(
  kind: RepoSignalKind,
  path: string,
  options: { tool?: string; detail?: string; attributes?: JsonObject } = {},
): RepoSignal {
  return {
    kind,
    tool: options.tool ?? 'test-tool',
    path,
    detail: options.detail ?? `${kind} in ${path}`,
    attributes: options.attributes ?? {},
  };
}

export function rejection(
  kind: RepoSignalKind,
  path: string,
  reason: string,
): RepoRejection {
  return { kind, tool: 'test-tool', path, reason };
}

export function ciJob(
  path: string,
  attributes: Partial<CiJobAttributes>,
): RepoSignal {
  const job: CiJobAttributes = {
    system: 'github-actions',
    workflow: path,
    job: 'main',
    triggers: ['push'],
    branches: ['main'],
    manualGate: false,
    activities: [],
    ...attributes,
  };
  return signal('ci-job', path, { tool: job.system, attributes: job });
}

export function k8s(
  path: string,
  attributes: Partial<K8sResourceAttributes>,
): RepoSignal {
  const resource: K8sResourceAttributes = {
    apiVersion: 'apps/v1',
    resourceKind: 'Deployment',
    name: 'fraud-detector',
    replicas: null,
    minReplicas: null,
    maxReplicas: null,
    hasResourceRequests: false,
    hasResourceLimits: false,
    gpu: false,
    canaryTrafficPercent: null,
    revisionHistoryLimit: null,
    ...attributes,
  };
  return signal('k8s-resource', path, {
    tool: 'kubernetes',
    attributes: resource,
  });
}

export function dockerfile(path: string, baseImages: string[]): RepoSignal {
  return signal('container-image', path, {
    tool: 'docker',
    attributes: { baseImages },
  });
}

export function runStats(overrides: Partial<CiRunStats> = {}): CiRunStats {
  return {
    workflows: [],
    runs: 0,
    succeeded: 0,
    lastRunAt: null,
    lastSuccessAt: null,
    successesLast30d: 0,
    ...overrides,
  };
}

/** Successful runs of a workflow, the last one `daysAgoLast` days before NOW. */
export function successfulRuns(
  workflow: string,
  count: number,
  daysAgoLast = 1,
): CiRunStats {
  return runStats({
    workflows: [workflow],
    runs: count,
    succeeded: count,
    lastRunAt: daysAgo(daysAgoLast),
    lastSuccessAt: daysAgo(daysAgoLast),
    successesLast30d: count,
  });
}

function ciFacts(overrides: Partial<CiFacts> = {}): CiFacts {
  return {
    provider: 'github-actions',
    defaultBranch: 'main',
    deploy: runStats(),
    deployOnPush: null,
    prTests: runStats(),
    training: runStats(),
    securityScan: runStats(),
    llmEval: runStats(),
    successRate: null,
    firstDeployAt: null,
    firstCommitAt: null,
    ...overrides,
  };
}

export function modelVersion(
  overrides: Partial<RegistryModelVersion> = {},
): RegistryModelVersion {
  return {
    version: '1',
    status: 'READY',
    runId: null,
    source: null,
    createdAt: daysAgo(10),
    aliases: [],
    stage: null,
    ...overrides,
  };
}

export function registryFacts(
  overrides: Partial<RegistryFacts> = {},
): RegistryFacts {
  return {
    provider: 'mlflow',
    instance: 'prod',
    model: {
      name: 'fraud-detector',
      exists: true,
      description: null,
      tags: {},
    },
    versions: [],
    aliases: {},
    productionVersion: null,
    productionRun: null,
    createdAt: null,
    lastUpdatedAt: null,
    ...overrides,
  };
}

function monitoringFacts(
  overrides: Omit<Partial<MonitoringFacts>, 'series' | 'alertsFor'> & {
    series?: Partial<MonitoringFacts['series']>;
    alertsFor?: Partial<MonitoringFacts['alertsFor']>;
  } = {},
): MonitoringFacts {
  const { series, alertsFor, ...rest } = overrides;
  return {
    provider: 'prometheus',
    instance: 'prod',
    job: 'fraud-detector',
    scraped: false,
    alertRules: [],
    ...rest,
    series: {
      drift: [],
      modelQuality: [],
      kpi: [],
      tokens: [],
      gpu: [],
      gpuCost: [],
      feedback: [],
      outputQuality: [],
      dataQuality: [],
      ...series,
    },
    alertsFor: { drift: [], modelQuality: [], kpi: [], ...alertsFor },
  };
}

function catalogFacts(overrides: Partial<CatalogFacts> = {}): CatalogFacts {
  return {
    entityRef: ENTITY_REF,
    kind: 'Component',
    specType: 'ml-service',
    lifecycle: null,
    owner: null,
    ownerKind: null,
    ownerExists: false,
    relationsResolved: true,
    system: null,
    domain: null,
    domainPath: [],
    ownerPath: [],
    annotations: {},
    tags: [],
    links: [],
    linksByType: {},
    sourceLocation: REPO_LOCATION,
    sourceTemplate: null,
    techdocsRef: null,
    dataClassification: null,
    costCenter: null,
    regions: [],
    modelProviders: [],
    kpi: null,
    annotationErrors: {},
    ...overrides,
  };
}

function repositoryFacts(
  overrides: Partial<RepositoryFacts> = {},
): RepositoryFacts {
  return {
    location: REPO_LOCATION,
    fileCount: 57,
    truncated: false,
    dependencies: [],
    signals: [],
    rejections: [],
    firstCommitAt: null,
    ...overrides,
  };
}

/** Fact-set fields to override; `facts` replaces the built facts (e.g. `{}` for a source that never succeeded). */
type SetMeta = Partial<Omit<FactSet, 'source' | 'entityRef'>>;

export interface ContextOptions {
  /** Repository facts; `null` leaves the repository source out entirely. Present (empty) by default. */
  repository?: Partial<RepositoryFacts> | null;
  /** Catalog facts; `null` leaves the catalog source out. Present by default. */
  catalog?: Partial<CatalogFacts> | null;
  ci?: Partial<CiFacts>;
  registry?: Partial<RegistryFacts>;
  monitoring?: Parameters<typeof monitoringFacts>[0];
  custom?: JsonObject;
  /** Fact-set fields per source: `error`, `stale`, `sample`, `origin`, `collectedAt`, `facts`. */
  sets?: Record<string, SetMeta>;
  /** Sources with a live collector that produced no facts yet. */
  liveSources?: string[];
  params?: Record<string, JsonValue>;
  requireObserved?: boolean;
  now?: Date;
}

const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detector', namespace: 'default' },
  spec: {
    type: 'ml-service',
    owner: 'group:default/fraud',
    lifecycle: 'production',
  },
};

/**
 * A check context as the engine would build it: the check's parameter defaults merged
 * with `params`, and one fact set per given source.
 */
export function makeContext(
  options: ContextOptions = {},
  check?: MaturityCheck,
): CheckContext {
  const facts: Record<string, JsonObject> = {};
  const add = (source: string, sourceFacts: JsonObject | undefined) => {
    if (sourceFacts) {
      facts[source] = sourceFacts;
    }
  };
  add(
    'repository',
    options.repository === null
      ? undefined
      : repositoryFacts(options.repository),
  );
  add(
    'catalog',
    options.catalog === null ? undefined : catalogFacts(options.catalog),
  );
  add('ci', options.ci && ciFacts(options.ci));
  add('registry', options.registry && registryFacts(options.registry));
  add('monitoring', options.monitoring && monitoringFacts(options.monitoring));
  add('custom', options.custom);
  // Facts were collected at NOW even when a test evaluates them later.
  const sets = Object.fromEntries(
    Object.keys(facts).map(source => {
      const { facts: replaced, ...meta } = options.sets?.[source] ?? {};
      if (replaced) {
        facts[source] = replaced;
      }
      return [source, { collectedAt: NOW.toISOString(), ...meta }];
    }),
  );
  return mockCheckContext({
    check,
    entity: ENTITY,
    facts,
    sets,
    liveSources: options.liveSources,
    params: options.params,
    requireObserved: options.requireObserved,
    now: options.now ?? NOW,
  });
}

export async function runCheck(
  check: MaturityCheck,
  options: ContextOptions = {},
): Promise<CheckOutcome> {
  return check.evaluate(makeContext(options, check));
}
