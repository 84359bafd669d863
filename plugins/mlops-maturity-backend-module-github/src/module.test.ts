import request from 'supertest';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The wiring test runs the module inside the real plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mlopsMaturityPlugin from '@mlops-maturity/backstage-plugin-mlops-maturity-backend';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { API, fakeGithub } from './testUtils/fakeGithub';
import { mlopsMaturityModuleGithub } from './module';

jest.setTimeout(60_000);

const server = setupServer(
  // The test's own calls to the backend under test.
  http.all(/^http:\/\/(127\.0\.0\.1|localhost)[:/]/, () => passthrough()),
);
registerMswTestHooks(server);

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'acme/fraud-detector' },
  },
  spec: {
    type: 'ml-service',
    owner: 'group:default/ml-team',
    lifecycle: 'production',
  },
};

const schedule = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

async function startBackend(integrations: object[]) {
  const { server: backend } = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mlopsMaturityModuleGithub,
      catalogServiceMock.factory({ entities: [service] }),
      mockServices.rootConfig.factory({
        data: {
          integrations: { github: integrations },
          mlopsMaturity: { schedule },
        },
      }),
    ],
  });
  const refresh = async () => {
    const response = await request(backend).post(
      '/api/mlops-maturity/scorecards/component/default/fraud-detector/refresh',
    );
    expect(response.status).toBe(200);
    return (id: string) =>
      response.body.checks.find((c: { id: string }) => c.id === id);
  };
  return { backend, refresh };
}

const withToken = [{ host: 'github.com', token: 'test-token' }];
const observedCi = expect.objectContaining({
  source: 'ci',
  strength: 'observed',
});
const refused =
  'github: https://api.github.com/repos/acme/fraud-detector refused the credentials (HTTP 401)';

function refuseCredentials() {
  server.use(
    http.get(`${API}/repos/acme/fraud-detector`, () =>
      HttpResponse.json(
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        },
        { status: 401 },
      ),
    ),
  );
}

describe('mlopsMaturityModuleGithub', () => {
  it('scores CI checks from observed GitHub Actions runs', async () => {
    server.use(...fakeGithub(new Date()).handlers);
    const { backend, refresh } = await startBackend(withToken);

    const check = await refresh();

    for (const id of [
      'deploy.automated-pipeline',
      'deploy.cd-on-merge',
      'pipeline.ci-on-pr',
      'pipeline.retrain-trigger',
      'gov.security-scan',
    ]) {
      expect({ id, status: check(id).status }).toEqual({ id, status: 'pass' });
      expect(check(id).evidence).toContainEqual(observedCi);
    }
    expect(check('deploy.automated-pipeline').message).toMatch(
      /^9 of 10 deploy runs succeeded, last success /,
    );
    const status = await request(backend).get('/api/mlops-maturity/status');
    expect(status.body.collectors).toEqual([
      expect.objectContaining({
        id: 'github-actions',
        source: 'ci',
        calls: 8,
        errors: 0,
      }),
    ]);
  });

  it('leaves the checks unknown, with the reason, when GitHub refuses before anything was collected', async () => {
    server.use(...fakeGithub(new Date()).handlers);
    refuseCredentials();
    const { refresh } = await startBackend(withToken);

    const check = await refresh();

    expect(check('deploy.automated-pipeline')).toMatchObject({
      status: 'unknown',
      message: `ci could not be read: ${refused}`,
    });
    expect(check('pipeline.ci-on-pr').status).toBe('unknown');
  });

  it('keeps the last facts, marked stale, when GitHub fails after a success', async () => {
    server.use(...fakeGithub(new Date()).handlers);
    const { refresh } = await startBackend(withToken);
    expect((await refresh())('deploy.automated-pipeline').status).toBe('pass');

    refuseCredentials();
    const check = await refresh();

    expect(check('deploy.automated-pipeline').status).toBe('pass');
    expect(check('deploy.automated-pipeline').evidence).toContainEqual(
      expect.objectContaining({
        source: 'ci',
        strength: 'observed',
        stale: true,
      }),
    );
  });

  it('stays inactive without GitHub credentials, so nothing is called', async () => {
    const fake = fakeGithub(new Date());
    server.use(...fake.handlers);
    const { refresh } = await startBackend([{ host: 'github.com' }]);

    const check = await refresh();

    expect(fake.requests).toEqual([]);
    expect(check('deploy.automated-pipeline').evidence).not.toContainEqual(
      observedCi,
    );
  });
});
