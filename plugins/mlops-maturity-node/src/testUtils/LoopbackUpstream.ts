import http from 'http';
import { AddressInfo, Socket } from 'net';

/**
 * What a stand-in does instead of answering: the ways an upstream fails that every
 * collector must survive.
 *
 * @public
 */
export type UpstreamFault =
  | 'server-error'
  | 'rate-limited'
  | 'hang'
  | 'stall-mid-body'
  | 'oversized'
  | 'malformed'
  | 'redirect';

/** @public */
export interface LoopbackUpstreamOptions {
  /** Answers a request when no fault is set. */
  handler(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): void | Promise<void>;
  /** Status of `server-error` (503 unless told). */
  serverErrorStatus?: number;
  /** Bytes of the `oversized` answer, to exceed the client's limit. */
  oversizedBytes?: number;
  /** The full URL `redirect` sends the client to. */
  redirectTo?: () => string;
  /** Retry-After of `rate-limited` (120 s unless told). */
  retryAfterSeconds?: number;
}

/**
 * An upstream on the loopback interface for fault suites: real sockets, timers and body
 * streams, so a client meets each fault as it would in production. It answers through
 * the handler, or with the fault it is told to inject.
 *
 * @public
 */
export class LoopbackUpstream {
  fault: UpstreamFault | undefined;
  /** Requests received, faulty or not. */
  requests = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server;

  get retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 120;
  }

  constructor(private readonly options: LoopbackUpstreamOptions) {
    this.server = http.createServer((req, res) => {
      this.requests += 1;
      if (this.injectFault(res)) {
        return;
      }
      Promise.resolve(options.handler(req, res)).catch(error => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  start(): Promise<void> {
    return new Promise(resolve =>
      this.server.listen(0, '127.0.0.1', () => resolve()),
    );
  }

  stop(): Promise<void> {
    // Hung and stalled answers keep their sockets open until closed here.
    this.sockets.forEach(socket => socket.destroy());
    return new Promise(resolve => this.server.close(() => resolve()));
  }

  /** Answers with the fault, or returns false when there is none. */
  private injectFault(res: http.ServerResponse): boolean {
    const json = (status: number, body: string, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };
    switch (this.fault) {
      case undefined:
        return false;
      case 'server-error':
        json(
          this.options.serverErrorStatus ?? 503,
          '{"message":"Service Unavailable"}',
        );
        return true;
      case 'rate-limited':
        // Longer than a client may wait, so it gives up and says until when.
        json(429, '{"message":"Too Many Requests"}', {
          'Retry-After': String(this.retryAfterSeconds),
        });
        return true;
      case 'hang':
        return true;
      case 'stall-mid-body':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"data": [{"id": 1, "name": ');
        return true;
      case 'oversized':
        json(
          200,
          JSON.stringify({
            padding: 'x'.repeat(this.options.oversizedBytes ?? 1024 * 1024),
          }),
        );
        return true;
      case 'malformed':
        json(200, '{"data": [{"id": 1, "name": "x"}');
        return true;
      case 'redirect':
        res.writeHead(302, { Location: this.options.redirectTo?.() ?? '/' });
        res.end();
        return true;
      default:
        return false;
    }
  }
}

/**
 * Runs `refresh` while the Retry-After of a `rate-limited` answer lasts, then waits it
 * out. Returns how many checks `refresh` found stale and how many requests reached the
 * upstream meanwhile: a client that honours the pause sends none.
 *
 * @public
 */
export async function refreshDuringRetryAfter(
  upstream: LoopbackUpstream,
  refresh: () => Promise<number>,
): Promise<{ staleChecks: number; sent: number }> {
  const sentBefore = upstream.requests;
  const staleChecks = await refresh();
  const sent = upstream.requests - sentBefore;
  await new Promise(resolve =>
    setTimeout(resolve, upstream.retryAfterSeconds * 1000 + 100),
  );
  return { staleChecks, sent };
}
