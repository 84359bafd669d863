import { http, HttpResponse } from 'msw';
import fraudDetectorGet from '../__fixtures__/mlflow-2.11/registered-models-get_fraud-detector.json';
import fraudDetectorVersions from '../__fixtures__/mlflow-2.11/model-versions-search_fraud-detector.json';
import llmSupportBotGet from '../__fixtures__/mlflow-2.11/registered-models-get_llm-support-bot.json';
import churnModelGet from '../__fixtures__/mlflow-2.11/registered-models-get_churn-model.json';
import missingModel from '../__fixtures__/mlflow-2.11/registered-models-get_missing_404.json';
import fraudV3Run from '../__fixtures__/mlflow-2.11/runs-get_fraud-v3.json';

type Json = Record<string, any>;

/** A registered model as a server holds it: the `registered_model` object and every version. */
export interface FakeModel {
  registeredModel: Json;
  versions: Json[];
}

/** fraud-detector as captured: three versions, aliases champion → 3 and challenger → 2. */
export function fraudDetector(): FakeModel {
  return {
    registeredModel: structuredClone(fraudDetectorGet.registered_model),
    versions: structuredClone(fraudDetectorVersions.model_versions),
  };
}

/** llm-support-bot as captured: registered without versions (no `latest_versions` key). */
export function llmSupportBot(): FakeModel {
  return {
    registeredModel: structuredClone(llmSupportBotGet.registered_model),
    versions: [],
  };
}

/**
 * churn-model as captured: one version in stage Production and no aliases. Its only
 * version is its latest, so `latest_versions` lists every version.
 */
export function churnModel(): FakeModel {
  const registeredModel = structuredClone(churnModelGet.registered_model);
  return {
    registeredModel,
    versions: structuredClone(registeredModel.latest_versions),
  };
}

/** The run behind fraud-detector version 3, as `runs/get` returned it. */
export function fraudV3(): Json {
  return structuredClone(fraudV3Run.run);
}

export interface FakeMlflowOptions {
  baseUrl: string;
  models?: FakeModel[];
  runs?: Json[];
  /** The most versions the server sends per page, whatever max_results asks for. */
  maxPageSize?: number;
  /** When set, requests without exactly this Authorization header get HTTP 401. */
  authorization?: string;
}

export interface RecordedRequest {
  path: string;
  params: Record<string, string>;
  headers: Headers;
}

const API = '/api/2.0/mlflow';

function error(status: number, errorCode: string, message: string) {
  return HttpResponse.json({ error_code: errorCode, message }, { status });
}

/** Parses `name='x'` / `name="x"`, the only filter the collector sends. */
function exactName(filter: string | null): string | undefined {
  return filter?.match(/^name\s*=\s*(['"])(.*)\1$/)?.[2];
}

/** Like MLflow's page tokens: base64 of the next offset. */
function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function offsetOf(token: string | null): number {
  return token ? JSON.parse(Buffer.from(token, 'base64').toString()).offset : 0;
}

/**
 * msw handlers that answer like an MLflow 2.11 tracking server from the captured
 * fixtures: empty lists omitted, 404 RESOURCE_DOES_NOT_EXIST for missing models and runs,
 * pagination with `next_page_token`. Records every request it receives.
 */
export function fakeMlflow(options: FakeMlflowOptions) {
  const models = new Map(
    (options.models ?? []).map(m => [m.registeredModel.name as string, m]),
  );
  const runs = new Map(
    (options.runs ?? []).map(r => [r.info.run_id as string, r]),
  );
  const requests: RecordedRequest[] = [];
  const base = `${options.baseUrl}${API}`;

  const answer =
    (respond: (params: URLSearchParams) => Response) =>
    ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      requests.push({
        path: url.pathname.slice(API.length + 1),
        params: Object.fromEntries(url.searchParams),
        headers: request.headers,
      });
      if (
        options.authorization &&
        request.headers.get('authorization') !== options.authorization
      ) {
        return new HttpResponse('You are not authenticated.', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' },
        });
      }
      return respond(url.searchParams);
    };

  const handlers = [
    http.get(
      `${base}/registered-models/get`,
      answer(params => {
        const name = params.get('name') ?? '';
        const model = models.get(name);
        if (!model) {
          return error(
            404,
            missingModel.error_code,
            missingModel.message.replace('no-such-model', name),
          );
        }
        return HttpResponse.json({ registered_model: model.registeredModel });
      }),
    ),
    http.get(
      `${base}/registered-models/search`,
      answer(params => {
        const model = models.get(exactName(params.get('filter')) ?? '');
        return HttpResponse.json(
          model ? { registered_models: [model.registeredModel] } : {},
        );
      }),
    ),
    http.get(
      `${base}/model-versions/search`,
      answer(params => {
        const name = exactName(params.get('filter'));
        if (name === undefined) {
          return error(
            400,
            'INVALID_PARAMETER_VALUE',
            `Invalid filter '${params.get('filter')}'`,
          );
        }
        const versions = models.get(name)?.versions ?? [];
        const pageSize = Math.min(
          Number(params.get('max_results') ?? 200000),
          options.maxPageSize ?? Infinity,
        );
        const offset = offsetOf(params.get('page_token'));
        const page = versions.slice(offset, offset + pageSize);
        const next =
          offset + pageSize < versions.length
            ? pageToken(offset + pageSize)
            : undefined;
        return HttpResponse.json({
          ...(page.length > 0 ? { model_versions: page } : {}),
          ...(next ? { next_page_token: next } : {}),
        });
      }),
    ),
    http.get(
      `${base}/runs/get`,
      answer(params => {
        const runId = params.get('run_id') ?? '';
        const run = runs.get(runId);
        return run
          ? HttpResponse.json({ run })
          : error(
              404,
              'RESOURCE_DOES_NOT_EXIST',
              `Run with id=${runId} not found`,
            );
      }),
    ),
  ];

  return {
    handlers,
    requests,
    /** How many requests went to one API path, e.g. `runs/get`. */
    count: (path: string) => requests.filter(r => r.path === path).length,
  };
}
