import request from 'supertest';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mlopsMaturityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const api = '/api/mlops-maturity';
const BADGE = `${api}/badges/component/default/fraud-detector`;

async function backendWithBadges(enabled: boolean | undefined) {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'fraud-detector', namespace: 'default' },
            spec: {
              type: 'ml-service',
              owner: 'group:default/fraud-ml',
              lifecycle: 'production',
            },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          mlopsMaturity: {
            // The tests refresh explicitly; the scheduler must not race them.
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 24 },
            },
            discoverySchedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 1 },
              initialDelay: { hours: 24 },
            },
            ...(enabled === undefined ? {} : { badges: { enabled } }),
          },
        },
      }),
    ],
  });
  return server;
}

describe('level badges', () => {
  it('serve the level without sign-in when enabled, and the same grey badge for unknown and unscored services', async () => {
    const server = await backendWithBadges(true);
    const anonymous = (path: string) =>
      request(server)
        .get(path)
        .set('Authorization', mockCredentials.none.header());

    const unscored = await anonymous(BADGE);
    const unknown = await anonymous(`${api}/badges/component/default/nope`);
    expect(unscored.status).toBe(200);
    expect(unscored.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(unscored.headers['cache-control']).toBe('max-age=300');
    expect(String(unscored.body)).toContain('not evaluated');
    expect(unknown.text ?? String(unknown.body)).toBe(
      unscored.text ?? String(unscored.body),
    );

    const refreshed = await request(server)
      .post(`${api}/scorecards/component/default/fraud-detector/refresh`)
      .set('Authorization', mockCredentials.user.header());
    expect(refreshed.status).toBe(200);
    const scored = await anonymous(BADGE);
    expect(String(scored.body)).toContain(
      `>Level ${refreshed.body.level}</text>`,
    );

    // Only the badge path is open: scorecards still need credentials.
    const scorecard = await anonymous(
      `${api}/scorecards/component/default/fraud-detector`,
    );
    expect(scorecard.status).toBe(401);
  });

  it('are off unless configured: signed-in callers get a 404 that says how to turn them on, others a 401', async () => {
    const server = await backendWithBadges(undefined);
    const anonymous = await request(server)
      .get(BADGE)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const signedIn = await request(server)
      .get(BADGE)
      .set('Authorization', mockCredentials.user.header());
    expect(signedIn.status).toBe(404);
    expect(signedIn.body.error.message).toContain(
      'mlopsMaturity.badges.enabled',
    );
  });
});
