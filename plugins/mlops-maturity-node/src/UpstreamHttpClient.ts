import { LoggerService } from '@backstage/backend-plugin-api';
import pLimit from 'p-limit';

/**
 * What went wrong talking to an upstream. Messages never contain credentials.
 * @public
 */
export type UpstreamErrorKind =
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'bad-request';

/** @public */
export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly status?: number;
  /** When a rate limit lifts, if the upstream said. */
  readonly retryAt?: Date;

  constructor(
    kind: UpstreamErrorKind,
    message: string,
    options: { status?: number; retryAt?: Date } = {},
  ) {
    super(message);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.status = options.status;
    this.retryAt = options.retryAt;
  }
}

/** Per-source counters shown in `/status`. @public */
export interface UpstreamStats {
  calls: number;
  errors: number;
  rateLimited: number;
  notModified: number;
  retries: number;
  lastError?: string;
  lastErrorAt?: string;
}

/** @public */
export interface UpstreamResponse<T> {
  status: number;
  body: T;
  headers: Headers;
  /** True when the body came from the conditional-request cache (HTTP 304). */
  fromCache: boolean;
}

/** @public */
export interface UpstreamHttpClientOptions {
  /** Source name for counters and log lines, e.g. `github`. */
  name: string;
  logger: LoggerService;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Concurrent requests per host; default 4. */
  maxConcurrencyPerHost?: number;
  /** Retries of 429/5xx/network errors; default 2. */
  maxRetries?: number;
  /** Longest Retry-After (or rate-limit reset) the client waits for before giving up; default 30 s. */
  maxRetryWaitMs?: number;
  /** Entries kept for conditional requests; default 2000. */
  maxCacheEntries?: number;
  fetchImpl?: typeof fetch;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * A JSON HTTP client with the hygiene every collector needs: timeouts, bounded
 * concurrency per host, Retry-After and rate-limit headers honoured, conditional
 * requests with ETags, and counters. Base URLs come from app-config only; callers pass
 * absolute URLs they built from configuration.
 * @public
 */
export class UpstreamHttpClient {
  private readonly limiters = new Map<string, ReturnType<typeof pLimit>>();
  private readonly etagCache = new Map<
    string,
    { etag: string; body: unknown; headers: [string, string][] }
  >();
  private readonly counters: UpstreamStats = {
    calls: 0,
    errors: 0,
    rateLimited: 0,
    notModified: 0,
    retries: 0,
  };
  private readonly options: Required<Omit<UpstreamHttpClientOptions, 'fetchImpl' | 'sleep'>> & {
    fetchImpl: typeof fetch;
    sleep: (ms: number) => Promise<void>;
  };

  constructor(options: UpstreamHttpClientOptions) {
    this.options = {
      timeoutMs: 10_000,
      maxConcurrencyPerHost: 4,
      maxRetries: 2,
      maxRetryWaitMs: 30_000,
      maxCacheEntries: 2000,
      fetchImpl: (...args) => fetch(...args),
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      // An option passed as undefined keeps its default.
      ...Object.fromEntries(
        Object.entries(options).filter(([, value]) => value !== undefined),
      ),
      name: options.name,
      logger: options.logger,
    };
  }

  stats(): UpstreamStats {
    return { ...this.counters };
  }

  private limiterFor(url: URL) {
    let limiter = this.limiters.get(url.host);
    if (!limiter) {
      limiter = pLimit(this.options.maxConcurrencyPerHost);
      this.limiters.set(url.host, limiter);
    }
    return limiter;
  }

  private fail(error: UpstreamError): never {
    this.counters.errors += 1;
    this.counters.lastError = error.message;
    this.counters.lastErrorAt = new Date().toISOString();
    throw error;
  }

  /** GitHub sends X-RateLimit-Remaining, GitLab and the IETF draft RateLimit-Remaining. */
  private static exhausted(headers: Headers): boolean {
    return (headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining')) === '0';
  }

  /** How long to wait before retrying, from Retry-After or the rate-limit reset headers. */
  private static waitFor(headers: Headers, attempt: number): { ms: number; at?: Date } {
    const retryAfter = headers.get('retry-after');
    if (retryAfter) {
      const seconds = Number(retryAfter);
      const at = Number.isNaN(seconds)
        ? new Date(retryAfter)
        : new Date(Date.now() + seconds * 1000);
      if (!Number.isNaN(at.getTime())) {
        return { ms: Math.max(0, at.getTime() - Date.now()), at };
      }
    }
    const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
    if (reset && UpstreamHttpClient.exhausted(headers)) {
      const value = Number(reset);
      // GitHub sends epoch seconds; IETF RateLimit-Reset is seconds from now.
      const at = value > 1e9 ? new Date(value * 1000) : new Date(Date.now() + value * 1000);
      return { ms: Math.max(0, at.getTime() - Date.now()), at };
    }
    return { ms: Math.min(8000, 500 * 2 ** attempt) };
  }

  /**
   * GETs JSON. Uses the cached ETag for a conditional request; a 304 answers from the
   * cache. Throws `UpstreamError` with a kind for every failure.
   */
  async getJson<T>(
    url: string,
    options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<UpstreamResponse<T>> {
    const parsed = new URL(url);
    // Only the path is ever logged or reported: query strings may carry secrets.
    const where = `${parsed.origin}${parsed.pathname}`;
    return this.limiterFor(parsed)(async () => {
      for (let attempt = 0; ; attempt++) {
        const cached = this.etagCache.get(url);
        const headers: Record<string, string> = {
          Accept: 'application/json',
          ...options.headers,
          ...(cached ? { 'If-None-Match': cached.etag } : {}),
        };
        const timeout = AbortSignal.timeout(this.options.timeoutMs);
        const signal = options.signal
          ? AbortSignal.any([options.signal, timeout])
          : timeout;
        this.counters.calls += 1;
        let response: Response;
        try {
          response = await this.options.fetchImpl(url, { headers, signal });
        } catch (error) {
          const timedOut = timeout.aborted;
          if (attempt < this.options.maxRetries && !options.signal?.aborted) {
            this.counters.retries += 1;
            await this.options.sleep(Math.min(8000, 500 * 2 ** attempt));
            continue;
          }
          return this.fail(
            timedOut
              ? new UpstreamError('timeout', `${this.options.name}: ${where} did not answer within ${this.options.timeoutMs} ms`)
              : new UpstreamError('network', `${this.options.name}: ${where} is unreachable (${(error as Error).message})`),
          );
        }

        if (response.status === 304 && cached) {
          this.counters.notModified += 1;
          // A 304 may omit headers such as Link; the cached response's headers fill them in.
          const merged = new Headers(cached.headers);
          response.headers.forEach((value, key) => merged.set(key, value));
          return { status: 200, body: cached.body as T, headers: merged, fromCache: true };
        }
        // GitHub signals secondary rate limits as 403 with Retry-After.
        const rateLimited =
          response.status === 429 ||
          (response.status === 403 &&
            (UpstreamHttpClient.exhausted(response.headers) ||
              response.headers.has('retry-after')));
        if (rateLimited || RETRYABLE.has(response.status)) {
          const wait = UpstreamHttpClient.waitFor(response.headers, attempt);
          if (rateLimited) {
            this.counters.rateLimited += 1;
          }
          if (attempt < this.options.maxRetries && wait.ms <= this.options.maxRetryWaitMs) {
            this.counters.retries += 1;
            // Drain the body so the connection can be reused.
            await response.arrayBuffer().catch(() => undefined);
            await this.options.sleep(wait.ms);
            continue;
          }
          return this.fail(
            rateLimited
              ? new UpstreamError(
                  'rate-limited',
                  `${this.options.name}: rate limited by ${where}${wait.at ? ` until ${wait.at.toISOString()}` : ''}`,
                  { status: response.status, retryAt: wait.at },
                )
              : new UpstreamError('server', `${this.options.name}: ${where} answered HTTP ${response.status}`, {
                  status: response.status,
                }),
          );
        }
        if (response.status === 401 || response.status === 403) {
          return this.fail(
            new UpstreamError('auth', `${this.options.name}: ${where} refused the credentials (HTTP ${response.status})`, {
              status: response.status,
            }),
          );
        }
        if (response.status === 404) {
          return this.fail(
            new UpstreamError('not-found', `${this.options.name}: ${where} was not found (HTTP 404)`, { status: 404 }),
          );
        }
        if (!response.ok) {
          return this.fail(
            new UpstreamError('bad-request', `${this.options.name}: ${where} answered HTTP ${response.status}`, {
              status: response.status,
            }),
          );
        }
        const text = await response.text();
        let body: T;
        try {
          body = JSON.parse(text) as T;
        } catch {
          return this.fail(
            new UpstreamError('malformed', `${this.options.name}: ${where} answered with malformed JSON`, {
              status: response.status,
            }),
          );
        }
        const etag = response.headers.get('etag');
        if (etag) {
          if (this.etagCache.size >= this.options.maxCacheEntries) {
            // Oldest first: Map keeps insertion order.
            this.etagCache.delete(this.etagCache.keys().next().value!);
          }
          this.etagCache.set(url, { etag, body, headers: [...response.headers] });
        }
        return { status: response.status, body, headers: response.headers, fromCache: false };
      }
    });
  }
}
