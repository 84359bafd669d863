import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { deploymentChecks, normalizeImage } from './deploymentChecks';
import {
  ContextOptions,
  dockerfile,
  k8s,
  modelVersion,
  runCheck,
} from './testHelpers';

const check = (id: string): MaturityCheck =>
  deploymentChecks.find(c => c.id === id)!;

describe('deploy.containerized', () => {
  it('says how many files were searched where', async () => {
    const outcome = await runCheck(check('deploy.containerized'), {});
    expect(outcome.message).toBe(
      'No Dockerfile or container build definition among 57 files in https://github.com/acme/fraud-detector/tree/main/',
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

  it('passes on kept revision history', async () => {
    const outcome = await runCheck(rollback, {
      repository: {
        signals: [k8s('k8s/deployment.yaml', { revisionHistoryLimit: 5 })],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});
