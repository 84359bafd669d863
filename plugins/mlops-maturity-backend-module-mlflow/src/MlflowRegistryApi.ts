import {
  UpstreamError,
  UpstreamHttpClient,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { MlflowInstance } from './config';

/** A model version as the collector needs it, parsed from any MLflow response shape. */
export interface MlflowModelVersion {
  version: string;
  status: string | null;
  /** `null` for the stage `None` (no stage). */
  stage: string | null;
  runId: string | null;
  source: string | null;
  createdAt: string;
  aliases: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  /** alias → version */
  aliases: Record<string, string>;
  createdAt: string | null;
  lastUpdatedAt: string | null;
  /** Latest version per stage only, as MLflow defines it. */
  latestVersions: MlflowModelVersion[];
}

export interface MlflowRun {
  runId: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

export interface MlflowVersionSearch {
  versions: MlflowModelVersion[];
  /** False when the page limit stopped the search before the last page. */
  complete: boolean;
}

/** Versions requested per page of `model-versions/search`; servers may send fewer. */
const VERSIONS_PAGE_SIZE = 1000;
/** Bounds the calls one refresh makes for a model with very many versions. */
const MAX_VERSION_PAGES = 20;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Real servers omit empty lists, so an absent list is an empty one. */
function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function text(value: unknown): string | null {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Epoch milliseconds (a number, or a string where int64 is sent as one) to ISO 8601. */
function isoFromEpochMs(value: unknown): string | null {
  const ms =
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    return null;
  }
  return new Date(ms).toISOString();
}

function keyValues(value: unknown): Record<string, string> {
  return Object.fromEntries(
    listOf(value)
      .filter(item => typeof item.key === 'string')
      .map(item => [item.key as string, text(item.value) ?? '']),
  );
}

/**
 * The search filter for one exact name. MLflow takes the value between single or double
 * quotes verbatim (no escapes), so a name holding both quote characters cannot be matched.
 */
export function exactNameFilter(model: string): string {
  if (!model.includes("'")) {
    return `name='${model}'`;
  }
  if (!model.includes('"')) {
    return `name="${model}"`;
  }
  throw new Error(
    `the registered model name ${model} contains both ' and ", which MLflow search filters cannot express`,
  );
}

/**
 * The MLflow REST calls the collector makes, for one instance, with tolerant parsing of
 * what real servers send (omitted empty lists, int64 as strings, empty strings).
 */
export class MlflowRegistryApi {
  constructor(
    private readonly options: {
      instance: MlflowInstance;
      client: UpstreamHttpClient;
      signal?: AbortSignal;
    },
  ) {}

  private url(path: string, params: Record<string, string>): string {
    return `${
      this.options.instance.baseUrl
    }/api/2.0/mlflow/${path}?${new URLSearchParams(params)}`;
  }

  private async get(
    path: string,
    params: Record<string, string>,
  ): Promise<Json> {
    const { instance, client, signal } = this.options;
    const response = await client.getJson<unknown>(this.url(path, params), {
      headers: instance.authorization
        ? { Authorization: instance.authorization }
        : {},
      signal,
    });
    if (!isObject(response.body)) {
      throw new UpstreamError(
        'malformed',
        `mlflow: ${path} answered with JSON that is not an object`,
      );
    }
    return response.body;
  }

  private static version(value: Json, path: string): MlflowModelVersion {
    const version = text(value.version);
    const createdAt = isoFromEpochMs(value.creation_timestamp);
    if (version === null || createdAt === null) {
      throw new UpstreamError(
        'malformed',
        `mlflow: ${path} answered with a model version without a version number or creation_timestamp`,
      );
    }
    const stage = text(value.current_stage);
    return {
      version,
      status: text(value.status),
      stage: stage === null || stage.toLowerCase() === 'none' ? null : stage,
      runId: text(value.run_id),
      source: text(value.source),
      createdAt,
      aliases: Array.isArray(value.aliases)
        ? value.aliases.filter((a): a is string => typeof a === 'string')
        : [],
    };
  }

  /**
   * The registered model, or undefined when the server says it does not exist. A 404 is
   * only believed after `registered-models/search` answers on the same server: a wrong
   * `baseUrl` (or a proxy path prefix) also answers 404, and must not read as "not
   * registered".
   */
  async getRegisteredModel(
    name: string,
  ): Promise<MlflowRegisteredModel | undefined> {
    const path = 'registered-models/get';
    let body: Json;
    try {
      body = await this.get(path, { name });
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'not-found') {
        await this.confirmRegistryAnswers(name);
        return undefined;
      }
      throw error;
    }
    const model = body.registered_model;
    if (!isObject(model)) {
      throw new UpstreamError(
        'malformed',
        `mlflow: ${path} answered without a registered_model`,
      );
    }
    return {
      name: text(model.name) ?? name,
      description: text(model.description),
      tags: keyValues(model.tags),
      aliases: Object.fromEntries(
        listOf(model.aliases)
          .filter(a => text(a.alias) !== null && text(a.version) !== null)
          .map(a => [text(a.alias)!, text(a.version)!]),
      ),
      createdAt: isoFromEpochMs(model.creation_timestamp),
      lastUpdatedAt: isoFromEpochMs(model.last_updated_timestamp),
      latestVersions: listOf(model.latest_versions).map(v =>
        MlflowRegistryApi.version(v, path),
      ),
    };
  }

  private async confirmRegistryAnswers(name: string): Promise<void> {
    try {
      await this.get('registered-models/search', {
        filter: exactNameFilter(name),
        max_results: '1',
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'not-found') {
        throw new UpstreamError(
          'not-found',
          `mlflow: ${this.options.instance.baseUrl} does not serve the MLflow REST API (HTTP 404 from registered-models/get and registered-models/search); check its baseUrl`,
          { status: 404 },
        );
      }
      throw error;
    }
  }

  /** Every version of the model, following `next_page_token`, up to the page limit. */
  async searchVersions(name: string): Promise<MlflowVersionSearch> {
    const path = 'model-versions/search';
    const filter = exactNameFilter(name);
    const versions: MlflowModelVersion[] = [];
    const tokens = new Set<string>();
    let pageToken: string | null = null;
    for (let page = 0; page < MAX_VERSION_PAGES; page++) {
      const body = await this.get(path, {
        filter,
        max_results: String(VERSIONS_PAGE_SIZE),
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      versions.push(
        ...listOf(body.model_versions).map(v =>
          MlflowRegistryApi.version(v, path),
        ),
      );
      pageToken = text(body.next_page_token);
      if (pageToken === null) {
        return { versions, complete: true };
      }
      if (tokens.has(pageToken)) {
        throw new UpstreamError(
          'malformed',
          `mlflow: ${path} repeated a next_page_token, so its pages never end`,
        );
      }
      tokens.add(pageToken);
    }
    return { versions, complete: false };
  }

  /** The run's latest metrics and its params, or undefined when the run does not exist. */
  async getRun(runId: string): Promise<MlflowRun | undefined> {
    const path = 'runs/get';
    let body: Json;
    try {
      body = await this.get(path, { run_id: runId });
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'not-found') {
        return undefined;
      }
      throw error;
    }
    const run = body.run;
    if (!isObject(run)) {
      throw new UpstreamError(
        'malformed',
        `mlflow: ${path} answered without a run`,
      );
    }
    const data = isObject(run.data) ? run.data : {};
    return {
      runId,
      // NaN and infinite metrics arrive as strings and have no JSON number form.
      metrics: Object.fromEntries(
        listOf(data.metrics)
          .filter(m => typeof m.key === 'string' && typeof m.value === 'number')
          .map(m => [m.key as string, m.value as number]),
      ),
      params: keyValues(data.params),
    };
  }
}
