import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  domainRef,
  groupRef,
  serviceRef,
} from '../database/rollupTestFixtures';
import {
  asAdmin,
  asOutsider,
  startFixtureBackend,
} from './__testUtils__/visibilityMocks';
import {
  DEPLOY_X_CAMPAIGN,
  DEPLOY_X_NOT_MET,
  FIXTURE_CHECKS,
} from './__testUtils__/campaignFixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Fixture levels: a 0, b 1, c 2, d 1, f 0, e 1 (hidden from the default user). */
const CAMPAIGNS = [
  {
    id: 'commerce-level-1',
    title: 'Commerce at Level 1',
    scope: { domain: 'commerce' },
    goal: { level: 1 },
    deadline: '2027-03-31',
  },
  DEPLOY_X_CAMPAIGN,
  {
    id: 'ops-z',
    title: 'Everyone passes ops.z',
    goal: { check: 'ops.z' },
    deadline: '2027-06-30',
  },
];

describe.each(databases.eachSupportedId())(
  'campaign routes on %s',
  databaseId => {
    let server: any;
    const api = '/api/mlops-maturity';

    beforeAll(async () => {
      ({ server } = await startFixtureBackend(
        await databases.init(databaseId),
        {
          customChecks: FIXTURE_CHECKS,
          campaigns: CAMPAIGNS,
        },
      ));
    });

    const progressById = (body: {
      items: Array<{ id: string; progress: unknown }>;
    }) => Object.fromEntries(body.items.map(c => [c.id, c.progress]));

    it('reports the progress of every campaign over the services the caller may read', async () => {
      const admin = await request(server)
        .get(`${api}/campaigns`)
        .set('Authorization', asAdmin);
      expect(admin.status).toBe(200);
      expect(progressById(admin.body)).toEqual({
        'commerce-level-1': {
          services: 4,
          met: 3,
          behind: 1,
          waived: 0,
          unknown: 0,
        },
        'deploy-x': { services: 6, met: 3, behind: 2, waived: 1, unknown: 0 },
        // f is left out: ops.z does not apply to it.
        'ops-z': { services: 5, met: 3, behind: 1, waived: 0, unknown: 1 },
      });
      expect(admin.body.items[0]).toMatchObject({
        id: 'commerce-level-1',
        source: 'config',
        scope: { domain: domainRef('commerce') },
        deadline: '2027-03-31',
      });

      const user = await request(server).get(`${api}/campaigns`);
      expect(progressById(user.body)['commerce-level-1']).toEqual({
        services: 3,
        met: 2,
        behind: 1,
        waived: 0,
        unknown: 0,
      });
      const outsider = await request(server)
        .get(`${api}/campaigns`)
        .set('Authorization', asOutsider);
      expect(progressById(outsider.body)['deploy-x']).toMatchObject({
        services: 0,
      });
    });

    it('lists who is behind in a campaign', async () => {
      const res = await request(server)
        .get(`${api}/campaigns/deploy-x`)
        .set('Authorization', asAdmin);
      expect(res.status).toBe(200);
      expect(res.body.notMet).toEqual(DEPLOY_X_NOT_MET);
      expect(res.body.behindByOwner).toEqual([
        { owner: groupRef('fraud-team'), services: 2 },
        { owner: 'user:default/alice', services: 1 },
      ]);
      expect(Array.isArray(res.body.history)).toBe(true);
      const missing = await request(server).get(`${api}/campaigns/nope`);
      expect(missing.status).toBe(404);
    });

    it("lists a service's campaigns with where it stands", async () => {
      const res = await request(server).get(
        `${api}/campaigns?entityRef=${encodeURIComponent(serviceRef('a'))}`,
      );
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((c: { id: string; service: { status: string } }) => [
          c.id,
          c.service.status,
        ]),
      ).toEqual([
        ['commerce-level-1', 'behind'],
        ['deploy-x', 'behind'],
        ['ops-z', 'met'],
      ]);
      // The hidden service is in no campaign for a caller who may not read it.
      const hidden = await request(server).get(
        `${api}/campaigns?entityRef=${encodeURIComponent(serviceRef('e'))}`,
      );
      expect(hidden.body.items).toEqual([]);
    });

    it('creates and deletes campaigns with the permission, and refuses bad ones clearly', async () => {
      const body = {
        id: 'search-level-2',
        title: 'Search at Level 2',
        scope: { domain: 'search', flavor: 'ml' },
        goal: { level: 2 },
        deadline: '2027-01-31',
      };
      const denied = await request(server)
        .post(`${api}/campaigns`)
        .set('Authorization', asOutsider)
        .send(body);
      expect(denied.status).toBe(403);

      const created = await request(server).post(`${api}/campaigns`).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ...body,
        scope: { domain: domainRef('search'), flavor: 'ml' },
        source: 'api',
        createdBy: 'user:default/mock',
      });
      const listed = await request(server).get(`${api}/campaigns`);
      expect(progressById(listed.body)['search-level-2']).toEqual({
        services: 1,
        met: 0,
        behind: 1,
        waived: 0,
        unknown: 0,
      });

      const again = await request(server).post(`${api}/campaigns`).send(body);
      expect(again.status).toBe(409);
      const configured = await request(server)
        .post(`${api}/campaigns`)
        .send({ ...body, id: 'deploy-x' });
      expect(configured.status).toBe(409);
      expect(configured.body.error.message).toMatch(/defined in app-config/);

      const unknownCheck = await request(server)
        .post(`${api}/campaigns`)
        .send({ ...body, id: 'x', goal: { check: 'no.such-check' } });
      expect(unknownCheck.status).toBe(400);
      expect(unknownCheck.body.error.message).toBe(
        'Invalid request body.goal.check: "no.such-check" is not an enabled check (see GET /checks)',
      );
      const badDeadline = await request(server)
        .post(`${api}/campaigns`)
        .send({ ...body, id: 'y', deadline: '2027-02-30' });
      expect(badDeadline.status).toBe(400);
      expect(badDeadline.body.error.message).toMatch(
        /deadline: expected a date as YYYY-MM-DD, got "2027-02-30"/,
      );
      const twoGoals = await request(server)
        .post(`${api}/campaigns`)
        .send({ ...body, id: 'z', goal: { level: 1, check: 'deploy.x' } });
      expect(twoGoals.status).toBe(400);

      const deniedDelete = await request(server)
        .delete(`${api}/campaigns/search-level-2`)
        .set('Authorization', asOutsider);
      expect(deniedDelete.status).toBe(403);
      const deleted = await request(server).delete(
        `${api}/campaigns/search-level-2`,
      );
      expect(deleted.status).toBe(204);
      const gone = await request(server).delete(
        `${api}/campaigns/search-level-2`,
      );
      expect(gone.status).toBe(404);
      const fromConfig = await request(server).delete(
        `${api}/campaigns/deploy-x`,
      );
      expect(fromConfig.status).toBe(409);
    });
  },
);
