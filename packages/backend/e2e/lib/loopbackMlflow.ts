import fs from 'fs';
import http from 'http';
import path from 'path';
import { LoopbackUpstream } from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';

const FIXTURES = path.join(
  path.dirname(
    require.resolve(
      '@mlops-maturity/backstage-plugin-mlops-maturity-backend-module-mlflow/package.json',
    ),
  ),
  'src/__fixtures__/mlflow-2.11',
);
const CAPTURED_MODEL = 'fraud-detector';

function fixture(file: string): string {
  return fs.readFileSync(path.join(FIXTURES, file), 'utf8');
}

/**
 * An MLflow 2.11 tracking server on the loopback interface for a test's backend
 * processes: every registered model answers as the captured `fraud-detector` under its
 * own name, after `latencyMs`. It counts `registered-models/get` per model — one per
 * collection of a service.
 */
export class LoopbackMlflow {
  readonly collections = new Map<string, number>();
  private readonly registeredModel = fixture(
    'registered-models-get_fraud-detector.json',
  );
  private readonly versions = fixture(
    'model-versions-search_fraud-detector.json',
  );
  private readonly run = fixture('runs-get_fraud-v3.json');
  private readonly upstream = new LoopbackUpstream({
    handler: async (req, res) => {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
      this.handle(req, res);
    },
  });

  constructor(private readonly latencyMs: number) {}

  get baseUrl(): string {
    return this.upstream.origin;
  }

  start(): Promise<void> {
    return this.upstream.start();
  }

  stop(): Promise<void> {
    return this.upstream.stop();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const send = (body: string, model: string) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body.split(`"${CAPTURED_MODEL}"`).join(JSON.stringify(model)));
    };
    switch (url.pathname) {
      case '/api/2.0/mlflow/registered-models/get': {
        const model = url.searchParams.get('name') ?? '';
        this.collections.set(model, (this.collections.get(model) ?? 0) + 1);
        send(this.registeredModel, model);
        return;
      }
      case '/api/2.0/mlflow/model-versions/search': {
        // The filter is name='<model>'.
        const filter = url.searchParams.get('filter') ?? '';
        send(this.versions, filter.replace(/^name\s*=\s*['"]|['"]$/g, ''));
        return;
      }
      case '/api/2.0/mlflow/runs/get':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(this.run);
        return;
      default:
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error_code":"ENDPOINT_NOT_FOUND"}');
    }
  }
}
