import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { MlopsMaturityClient } from './MlopsMaturityClient';

const BASE = 'http://localhost:7007/api/mlops-maturity';

function setup(response: Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response,
  );
  const client = new MlopsMaturityClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch },
  });
  return { client, fetch };
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

const csv = (text: string) =>
  new Response(text, { status: 200, headers: { 'content-type': 'text/csv' } });

describe('MlopsMaturityClient rollups', () => {
  it('gets rollups with URL-encoded entity ref filters', async () => {
    const body = { by: 'domain', items: [] };
    const { client, fetch } = setup(json(body));
    await expect(
      client.getRollups({
        by: 'owner',
        domain: 'domain:default/payments',
        flavor: 'llm',
      }),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/rollups?by=owner&domain=domain%3Adefault%2Fpayments&flavor=llm`,
      undefined,
    );
  });

  it('gets the top blockers', async () => {
    const { client, fetch } = setup(json({ items: [] }));
    await expect(
      client.getTopBlockers({ limit: 10, owner: 'group:default/ml' }),
    ).resolves.toEqual([]);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/rollups/blockers?limit=10&owner=group%3Adefault%2Fml`,
      undefined,
    );
  });

  it('repeats the key parameter of a trend and the domain of a comparison', async () => {
    const { client, fetch } = setup(json({ items: [] }));
    await client.getRollupTrend({
      by: 'domain',
      keys: ['domain:default/payments', 'domain:default/risk'],
      from: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/rollups/trend?by=domain&key=domain%3Adefault%2Fpayments&key=domain%3Adefault%2Frisk&from=2026-01-01T00%3A00%3A00.000Z`,
      undefined,
    );

    const comparison = { items: [], trend: [] };
    fetch.mockResolvedValueOnce(json(comparison));
    await expect(
      client.compareDomains(['domain:default/a', 'domain:default/b']),
    ).resolves.toEqual(comparison);
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/rollups/compare?domain=domain%3Adefault%2Fa&domain=domain%3Adefault%2Fb`,
      undefined,
    );
  });

  it('downloads services and rollups as CSV', async () => {
    const { client, fetch } = setup(csv('entityRef,level\n'));
    const blob = await client.exportServicesCsv({
      level: 1,
      orderBy: 'score',
      order: 'desc',
    });
    await expect(blob.text()).resolves.toBe('entityRef,level\n');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/services?level=1&orderBy=score&order=desc&format=csv`,
      undefined,
    );

    fetch.mockResolvedValueOnce(csv('key,services\n'));
    await client.exportRollupsCsv({ by: 'domain' });
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/rollups?by=domain&format=csv`,
      undefined,
    );
  });

  it('rejects a failed CSV download with a ResponseError', async () => {
    const { client } = setup(
      new Response('Forbidden', { status: 403, statusText: 'Forbidden' }),
    );
    const error = await client.exportServicesCsv().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
  });
});
