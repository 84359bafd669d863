import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import {
  FIXTURE_SCORECARDS,
  domainRef,
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

/**
 * The actions through the registry's own HTTP surface, which the MCP actions backend
 * calls with the assistant user's credentials.
 */
describe.each(databases.eachSupportedId())(
  'MLOps maturity actions on %s',
  databaseId => {
    let server: any;
    let store: DatabaseScorecardStore;
    const actions = '/api/mlops-maturity/.backstage/actions/v1/actions';

    beforeAll(async () => {
      ({ server, store } = await startFixtureBackend(
        await databases.init(databaseId),
        {
          customChecks: FIXTURE_CHECKS,
          campaigns: [DEPLOY_X_CAMPAIGN],
        },
      ));
    });

    const invoke = (name: string, input: object, authorization?: string) => {
      const call = request(server)
        .post(`${actions}/mlops-maturity:${name}/invoke`)
        .send(input);
      return authorization ? call.set('Authorization', authorization) : call;
    };

    it('lists its read-only actions', async () => {
      const res = await request(server).get(actions);
      expect(res.status).toBe(200);
      expect(
        res.body.actions.map((a: { id: string; attributes: object }) => [
          a.id,
          a.attributes,
        ]),
      ).toEqual(
        [
          'get-scorecard',
          'explain-next-level',
          'explain-check',
          'get-rollup',
          'compare-domains',
          'list-campaign-services',
        ].map(name => [
          `mlops-maturity:${name}`,
          { readOnly: true, idempotent: true, destructive: false },
        ]),
      );
    });

    it('gets a scorecard the caller may read, and nothing of one it may not', async () => {
      const res = await invoke('get-scorecard', { entityRef: 'a' });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        entityRef: serviceRef('a'),
        level: 0,
        score: 20,
        notPassing: [
          { id: 'deploy.x', title: 'Title of deploy.x', status: 'fail' },
          { id: 'data.y', title: 'Title of data.y', status: 'unknown' },
        ],
      });
      const hidden = await invoke('get-scorecard', {
        entityRef: serviceRef('e'),
      });
      expect(hidden.status).toBe(404);
      const admin = await invoke(
        'get-scorecard',
        { entityRef: serviceRef('e') },
        asAdmin,
      );
      expect(admin.body.output.score).toBe(100);
      const invalid = await invoke('get-scorecard', {
        entityRef: 'component:',
      });
      expect(invalid.status).toBe(400);
    });

    it('explains the next level with the checks that would demonstrate each missing capability', async () => {
      const f = FIXTURE_SCORECARDS.find(c => c.entityRef === serviceRef('f'))!;
      await store.saveScorecard(
        {
          ...f,
          nextLevel: {
            ...f.nextLevel!,
            missingCapabilities: [
              'deploy.x-capability',
              'gov.owner-capability',
            ],
          },
        },
        'hash',
      );
      const res = await invoke('explain-next-level', { entityRef: 'f' });
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({
        entityRef: serviceRef('f'),
        level: 0,
        nextLevel: 1,
        missingCapabilities: ['deploy.x', 'gov.owner'].map(id => ({
          id: `${id}-capability`,
          title: `Capability shown by ${id}`,
          core: true,
          checks: [
            {
              id,
              title: `Title of ${id}`,
              status: 'fail',
              persona: id === 'deploy.x' ? 'ml-engineer' : 'devops',
              remediation: `Fix ${id}`,
              docsUrl: `https://docs.example.com/${id}`,
            },
          ],
        })),
      });
    });

    it('explains a check, and says when there is no such check', async () => {
      const res = await invoke('explain-check', {
        checkId: 'deploy.containerized',
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        id: 'deploy.containerized',
        dimension: 'deployment',
        level: 1,
      });
      expect(res.body.output.remediation.length).toBeGreaterThan(0);
      const missing = await invoke('explain-check', { checkId: 'no.such' });
      expect(missing.status).toBe(404);
    });

    it('rolls up and compares only what the caller may read', async () => {
      const user = await invoke('get-rollup', { by: 'domain' });
      expect(user.status).toBe(200);
      const commerce = (rows: Array<{ key: string; services: number }>) =>
        rows.find(row => row.key === domainRef('commerce'))?.services;
      expect(commerce(user.body.output.items)).toBe(3);
      const admin = await invoke('get-rollup', { by: 'domain' }, asAdmin);
      expect(commerce(admin.body.output.items)).toBe(4);
      const outsider = await invoke('get-rollup', { by: 'owner' }, asOutsider);
      expect(outsider.body.output.items).toEqual([]);

      const compared = await invoke('compare-domains', {
        domains: [domainRef('search'), domainRef('fraud')],
      });
      expect(
        compared.body.output.items.map(
          (row: { key: string; services: number }) => [row.key, row.services],
        ),
      ).toEqual([
        [domainRef('search'), 1],
        [domainRef('fraud'), 1],
      ]);
      const tooFew = await invoke('compare-domains', {
        domains: [domainRef('search')],
      });
      expect(tooFew.status).toBe(400);
    });

    it('lists the campaigns, and the services behind in one', async () => {
      const all = await invoke('list-campaign-services', {});
      expect(all.body.output.campaigns).toEqual([
        expect.objectContaining({ id: 'deploy-x', services: 5, met: 2 }),
      ]);
      const one = await invoke('list-campaign-services', {
        campaignId: 'deploy-x',
      });
      expect(one.body.output.campaigns[0].notMet).toEqual(DEPLOY_X_NOT_MET);
      const unknown = await invoke('list-campaign-services', {
        campaignId: 'nope',
      });
      expect(unknown.status).toBe(404);
    });
  },
);
