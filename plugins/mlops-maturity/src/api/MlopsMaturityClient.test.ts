import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  level1MlScorecard,
  mlHistory,
  notFoundBody,
} from '../__testUtils__/fixtures';
import { getScorecardNotFoundReason } from './errors';
import { MlopsMaturityClient } from './MlopsMaturityClient';

const BASE = 'http://localhost:7007/api/mlops-maturity';

function json(status: number, body: unknown, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

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

describe('MlopsMaturityClient', () => {
  it('gets a scorecard by entity ref string or parts', async () => {
    const { client, fetch } = setup(json(200, level1MlScorecard));
    await expect(
      client.getScorecard('Component:default/fraud-detector'),
    ).resolves.toEqual(level1MlScorecard);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/scorecards/component/default/fraud-detector`,
      undefined,
    );

    fetch.mockResolvedValueOnce(json(200, level1MlScorecard));
    await client.getScorecard({
      kind: 'Component',
      namespace: 'team a',
      name: 'fraud/detector',
    });
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/scorecards/component/team%20a/fraud%2Fdetector`,
      undefined,
    );
  });

  it('builds the badge address without a request, encoding the entity path', async () => {
    const { client, fetch } = setup(json(200, {}));
    await expect(
      client.getBadgeUrl('Component:team a/fraud-detector'),
    ).resolves.toBe(`${BASE}/badges/component/team%20a/fraud-detector`);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('gets history with an optional time range', async () => {
    const { client, fetch } = setup(json(200, { items: mlHistory }));
    await expect(
      client.getHistory('component:default/fraud-detector', {
        from: new Date('2026-02-01T00:00:00.000Z'),
        to: new Date('2026-03-01T00:00:00.000Z'),
      }),
    ).resolves.toEqual(mlHistory);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/scorecards/component/default/fraud-detector/history?from=2026-02-01T00%3A00%3A00.000Z&to=2026-03-01T00%3A00%3A00.000Z`,
      undefined,
    );

    fetch.mockResolvedValueOnce(json(200, { items: [] }));
    await client.getHistory('component:default/fraud-detector');
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/scorecards/component/default/fraud-detector/history`,
      undefined,
    );
  });

  it('follows the history pages to the last one', async () => {
    const { client, fetch } = setup(
      json(200, { items: mlHistory.slice(0, 1), nextCursor: 'page-2' }),
    );
    fetch.mockResolvedValueOnce(
      json(200, { items: mlHistory.slice(0, 1), nextCursor: 'page-2' }),
    );
    fetch.mockResolvedValueOnce(json(200, { items: mlHistory.slice(1) }));
    await expect(
      client.getHistory('component:default/fraud-detector'),
    ).resolves.toEqual(mlHistory);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/scorecards/component/default/fraud-detector/history?cursor=page-2`,
      undefined,
    );
  });

  it('refreshes with a POST and returns the new scorecard', async () => {
    const { client, fetch } = setup(json(200, level1MlScorecard));
    await expect(
      client.refresh('component:default/fraud-detector'),
    ).resolves.toEqual(level1MlScorecard);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/scorecards/component/default/fraud-detector/refresh`,
      { method: 'POST' },
    );
  });

  it('lists checks and services, passing only the filters given', async () => {
    const { client, fetch } = setup(json(200, { items: [] }));
    await expect(client.listChecks()).resolves.toEqual([]);
    expect(fetch).toHaveBeenCalledWith(`${BASE}/checks`, undefined);

    const page = { items: [], totalCount: 0, page: 2, pageSize: 20 };
    fetch.mockResolvedValueOnce(json(200, page));
    await expect(
      client.listServices({
        level: 0,
        owner: 'group:default/fraud-team',
        failing: 'deploy.cd-on-merge',
        page: 2,
        pageSize: 20,
        orderBy: 'score',
        order: 'desc',
      }),
    ).resolves.toEqual(page);
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/services?level=0&owner=group%3Adefault%2Ffraud-team&failing=deploy.cd-on-merge&page=2&pageSize=20&orderBy=score&order=desc`,
      undefined,
    );

    fetch.mockResolvedValueOnce(json(200, page));
    await client.listServices();
    expect(fetch).toHaveBeenLastCalledWith(`${BASE}/services`, undefined);
  });

  it('lists waivers of a service or of everyone by status, and decides one with a note', async () => {
    const { client, fetch } = setup(json(200, { items: [] }));
    await client.listWaivers({ status: 'pending' });
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/waivers?status=pending`,
      undefined,
    );
    fetch.mockResolvedValueOnce(json(200, { items: [] }));
    await client.listWaivers({ entityRef: 'component:default/churn' });
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/waivers?entityRef=component%3Adefault%2Fchurn`,
      undefined,
    );
    fetch.mockResolvedValueOnce(json(200, { id: 'w1', status: 'approved' }));
    await client.decideWaiver('w1', 'approve', 'Until the platform ships');
    expect(fetch).toHaveBeenLastCalledWith(`${BASE}/waivers/w1/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'Until the platform ships' }),
    });
  });

  it('throws a ResponseError that keeps the 404 reason', async () => {
    const { client } = setup(
      json(
        404,
        notFoundBody(
          'not-ml-service',
          'component:default/storefront is not an ML service: spec.type website.',
        ),
        'Not Found',
      ),
    );
    const error = await client
      .getScorecard('component:default/storefront')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe(
      'component:default/storefront is not an ML service: spec.type website.',
    );
    expect(getScorecardNotFoundReason(error)).toBe('not-ml-service');
  });

  it('throws a ResponseError for a 403 without a JSON body', async () => {
    const { client } = setup(
      new Response('Forbidden', { status: 403, statusText: 'Forbidden' }),
    );
    const error = await client
      .refresh('component:default/fraud-detector')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(getScorecardNotFoundReason(error)).toBeUndefined();
  });
});

describe('getScorecardNotFoundReason', () => {
  it('ignores other errors and unknown reasons', async () => {
    expect(getScorecardNotFoundReason(new Error('boom'))).toBeUndefined();
    const odd = await ResponseError.fromResponse(
      json(
        404,
        { ...notFoundBody('not-evaluated', 'x'), reason: 'gone' },
        'Not Found',
      ),
    );
    expect(getScorecardNotFoundReason(odd)).toBeUndefined();
  });
});
