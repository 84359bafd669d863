import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { deliveryChecks } from './deliveryChecks';
import {
  ContextOptions,
  ciJob,
  rejection,
  runCheck,
  runStats,
  signal,
  successfulRuns,
} from './testHelpers';

const check = (id: string): MaturityCheck =>
  deliveryChecks.find(c => c.id === id)!;

const deployJob = ciJob('.github/workflows/deploy.yml', {
  job: 'deploy',
  activities: ['build-image', 'push-image', 'deploy'],
});
const declaredDeploy: ContextOptions = { repository: { signals: [deployJob] } };

describe('deploy.automated-pipeline', () => {
  const automated = check('deploy.automated-pipeline');

  it('passes on a declared deploy job when no CI source is configured', async () => {
    const outcome = await runCheck(automated, declaredDeploy);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toEqual([
      expect.objectContaining({
        source: 'repository',
        strength: 'declared',
        location: '.github/workflows/deploy.yml',
      }),
    ]);
  });

  it('fails a declared deploy job whose observed runs never succeeded, saying so', async () => {
    const outcome = await runCheck(automated, {
      ...declaredDeploy,
      ci: {
        deploy: runStats({
          workflows: ['deploy.yml'],
          runs: 4,
          lastRunAt: '2025-06-20T00:00:00Z',
        }),
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      '0 of 4 deploy runs succeeded: no deploy run has succeeded',
    );
    expect(outcome.evidence).toEqual([
      expect.objectContaining({ source: 'ci', strength: 'observed' }),
      expect.objectContaining({ source: 'repository', strength: 'declared' }),
    ]);
  });

  it('fails a declared deploy job that CI never saw run', async () => {
    const outcome = await runCheck(automated, { ...declaredDeploy, ci: {} });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'github-actions saw no deploy runs, although .github/workflows/deploy.yml (job deploy) declares one',
    );
  });

  it('passes on observed successful deploys, as observed evidence', async () => {
    const outcome = await runCheck(automated, {
      ...declaredDeploy,
      ci: { deploy: successfulRuns('deploy.yml', 5) },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toEqual([
      expect.objectContaining({
        source: 'ci',
        strength: 'observed',
        location: 'deploy.yml',
      }),
    ]);
  });

  it('is unknown under requireObserved without a CI source', async () => {
    const outcome = await runCheck(automated, {
      ...declaredDeploy,
      requireObserved: true,
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'observed evidence required (requireObserved) but no ci source is configured for this service',
    );
  });

  it('passes under requireObserved when CI observed a successful deploy', async () => {
    const outcome = await runCheck(automated, {
      requireObserved: true,
      ci: { deploy: successfulRuns('deploy.yml', 1) },
    });
    expect(outcome.status).toBe('pass');
  });

  it('passes on an ML pipeline whose steps deploy the model', async () => {
    const outcome = await runCheck(automated, {
      repository: {
        signals: [
          signal('pipeline', 'pipelines/train_deploy.py', {
            tool: 'sagemaker',
            attributes: { activities: ['train', 'register-model', 'deploy'] },
          }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'The ML pipeline deploys the model: pipelines/train_deploy.py (sagemaker)',
    });
    const noDeployStep = await runCheck(automated, {
      repository: {
        signals: [
          signal('pipeline', 'pipelines/train.py', {
            tool: 'sagemaker',
            attributes: { activities: ['train'] },
          }),
        ],
      },
    });
    expect(noDeployStep.status).toBe('fail');
  });

  it('cites an image-only workflow rejected as a deployment', async () => {
    const outcome = await runCheck(automated, {
      repository: {
        signals: [
          ciJob('.github/workflows/deploy.yml', {
            activities: ['build-image', 'push-image'],
          }),
        ],
        rejections: [
          rejection(
            'ci-job',
            '.github/workflows/deploy.yml',
            'only builds an image: not a deployment',
          ),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '`.github/workflows/deploy.yml` only builds an image: not a deployment',
    );
    expect(outcome.evidence.map(e => e.location)).toContain(
      '.github/workflows/deploy.yml',
    );
  });
  it('quotes a rejection that names its file as is', async () => {
    const reason =
      'GitHub Actions job `deploy` in .github/workflows/deploy.yml is named like a deployment but only builds or pushes a container image';
    const outcome = await runCheck(automated, {
      repository: {
        rejections: [
          rejection('ci-job', '.github/workflows/deploy.yml', reason),
        ],
      },
    });
    expect(outcome.message).toContain(`; not counted: ${reason}`);
    expect(outcome.evidence[1]).toMatchObject({
      detail: reason,
      location: '.github/workflows/deploy.yml',
    });
  });
});

describe('deploy.cd-on-merge', () => {
  const cd = check('deploy.cd-on-merge');
  const withJob = (
    attributes: Parameters<typeof ciJob>[1],
  ): ContextOptions => ({
    repository: {
      signals: [
        ciJob('.github/workflows/deploy.yml', {
          activities: ['deploy'],
          ...attributes,
        }),
      ],
    },
  });

  it.each([
    [{ triggers: ['push' as const], branches: [] }, 'pass'],
    [
      { triggers: ['push' as const, 'manual' as const], branches: ['master'] },
      'pass',
    ],
    [{ triggers: ['push' as const], branches: ['release/*'] }, 'fail'],
  ])('declared %j → %s', async (attributes, status) => {
    expect((await runCheck(cd, withJob(attributes))).status).toBe(status);
  });

  it('fails a workflow_dispatch-only deploy with that reason', async () => {
    const outcome = await runCheck(cd, withJob({ triggers: ['manual'] }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '.github/workflows/deploy.yml (job main) runs only when started by hand (manual dispatch such as workflow_dispatch)',
    );
  });

  it('fails a deploy behind a manual approval', async () => {
    const outcome = await runCheck(cd, withJob({ manualGate: true }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'waits for a manual approval before deploying',
    );
  });

  it('passes when staging deploys on push and only production waits for approval', async () => {
    const outcome = await runCheck(cd, {
      repository: {
        signals: [
          ciJob('infra/pipeline.yml', {
            system: 'aws-codepipeline',
            job: 'DeployStaging',
            triggers: ['push', 'external'],
            branches: [],
            activities: ['deploy'],
          }),
          ciJob('infra/pipeline.yml', {
            system: 'aws-codepipeline',
            job: 'DeployProd',
            triggers: ['push', 'external'],
            branches: [],
            manualGate: true,
            activities: ['deploy'],
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Deploys automatically without a manual gate: infra/pipeline.yml (job DeployStaging) (started by a push or an event such as a model approval); later deploys wait for a manual approval, which is allowed: infra/pipeline.yml (job DeployProd)',
    );
  });

  it('passes a deploy started by a model approval event declared in the repository', async () => {
    const outcome = await runCheck(
      cd,
      withJob({ triggers: ['external'], branches: [] }),
    );
    expect(outcome.status).toBe('pass');
  });

  it('fails when even the first deploy waits for approval', async () => {
    const outcome = await runCheck(cd, {
      repository: {
        signals: [
          ciJob('.pipelines/release.yml', {
            system: 'azure-pipelines',
            job: 'deploy_test.deploy_model',
            manualGate: true,
            activities: ['deploy'],
          }),
          ciJob('.pipelines/release.yml', {
            system: 'azure-pipelines',
            job: 'deploy_prod.deploy_model',
            manualGate: true,
            activities: ['deploy'],
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '.pipelines/release.yml (job deploy_test.deploy_model) waits for a manual approval before deploying',
    );
  });

  it('does not count a deploy whose trigger is configured outside the repository', async () => {
    const outcome = await runCheck(cd, {
      repository: {
        signals: [
          signal('ci-job', 'cloudbuild.yaml', {
            tool: 'cloud-build',
            attributes: {
              system: 'cloud-build',
              workflow: 'cloudbuild.yaml',
              job: 'cloudbuild',
              triggers: ['external'],
              branches: [],
              manualGate: false,
              activities: ['deploy'],
              triggerOutsideRepository: true,
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'cloudbuild.yaml (job cloudbuild) is started by a trigger configured outside the repository',
    );
  });

  it('fails a deploy limited to other branches, naming them', async () => {
    const outcome = await runCheck(cd, withJob({ branches: ['release'] }));
    expect(outcome.message).toContain(
      'deploys on pushes to release only, not to main or master',
    );
  });

  it('passes when CI observes push-triggered successful deploys', async () => {
    const outcome = await runCheck(cd, {
      ci: { deployOnPush: true, deploy: successfulRuns('deploy.yml', 3) },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      source: 'ci',
      strength: 'observed',
    });
  });

  it('fails when CI shows deploys are not push-triggered, even if declared so', async () => {
    const outcome = await runCheck(cd, {
      ...withJob({}),
      ci: { deployOnPush: false, deploy: successfulRuns('deploy.yml', 3) },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'not started by a push without a manual gate',
    );
  });

  it('fails when push-triggered deploys never succeed', async () => {
    const outcome = await runCheck(cd, {
      ...withJob({}),
      ci: { deployOnPush: true, deploy: runStats({ runs: 3 }) },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('no deploy run has succeeded');
  });

  it('combines observed successes with the declared trigger when CI cannot tell the trigger', async () => {
    const passing = await runCheck(cd, {
      ...withJob({}),
      ci: { deployOnPush: null, deploy: successfulRuns('deploy.yml', 2) },
    });
    expect(passing.status).toBe('pass');
    expect(passing.evidence.map(e => `${e.source}/${e.strength}`)).toEqual([
      'ci/observed',
      'repository/declared',
    ]);
    const manual = await runCheck(cd, {
      ...withJob({ triggers: ['manual'] }),
      ci: { deployOnPush: null, deploy: successfulRuns('deploy.yml', 2) },
    });
    expect(manual.status).toBe('fail');
  });

  it("uses CI's default branch over the configured defaults", async () => {
    const outcome = await runCheck(cd, {
      ...withJob({ branches: ['trunk'] }),
      ci: { defaultBranch: 'trunk', deploy: successfulRuns('deploy.yml', 2) },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('deploy.frequency', () => {
  const frequency = check('deploy.frequency');

  it('is unknown without CI facts, saying how to connect CI', async () => {
    const outcome = await runCheck(frequency, declaredDeploy);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toMatch(
      /^no ci source is configured for this service/,
    );
  });

  it('uses the minDeploysLast30d parameter', async () => {
    const ci = { deploy: successfulRuns('deploy.yml', 3) };
    expect((await runCheck(frequency, { ci })).status).toBe('pass');
    expect(
      (await runCheck(frequency, { ci, params: { minDeploysLast30d: 4 } }))
        .status,
    ).toBe('fail');
  });
});
