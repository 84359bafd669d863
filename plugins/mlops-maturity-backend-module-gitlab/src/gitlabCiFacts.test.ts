import { ConfigReader } from '@backstage/config';
import { readGitlabCiSettings } from './config';
import {
  GitlabJob,
  GitlabPipeline,
  InspectedPipeline,
  selectPipelinesForJobs,
  summarizeGitlabCi,
} from './gitlabCiFacts';

const NOW = new Date('2025-06-30T12:00:00Z');
const { patterns } = readGitlabCiSettings(new ConfigReader({}));

let nextId = 1;
function pipeline(
  source: string,
  ref = 'main',
  status = 'success',
): GitlabPipeline {
  return {
    id: nextId++,
    status,
    source,
    ref,
    created_at: '2025-06-20T10:00:00Z',
    updated_at: '2025-06-20T10:30:00Z',
  };
}

function job(name: string, stage: string, status = 'success'): GitlabJob {
  return {
    name,
    stage,
    status,
    created_at: '2025-06-20T10:00:00Z',
    finished_at: status === 'manual' ? null : '2025-06-20T10:20:00Z',
  };
}

function summarize(
  inspected: InspectedPipeline[],
  defaultBranch: string | null = 'main',
) {
  return summarizeGitlabCi({
    project: {
      default_branch: defaultBranch,
      created_at: '2025-01-01T00:00:00Z',
    },
    pipelines: inspected.map(i => i.pipeline),
    inspected,
    patterns,
    coversProjectHistory: false,
    now: NOW,
  });
}

describe('summarizeGitlabCi', () => {
  it('sees a manual gate in a deploy job waiting to be started by hand', () => {
    const facts = summarize([
      {
        pipeline: pipeline('push'),
        jobs: [
          job('deploy-staging', 'deploy'),
          job('deploy-production', 'deploy', 'manual'),
        ],
      },
    ]);
    expect(facts.deployOnPush).toBe(false);
    expect(facts.deploy).toMatchObject({
      workflows: ['deploy-production', 'deploy-staging'],
      runs: 1,
      succeeded: 1,
    });
  });

  it('does not take manual rollback or stop jobs, or GitLab Pages, for deploys', () => {
    const facts = summarize([
      {
        pipeline: pipeline('push'),
        jobs: [
          job('release', 'deploy'),
          job('rollback', 'deploy', 'manual'),
          job('stop_review', 'deploy', 'manual'),
          job('pages', 'deploy'),
        ],
      },
    ]);
    expect(facts.deployOnPush).toBe(true);
    expect(facts.deploy.workflows).toEqual(['release']);
  });

  it('does not call deploys started from the web UI or a schedule deploys on push', () => {
    expect(
      summarize([
        { pipeline: pipeline('web'), jobs: [job('deploy', 'deploy')] },
      ]).deployOnPush,
    ).toBe(false);
    expect(
      summarize([
        { pipeline: pipeline('schedule'), jobs: [job('deploy', 'deploy')] },
      ]).deployOnPush,
    ).toBe(false);
  });

  it('cannot tell how deploys start when none ran, or the pushed ones all failed', () => {
    expect(
      summarize([{ pipeline: pipeline('push'), jobs: [job('build', 'build')] }])
        .deployOnPush,
    ).toBeNull();
    expect(
      summarize([
        {
          pipeline: pipeline('push'),
          jobs: [job('deploy', 'deploy', 'failed')],
        },
      ]).deployOnPush,
    ).toBeNull();
  });

  it('counts deploys on the default branch only, and only jobs that finished with an outcome', () => {
    const facts = summarize([
      {
        pipeline: pipeline('push', 'feature/x'),
        jobs: [job('deploy-review', 'deploy')],
      },
      {
        pipeline: pipeline('merge_request_event', 'refs/merge-requests/1/head'),
        jobs: [job('deploy-preview', 'deploy')],
      },
      {
        pipeline: pipeline('push'),
        jobs: [
          job('deploy', 'deploy', 'canceled'),
          job('deploy', 'deploy', 'skipped'),
        ],
      },
    ]);
    expect(facts.deploy).toMatchObject({
      workflows: ['deploy'],
      runs: 0,
      succeeded: 0,
    });
    expect(facts.firstDeployAt).toBeNull();
  });

  it('finds deploy jobs by stage, training by stage, and tests only by name', () => {
    const facts = summarize([
      { pipeline: pipeline('push'), jobs: [job('ship-it', 'deploy')] },
      {
        pipeline: pipeline('merge_request_event', 'refs/merge-requests/2/head'),
        jobs: [
          job('ruff', 'test'),
          job('semgrep-sast', 'test'),
          job('pytest', 'test', 'failed'),
        ],
      },
      { pipeline: pipeline('trigger'), jobs: [job('fit-model', 'train')] },
    ]);
    expect(facts.deploy.workflows).toEqual(['ship-it']);
    expect(facts.prTests).toMatchObject({
      workflows: ['pytest'],
      runs: 1,
      succeeded: 0,
    });
    expect(facts.training).toMatchObject({
      workflows: ['fit-model'],
      runs: 1,
      succeeded: 1,
    });
    expect(facts.securityScan.workflows).toEqual(['semgrep-sast']);
  });

  it('counts training only in pipelines no person started', () => {
    const facts = summarize([
      { pipeline: pipeline('web'), jobs: [job('train', 'train')] },
      { pipeline: pipeline('push'), jobs: [job('retrain', 'train')] },
      { pipeline: pipeline('api'), jobs: [job('retrain', 'train', 'failed')] },
      {
        pipeline: pipeline('schedule'),
        jobs: [job('check-constraints', 'validate')],
      },
    ]);
    expect(facts.training).toMatchObject({
      workflows: ['retrain'],
      runs: 1,
      succeeded: 0,
    });
  });

  it('finds LLM evaluations by name', () => {
    const facts = summarize([
      {
        pipeline: pipeline('merge_request_event', 'refs/merge-requests/4/head'),
        jobs: [job('promptfoo-eval', 'test'), job('unit', 'test')],
      },
    ]);
    expect(facts.llmEval).toMatchObject({
      workflows: ['promptfoo-eval'],
      runs: 1,
      succeeded: 1,
    });
  });

  it('has no success rate without finished pipelines, and no first commit unless the whole history was seen', () => {
    const facts = summarize([
      { pipeline: pipeline('push', 'main', 'running'), jobs: [] },
      { pipeline: pipeline('push', 'main', 'canceled'), jobs: [] },
    ]);
    expect(facts.successRate).toBeNull();
    expect(facts.firstCommitAt).toBeNull();
  });

  it('knows no default branch in an empty project', () => {
    const facts = summarize(
      [{ pipeline: pipeline('push'), jobs: [job('deploy', 'deploy')] }],
      null,
    );
    expect(facts).toMatchObject({
      defaultBranch: null,
      deployOnPush: null,
      deploy: { runs: 0 },
    });
  });
});

describe('selectPipelinesForJobs', () => {
  it('takes the newest pipelines of each kind, so that schedules on main do not crowd out pushes', () => {
    const pushes = Array.from({ length: 5 }, () => pipeline('push'));
    const merges = Array.from({ length: 5 }, () =>
      pipeline('merge_request_event', 'refs/merge-requests/9/head'),
    );
    const schedules = Array.from({ length: 3 }, () => pipeline('schedule'));
    const feature = pipeline('push', 'feature/y');
    const selected = selectPipelinesForJobs(
      [...pushes, ...merges, ...schedules, feature],
      'main',
      2,
    );
    expect(selected.map(p => p.id)).toEqual([
      schedules[2].id,
      schedules[1].id,
      merges[4].id,
      merges[3].id,
      pushes[4].id,
      pushes[3].id,
    ]);
  });
});
