import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { deploymentChecks, normalizeImage } from './deploymentChecks';
import { JsonValue } from '@backstage/types';
import {
  ContextOptions,
  dockerfile,
  k8s,
  modelVersion,
  runCheck,
  signal,
} from './testHelpers';

const check = (id: string): MaturityCheck =>
  deploymentChecks.find(c => c.id === id)!;

describe('deploy.containerized', () => {
  it('says how many files were searched where', async () => {
    const outcome = await runCheck(check('deploy.containerized'), {});
    expect(outcome.message).toBe(
      'No Dockerfile or container build definition among 57 files of the repository',
    );
  });
});

describe('deploy.standard-base-image', () => {
  const base = check('deploy.standard-base-image');

  it('judges the runtime stage, not the build stage', async () => {
    const outcome = await runCheck(base, {
      repository: {
        signals: [
          dockerfile('Dockerfile', ['python:3.12-slim', 'ubuntu:22.04']),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Dockerfile uses ubuntu:22.04');
  });

  it('fails when any Dockerfile uses an unapproved base, and honours the allow-list parameter', async () => {
    const options: ContextOptions = {
      repository: {
        signals: [
          dockerfile('Dockerfile', ['docker.io/library/python:3.11-slim']),
          dockerfile('serving/Dockerfile', ['acme.io/base/python:3.11']),
        ],
      },
    };
    const outcome = await runCheck(base, options);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'serving/Dockerfile uses acme.io/base/python:3.11',
    );
    expect(outcome.message).not.toContain('Dockerfile uses python');
    const custom = await runCheck(base, {
      ...options,
      params: { allowedBaseImages: ['python:3.11-slim', 'acme.io/base/*'] },
    });
    expect(custom.status).toBe('pass');
  });

  it('strips the Docker Hub prefix', () => {
    expect(normalizeImage('docker.io/library/python:3.12-slim')).toBe(
      'python:3.12-slim',
    );
    expect(normalizeImage('index.docker.io/bentoml/model-server:1')).toBe(
      'bentoml/model-server:1',
    );
  });
});

describe('deploy.rollback', () => {
  const rollback = check('deploy.rollback');

  it('passes on earlier model versions kept behind an alias in the registry', async () => {
    const outcome = await runCheck(rollback, {
      registry: {
        versions: [
          modelVersion({ version: '1' }),
          modelVersion({ version: '2' }),
        ],
        aliases: { champion: '2' },
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      source: 'registry',
      strength: 'observed',
    });
  });

  it('falls back to the repository when the registry holds a single version', async () => {
    const outcome = await runCheck(rollback, {
      registry: {
        versions: [modelVersion({ version: '1' })],
        aliases: { champion: '1' },
      },
      repository: {
        signals: [
          k8s('k8s/rollout.yaml', {
            apiVersion: 'argoproj.io/v1alpha1',
            resourceKind: 'Rollout',
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      source: 'repository',
      location: 'k8s/rollout.yaml',
    });
  });

  it('does not take kept revision history, a Kubernetes default, for a rollback practice', async () => {
    const outcome = await runCheck(rollback, {
      repository: {
        signals: [
          k8s('k8s/deployment.yaml', { revisionHistoryLimit: 5 }),
          signal('rollback', 'k8s/deployment.yaml', {
            tool: 'kubernetes',
            attributes: { weak: true, revisionHistoryLimit: 5 },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Deployment fraud-detector (k8s/deployment.yaml) keeps 5 old revisions for a manual `kubectl rollout undo`, which Kubernetes does by default',
    );
  });

  it('passes on a deployment that rolls back on alarms', async () => {
    const outcome = await runCheck(rollback, {
      repository: {
        signals: [
          signal('rollback', 'template.yaml', {
            tool: 'codedeploy',
            detail:
              'CodeDeploy rolls Lambda function `Predict` in template.yaml back automatically when its CloudWatch alarm fires',
            attributes: { name: 'Predict', automatic: true },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});

const platform = (
  path: string,
  attributes: Record<string, JsonValue>,
  tool = 'sagemaker',
) =>
  signal('serving', path, {
    tool,
    attributes: {
      platform: 'sagemaker-endpoint',
      declaredIn: 'cloudformation',
      orchestrated: true,
      autoscaling: null,
      ...attributes,
    },
  });

describe('deploy.orchestrated', () => {
  const orchestrated = check('deploy.orchestrated');

  it('does not take an empty Helm chart or kustomization for a deployment', async () => {
    const outcome = await runCheck(orchestrated, {
      repository: {
        signals: [
          signal('iac', 'chart/Chart.yaml', {
            tool: 'helm',
            attributes: { chart: 'fraud', templates: 0, dependencies: [] },
          }),
          signal('iac', 'deploy/kustomization.yaml', {
            tool: 'kustomize',
            attributes: { resources: 0, patches: 0, images: [] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
  });

  it('passes on a chart with templates', async () => {
    const outcome = await runCheck(orchestrated, {
      repository: {
        signals: [
          signal('iac', 'chart/Chart.yaml', {
            tool: 'helm',
            attributes: { chart: 'fraud', templates: 3, dependencies: [] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });

  it('passes on a managed endpoint, without Kubernetes or a Dockerfile', async () => {
    const outcome = await runCheck(orchestrated, {
      repository: { signals: [platform('deploy/endpoint.yml', {})] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Orchestrated deployment: SageMaker endpoint (deploy/endpoint.yml)',
    });
  });

  it('does not take a single Azure Container Instances container for an orchestrated deployment', async () => {
    const outcome = await runCheck(orchestrated, {
      repository: {
        signals: [
          platform(
            'config/aci.yml',
            { platform: 'azureml-aci-webservice', orchestrated: false },
            'azureml',
          ),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Azure ML web service on ACI (config/aci.yml) runs a single container instance',
    );
  });
});
