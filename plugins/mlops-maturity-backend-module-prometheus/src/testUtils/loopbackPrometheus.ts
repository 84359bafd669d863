import http from 'http';
import { LoopbackUpstream } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

/**
 * The job whose alert rules the stand-in serves, and the KPI series it declares.
 *
 * @public
 */
export const JOB = 'fraud-detector';
/** @public */
export const KPI_METRIC = 'fraud_loss_basis_points';

const sample = (metric: Record<string, string>) => ({
  metric,
  value: [Math.floor(Date.now() / 1000), '1'],
});

/** Instant-query answer, shaped as the Prometheus HTTP API documents it. */
const vector = (result: unknown[]) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});

const UP_QUERY = /^up\{job="((?:[^"\\]|\\.)*)"\}$/;
const JOB_IN_QUERY = /job="((?:[^"\\]|\\.)*)"/;

/**
 * `up` for any job, and one series of each family that the checks look for: those of
 * JOB under the names its rules use, so any job scraped by the stand-in looks like it.
 */
function queryAnswer(promql: string | null) {
  const up = promql?.match(UP_QUERY);
  if (up) {
    return vector([
      sample({ __name__: 'up', instance: '10.0.0.7:8080', job: up[1] }),
    ]);
  }
  if (promql?.includes('label_replace(')) {
    const job = promql.match(JOB_IN_QUERY)?.[1] ?? JOB;
    return vector([
      sample({
        __name__: 'fraud_feature_drift_score',
        job,
        mlops_maturity_family: 'drift',
      }),
      sample({
        __name__: 'model_auc',
        job,
        mlops_maturity_family: 'modelQuality',
      }),
      sample({ __name__: KPI_METRIC, mlops_maturity_family: 'kpi' }),
    ]);
  }
  return undefined;
}

const rules = {
  status: 'success',
  data: {
    groups: [
      {
        name: JOB,
        file: `/etc/prometheus/rules/${JOB}.yml`,
        interval: 30,
        rules: [
          {
            type: 'alerting',
            name: 'FraudFeatureDrift',
            query: `fraud_feature_drift_score{job="${JOB}"} > 0.3`,
            duration: 600,
            labels: { severity: 'page' },
            annotations: {},
            alerts: [],
            health: 'ok',
            state: 'inactive',
          },
          {
            type: 'alerting',
            name: 'FraudLossHigh',
            query: `${KPI_METRIC} > 12`,
            duration: 0,
            labels: { service: JOB },
            annotations: {},
            alerts: [],
            health: 'ok',
            state: 'inactive',
          },
        ],
      },
    ],
  },
};

/** @public */
export interface LoopbackPrometheusOptions {
  /** The Authorization header it answers; without one, it answers every request. */
  authorization?: string;
  /** Delay before each answer, as a loaded server would have. */
  latencyMs?: number;
  oversizedBytes?: number;
  redirectTo?: () => string;
  retryAfterSeconds?: number;
}

/**
 * A Prometheus stand-in on the loopback interface: answers `/api/v1/query` and
 * `/api/v1/rules` as the HTTP API documents them, for any job, or injects the fault it
 * is told to.
 *
 * @public
 */
export function loopbackPrometheus(
  options: LoopbackPrometheusOptions = {},
): LoopbackUpstream {
  const upstream: LoopbackUpstream = new LoopbackUpstream({
    oversizedBytes: options.oversizedBytes,
    redirectTo: options.redirectTo,
    retryAfterSeconds: options.retryAfterSeconds,
    async handler(req: http.IncomingMessage, res: http.ServerResponse) {
      if (options.latencyMs) {
        await new Promise(resolve => setTimeout(resolve, options.latencyMs));
      }
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const error = (status: number, errorType: string, message: string) =>
        json(status, { status: 'error', errorType, error: message });
      if (
        options.authorization !== undefined &&
        req.headers.authorization !== options.authorization
      ) {
        error(401, 'unauthorized', 'Unauthorized');
        return;
      }
      const url = new URL(req.url ?? '/', upstream.origin);
      switch (url.pathname) {
        case '/api/v1/query': {
          const answer = queryAnswer(url.searchParams.get('query'));
          if (answer) {
            json(200, answer);
          } else {
            error(400, 'bad_data', 'unexpected query');
          }
          return;
        }
        case '/api/v1/rules':
          json(200, rules);
          return;
        default:
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('404 page not found');
      }
    },
  });
  return upstream;
}
