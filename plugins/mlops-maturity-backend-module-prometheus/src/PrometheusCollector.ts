import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ANNOTATIONS,
  FACT_SOURCES,
  MonitoringFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CollectContext,
  FactCollector,
  UpstreamError,
  UpstreamErrorKind,
  UpstreamHttpClient,
  readUpstreamClientOptions,
  UpstreamStats,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  PrometheusInstance,
  PrometheusSettings,
  SERIES_FAMILIES,
  SeriesFamily,
  readPrometheusSettings,
} from './config';
import { AlertingRule, matchAlertRules } from './matchAlertRules';
import { escapePromqlString, renderQueryTemplate } from './promqlTemplate';

/** Label the combined series query adds to tell the families apart. */
const FAMILY_LABEL = 'mlops_maturity_family';
const METRIC_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
const MAX_JOB_LENGTH = 256;
const INSTANCES_KEY = 'mlopsMaturity.prometheus.instances';

/** Prometheus HTTP API envelope (`/api/v1/...`). */
interface ApiResponse<T> {
  status?: string;
  data?: T;
  errorType?: string;
  error?: string;
}

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

interface RuleGroup {
  rules?: Array<Partial<AlertingRule> & { type?: string }>;
}

/** `errorType`s of the Prometheus API, for bodies that report an error with HTTP 200. */
const ERROR_KINDS: Record<string, UpstreamErrorKind> = {
  timeout: 'timeout',
  canceled: 'server',
  unavailable: 'server',
  internal: 'server',
  not_found: 'not-found',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOnly(value: unknown): Record<string, string> {
  return isRecord(value)
    ? Object.fromEntries(
        Object.entries(value).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      )
    : {};
}

/** Unwraps the envelope; a reported error or an unexpected shape becomes an UpstreamError. */
function dataOf<T>(body: unknown): T {
  const response = (isRecord(body) ? body : {}) as ApiResponse<T>;
  if (response.status === 'error') {
    const detail = `${response.errorType ?? 'error'}: ${
      response.error ?? 'no detail'
    }`;
    throw new UpstreamError(
      ERROR_KINDS[response.errorType ?? ''] ?? 'bad-request',
      `Prometheus reported ${detail.slice(0, 300)}`,
    );
  }
  if (response.status !== 'success' || !isRecord(response.data)) {
    throw new UpstreamError(
      'malformed',
      'Prometheus answered without a status "success" envelope',
    );
  }
  return response.data;
}

function vectorOf(body: unknown): VectorSample[] {
  const data = dataOf<{ resultType?: string; result?: unknown }>(body);
  if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
    throw new UpstreamError(
      'malformed',
      `Prometheus answered with a ${
        data.resultType ?? 'missing'
      } result instead of a vector`,
    );
  }
  return data.result.filter(
    (sample): sample is VectorSample =>
      isRecord(sample) &&
      isRecord(sample.metric) &&
      Array.isArray(sample.value),
  );
}

function alertingRulesOf(body: unknown): AlertingRule[] {
  const data = dataOf<{ groups?: unknown }>(body);
  if (!Array.isArray(data.groups)) {
    throw new UpstreamError(
      'malformed',
      'Prometheus answered without rule groups',
    );
  }
  return (data.groups as RuleGroup[]).flatMap(group =>
    (Array.isArray(group?.rules) ? group.rules : [])
      .filter(
        rule =>
          rule?.type === 'alerting' &&
          typeof rule.name === 'string' &&
          typeof rule.query === 'string',
      )
      .map(rule => ({
        name: rule.name!,
        query: rule.query!,
        labels: stringsOnly(rule.labels),
        annotations: stringsOnly(rule.annotations),
      })),
  );
}

/** Adds which request failed (and where) to an upstream error, keeping its kind. */
function explain(error: unknown, context: string, hint = ''): never {
  if (error instanceof UpstreamError) {
    throw new UpstreamError(error.kind, `${context}: ${error.message}${hint}`, {
      status: error.status,
      retryAt: error.retryAt,
    });
  }
  throw error;
}

function sortedUnique(names: string[]): string[] {
  return [...new Set(names)].sort();
}

/**
 * Live monitoring facts from the Prometheus HTTP API: whether the service's job is
 * scraped (`up`), which alerting rules cover it, and which drift, quality, KPI, token,
 * GPU, feedback and data quality series it exports. Instances come from app-config;
 * entities select one by name.
 */
export class PrometheusCollector implements FactCollector {
  readonly id = 'prometheus';
  readonly source = FACT_SOURCES.monitoring;
  private readonly settings: PrometheusSettings | undefined;
  private readonly http: UpstreamHttpClient;
  /** Alert rules are instance-wide, so one fetch serves every service for a while. */
  private readonly rulesCache = new Map<
    string,
    { expiresAt: number; rules: Promise<AlertingRule[]> }
  >();

  /** Reads and validates `mlopsMaturity.prometheus`; throws naming the key when invalid. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): PrometheusCollector {
    return new PrometheusCollector({
      settings: readPrometheusSettings(config),
      http: new UpstreamHttpClient({
        name: 'prometheus',
        logger: options.logger,
        ...readUpstreamClientOptions(config),
      }),
    });
  }

  constructor(options: {
    /** Undefined leaves the collector inactive. */
    settings: PrometheusSettings | undefined;
    http: UpstreamHttpClient;
  }) {
    this.settings = options.settings;
    this.http = options.http;
  }

  /** Whether `mlopsMaturity.prometheus` is configured at all. */
  get active(): boolean {
    return this.settings !== undefined;
  }

  appliesTo(entity: Entity): boolean {
    const annotations = entity.metadata.annotations ?? {};
    return (
      this.active &&
      Boolean(
        annotations[ANNOTATIONS.prometheusJob] ||
          annotations[ANNOTATIONS.prometheusInstance],
      )
    );
  }

  stats(): UpstreamStats {
    return this.http.stats();
  }

  async collect({ entity, signal }: CollectContext): Promise<MonitoringFacts> {
    const settings = this.settings;
    if (!settings) {
      throw new Error(
        'the Prometheus collector is inactive: mlopsMaturity.prometheus is not configured',
      );
    }
    const instance = this.instanceFor(entity, settings);
    const job = jobOf(entity);
    const [scraped, series, rules] = await Promise.all([
      this.isScraped(instance, job, signal),
      this.findSeries(
        instance,
        settings,
        job,
        declaredKpiMetrics(entity),
        signal,
      ),
      this.alertingRules(instance, settings),
    ]);
    return {
      provider: 'prometheus',
      instance: instance.name,
      job,
      scraped,
      series,
      ...matchAlertRules(
        rules,
        { job, entityName: entity.metadata.name },
        series,
      ),
    };
  }

  private instanceFor(
    entity: Entity,
    settings: PrometheusSettings,
  ): PrometheusInstance {
    const names = settings.instances.map(i => i.name).join(', ');
    const name =
      entity.metadata.annotations?.[ANNOTATIONS.prometheusInstance]?.trim();
    if (!name) {
      if (settings.instances.length === 1) {
        return settings.instances[0];
      }
      throw new InputError(
        `the ${ANNOTATIONS.prometheusInstance} annotation is missing: set it to one of the instances in ${INSTANCES_KEY} (${names})`,
      );
    }
    // Annotations select an instance; they can never point the backend at a URL.
    if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.includes('/')) {
      throw new InputError(
        `${ANNOTATIONS.prometheusInstance} must be the name of an instance in ${INSTANCES_KEY} (${names}), not a URL`,
      );
    }
    const instance = settings.instances.find(i => i.name === name);
    if (!instance) {
      throw new InputError(
        `no Prometheus instance named '${name}' in ${INSTANCES_KEY} (configured: ${names})`,
      );
    }
    return instance;
  }

  private async getData(
    instance: PrometheusInstance,
    pathAndQuery: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const response = await this.http.getJson<unknown>(
      `${instance.baseUrl}${pathAndQuery}`,
      {
        headers: instance.authorization
          ? { Authorization: instance.authorization }
          : {},
        signal,
      },
    );
    return response.body;
  }

  private async query(
    instance: PrometheusInstance,
    promql: string,
    signal?: AbortSignal,
  ): Promise<VectorSample[]> {
    const body = await this.getData(
      instance,
      `/api/v1/query?${new URLSearchParams({ query: promql })}`,
      signal,
    );
    return vectorOf(body);
  }

  private async isScraped(
    instance: PrometheusInstance,
    job: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const context = `up query for job '${job}' on Prometheus instance '${instance.name}'`;
    try {
      const samples = await this.query(
        instance,
        `up{job="${escapePromqlString(job)}"}`,
        signal,
      );
      return samples.some(sample => Number(sample.value[1]) === 1);
    } catch (error) {
      return explain(error, context);
    }
  }

  /**
   * One request for all families: each template's result is tagged with its family and
   * the results are joined with `or`, so a service costs one query, not nine.
   */
  private async findSeries(
    instance: PrometheusInstance,
    settings: PrometheusSettings,
    job: string,
    kpiMetrics: string[],
    signal?: AbortSignal,
  ): Promise<MonitoringFacts['series']> {
    const tagged = (promql: string, family: SeriesFamily) =>
      // The newline ends any `#` comment a template may close with.
      `label_replace((${promql}\n), "${FAMILY_LABEL}", "${family}", "", "")`;
    const parts = SERIES_FAMILIES.map(family =>
      tagged(renderQueryTemplate(settings.queries[family], job), family),
    );
    if (kpiMetrics.length > 0) {
      // A declared KPI may come from another job (a business metrics exporter).
      parts.push(
        tagged(
          `count by (__name__) ({__name__=~"${kpiMetrics.join('|')}"})`,
          'kpi',
        ),
      );
    }
    const context = `series query for job '${job}' on Prometheus instance '${instance.name}'`;
    let samples: VectorSample[];
    try {
      samples = await this.query(instance, parts.join('\nor\n'), signal);
    } catch (error) {
      return explain(
        error,
        context,
        error instanceof UpstreamError && error.kind === 'bad-request'
          ? '; check the templates in mlopsMaturity.prometheus.queries'
          : '',
      );
    }
    const found = Object.fromEntries(
      SERIES_FAMILIES.map(family => [family, [] as string[]]),
    ) as Record<SeriesFamily, string[]>;
    for (const { metric } of samples) {
      const family = metric[FAMILY_LABEL] as SeriesFamily;
      if (metric.__name__ && found[family]) {
        found[family].push(metric.__name__);
      }
    }
    return Object.fromEntries(
      SERIES_FAMILIES.map(family => [family, sortedUnique(found[family])]),
    ) as MonitoringFacts['series'];
  }

  private alertingRules(
    instance: PrometheusInstance,
    settings: PrometheusSettings,
  ): Promise<AlertingRule[]> {
    const now = Date.now();
    const cached = this.rulesCache.get(instance.name);
    if (cached && cached.expiresAt > now) {
      return cached.rules;
    }
    const context = `alert rules of Prometheus instance '${instance.name}'`;
    // Shared by concurrent collections, so no single caller's abort signal applies.
    const rules = this.getData(instance, '/api/v1/rules?type=alert')
      .then(alertingRulesOf)
      .catch(error => explain(error, context));
    const ttlMs = settings.rulesCacheSeconds * 1000;
    if (ttlMs > 0) {
      this.rulesCache.set(instance.name, { expiresAt: now + ttlMs, rules });
      rules.catch(() => {
        if (this.rulesCache.get(instance.name)?.rules === rules) {
          this.rulesCache.delete(instance.name);
        }
      });
    }
    return rules;
  }
}

function jobOf(entity: Entity): string {
  const job = entity.metadata.annotations?.[ANNOTATIONS.prometheusJob]?.trim();
  if (!job) {
    throw new InputError(
      `the ${ANNOTATIONS.prometheusJob} annotation is missing: set it to the job label Prometheus scrapes this service with`,
    );
  }
  if (job.length > MAX_JOB_LENGTH) {
    throw new InputError(
      `the ${ANNOTATIONS.prometheusJob} annotation is longer than ${MAX_JOB_LENGTH} characters`,
    );
  }
  return job;
}

/** Metric names in the KPI annotation (it may also hold a URL, which is not a series). */
function declaredKpiMetrics(entity: Entity): string[] {
  return (entity.metadata.annotations?.[ANNOTATIONS.kpi] ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(part => METRIC_NAME.test(part));
}
