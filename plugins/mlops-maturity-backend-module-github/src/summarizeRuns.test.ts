import { ConfigReader } from '@backstage/config';
import { readGithubActionsConfig } from './config';
import { GithubWorkflow, GithubWorkflowRun } from './GithubActionsApi';
import { classifyWorkflow, summarizeRuns } from './summarizeRuns';

const NOW = new Date('2025-06-01T12:00:00Z');
const { patterns } = readGithubActionsConfig(new ConfigReader({}));

const workflow = (
  id: number,
  name: string,
  path: string,
  state = 'active',
): GithubWorkflow => ({
  id,
  name,
  path,
  state,
});

let nextId = 1;
function run(
  workflowId: number,
  overrides: Partial<GithubWorkflowRun> = {},
): GithubWorkflowRun {
  nextId += 1;
  return {
    id: nextId,
    workflow_id: workflowId,
    event: 'push',
    head_branch: 'main',
    status: 'completed',
    conclusion: 'success',
    created_at: '2025-05-30T08:00:00Z',
    run_started_at: '2025-05-30T08:00:05Z',
    updated_at: '2025-05-30T08:09:00Z',
    actor: { login: 'octocat', type: 'User' },
    triggering_actor: { login: 'octocat', type: 'User' },
    ...overrides,
  };
}

const summarize = (workflows: GithubWorkflow[], runs: GithubWorkflowRun[]) =>
  summarizeRuns({ defaultBranch: 'main', workflows, runs, patterns, now: NOW });

describe('classifyWorkflow', () => {
  it.each([
    ['Deploy', '.github/workflows/deploy.yml', ['deploy']],
    ['Release model', '.github/workflows/release.yml', ['deploy']],
    ['CI/CD', '.github/workflows/ci-cd.yml', ['deploy', 'test']],
    ['Run tests', '.github/workflows/run_tests.yml', ['test']],
    ['Publish latest image', '.github/workflows/image.yml', []],
    ['Nightly retrain', '.github/workflows/nightly.yml', ['training']],
    ['Check constraints', '.github/workflows/constraints.yml', []],
    ['Kubeflow pipeline', '.github/workflows/kfp.yml', ['training']],
    ['CI pipeline', '.github/workflows/main.yml', ['test']],
    ['CodeQL', 'dynamic/github-code-scanning/codeql', ['securityScan']],
    ['Trivy image scan', '.github/workflows/trivy.yml', ['securityScan']],
    ['promptfoo', '.github/workflows/llm.yml', ['llmEval']],
    ['pages-build-deployment', 'dynamic/pages/pages-build-deployment', []],
    ['Deploy docs', '.github/workflows/deploy-docs.yml', []],
    ['Release Drafter', '.github/workflows/release-drafter.yml', []],
  ])('%s (%s) is %j', (name, path, kinds) => {
    expect(classifyWorkflow({ name, path }, patterns)).toEqual(kinds);
  });
});

describe('summarizeRuns', () => {
  const deploy = workflow(1, 'Deploy', '.github/workflows/deploy.yml');
  const ci = workflow(2, 'CI', '.github/workflows/ci.yml');
  const lint = workflow(3, 'Lint', '.github/workflows/lint.yml');
  const retrain = workflow(4, 'Retrain', '.github/workflows/retrain.yml');

  it('counts deploys on the default branch and releases, not pull requests or other branches', () => {
    const summary = summarize(
      [deploy],
      [
        run(1, { updated_at: '2025-05-30T08:09:00Z' }),
        run(1, {
          event: 'release',
          head_branch: 'v1.2.0',
          updated_at: '2025-04-01T10:00:00Z',
        }),
        run(1, { event: 'pull_request', head_branch: 'main' }),
        run(1, { head_branch: 'preview' }),
        run(1, {
          conclusion: 'failure',
          created_at: '2025-05-31T08:00:00Z',
          run_started_at: '2025-05-31T08:00:05Z',
        }),
      ],
    );
    expect(summary.deploy).toEqual({
      workflows: ['Deploy'],
      runs: 3,
      succeeded: 2,
      lastRunAt: '2025-05-31T08:00:05Z',
      lastSuccessAt: '2025-05-30T08:09:00Z',
      successesLast30d: 1,
    });
    expect(summary.earliestDeployAt).toBe('2025-04-01T10:00:00Z');
    expect(summary.deployWorkflowIds).toEqual([1]);
  });

  it('says whether deploys start on push', () => {
    expect(summarize([deploy], []).deployOnPush).toBeNull();
    expect(
      summarize([deploy], [run(1, { event: 'workflow_dispatch' })])
        .deployOnPush,
    ).toBe(false);
    expect(
      summarize([deploy], [run(1, { event: 'release', head_branch: 'v1.0.0' })])
        .deployOnPush,
    ).toBe(false);
    expect(
      summarize(
        [deploy],
        [run(1, { event: 'workflow_dispatch' }), run(1, { event: 'push' })],
      ).deployOnPush,
    ).toBe(true);
    // Chained after the CI workflow of a push: nobody pressed a button.
    expect(
      summarize([deploy], [run(1, { event: 'workflow_run' })]).deployOnPush,
    ).toBe(true);
  });

  it('counts pull-request runs of test workflows as PR tests', () => {
    const summary = summarize(
      [ci, lint],
      [
        run(2, { event: 'pull_request', head_branch: 'feature' }),
        run(2, {
          event: 'pull_request_target',
          head_branch: 'fork',
          conclusion: 'failure',
        }),
        run(2, { event: 'push' }),
        run(3, { event: 'pull_request', head_branch: 'feature' }),
        run(2, {
          event: 'pull_request',
          head_branch: 'feature',
          status: 'in_progress',
          conclusion: null,
        }),
      ],
    );
    expect(summary.prTests).toMatchObject({
      workflows: ['CI'],
      runs: 3,
      succeeded: 1,
    });
  });

  it('takes pull-request runs of unclassified workflows when no workflow looks like tests', () => {
    const build = workflow(
      5,
      'Python package',
      '.github/workflows/python-package.yml',
    );
    const summary = summarize(
      [build, deploy],
      [
        run(5, { event: 'pull_request', head_branch: 'feature' }),
        run(1, { event: 'pull_request', head_branch: 'feature' }),
      ],
    );
    expect(summary.prTests).toMatchObject({
      workflows: ['Python package'],
      runs: 1,
      succeeded: 1,
    });
  });

  it('counts training started by a schedule, an event or a bot, not by a person', () => {
    const bot = { login: 'drift-monitor[bot]', type: 'Bot' };
    const summary = summarize(
      [retrain],
      [
        run(4, { event: 'schedule' }),
        run(4, { event: 'repository_dispatch' }),
        run(4, { event: 'workflow_dispatch', triggering_actor: bot }),
        run(4, { event: 'workflow_dispatch' }),
        run(4, { event: 'push' }),
      ],
    );
    expect(summary.training).toMatchObject({
      workflows: ['Retrain'],
      runs: 3,
      succeeded: 3,
    });
  });

  it('computes the success rate over succeeded and failed runs only', () => {
    const summary = summarize(
      [ci],
      [
        run(2),
        run(2),
        run(2, { conclusion: 'failure' }),
        run(2, { conclusion: 'timed_out' }),
        run(2, { conclusion: 'cancelled' }),
        run(2, { conclusion: 'skipped' }),
        run(2, { status: 'queued', conclusion: null }),
      ],
    );
    expect(summary.successRate).toBe(0.5);
    expect(
      summarize([ci], [run(2, { conclusion: 'cancelled' })]).successRate,
    ).toBeNull();
  });

  it('names only active workflows that were not run, and judges unlisted workflows by their runs', () => {
    const oldDeploy = workflow(
      6,
      'Deploy (legacy)',
      '.github/workflows/old-deploy.yml',
      'disabled_manually',
    );
    const summary = summarize(
      [deploy, oldDeploy],
      [
        run(99, {
          name: 'Rollout canary',
          path: '.github/workflows/rollout.yml',
        }),
      ],
    );
    expect(summary.deploy).toMatchObject({
      workflows: ['Deploy', 'Rollout canary'],
      runs: 1,
    });
    expect(summary.deployWorkflowIds).toEqual([1, 6]);
  });
});
