import { JsonObject } from '@backstage/types';
import { K8sWorkloadRole } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { servingChecks } from './servingChecks';
import { dockerfile, k8s, runCheck, signal } from './testHelpers';

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

  const hpa = (role: K8sWorkloadRole | null) =>
    k8s('k8s/hpa.yaml', {
      apiVersion: 'autoscaling/v2',
      resourceKind: 'HorizontalPodAutoscaler',
      name: 'scaler',
      minReplicas: 1,
      maxReplicas: 10,
      scaleTarget: { kind: 'Deployment', name: 'target', role },
    });

  it('passes on an HPA that scales the serving Deployment', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: { signals: [hpa('web')] },
    });
    expect(outcome.status).toBe('pass');
  });

  it('does not count an HPA on a worker, a database or a workload the repository does not declare', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: {
        signals: [hpa('worker'), hpa('infrastructure'), hpa(null)],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'HorizontalPodAutoscaler scaler (k8s/hpa.yaml) scales Deployment target, a worker (no Service routes traffic to it) workload that does not serve the model',
    );
    expect(outcome.message).toContain(
      "scales Deployment target, which the repository's manifests do not declare",
    );
  });

  const endpoint = (scaling: JsonObject | null) =>
    signal('serving', 'deploy/endpoint.yml', {
      tool: 'sagemaker',
      attributes: {
        platform: 'sagemaker-endpoint',
        declaredIn: 'cloudformation',
        orchestrated: true,
        autoscaling: scaling,
      },
    });

  it('passes on an autoscaled managed endpoint', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: {
        signals: [
          endpoint({
            minReplicas: 2,
            maxReplicas: 8,
            via: 'Application Auto Scaling target ScalableTarget',
          }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Autoscaling: SageMaker endpoint (deploy/endpoint.yml) 2–8 instances',
    });
  });

  it('fails a managed endpoint pinned by its bounds', async () => {
    const outcome = await runCheck(autoscaling, {
      repository: {
        signals: [endpoint({ minReplicas: 2, maxReplicas: 2, via: 'scale' })],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'SageMaker endpoint (deploy/endpoint.yml) is pinned at 2 instances',
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

  const flaskApp = signal('serving', 'app.py', {
    tool: 'flask',
    detail:
      'app.py serves a model over HTTP with Flask (`/predict`; loads it with `pickle.load`)',
    attributes: {
      framework: 'flask',
      endpoints: ['/predict'],
      modelLoader: 'pickle.load',
    },
  });

  it('does not take a web app that nothing packages or deploys for serving infrastructure', async () => {
    const outcome = await runCheck(check('serving.infra'), {
      repository: { signals: [flaskApp] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'app.py serves a model with flask but nothing packages or deploys it',
    );
  });

  it('passes on the web app once an image packages it', async () => {
    const outcome = await runCheck(check('serving.infra'), {
      repository: {
        signals: [flaskApp, dockerfile('Dockerfile', ['python:3.12-slim'])],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Model served by app.py (flask) (packaged by Dockerfile)',
    });
  });
});
