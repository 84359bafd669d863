import http from 'http';
import { AddressInfo, Socket } from 'net';
import { getResponse } from 'msw';
import { API, fakeGithub } from './fakeGithub';

/** What the stand-in does instead of answering. */
export type GithubFault =
  | 'server-error'
  | 'secondary-limit'
  | 'primary-limit'
  | 'hang'
  | 'stall-mid-body'
  | 'oversized'
  | 'malformed'
  | 'redirect';

export interface LoopbackGithubOptions {
  token: string;
  /** Counted requests per window (GitHub: 5,000 an hour for a token). */
  budget?: number;
  windowMs?: number;
  latencyMs?: number;
  /** Concurrent requests beyond which GitHub answers a secondary rate limit. */
  secondaryConcurrency?: number;
  /** The origin `redirect` sends the client to. */
  redirectTo?: () => string;
}

/**
 * A GitHub Enterprise API on the loopback interface (`<origin>/api/v3`), served from
 * `fakeGithub`'s documented responses: every repository of owner `acme` answers as the
 * fake's one repository, under its own URL. It enforces GitHub's rules for one token — a
 * budget per window that 304s do not spend, a secondary limit on concurrent requests — and
 * can be told to inject a fault into every answer.
 */
export class LoopbackGithub {
  fault: GithubFault | undefined;
  readonly counts = {
    ok: 0,
    notModified: 0,
    primaryLimited: 0,
    secondaryLimited: 0,
    faults: 0,
  };
  windows = 1;
  private readonly fake = fakeGithub(new Date());
  private readonly budget: number;
  private readonly windowMs: number;
  private windowEndsAt: number;
  private remaining: number;
  private inFlight = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch(error => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  constructor(private readonly options: LoopbackGithubOptions) {
    this.budget = options.budget ?? 5000;
    this.windowMs = options.windowMs ?? 60 * 60 * 1000;
    this.windowEndsAt = Date.now() + this.windowMs;
    this.remaining = this.budget;
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answered requests of every kind. */
  answered(): number {
    const c = this.counts;
    return (
      c.ok + c.notModified + c.primaryLimited + c.secondaryLimited + c.faults
    );
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

  private rateHeaders(): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(this.budget),
      'X-RateLimit-Remaining': String(Math.max(0, this.remaining)),
      'X-RateLimit-Reset': String(Math.ceil(this.windowEndsAt / 1000)),
    };
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
        json(502, '{"message":"Server Error"}');
        break;
      case 'secondary-limit':
        json(403, '{"message":"You have exceeded a secondary rate limit."}', {
          'Retry-After': '120',
          ...this.rateHeaders(),
        });
        break;
      case 'primary-limit':
        // Spent until the next second, so that a test can wait for the reset.
        json(403, '{"message":"API rate limit exceeded"}', {
          ...this.rateHeaders(),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1),
        });
        break;
      case 'hang':
        break;
      case 'stall-mid-body':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"id": 4242, "default_branch": ');
        break;
      case 'oversized':
        json(200, JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }));
        break;
      case 'malformed':
        json(200, '{"id": 4242, "default_branch": "main"');
        break;
      case 'redirect':
        res.writeHead(301, {
          Location: `${this.options.redirectTo?.()}/api/v3/repos/acme/elsewhere`,
        });
        res.end();
        break;
      default:
    }
    this.counts.faults += 1;
    return true;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (Date.now() >= this.windowEndsAt) {
      this.windowEndsAt = Date.now() + this.windowMs;
      this.remaining = this.budget;
      this.windows += 1;
    }
    if (this.injectFault(res)) {
      return;
    }
    const authorization = req.headers.authorization;
    if (
      authorization !== `token ${this.options.token}` &&
      authorization !== `Bearer ${this.options.token}`
    ) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"message":"Bad credentials"}');
      return;
    }
    if (this.inFlight >= (this.options.secondaryConcurrency ?? 10)) {
      this.counts.secondaryLimited += 1;
      res.writeHead(403, { 'Retry-After': '1', ...this.rateHeaders() });
      res.end('{"message":"You have exceeded a secondary rate limit."}');
      return;
    }
    if (this.remaining <= 0) {
      this.counts.primaryLimited += 1;
      res.writeHead(403, this.rateHeaders());
      res.end('{"message":"API rate limit exceeded"}');
      return;
    }
    this.inFlight += 1;
    try {
      await new Promise(resolve =>
        setTimeout(resolve, this.options.latencyMs ?? 0),
      );
      const path = (req.url ?? '/')
        .replace(/^\/api\/v3/, '')
        .replace(/^\/repos\/acme\/[^/?]+/, '/repos/acme/fraud-detector');
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') {
          headers.set(key, value);
        }
      }
      const response = await getResponse(
        this.fake.handlers,
        new Request(`${API}${path}`, { headers }),
      );
      if (!response) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"Not Found"}');
        return;
      }
      // Conditional requests answered 304 do not count against the budget.
      if (response.status === 304) {
        this.counts.notModified += 1;
      } else {
        this.counts.ok += 1;
        this.remaining -= 1;
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        out[key] =
          key === 'link'
            ? value.split(API).join(`${this.origin}/api/v3`)
            : value;
      });
      res.writeHead(response.status, { ...out, ...this.rateHeaders() });
      res.end(Buffer.from(await response.arrayBuffer()));
    } finally {
      this.inFlight -= 1;
    }
  }
}
