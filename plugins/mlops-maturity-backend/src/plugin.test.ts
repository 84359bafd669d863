import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  mlopsMaturityChecksExtensionPoint,
  mlopsMaturityCollectorsExtensionPoint,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { mlopsMaturityPlugin } from './plugin';

jest.setTimeout(60_000);

const schedule = { frequency: { hours: 24 }, timeout: { minutes: 5 }, initialDelay: { hours: 24 } };

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'feature-model', namespace: 'default' },
  spec: { type: 'ml-model', owner: 'group:default/team', lifecycle: 'experimental' },
};

describe('mlopsMaturityPlugin', () => {
  it('runs checks and collectors that modules add through the extension points', async () => {
    const featureStoreModule = createBackendModule({
      pluginId: 'mlops-maturity',
      moduleId: 'feature-store',
      register(env) {
        env.registerInit({
          deps: {
            checks: mlopsMaturityChecksExtensionPoint,
            collectors: mlopsMaturityCollectorsExtensionPoint,
          },
          async init({ checks, collectors }) {
            collectors.addCollector({
              id: 'feature-store',
              source: 'feature-store',
              appliesTo: () => true,
              collect: async () => ({ featureViews: 3 }),
            });
            checks.addCheck({
              id: 'org.feature-store',
              title: 'Uses the feature store',
              description: 'Features come from the feature store.',
              dimension: 'data',
              level: 1,
              required: false,
              persona: 'ml-engineer',
              sources: ['feature-store'],
              remediation: 'Register feature views.',
              evaluate: ({ facts }) => {
                const views = facts.get<{ featureViews: number }>('feature-store')?.facts.featureViews ?? 0;
                return {
                  status: views > 0 ? 'pass' : 'fail',
                  message: `${views} feature views`,
                  evidence: [{ source: 'feature-store', strength: 'observed', detail: `${views} feature views` }],
                };
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        featureStoreModule,
        catalogServiceMock.factory({ entities: [service] }),
        mockServices.rootConfig.factory({ data: { mlopsMaturity: { schedule } } }),
      ],
    });
    const checks = await request(server).get('/api/mlops-maturity/checks');
    expect(checks.body.items.map((c: any) => c.id)).toContain('org.feature-store');
    const card = await request(server).post('/api/mlops-maturity/scorecards/component/default/feature-model/refresh');
    expect(card.status).toBe(200);
    expect(card.body.checks.find((c: any) => c.id === 'org.feature-store')).toMatchObject({
      status: 'pass',
      message: '3 feature views',
    });
    const status = await request(server).get('/api/mlops-maturity/status');
    expect(status.body.collectors).toEqual([
      { id: 'feature-store', source: 'feature-store' },
    ]);
  });

  it('stops startup on an invalid check configuration, naming the check and the field', async () => {
    await expect(
      startTestBackend({
        features: [
          mlopsMaturityPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: { mlopsMaturity: { schedule, checks: { 'deploy.rollback': { level: 5 } } } },
          }),
        ],
      }),
    ).rejects.toThrow(/check 'deploy.rollback', field 'level': expected 1 or 2/);
  });
});
