import request from 'supertest';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The wiring test runs the module inside the real plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import mlopsMaturityModuleGitlab from './index';
import { FakeGitlab, GITLAB_API } from './__testUtils__/fakeGitlab';

jest.setTimeout(60_000);

// The test backend itself listens on localhost; only GitLab is faked.
const server = setupServer(
  http.all(/^http:\/\/(localhost|127\.0\.0\.1)[:/]/, () => passthrough()),
);
registerMswTestHooks(server);

const TOKEN = 'test-token';
const PROJECT = 'ml/fraud/fraud-detector';
const schedule = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: { 'gitlab.com/project-slug': PROJECT },
  },
  spec: {
    type: 'ml-service',
    owner: 'group:default/ml',
    lifecycle: 'production',
  },
};

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

function gitlabProject(): FakeGitlab {
  const gitlab = new FakeGitlab({
    token: TOKEN,
    pathWithNamespace: PROJECT,
    createdAt: daysAgo(20),
  });
  gitlab.addPipeline(
    {
      id: 11,
      status: 'success',
      source: 'push',
      ref: 'main',
      created_at: daysAgo(3),
    },
    [
      {
        name: 'pytest',
        stage: 'test',
        status: 'success',
        created_at: daysAgo(3),
      },
      {
        name: 'deploy-production',
        stage: 'deploy',
        status: 'success',
        created_at: daysAgo(3),
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 12,
      status: 'success',
      source: 'merge_request_event',
      ref: 'refs/merge-requests/7/head',
      created_at: daysAgo(2),
    },
    [
      {
        name: 'pytest',
        stage: 'test',
        status: 'success',
        created_at: daysAgo(2),
      },
    ],
  );
  gitlab.addPipeline(
    {
      id: 13,
      status: 'failed',
      source: 'schedule',
      ref: 'main',
      created_at: daysAgo(1),
    },
    [
      {
        name: 'retrain',
        stage: 'train',
        status: 'failed',
        created_at: daysAgo(1),
      },
    ],
  );
  return gitlab;
}

async function startBackend() {
  const { server: app } = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mlopsMaturityModuleGitlab,
      catalogServiceMock.factory({ entities: [service] }),
      mockServices.rootConfig.factory({
        data: {
          integrations: { gitlab: [{ host: 'gitlab.com', token: TOKEN }] },
          mlopsMaturity: { schedule },
        },
      }),
    ],
  });
  return async () => {
    const response = await request(app).post(
      '/api/mlops-maturity/scorecards/component/default/fraud-detector/refresh',
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain(TOKEN);
    const check = (id: string) =>
      response.body.checks.find((c: { id: string }) => c.id === id);
    return { body: response.body, check };
  };
}

const ciEvidence = expect.arrayContaining([
  expect.objectContaining({ source: 'ci', strength: 'observed' }),
]);

describe('mlopsMaturityModuleGitlab', () => {
  it('decides CI checks from what GitLab observed, and keeps those facts through a later outage', async () => {
    const gitlab = gitlabProject();
    server.use(...gitlab.handlers());
    const refresh = await startBackend();

    const first = await refresh();
    for (const id of [
      'deploy.automated-pipeline',
      'deploy.cd-on-merge',
      'pipeline.ci-on-pr',
    ]) {
      expect(first.check(id)).toMatchObject({
        status: 'pass',
        evidence: ciEvidence,
      });
    }
    expect(first.check('pipeline.retrain-trigger')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(
        'no triggered training run has succeeded',
      ),
      evidence: ciEvidence,
    });
    expect(
      first.check('deploy.automated-pipeline').evidence,
    ).not.toContainEqual(expect.objectContaining({ stale: true }));
    expect(first.body.metrics).toMatchObject({
      deploysLast30d: 1,
      ciSuccessRate: 0.67,
    });

    server.use(
      http.get(`${GITLAB_API}/projects/:id`, () =>
        HttpResponse.json(
          { message: '503 Service Unavailable' },
          { status: 503, headers: { 'Retry-After': '0' } },
        ),
      ),
    );
    const second = await refresh();
    expect(second.check('deploy.automated-pipeline')).toMatchObject({
      status: 'pass',
      evidence: expect.arrayContaining([
        expect.objectContaining({
          source: 'ci',
          strength: 'observed',
          stale: true,
        }),
      ]),
    });
  });

  it('reports the checks as unknown, with the reason, when GitLab refuses before anything was collected', async () => {
    server.use(
      http.get(`${GITLAB_API}/projects/:id`, () =>
        HttpResponse.json({ message: '401 Unauthorized' }, { status: 401 }),
      ),
    );
    const refresh = await startBackend();
    const { check } = await refresh();
    for (const id of ['deploy.automated-pipeline', 'pipeline.ci-on-pr']) {
      expect(check(id)).toMatchObject({
        status: 'unknown',
        message: expect.stringContaining(
          'ci could not be read: gitlab: https://gitlab.com/api/v4/projects/ml%2Ffraud%2Ffraud-detector refused the credentials (HTTP 401)',
        ),
        evidence: ciEvidence,
      });
    }
  });
});
