import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { serviceRef } from '../database/rollupTestFixtures';
import {
  asAdmin,
  asOutsider,
  startFixtureBackend,
} from './__testUtils__/visibilityMocks';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAhead = (days: number) =>
  new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

describe.each(databases.eachSupportedId())(
  'waiver routes on %s',
  databaseId => {
    let server: any;
    const api = '/api/mlops-maturity';

    beforeAll(async () => {
      ({ server } = await startFixtureBackend(
        await databases.init(databaseId),
        {
          waivers: { maxDays: 90 },
        },
      ));
    });

    const checkOf = async (name: string, checkId: string) => {
      const res = await request(server).get(
        `${api}/scorecards/component/default/${name}`,
      );
      return res.body.checks.find((c: { id: string }) => c.id === checkId);
    };

    it('requests, approves and revokes a waiver, scoring the service again each time, with an audit log', async () => {
      const body = {
        entityRef: serviceRef('a'),
        checkId: 'deploy.rollback',
        reason: 'Rollback waits for the new serving platform',
        expiresAt: daysAhead(30),
      };
      const requested = await request(server).post(`${api}/waivers`).send(body);
      expect(requested.status).toBe(201);
      expect(requested.body).toMatchObject({
        status: 'pending',
        requestedBy: 'user:default/mock',
      });
      const id = requested.body.id;
      expect(
        (await request(server).post(`${api}/waivers`).send(body)).status,
      ).toBe(409);

      const refused = await request(server)
        .post(`${api}/waivers/${id}/approve`)
        .set('Authorization', asOutsider);
      expect(refused.status).toBe(403);

      const approved = await request(server)
        .post(`${api}/waivers/${id}/approve`)
        .set('Authorization', asAdmin)
        .send({ note: 'Until the platform ships' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/admin',
      });
      const waived = await checkOf('a', 'deploy.rollback');
      expect(waived.status).toBe('waived');
      expect(waived.message).toMatch(
        /^Waived until .* \(approved waiver\); without the waiver: /,
      );

      await request(server)
        .post(`${api}/waivers/${id}/revoke`)
        .set('Authorization', asAdmin)
        .expect(200);
      expect((await checkOf('a', 'deploy.rollback')).status).not.toBe('waived');

      const events = await request(server).get(`${api}/waivers/${id}/events`);
      expect(
        events.body.items.map((e: { action: string; actor: string }) => [
          e.action,
          e.actor,
        ]),
      ).toEqual([
        ['requested', 'user:default/mock'],
        ['approved', 'user:default/admin'],
        ['revoked', 'user:default/admin'],
      ]);
    });

    it('refuses an unknown check, a short reason and an expiry past the maximum, naming the field', async () => {
      const base = {
        entityRef: serviceRef('b'),
        checkId: 'deploy.rollback',
        reason: 'Rollback waits for the new serving platform',
        expiresAt: daysAhead(30),
      };
      const cases: Array<[object, RegExp]> = [
        [{ checkId: 'no.such' }, /^checkId: "no.such" is not an enabled check/],
        [{ reason: 'later' }, /^reason: say why/],
        [{ expiresAt: daysAhead(120) }, /at most 90 days/],
        [{ expiresAt: '2020-01-01' }, /^expiresAt: expected a day/],
        // Not a calendar day: it would otherwise roll over into March.
        [{ expiresAt: '2027-02-30' }, /^expiresAt: expected a day/],
      ];
      for (const [change, message] of cases) {
        const res = await request(server)
          .post(`${api}/waivers`)
          .send({ ...base, ...change });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      const outsider = await request(server)
        .post(`${api}/waivers`)
        .set('Authorization', asOutsider)
        .send(base);
      expect(outsider.status).toBe(404);
      const filtered = await request(server).get(
        `${api}/waivers?status=pending&entityRef=${encodeURIComponent(
          serviceRef('b'),
        )}`,
      );
      expect(filtered.body).toEqual({ items: [] });
      const badStatus = await request(server).get(
        `${api}/waivers?status=forgotten`,
      );
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error.message).toMatch(/status/);
    });

    it('lists only the waivers of services the caller may read', async () => {
      const hidden = await request(server)
        .post(`${api}/waivers`)
        .set('Authorization', asAdmin)
        .send({
          entityRef: serviceRef('e'),
          checkId: 'deploy.rollback',
          reason: 'Rollback waits for the new serving platform',
          expiresAt: daysAhead(10),
        });
      expect(hidden.status).toBe(201);
      const refs = async (authorization?: string) => {
        const call = request(server).get(`${api}/waivers`);
        const res = await (authorization
          ? call.set('Authorization', authorization)
          : call);
        return res.body.items.map((w: { entityRef: string }) => w.entityRef);
      };
      expect(await refs(asAdmin)).toContain(serviceRef('e'));
      expect(await refs()).not.toContain(serviceRef('e'));
      const events = await request(server).get(
        `${api}/waivers/${hidden.body.id}/events`,
      );
      expect(events.status).toBe(404);
    });
  },
);
