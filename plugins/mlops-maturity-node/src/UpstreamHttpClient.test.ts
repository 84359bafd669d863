import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  UpstreamHttpClient,
  readUpstreamClientOptions,
} from './UpstreamHttpClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'https://upstream.example.com';

function client(
  overrides: Partial<ConstructorParameters<typeof UpstreamHttpClient>[0]> = {},
) {
  const waits: number[] = [];
  const instance = new UpstreamHttpClient({
    name: 'test',
    logger: mockServices.logger.mock(),
    sleep: async ms => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { instance, waits };
}

describe('UpstreamHttpClient', () => {
  it('uses ETags for conditional requests and answers 304s from its cache', async () => {
    let requests = 0;
    server.use(
      http.get(`${base}/things`, ({ request }) => {
        requests += 1;
        if (request.headers.get('if-none-match') === '"v1"') {
          return new HttpResponse(null, { status: 304 });
        }
        return HttpResponse.json(
          { things: [1, 2] },
          {
            headers: {
              ETag: '"v1"',
              Link: `<${base}/things?page=2>; rel="next"`,
            },
          },
        );
      }),
    );
    const { instance } = client();
    const first = await instance.getJson<{ things: number[] }>(
      `${base}/things`,
    );
    expect(first.body).toEqual({ things: [1, 2] });
    // What one caller does with its answer never reaches the next one.
    first.body.things.push(3);
    const again = await instance.getJson(`${base}/things`);
    expect(again).toMatchObject({ body: { things: [1, 2] }, fromCache: true });
    expect(again.headers.get('link')).toContain('page=2');
    expect(requests).toBe(2);
    expect(instance.stats()).toMatchObject({
      calls: 2,
      notModified: 1,
      errors: 0,
    });
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    let requests = 0;
    server.use(
      http.get(`${base}/limited`, () => {
        requests += 1;
        return requests === 1
          ? new HttpResponse(null, {
              status: 429,
              headers: { 'Retry-After': '7' },
            })
          : HttpResponse.json({ ok: true });
      }),
    );
    const { instance, waits } = client();
    expect((await instance.getJson(`${base}/limited`)).body).toEqual({
      ok: true,
    });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(6000);
    expect(waits[0]).toBeLessThanOrEqual(7000);
    expect(instance.stats()).toMatchObject({
      rateLimited: 1,
      retries: 1,
      errors: 0,
    });
  });

  it('gives up when the rate limit lasts longer than it may wait, saying until when', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.use(
      http.get(
        `${base}/exhausted`,
        () =>
          new HttpResponse(null, {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          }),
      ),
    );
    const { instance, waits } = client();
    await expect(instance.getJson(`${base}/exhausted`)).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAt: new Date(reset * 1000),
    });
    expect(waits).toEqual([]);
  });

  it('holds every request to a host that answered a bare 429 until its Retry-After passes', async () => {
    let requests = 0;
    server.use(
      http.get(`${base}/pipelines`, () => {
        requests += 1;
        return HttpResponse.json(
          { message: 'Too Many Requests' },
          { status: 429, headers: { 'Retry-After': '120' } },
        );
      }),
    );
    const { instance } = client();
    const first = instance.getJson(`${base}/pipelines`);
    await expect(first).rejects.toMatchObject({ kind: 'rate-limited' });
    const retryAt: Date = await first.catch(error => error.retryAt);
    expect(retryAt.getTime() - Date.now()).toBeGreaterThan(100_000);

    await expect(
      instance.getJson(`${base}/pipelines?page=2`),
    ).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAt,
      message: expect.stringContaining('waits for it'),
    });
    expect(requests).toBe(1);
    expect(instance.stats()).toMatchObject({
      rateLimited: 1,
      deferred: 1,
      budgets: [
        {
          host: 'upstream.example.com',
          remaining: 0,
          resetAt: retryAt.toISOString(),
        },
      ],
    });
  });

  it('treats 403 with Retry-After as a secondary rate limit', async () => {
    let requests = 0;
    server.use(
      http.get(`${base}/secondary`, () => {
        requests += 1;
        return requests === 1
          ? new HttpResponse(null, {
              status: 403,
              headers: { 'Retry-After': '2', 'x-ratelimit-remaining': '4000' },
            })
          : HttpResponse.json({ ok: true });
      }),
    );
    const { instance } = client();
    expect((await instance.getJson(`${base}/secondary`)).body).toEqual({
      ok: true,
    });
    expect(instance.stats()).toMatchObject({ rateLimited: 1, errors: 0 });
  });

  it('retries 5xx and reports a server error after the last retry', async () => {
    let requests = 0;
    server.use(
      http.get(`${base}/broken`, () => {
        requests += 1;
        return new HttpResponse('oops', { status: 503 });
      }),
    );
    const { instance } = client({ maxRetries: 2 });
    await expect(instance.getJson(`${base}/broken`)).rejects.toMatchObject({
      kind: 'server',
      status: 503,
    });
    expect(requests).toBe(3);
    expect(instance.stats()).toMatchObject({
      errors: 1,
      retries: 2,
      lastError: expect.stringContaining('HTTP 503'),
    });
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not-found'],
    [400, 'bad-request'],
  ])('maps HTTP %s to %s without retrying', async (status, kind) => {
    let requests = 0;
    server.use(
      http.get(`${base}/status`, () => {
        requests += 1;
        return new HttpResponse(null, { status });
      }),
    );
    await expect(
      client().instance.getJson(`${base}/status`),
    ).rejects.toMatchObject({ kind });
    expect(requests).toBe(1);
  });

  it('reports malformed JSON', async () => {
    server.use(
      http.get(
        `${base}/bad-json`,
        () =>
          new HttpResponse('{ "a": ', {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    await expect(
      client().instance.getJson(`${base}/bad-json`),
    ).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('keeps defaults for options passed as undefined', async () => {
    server.use(http.get(`${base}/ok`, () => HttpResponse.json({ ok: true })));
    const { instance } = client({
      timeoutMs: undefined,
      maxRetries: undefined,
    });
    expect((await instance.getJson(`${base}/ok`)).body).toEqual({ ok: true });
  });

  it('times out slow upstreams', async () => {
    server.use(
      http.get(`${base}/slow`, async () => {
        await delay(500);
        return HttpResponse.json({});
      }),
    );
    const { instance } = client({ timeoutMs: 50, maxRetries: 0 });
    await expect(instance.getJson(`${base}/slow`)).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('bounds concurrency per host', async () => {
    let inFlight = 0;
    let peak = 0;
    server.use(
      http.get(`${base}/work/:n`, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await delay(20);
        inFlight -= 1;
        return HttpResponse.json({});
      }),
    );
    const { instance } = client({ maxConcurrencyPerHost: 2 });
    await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        instance.getJson(`${base}/work/${n}`),
      ),
    );
    expect(peak).toBe(2);
  });

  it('waits out a spent budget without sending, and reports the budget per host', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    let requests = 0;
    server.use(
      http.get(`${base}/runs`, () => {
        requests += 1;
        return HttpResponse.json(
          { runs: [] },
          {
            headers: {
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          },
        );
      }),
    );
    const { instance } = client();
    await expect(instance.getJson(`${base}/runs`)).resolves.toMatchObject({
      body: { runs: [] },
    });
    await expect(instance.getJson(`${base}/runs?page=2`)).rejects.toMatchObject(
      {
        kind: 'rate-limited',
        retryAt: new Date(reset * 1000),
        message: `test: the rate limit of upstream.example.com is spent until ${new Date(
          reset * 1000,
        ).toISOString()}, so ${base}/runs waits for it`,
      },
    );
    expect(requests).toBe(1);
    expect(instance.stats()).toMatchObject({
      calls: 1,
      deferred: 1,
      errors: 0,
      budgets: [
        {
          host: 'upstream.example.com',
          limit: 5000,
          remaining: 0,
          resetAt: new Date(reset * 1000).toISOString(),
        },
      ],
    });
  });

  it('frees the host for other requests while one waits to retry', async () => {
    server.use(
      http.get(
        `${base}/hanging`,
        () => new HttpResponse(null, { status: 503 }),
      ),
      http.get(`${base}/healthy`, () => HttpResponse.json({ ok: true })),
    );
    let releaseRetry = () => {};
    const { instance } = client({
      maxConcurrencyPerHost: 1,
      maxRetries: 1,
      sleep: () =>
        new Promise<void>(resolve => {
          releaseRetry = resolve;
        }),
    });
    const hanging = instance.getJson(`${base}/hanging`).catch(e => e);
    // The first request is waiting for its retry; the only slot must be free meanwhile.
    await expect(instance.getJson(`${base}/healthy`)).resolves.toMatchObject({
      body: { ok: true },
    });
    releaseRetry();
    await expect(hanging).resolves.toMatchObject({ kind: 'server' });
  });

  it('times out a body that stalls after the headers, retries it and counts the failure', async () => {
    server.use(
      http.get(
        `${base}/stalled`,
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode('{"runs": ['));
              },
            }),
            { headers: { 'Content-Type': 'application/json' } },
          ),
      ),
    );
    const { instance, waits } = client({ timeoutMs: 100, maxRetries: 1 });
    await expect(instance.getJson(`${base}/stalled`)).rejects.toMatchObject({
      kind: 'timeout',
      message: `test: ${base}/stalled did not answer within 100 ms`,
    });
    expect(waits).toHaveLength(1);
    expect(instance.stats()).toMatchObject({ calls: 2, retries: 1, errors: 1 });
  });

  it('refuses bodies over the size limit, declared or streamed', async () => {
    server.use(
      http.get(`${base}/declared`, () =>
        HttpResponse.json({ padding: 'x'.repeat(100) }),
      ),
      http.get(
        `${base}/streamed`,
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                for (let i = 0; i < 10; i++) {
                  controller.enqueue(new TextEncoder().encode('x'.repeat(20)));
                }
                controller.close();
              },
            }),
          ),
      ),
    );
    const { instance } = client({ maxResponseBytes: 64 });
    for (const path of ['declared', 'streamed']) {
      await expect(instance.getJson(`${base}/${path}`)).rejects.toMatchObject({
        kind: 'too-large',
        message: `test: ${base}/${path} answered with more than 64 bytes`,
      });
    }
  });

  it('does not follow a redirect, so credentials never reach another host', async () => {
    let reachedOtherHost = false;
    server.use(
      http.get(
        `${base}/moved`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: {
              Location: 'https://elsewhere.example.net/collect?token=x',
            },
          }),
      ),
      http.get('https://elsewhere.example.net/collect', () => {
        reachedOtherHost = true;
        return HttpResponse.json({});
      }),
    );
    const { instance } = client();
    await expect(
      instance.getJson(`${base}/moved`, {
        headers: { Authorization: 'Bearer s3cr3t' },
      }),
    ).rejects.toMatchObject({
      kind: 'redirected',
      message: expect.stringContaining(
        'redirected (HTTP 302) to https://elsewhere.example.net/collect;',
      ),
    });
    expect(reachedOtherHost).toBe(false);
  });

  it('never puts credentials or query strings into errors', async () => {
    server.use(
      http.get(`${base}/secret`, () => new HttpResponse(null, { status: 500 })),
    );
    const { instance } = client({ maxRetries: 0 });
    const error = await instance
      .getJson(`${base}/secret?private_token=s3cr3t`, {
        headers: { Authorization: 'Bearer s3cr3t' },
      })
      .catch(e => e);
    expect(error.message).not.toContain('s3cr3t');
    expect(JSON.stringify(instance.stats())).not.toContain('s3cr3t');
  });

  it('reads the operator settings, keeping defaults for those left out, and refuses bad ones', () => {
    const config = (upstream: object) =>
      mockServices.rootConfig({ data: { mlopsMaturity: { upstream } } });
    expect(
      readUpstreamClientOptions(config({ timeoutMs: 2000, maxRetries: 0 })),
    ).toEqual({
      timeoutMs: 2000,
      maxCacheEntries: undefined,
      maxConcurrencyPerHost: undefined,
      maxRetries: 0,
      maxRetryWaitMs: undefined,
      maxResponseBytes: undefined,
    });
    expect(() => readUpstreamClientOptions(config({ timeoutMs: 0 }))).toThrow(
      'Invalid mlopsMaturity.upstream.timeoutMs: expected a whole number of at least 1, got 0',
    );
    expect(() =>
      readUpstreamClientOptions(config({ maxRetries: 1.5 })),
    ).toThrow(/mlopsMaturity\.upstream\.maxRetries/);
  });
});
