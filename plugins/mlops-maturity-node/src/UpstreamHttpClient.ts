import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { deflateRawSync, inflateRawSync } from 'zlib';
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
  | 'too-large'
  | 'redirected'
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

/** A host's rate-limit budget, as its last answer stated it. @public */
export interface UpstreamBudget {
  host: string;
  limit?: number;
  remaining: number;
  resetAt: string;
}

/** Per-source counters shown in `/status`. @public */
export interface UpstreamStats {
  calls: number;
  errors: number;
  rateLimited: number;
  notModified: number;
  retries: number;
  /** Requests not sent because the host's budget was spent; they wait for its reset. */
  deferred: number;
  budgets: UpstreamBudget[];
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
  /** Entries kept for conditional requests; default 50,000 (about 2 KB each, compressed). */
  maxCacheEntries?: number;
  /** Largest response body read; default 16 MiB. */
  maxResponseBytes?: number;
  fetchImpl?: typeof fetch;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** GitHub sends epoch seconds; IETF RateLimit-Reset is seconds from now. */
function resetTime(reset: number): Date {
  return new Date(reset > 1e9 ? reset * 1000 : Date.now() + reset * 1000);
}

class ResponseTooLarge extends Error {}

/**
 * The body as text, refused past `limit` bytes and given up when `signal` aborts: the
 * fetch's own abort does not reach a body that some implementations already handed over.
 */
async function readLimited(
  response: Response,
  signal: AbortSignal,
  limit: number,
): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge();
  }
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) {
        break;
      }
      size += value.byteLength;
      if (size > limit) {
        throw new ResponseTooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON HTTP client with the hygiene every collector needs: timeouts that cover the
 * body, bounded concurrency per host, Retry-After and rate-limit headers honoured,
 * conditional requests with ETags, a size limit, no redirects, and counters. Base URLs come from app-config only; callers pass
 * absolute URLs they built from configuration.
 * @public
 */
export class UpstreamHttpClient {
  private readonly limiters = new Map<string, ReturnType<typeof pLimit>>();
  /**
   * Conditional-request entries. Bodies are kept as compressed JSON text: parsed objects
   * took about twenty times the memory, a couple of gigabytes for 10,000 GitHub services.
   */
  private readonly etagCache = new Map<
    string,
    { etag: string; body: Buffer; headers: [string, string][] }
  >();
  private readonly counters: Omit<UpstreamStats, 'budgets'> = {
    calls: 0,
    errors: 0,
    rateLimited: 0,
    notModified: 0,
    retries: 0,
    deferred: 0,
  };
  private readonly budgets = new Map<
    string,
    { limit?: number; remaining: number; resetAt: Date }
  >();
  private readonly options: Required<
    Omit<UpstreamHttpClientOptions, 'fetchImpl' | 'sleep'>
  > & {
    fetchImpl: typeof fetch;
    sleep: (ms: number) => Promise<void>;
  };

  constructor(options: UpstreamHttpClientOptions) {
    this.options = {
      timeoutMs: 10_000,
      maxConcurrencyPerHost: 4,
      maxRetries: 2,
      maxRetryWaitMs: 30_000,
      maxCacheEntries: 50_000,
      maxResponseBytes: 16 * 1024 * 1024,
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
    return {
      ...this.counters,
      budgets: [...this.budgets].map(([host, budget]) => ({
        host,
        ...(budget.limit !== undefined ? { limit: budget.limit } : {}),
        remaining: budget.remaining,
        resetAt: budget.resetAt.toISOString(),
      })),
    };
  }

  /** Remembers the budget a response states (GitHub's X-RateLimit-*, GitLab's RateLimit-*). */
  private recordBudget(host: string, headers: Headers) {
    const header = (name: string) =>
      headers.get(`x-ratelimit-${name}`) ?? headers.get(`ratelimit-${name}`);
    const remainingText = header('remaining');
    const resetText = header('reset');
    if (remainingText === null || resetText === null) {
      return;
    }
    const remaining = Number(remainingText);
    const reset = Number(resetText);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) {
      return;
    }
    const limit = Number(header('limit'));
    this.budgets.set(host, {
      ...(Number.isFinite(limit) && limit > 0 ? { limit } : {}),
      remaining,
      resetAt: resetTime(reset),
    });
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
    return (
      (headers.get('x-ratelimit-remaining') ??
        headers.get('ratelimit-remaining')) === '0'
    );
  }

  /** How long to wait before retrying, from Retry-After or the rate-limit reset headers. */
  private static waitFor(
    headers: Headers,
    attempt: number,
  ): { ms: number; at?: Date } {
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
    const reset =
      headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
    if (reset && UpstreamHttpClient.exhausted(headers)) {
      const at = resetTime(Number(reset));
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
    const limiter = this.limiterFor(parsed);
    for (let attempt = 0; ; attempt++) {
      // A slot per attempt, not per call: waiting for a retry must not hold up the other
      // requests to the same host.
      const result = await limiter(() =>
        this.attempt<T>(parsed, options, attempt),
      );
      if ('response' in result) {
        return result.response;
      }
      this.counters.retries += 1;
      await this.options.sleep(result.retryInMs);
    }
  }

  private async attempt<T>(
    url: URL,
    options: { headers?: Record<string, string>; signal?: AbortSignal },
    attempt: number,
  ): Promise<{ response: UpstreamResponse<T> } | { retryInMs: number }> {
    // Only the path is ever logged or reported: query strings may carry secrets.
    const where = `${url.origin}${url.pathname}`;
    const name = this.options.name;
    const canRetry =
      attempt < this.options.maxRetries && !options.signal?.aborted;
    // A spent budget is waited out, not spent further: the request is not sent, and the
    // caller learns when the budget resets so that it can come back then.
    const budget = this.budgets.get(url.host);
    if (
      budget &&
      budget.remaining <= 0 &&
      budget.resetAt.getTime() > Date.now()
    ) {
      this.counters.deferred += 1;
      throw new UpstreamError(
        'rate-limited',
        `${name}: the rate limit of ${
          url.host
        } is spent until ${budget.resetAt.toISOString()}, so ${where} waits for it`,
        { retryAt: budget.resetAt },
      );
    }
    const cached = this.etagCache.get(url.href);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...options.headers,
      ...(cached ? { 'If-None-Match': cached.etag } : {}),
    };
    // One deadline for the headers and the body: a body that stalls is a timeout too.
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    const unanswered = (error: unknown) => {
      if (canRetry) {
        return { retryInMs: Math.min(8000, 500 * 2 ** attempt) };
      }
      return this.fail(
        timeout.aborted
          ? new UpstreamError(
              'timeout',
              `${name}: ${where} did not answer within ${this.options.timeoutMs} ms`,
            )
          : new UpstreamError(
              'network',
              `${name}: ${where} is unreachable (${(error as Error).message})`,
            ),
      );
    };
    this.counters.calls += 1;
    let response: Response;
    try {
      // Redirects are not followed: credentials must not travel to another host.
      response = await this.options.fetchImpl(url.href, {
        headers,
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      return unanswered(error);
    }

    this.recordBudget(url.host, response.headers);
    if (response.status === 304 && cached) {
      this.counters.notModified += 1;
      // A 304 may omit headers such as Link; the cached response's headers fill them in.
      const merged = new Headers(cached.headers);
      response.headers.forEach((value, key) => merged.set(key, value));
      return {
        response: {
          status: 200,
          // Parsed afresh, so that no caller can change what another one reads.
          body: JSON.parse(inflateRawSync(cached.body).toString('utf8')) as T,
          headers: merged,
          fromCache: true,
        },
      };
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
      // The body is not needed; cancelling it releases the connection.
      void response.body?.cancel().catch(() => undefined);
      if (canRetry && wait.ms <= this.options.maxRetryWaitMs) {
        // The retry comes after the reset it waits for: the budget is learnt anew from
        // its answer rather than held against it.
        this.budgets.delete(url.host);
        return { retryInMs: wait.ms };
      }
      if (rateLimited && wait.at && wait.at.getTime() > Date.now()) {
        // A bare 429 or a secondary limit states no budget, yet the host asked for a
        // pause: the other requests to it wait too rather than be refused one by one.
        const known = this.budgets.get(url.host);
        this.budgets.set(url.host, {
          ...(known?.limit !== undefined ? { limit: known.limit } : {}),
          remaining: 0,
          resetAt:
            known && known.remaining <= 0 && known.resetAt > wait.at
              ? known.resetAt
              : wait.at,
        });
      }
      return this.fail(
        rateLimited
          ? new UpstreamError(
              'rate-limited',
              `${name}: rate limited by ${where}${
                wait.at ? ` until ${wait.at.toISOString()}` : ''
              }`,
              { status: response.status, retryAt: wait.at },
            )
          : new UpstreamError(
              'server',
              `${name}: ${where} answered HTTP ${response.status}`,
              { status: response.status },
            ),
      );
    }
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const target = location ? new URL(location, url) : undefined;
      return this.fail(
        new UpstreamError(
          'redirected',
          `${name}: ${where} redirected (HTTP ${response.status})${
            target ? ` to ${target.origin}${target.pathname}` : ''
          }; redirects are not followed, configure the address it names`,
          { status: response.status },
        ),
      );
    }
    if (response.status === 401 || response.status === 403) {
      return this.fail(
        new UpstreamError(
          'auth',
          `${name}: ${where} refused the credentials (HTTP ${response.status})`,
          { status: response.status },
        ),
      );
    }
    if (response.status === 404) {
      return this.fail(
        new UpstreamError(
          'not-found',
          `${name}: ${where} was not found (HTTP 404)`,
          { status: 404 },
        ),
      );
    }
    if (!response.ok) {
      return this.fail(
        new UpstreamError(
          'bad-request',
          `${name}: ${where} answered HTTP ${response.status}`,
          { status: response.status },
        ),
      );
    }
    let text: string;
    try {
      text = await readLimited(response, signal, this.options.maxResponseBytes);
    } catch (error) {
      if (error instanceof ResponseTooLarge) {
        return this.fail(
          new UpstreamError(
            'too-large',
            `${name}: ${where} answered with more than ${this.options.maxResponseBytes} bytes`,
            { status: response.status },
          ),
        );
      }
      return unanswered(error);
    }
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      return this.fail(
        new UpstreamError(
          'malformed',
          `${name}: ${where} answered with malformed JSON`,
          { status: response.status },
        ),
      );
    }
    const etag = response.headers.get('etag');
    if (etag) {
      if (this.etagCache.size >= this.options.maxCacheEntries) {
        // Oldest first: Map keeps insertion order.
        this.etagCache.delete(this.etagCache.keys().next().value!);
      }
      this.etagCache.set(url.href, {
        etag,
        body: deflateRawSync(text),
        headers: [...response.headers],
      });
    }
    return {
      response: {
        status: response.status,
        body,
        headers: response.headers,
        fromCache: false,
      },
    };
  }
}

/** The client settings an operator may tune for every collector. @public */
export type UpstreamClientSettings = Pick<
  UpstreamHttpClientOptions,
  | 'timeoutMs'
  | 'maxCacheEntries'
  | 'maxConcurrencyPerHost'
  | 'maxRetries'
  | 'maxRetryWaitMs'
  | 'maxResponseBytes'
>;

const UPSTREAM_KEY = 'mlopsMaturity.upstream';

/**
 * Reads `mlopsMaturity.upstream` (timeouts, retries, concurrency and body size shared by
 * every collector); settings left out keep the client's defaults. Throws naming the key.
 * @public
 */
export function readUpstreamClientOptions(
  config: RootConfigService,
): UpstreamClientSettings {
  const read = (name: keyof UpstreamClientSettings, min: number) => {
    const value = config.getOptionalNumber(`${UPSTREAM_KEY}.${name}`);
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      throw new Error(
        `Invalid ${UPSTREAM_KEY}.${name}: expected a whole number of at least ${min}, got ${value}`,
      );
    }
    return value;
  };
  return {
    timeoutMs: read('timeoutMs', 1),
    maxCacheEntries: read('maxCacheEntries', 0),
    maxConcurrencyPerHost: read('maxConcurrencyPerHost', 1),
    maxRetries: read('maxRetries', 0),
    maxRetryWaitMs: read('maxRetryWaitMs', 0),
    maxResponseBytes: read('maxResponseBytes', 1),
  };
}
