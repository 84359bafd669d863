import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { servingChecks } from './servingChecks';
import { k8s, runCheck } from './testHelpers';

const check = (id: string): MaturityCheck =>
  servingChecks.find(c => c.id === id)!;

const isvc = (attributes: Parameters<typeof k8s>[1]) =>
  k8s('k8s/isvc.yaml', {
    apiVersion: 'serving.kserve.io/v1beta1',
    resourceKind: 'InferenceService',
    ...attributes,
  });

describe('serving.load-balancing', () => {
  const lb = check('serving.load-balancing');

  it('fails replicas without anything routing traffic to them', async () => {
    const outcome = await runCheck(lb, {
      repository: { signals: [k8s('k8s/deployment.yaml', { replicas: 3 })] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'No Service, Ingress or serving router in front of Deployment fraud-detector (k8s/deployment.yaml)',
    );
  });

  it('counts the HPA floor and a KServe InferenceService as its own router', async () => {
    const outcome = await runCheck(lb, {
      repository: { signals: [isvc({ minReplicas: 2, maxReplicas: 6 })] },
    });
    expect(outcome.status).toBe('pass');
  });

  it('ignores batch jobs', async () => {
    const outcome = await runCheck(lb, {
      repository: {
        signals: [k8s('k8s/cronjob.yaml', { resourceKind: 'CronJob' })],
      },
    });
    expect(outcome.status).toBe('fail');
  });
});

describe('serving.autoscaling', () => {
  const autoscaling = check('serving.autoscaling');

  it('passes on KServe min and max replicas, including scale to zero', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: { signals: [isvc({ minReplicas: 0, maxReplicas: 3 })] },
    });
    expect(outcome.status).toBe('pass');
  });

  it('fails a serving resource without maxReplicas, saying so', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: { signals: [isvc({ minReplicas: 1 })] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'InferenceService fraud-detector (k8s/isvc.yaml) sets no maxReplicas',
    );
  });

  it('does not take a fixed replica count for autoscaling', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: { signals: [k8s('k8s/deployment.yaml', { replicas: 4 })] },
    });
    expect(outcome.status).toBe('fail');
  });
});

describe('serving.resources', () => {
  const resources = check('serving.resources');
  const requestsOnly = {
    repository: {
      signals: [k8s('k8s/deployment.yaml', { hasResourceRequests: true })],
    },
  };

  it('lets operators accept requests without limits', async () => {
    expect((await runCheck(resources, requestsOnly)).status).toBe('fail');
    expect(
      (
        await runCheck(resources, {
          ...requestsOnly,
          params: { requireLimits: false },
        })
      ).status,
    ).toBe('pass');
  });

  it('names every workload that lacks resources', async () => {
    const outcome = await runCheck(resources, {
      repository: {
        signals: [
          k8s('k8s/api.yaml', {
            name: 'api',
            hasResourceRequests: true,
            hasResourceLimits: true,
          }),
          k8s('k8s/worker.yaml', { name: 'worker' }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'Deployment worker (k8s/worker.yaml) has no resource requests and limits',
    });
  });
});

describe('serving.infra', () => {
  it('passes on a KServe InferenceService', async () => {
    const outcome = await runCheck(check('serving.infra'), {
      repository: { signals: [isvc({})] },
    });
    expect(outcome.status).toBe('pass');
  });
});
