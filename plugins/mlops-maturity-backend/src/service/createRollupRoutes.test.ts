import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import {
  domainRef,
  fixtureScorecard,
  groupRef,
} from '../database/rollupTestFixtures';
import {
  asAdmin,
  asOutsider,
  catalog,
  startFixtureBackend,
} from './__testUtils__/visibilityMocks';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'rollup routes on %s',
  databaseId => {
    let server: any;
    let store: DatabaseScorecardStore;
    const api = '/api/mlops-maturity';

    beforeAll(async () => {
      ({ server, store } = await startFixtureBackend(
        await databases.init(databaseId),
      ));
    });

    /** Query string of repeated, URL-encoded domain refs. */
    const domains = (...names: string[]) =>
      new URLSearchParams(
        names.map(name => ['domain', domainRef(name)]),
      ).toString();

    const servicesOf = (body: { items: { key: string; services: number }[] }) =>
      Object.fromEntries(body.items.map(row => [row.key, row.services]));

    it('counts only the services the caller may read', async () => {
      const user = await request(server).get(`${api}/rollups?by=domain`);
      expect(user.status).toBe(200);
      expect(user.body.by).toBe('domain');
      expect(servicesOf(user.body)).toEqual({
        [domainRef('commerce')]: 3,
        [domainRef('fraud')]: 1,
        [domainRef('payments')]: 2,
        [domainRef('search')]: 1,
      });
      expect(user.body.items[0]).toMatchObject({
        meanScore: 56.6667,
        medianScore: 60,
        levelCounts: { 0: 1, 1: 1, 2: 1 },
      });

      const admin = await request(server)
        .get(`${api}/rollups?by=domain`)
        .set('Authorization', asAdmin);
      expect(servicesOf(admin.body)[domainRef('commerce')]).toBe(4);
      // (20 + 60 + 90 + 100) / 4
      expect(admin.body.items[0].meanScore).toBe(67.5);

      const groups = await request(server)
        .get(`${api}/rollups`)
        .query({
          by: 'owner',
          owner: groupRef('ml-platform'),
        });
      expect(servicesOf(groups.body)).toEqual({
        [groupRef('fraud-team')]: 2,
        [groupRef('ml-platform')]: 3,
      });
    });

    it('counts nothing for a caller who may read no entity', async () => {
      const rollups = await request(server)
        .get(`${api}/rollups?by=domain`)
        .set('Authorization', asOutsider);
      expect(rollups.body.items).toEqual([]);
      const services = await request(server)
        .get(`${api}/services`)
        .set('Authorization', asOutsider);
      expect(services.body).toMatchObject({ items: [], totalCount: 0 });
    });

    it('ranks blockers without the hidden service', async () => {
      const user = await request(server).get(`${api}/rollups/blockers?limit=2`);
      expect(user.status).toBe(200);
      expect(user.body.items.map((b: any) => [b.checkId, b.services])).toEqual([
        ['data.y', 2],
        ['deploy.x', 2],
      ]);
      expect(user.body.items[0]).toMatchObject({
        title: 'Title of data.y',
        persona: 'data-scientist',
        remediation: 'Fix data.y',
      });
      const admin = await request(server)
        .get(`${api}/rollups/blockers?limit=1`)
        .set('Authorization', asAdmin);
      expect(admin.body.items.map((b: any) => [b.checkId, b.services])).toEqual(
        [['data.y', 3]],
      );
    });

    it('compares 2 to 4 domains in the order given', async () => {
      const res = await request(server).get(
        `${api}/rollups/compare?${domains('search', 'commerce', 'none')}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: any) => [r.key, r.services])).toEqual([
        [domainRef('search'), 1],
        [domainRef('commerce'), 3],
        [domainRef('none'), 0],
      ]);
      // With the domains' trend: today's snapshot, taken at startup.
      expect(res.body.trend.map((p: any) => [p.key, p.services])).toEqual([
        [domainRef('commerce'), 3],
        [domainRef('search'), 1],
      ]);

      const statusOf = async (query: string) =>
        (await request(server).get(`${api}/rollups/compare?${query}`)).status;
      await expect(statusOf(domains('search', 'commerce'))).resolves.toBe(200);
      await expect(statusOf(domains('search'))).resolves.toBe(400);
      await expect(statusOf(domains('a', 'b', 'c', 'd', 'e'))).resolves.toBe(
        400,
      );
      await expect(statusOf(domains('search', 'search'))).resolves.toBe(400);
    });

    it("trends the startup snapshot of each key's readable services", async () => {
      const query = new URLSearchParams([
        ['by', 'domain'],
        ['key', domainRef('commerce')],
        ['key', domainRef('search')],
      ]);
      const res = await request(server).get(`${api}/rollups/trend?${query}`);
      expect(res.status).toBe(200);
      expect(res.body.by).toBe('domain');
      expect(
        res.body.items.map((p: any) => [p.key, p.services, p.meanScore]),
      ).toEqual([
        [domainRef('commerce'), 3, 56.6667],
        [domainRef('search'), 1, 40],
      ]);
      expect(res.body.items[0].date).toBe(res.body.to);

      // Dates or date-times, as UTC days.
      const single = await request(server)
        .get(`${api}/rollups/trend`)
        .query({
          by: 'owner',
          key: groupRef('eng'),
          from: '2020-01-01',
          to: '2020-01-31T23:00:00.000Z',
        });
      expect(single.body).toEqual({
        by: 'owner',
        from: '2020-01-01',
        to: '2020-01-31',
        items: [],
      });
    });

    it('rejects invalid requests with 400', async () => {
      const statusOf = async (path: string) =>
        (await request(server).get(`${api}${path}`)).status;
      await expect(statusOf('/rollups?by=team')).resolves.toBe(400);
      await expect(statusOf('/rollups?format=xml')).resolves.toBe(400);
      await expect(statusOf('/rollups?bogus=1')).resolves.toBe(400);
      await expect(statusOf('/rollups/blockers?limit=0')).resolves.toBe(400);
      await expect(statusOf('/rollups/trend?by=domain')).resolves.toBe(400);
      await expect(
        statusOf('/rollups/trend?by=persona&key=devops'),
      ).resolves.toBe(400);
      await expect(
        statusOf(
          '/rollups/trend?by=domain&key=x&from=2026-02-01&to=2026-01-01',
        ),
      ).resolves.toBe(400);
      await expect(
        statusOf('/rollups/trend?by=domain&key=x&from=yesterday'),
      ).resolves.toBe(400);
    });

    it('exports rollups as CSV with one pass-rate column per cell', async () => {
      const res = await request(server).get(
        `${api}/rollups?by=owner&format=csv`,
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="mlops-maturity-rollup-by-owner.csv"',
      );
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        [
          'key,parent,services,level0,level1,level2,meanScore,medianScore,coverage,targetServices,meetingTarget',
          'median:timeToProductionDays,median:deploysLast30d,median:modelAgeDays,median:ciSuccessRate',
          'passRate:data:data-scientist,passRate:experimentation:data-scientist',
          'passRate:deployment:ml-engineer,passRate:monitoring:devops',
          'passRate:governance:devops,passRate:llm-evaluation:ml-engineer',
        ].join(','),
      );
      expect(lines[1]).toBe(
        `${groupRef(
          'eng',
        )},,4,1,2,1,52.5,50,0.7625,,,25,5,,0.9,0.25,1,0.75,0.5,,1`,
      );
      expect(lines[5]).toBe(
        'user:default/alice,,1,1,0,0,10,10,1,,,,,,,0,,0,,0,',
      );
      expect(lines).toHaveLength(7);
      expect(lines[6]).toBe('');
    });

    it('exports every matching service as CSV, not a page', async () => {
      const res = await request(server).get(
        `${api}/services?format=csv&pageSize=1`,
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="mlops-maturity-services.csv"',
      );
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'entityRef,flavor,level,levelName,score,coverage,evaluatedAt,owner,system,domain,failingChecks',
      );
      expect(lines.slice(1).map(line => line.split(',')[0])).toEqual([
        'component:default/a',
        'component:default/b',
        'component:default/c',
        'component:default/d',
        'component:default/f',
      ]);
      expect(lines[5]).toBe(
        'component:default/f,ml,0,Manual,10,1,2026-03-01T10:00:00.000Z,user:default/alice,system:default/payments-core,,data.y deploy.x gov.owner',
      );

      const filtered = await request(server)
        .get(`${api}/services`)
        .query({ format: 'csv', domain: domainRef('search') });
      expect(filtered.text.trimEnd().split('\r\n')).toHaveLength(2);
    });

    it('pages services with the numbers the spec coerces, not strings', async () => {
      // The handlers take page, pageSize and level as the spec types them; the validator
      // must coerce them, or the body would echo strings and the offset would be wrong.
      const res = await request(server).get(
        `${api}/services?page=2&pageSize=2&orderBy=entityRef`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 2, pageSize: 2, totalCount: 5 });
      expect(
        res.body.items.map((item: { entityRef: string }) => item.entityRef),
      ).toEqual(['component:default/c', 'component:default/d']);
      const atLevel = await request(server).get(`${api}/services?level=0`);
      expect(
        atLevel.body.items.every(
          (item: { level: unknown }) => item.level === 0,
        ),
      ).toBe(true);
      expect(atLevel.body.items.length).toBeGreaterThan(0);
    });

    it('asks the catalog again once a service is scored, and counts it', async () => {
      const callsBefore = catalog.getEntitiesByRefs.mock.calls.length;
      const search = async () =>
        servicesOf(
          (await request(server).get(`${api}/rollups?by=domain`)).body,
        )[domainRef('search')];
      await expect(search()).resolves.toBe(1);
      await expect(search()).resolves.toBe(1);
      // The caller's readable services are cached for the second request.
      const afterTwo = catalog.getEntitiesByRefs.mock.calls.length;
      expect(afterTwo - callsBefore).toBeLessThanOrEqual(1);

      await store.saveScorecard(
        fixtureScorecard({
          name: 'g',
          level: 2,
          score: 80,
          coverage: 1,
          domainPath: [domainRef('search')],
          checks: {},
          blockers: [],
        }),
        'hash',
      );
      await expect(search()).resolves.toBe(2);
      expect(catalog.getEntitiesByRefs.mock.calls.length).toBe(afterTwo + 1);
      const services = await request(server).get(`${api}/services`);
      expect(services.body.totalCount).toBe(6);
    });

    it('previews a rule change over the services the caller may read, and refuses a bad one', async () => {
      const user = await request(server)
        .post(`${api}/what-if`)
        .send({ checks: { 'deploy.iac': { required: false } } });
      expect(user.status).toBe(200);
      // Every service the caller may list, and no other (E is hidden from the user).
      const listed = async (authorization?: string) => {
        const call = request(server).get(`${api}/services?pageSize=1`);
        return (
          await (authorization
            ? call.set('Authorization', authorization)
            : call)
        ).body.totalCount;
      };
      expect(user.body.services).toBe(await listed());
      const admin = await request(server)
        .post(`${api}/what-if`)
        .set('Authorization', asAdmin)
        .send({});
      expect(admin.body.services).toBe(await listed(asAdmin));
      expect(admin.body.services).toBe(user.body.services + 1);
      const unknown = await request(server)
        .post(`${api}/what-if`)
        .send({ checks: { 'no.such': { enabled: false } } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/no check has this id/);
      const malformed = await request(server)
        .post(`${api}/what-if`)
        .send({ levels: { requireObserved: [3] } });
      expect(malformed.status).toBe(400);
    });
  },
);
