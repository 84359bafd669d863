import http from 'http';
import { getResponse } from 'msw';
import {
  LoopbackUpstream,
  UpstreamFault,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node/testUtils';
import { API, fakeGithub } from './fakeGithub';

/**
 * What the stand-in does instead of answering: GitHub's own rate limits for a 429.
 * @public
 */
export type GithubFault =
  | Exclude<UpstreamFault, 'rate-limited'>
  | 'secondary-limit'
  | 'primary-limit';

/** @public */
export interface LoopbackGithubOptions {
  token: string;
  /** Counted requests per window (GitHub: 5,000 an hour for a token). */
  budget?: number;
  windowMs?: number;
  latencyMs?: number;
  /** Concurrent requests beyond which GitHub answers a secondary rate limit. */
  secondaryConcurrency?: number;
  /** Retry-After of the `secondary-limit` fault (120 s unless told). */
  retryAfterSeconds?: number;
  /** The origin `redirect` sends the client to. */
  redirectTo?: () => string;
}

/**
 * A GitHub Enterprise API on the loopback interface (`<origin>/api/v3`), served from
 * `fakeGithub`'s documented responses: every repository of owner `acme` answers as the
 * fake's one repository, under its own URL. It enforces GitHub's rules for one token — a
 * budget per window that 304s do not spend, a secondary limit on concurrent requests — and
 * can be told to inject a fault into every answer.
 * @public
 */
export class LoopbackGithub {
  readonly counts = {
    ok: 0,
    notModified: 0,
    primaryLimited: 0,
    secondaryLimited: 0,
  };
  windows = 1;
  /** The Authorization header of every request that reached the handler. */
  readonly authorizations: string[] = [];
  private githubFault: GithubFault | undefined;
  private readonly fake = fakeGithub(new Date());
  private readonly budget: number;
  private readonly windowMs: number;
  private windowEndsAt: number;
  private remaining: number;
  private inFlight = 0;
  private readonly upstream: LoopbackUpstream;

  constructor(private readonly options: LoopbackGithubOptions) {
    this.budget = options.budget ?? 5000;
    this.windowMs = options.windowMs ?? 60 * 60 * 1000;
    this.windowEndsAt = Date.now() + this.windowMs;
    this.remaining = this.budget;
    this.upstream = new LoopbackUpstream({
      serverErrorStatus: 502,
      redirectTo: () =>
        `${this.options.redirectTo?.()}/api/v3/repos/acme/elsewhere`,
      handler: (req, res) => this.handle(req, res),
    });
  }

  get fault(): GithubFault | undefined {
    return this.githubFault;
  }

  set fault(fault: GithubFault | undefined) {
    this.githubFault = fault;
    // The rate limits are GitHub's own answers; the stand-in injects the rest.
    this.upstream.fault =
      fault === 'secondary-limit' || fault === 'primary-limit'
        ? undefined
        : fault;
  }

  get origin(): string {
    return this.upstream.origin;
  }

  /** Answered requests of every kind. */
  answered(): number {
    return this.upstream.requests;
  }

  start(): Promise<void> {
    return this.upstream.start();
  }

  stop(): Promise<void> {
    return this.upstream.stop();
  }

  /** Lower-case, as the fake's own headers are, so that these replace them rather than add. */
  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.budget),
      'x-ratelimit-remaining': String(Math.max(0, this.remaining)),
      'x-ratelimit-reset': String(Math.ceil(this.windowEndsAt / 1000)),
    };
  }

  /** Answers with one of GitHub's rate-limit faults, or returns false. */
  private injectRateLimit(res: http.ServerResponse): boolean {
    if (this.githubFault === 'secondary-limit') {
      res.writeHead(403, {
        'Content-Type': 'application/json',
        'Retry-After': String(this.options.retryAfterSeconds ?? 120),
        ...this.rateHeaders(),
      });
      res.end('{"message":"You have exceeded a secondary rate limit."}');
      return true;
    }
    if (this.githubFault === 'primary-limit') {
      // Spent until the next second, so that a test can wait for the reset.
      res.writeHead(403, {
        'Content-Type': 'application/json',
        ...this.rateHeaders(),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      });
      res.end('{"message":"API rate limit exceeded"}');
      return true;
    }
    return false;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (Date.now() >= this.windowEndsAt) {
      this.windowEndsAt = Date.now() + this.windowMs;
      this.remaining = this.budget;
      this.windows += 1;
    }
    if (this.injectRateLimit(res)) {
      return;
    }
    const authorization = req.headers.authorization;
    this.authorizations.push(authorization ?? '');
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
