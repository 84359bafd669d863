import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  FACT_SOURCES,
  RegistryFacts,
  RegistryModelVersion,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CollectContext,
  FactCollector,
  UpstreamError,
  UpstreamHttpClient,
  UpstreamStats,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  CONFIG_KEY,
  INSTANCE_NAME_PATTERN,
  MlflowInstance,
  MlflowModuleConfig,
} from './config';
import {
  MlflowModelVersion,
  MlflowRegistryApi,
  exactNameFilter,
} from './MlflowRegistryApi';

function byVersionDescending(
  a: { version: string },
  b: { version: string },
): number {
  return (
    Number(b.version) - Number(a.version) || b.version.localeCompare(a.version)
  );
}

type ReadyVersion = MlflowModelVersion & { status: 'READY' };

function isReady(version: MlflowModelVersion): version is ReadyVersion {
  return version.status === 'READY';
}

/**
 * Every READY version, each once, newest first. The search lists them all;
 * `latest_versions` is merged in so the latest version of each stage is known even when
 * the search stopped early.
 */
function readyVersions(
  searched: MlflowModelVersion[],
  latest: MlflowModelVersion[],
): ReadyVersion[] {
  const byVersion = new Map(
    [...latest, ...searched].filter(isReady).map(v => [v.version, v]),
  );
  return [...byVersion.values()].sort(byVersionDescending);
}

/**
 * The version serving production: the first configured production alias that points at
 * a READY version (a version that failed registration cannot serve), else the latest
 * READY version in stage `Production` (registries that predate aliases), else null.
 * `versions` are READY and newest first.
 */
function productionVersionOf(
  versions: RegistryModelVersion[],
  aliases: Record<string, string>,
  productionAliases: string[],
): string | null {
  const ready = new Set(versions.map(v => v.version));
  const lowerCased = new Map(
    Object.entries(aliases).map(([alias, version]) => [
      alias.toLowerCase(),
      version,
    ]),
  );
  for (const alias of productionAliases) {
    const version = lowerCased.get(alias);
    if (version !== undefined && ready.has(version)) {
      return version;
    }
  }
  return (
    versions.find(v => v.stage?.toLowerCase() === 'production')?.version ?? null
  );
}

/**
 * Collects registry facts (source `registry`) from MLflow: the registered model, its READY
 * versions with lineage, aliases and stages, the production version and the metrics and
 * params of the run behind it.
 */
export class MlflowCollector implements FactCollector {
  readonly id = 'mlflow';
  readonly source = FACT_SOURCES.registry;

  constructor(
    private readonly options: {
      /** Undefined when `mlopsMaturity.mlflow` is absent: the collector is inactive. */
      config: MlflowModuleConfig | undefined;
      client: UpstreamHttpClient;
    },
  ) {}

  appliesTo(entity: Entity): boolean {
    if (!this.options.config) {
      return false;
    }
    const annotations = entity.metadata.annotations ?? {};
    // Either annotation shows intent; collect() then explains what is missing.
    return Boolean(
      annotations[ANNOTATIONS.mlflowInstance]?.trim() ||
        annotations[ANNOTATIONS.mlflowModel]?.trim(),
    );
  }

  stats(): UpstreamStats {
    return this.options.client.stats();
  }

  /** The configured instance and model the entity's annotations select, or a clear error. */
  private target(entity: Entity): { instance: MlflowInstance; model: string } {
    const config = this.options.config!;
    const annotations = entity.metadata.annotations ?? {};
    const name = annotations[ANNOTATIONS.mlflowInstance]?.trim();
    const model = annotations[ANNOTATIONS.mlflowModel]?.trim();
    const configured = config.instances.map(i => i.name).join(', ') || 'none';
    if (!name) {
      throw new Error(
        `annotation ${ANNOTATIONS.mlflowInstance} is missing: set it to the name of an instance from ${CONFIG_KEY}.instances (configured: ${configured})`,
      );
    }
    if (!INSTANCE_NAME_PATTERN.test(name)) {
      // The value is not echoed: a URL may carry credentials.
      throw new Error(
        `annotation ${ANNOTATIONS.mlflowInstance} must name an instance from ${CONFIG_KEY}.instances (configured: ${configured}); URLs are not accepted, base URLs come from app-config only`,
      );
    }
    const instance = config.instances.find(i => i.name === name);
    if (!instance) {
      throw new Error(
        `no MLflow instance named '${name}' in ${CONFIG_KEY}.instances (configured: ${configured})`,
      );
    }
    if (!model) {
      throw new Error(
        `annotation ${ANNOTATIONS.mlflowModel} is missing: set it to the registered model name in MLflow instance '${name}'`,
      );
    }
    // A name no search filter can express fails here, with the reason.
    exactNameFilter(model);
    return { instance, model };
  }

  async collect(context: CollectContext): Promise<RegistryFacts> {
    const { instance, model } = this.target(context.entity);
    const api = new MlflowRegistryApi({
      instance,
      client: this.options.client,
      signal: context.signal,
    });
    try {
      return await this.collectModel(api, instance, model, context);
    } catch (error) {
      if (error instanceof UpstreamError) {
        const hint =
          error.kind === 'auth'
            ? `; check the credentials of MLflow instance '${instance.name}' in ${CONFIG_KEY}.instances`
            : '';
        throw new UpstreamError(
          error.kind,
          `MLflow instance '${instance.name}', model '${model}': ${error.message}${hint}`,
          { status: error.status, retryAt: error.retryAt },
        );
      }
      throw error;
    }
  }

  private async collectModel(
    api: MlflowRegistryApi,
    instance: MlflowInstance,
    name: string,
    { logger }: CollectContext,
  ): Promise<RegistryFacts> {
    const registered = await api.getRegisteredModel(name);
    if (!registered) {
      // Not an error: the registry answered, and "not registered" is what the checks
      // must report (fail, with the reason) instead of "could not be evaluated".
      return {
        provider: 'mlflow',
        instance: instance.name,
        model: { name, exists: false, description: null, tags: {} },
        versions: [],
        aliases: {},
        productionVersion: null,
        productionRun: null,
        createdAt: null,
        lastUpdatedAt: null,
      };
    }

    const search = await api.searchVersions(name);
    if (!search.complete) {
      logger.warn(
        `MLflow model ${name} in instance ${instance.name} has more versions than one refresh reads; only ${search.versions.length} were read`,
      );
    }
    const aliasesOf = new Map<string, string[]>();
    for (const [alias, version] of Object.entries(registered.aliases)) {
      aliasesOf.set(version, [...(aliasesOf.get(version) ?? []), alias]);
    }
    const versions: RegistryModelVersion[] = readyVersions(
      search.versions,
      registered.latestVersions,
    ).map(v => ({
      version: v.version,
      status: v.status,
      runId: v.runId,
      source: v.source,
      createdAt: v.createdAt,
      aliases: [
        ...new Set([...(aliasesOf.get(v.version) ?? []), ...v.aliases]),
      ].sort(),
      stage: v.stage,
    }));

    const productionVersion = productionVersionOf(
      versions,
      registered.aliases,
      this.options.config!.productionAliases,
    );
    const productionRunId = versions.find(
      v => v.version === productionVersion,
    )?.runId;
    let productionRun: RegistryFacts['productionRun'] = null;
    if (productionRunId) {
      productionRun = (await api.getRun(productionRunId)) ?? null;
      if (!productionRun) {
        logger.warn(
          `MLflow run ${productionRunId} behind version ${productionVersion} of ${name} was not found in instance ${instance.name}`,
        );
      }
    }

    return {
      provider: 'mlflow',
      instance: instance.name,
      model: {
        name: registered.name,
        exists: true,
        description: registered.description,
        tags: registered.tags,
      },
      versions,
      aliases: registered.aliases,
      productionVersion,
      productionRun,
      createdAt: registered.createdAt,
      lastUpdatedAt: registered.lastUpdatedAt,
    };
  }
}
