import { Config } from '@backstage/config';
import { MonitoringFacts } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { validateQueryTemplate } from './promqlTemplate';

/** The series families of `MonitoringFacts.series`. */
export type SeriesFamily = keyof MonitoringFacts['series'];

export const SERIES_FAMILIES: readonly SeriesFamily[] = [
  'drift',
  'modelQuality',
  'kpi',
  'tokens',
  'gpu',
  'gpuCost',
  'feedback',
  'outputQuality',
  'dataQuality',
];

/** Series of the job whose names match `nameRegex` (RE2, anchored), one result per name. */
function namesMatching(nameRegex: string): string {
  return `count by (__name__) ({job="{{job}}", __name__=~"${nameRegex}"})`;
}

/** A name containing one of `words` as whole `_`/`:`-separated parts. */
function withWord(...words: string[]): string {
  return `(.*[_:])?(${words.join('|')})([_:].*)?`;
}

/**
 * Default PromQL templates that find each family's series for a job. Names follow the
 * exporters in common use (Evidently, whylogs, DCGM, OpenCost, LiteLLM, OpenTelemetry
 * GenAI) and the `<service>_<what>` convention.
 */
export const DEFAULT_SERIES_QUERIES: Readonly<Record<SeriesFamily, string>> = {
  drift: namesMatching(
    `.*(drift|kl_divergence|js_divergence|jensen_shannon|wasserstein|population_stability).*|${withWord(
      'psi',
    )}`,
  ),
  modelQuality: namesMatching(
    withWord(
      'accuracy',
      'auc',
      'f1',
      'precision',
      'recall',
      'rmse',
      'mae',
      'mape',
      'wape',
      'r2',
      'ndcg',
      'log_?loss',
      'brier_score',
      'model_quality',
      'model_performance',
      'prediction_error',
    ),
  ),
  kpi: namesMatching(
    withWord(
      'kpi',
      'business',
      'revenue',
      'conversions?',
      'churn',
      'retention',
      'ctr',
      'gmv',
      'containment',
    ),
  ),
  tokens: namesMatching(withWord('tokens', 'token_usage')),
  gpu: namesMatching(
    `DCGM_.*|nvidia_(gpu|smi)_.*|${withWord('gpu_(util|utilization|memory)')}`,
  ),
  gpuCost: namesMatching('.*(gpu.*cost|cost.*gpu).*'),
  feedback: namesMatching(
    withWord(
      'feedback',
      'thumbs_up',
      'thumbs_down',
      'ratings?',
    ),
  ),
  outputQuality: namesMatching(
    withWord(
      'groundedness',
      'faithfulness',
      'hallucinations?',
      'toxicity',
      'answer_relevanc[ey]',
      'answer_quality',
      'output_quality',
      'guardrails?',
      'blocked_answers',
      'judge_score',
    ),
  ),
  dataQuality: namesMatching(
    `great_expectations_.*|${withWord(
      'data_quality',
      'data_validation',
      'null_(share|ratio|rate)',
      'missing_values',
      'schema_(violations|failures)',
      'failed_expectations',
      'expectations_failed',
      'validation_failures',
    )}`,
  ),
};

/** One Prometheus server. Credentials stay in here and in request headers only. */
export interface PrometheusInstance {
  name: string;
  /** Without a trailing slash; may carry a path prefix (`https://host/prometheus`). */
  baseUrl: string;
  /** `Authorization` header value, if the instance needs one. */
  authorization?: string;
}

export interface PrometheusSettings {
  instances: PrometheusInstance[];
  queries: Record<SeriesFamily, string>;
  /** How long the alert rules of an instance are reused across services. */
  rulesCacheSeconds: number;
}

const CONFIG_KEY = 'mlopsMaturity.prometheus';
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DEFAULT_RULES_CACHE_SECONDS = 60;

function readInstance(config: Config, key: string): PrometheusInstance {
  const name = config.getString('name');
  if (!INSTANCE_NAME.test(name)) {
    throw new Error(
      `Invalid ${key}.name '${name}': use letters, digits, '.', '_' and '-' (annotations select instances by this name)`,
    );
  }
  const rawUrl = config.getString('baseUrl');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`Invalid ${key}.baseUrl: not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `Invalid ${key}.baseUrl: only http and https are supported`,
    );
  }
  if (url.username || url.password) {
    // Never echo the URL here: it holds a credential.
    throw new Error(
      `Invalid ${key}.baseUrl: put credentials in ${key}.username/password or ${key}.token, not in the URL`,
    );
  }
  if (url.search || url.hash) {
    throw new Error(
      `Invalid ${key}.baseUrl: must not have a query string or fragment`,
    );
  }

  const token = config.getOptionalString('token');
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  if (
    token !== undefined &&
    (username !== undefined || password !== undefined)
  ) {
    throw new Error(
      `Invalid ${key}: set either token or username/password, not both`,
    );
  }
  if ((username === undefined) !== (password === undefined)) {
    throw new Error(
      `Invalid ${key}: username and password must be set together`,
    );
  }
  for (const [field, value] of Object.entries({ token, username, password })) {
    if (value !== undefined && value.trim() === '') {
      throw new Error(`Invalid ${key}.${field}: must not be empty`);
    }
  }
  let authorization: string | undefined;
  if (token !== undefined) {
    authorization = `Bearer ${token}`;
  } else if (username !== undefined) {
    authorization = `Basic ${Buffer.from(`${username}:${password}`).toString(
      'base64',
    )}`;
  }

  return {
    name,
    baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    ...(authorization ? { authorization } : {}),
  };
}

function readQueries(config: Config | undefined): Record<SeriesFamily, string> {
  const queries = { ...DEFAULT_SERIES_QUERIES };
  for (const family of config?.keys() ?? []) {
    const key = `${CONFIG_KEY}.queries.${family}`;
    if (!(SERIES_FAMILIES as readonly string[]).includes(family)) {
      throw new Error(
        `Unknown key ${key}: the series families are ${SERIES_FAMILIES.join(
          ', ',
        )}`,
      );
    }
    const template = config!.getString(family);
    try {
      validateQueryTemplate(template);
    } catch (error) {
      throw new Error(`Invalid ${key}: ${(error as Error).message}`);
    }
    queries[family as SeriesFamily] = template;
  }
  return queries;
}

/**
 * Reads and validates `mlopsMaturity.prometheus`. Returns undefined when the section is
 * absent, which leaves the module inactive. Every error names the offending key.
 */
export function readPrometheusSettings(
  rootConfig: Config,
): PrometheusSettings | undefined {
  const config = rootConfig.getOptionalConfig(CONFIG_KEY);
  if (!config) {
    return undefined;
  }
  const instanceConfigs = config.getOptionalConfigArray('instances') ?? [];
  if (instanceConfigs.length === 0) {
    throw new Error(
      `Missing ${CONFIG_KEY}.instances: list at least one instance ({ name, baseUrl }), or remove ${CONFIG_KEY} to disable the module`,
    );
  }
  const instances = instanceConfigs.map((instance, index) =>
    readInstance(instance, `${CONFIG_KEY}.instances[${index}]`),
  );
  const seen = new Set<string>();
  instances.forEach((instance, index) => {
    if (seen.has(instance.name)) {
      throw new Error(
        `Invalid ${CONFIG_KEY}.instances[${index}].name: '${instance.name}' is used by another instance`,
      );
    }
    seen.add(instance.name);
  });

  const rulesCacheSeconds =
    config.getOptionalNumber('rulesCacheSeconds') ??
    DEFAULT_RULES_CACHE_SECONDS;
  if (!Number.isFinite(rulesCacheSeconds) || rulesCacheSeconds < 0) {
    throw new Error(
      `Invalid ${CONFIG_KEY}.rulesCacheSeconds: must be a number of seconds >= 0`,
    );
  }

  return {
    instances,
    queries: readQueries(config.getOptionalConfig('queries')),
    rulesCacheSeconds,
  };
}
