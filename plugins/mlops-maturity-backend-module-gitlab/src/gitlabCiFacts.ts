import {
  CiFacts,
  CiRunStats,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { GitlabJobPatterns } from './config';

/** The fields of GitLab's project resource that are read (`GET /projects/:id`). */
export interface GitlabProject {
  default_branch: string | null;
  created_at: string;
}

/** The fields of an item of `GET /projects/:id/pipelines` that are read. */
export interface GitlabPipeline {
  id: number;
  status: string;
  source: string;
  ref: string;
  created_at: string;
  updated_at: string;
}

/**
 * The fields of an item of `GET /projects/:id/pipelines/:pipeline_id/jobs` that are read.
 * The REST job resource has no `when`: a manual job that nobody started yet has the
 * status `manual`, which is how a manual gate shows.
 */
export interface GitlabJob {
  name: string;
  stage: string;
  status: string;
  created_at: string;
  finished_at: string | null;
}

export interface InspectedPipeline {
  pipeline: GitlabPipeline;
  jobs: GitlabJob[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pipelines started by a timer, a trigger token, the API or an upstream project's pipeline. */
const TRIGGERED_SOURCES = new Set(['schedule', 'trigger', 'api', 'pipeline']);
const MERGE_REQUEST_SOURCES = new Set([
  'merge_request_event',
  'external_pull_request_event',
]);

const isMergeRequest = (pipeline: GitlabPipeline) =>
  MERGE_REQUEST_SOURCES.has(pipeline.source);
const isTriggered = (pipeline: GitlabPipeline) =>
  TRIGGERED_SOURCES.has(pipeline.source);

/** A pipeline for the default branch itself, not for a merge request into it. */
export const onDefaultBranch = (
  pipeline: GitlabPipeline,
  defaultBranch: string | null,
) =>
  defaultBranch !== null &&
  pipeline.ref === defaultBranch &&
  !isMergeRequest(pipeline);

/**
 * Picks the pipelines whose jobs are read: the newest `perKind` of each kind that a fact
 * depends on (default branch, started by a person or a push: deploys; merge request:
 * tests; triggered: training and triggered deploys). Kinds do not overlap, so a nightly
 * schedule cannot crowd pushes out. Security and LLM evaluation jobs are looked for in
 * the same pipelines.
 */
export function selectPipelinesForJobs(
  pipelines: GitlabPipeline[],
  defaultBranch: string | null,
  perKind: number,
): GitlabPipeline[] {
  const newestFirst = [...pipelines].sort((a, b) => b.id - a.id);
  const kinds = [
    (p: GitlabPipeline) => onDefaultBranch(p, defaultBranch) && !isTriggered(p),
    isMergeRequest,
    isTriggered,
  ];
  const selected = new Set<GitlabPipeline>();
  for (const kind of kinds) {
    newestFirst
      .filter(kind)
      .slice(0, perKind)
      .forEach(p => selected.add(p));
  }
  return newestFirst.filter(p => selected.has(p));
}

interface JobInPipeline {
  job: GitlabJob;
  pipeline: GitlabPipeline;
}

const anyMatch = (patterns: RegExp[], ...values: string[]) =>
  patterns.some(pattern => values.some(value => pattern.test(value)));

const jobTime = (job: GitlabJob) => job.finished_at ?? job.created_at;

function latest(times: string[]): string | null {
  return times.reduce<string | null>(
    (best, t) => (best === null || Date.parse(t) > Date.parse(best) ? t : best),
    null,
  );
}

function earliest(times: string[]): string | null {
  return times.reduce<string | null>(
    (best, t) => (best === null || Date.parse(t) < Date.parse(best) ? t : best),
    null,
  );
}

/** A run is a job that finished with an outcome; canceled, skipped and manual jobs are not. */
function runStats(matched: JobInPipeline[], now: Date): CiRunStats {
  const runs = matched.filter(
    ({ job }) => job.status === 'success' || job.status === 'failed',
  );
  const successes = runs.filter(({ job }) => job.status === 'success');
  const monthAgo = now.getTime() - 30 * DAY_MS;
  return {
    workflows: [...new Set(matched.map(({ job }) => job.name))].sort(),
    runs: runs.length,
    succeeded: successes.length,
    lastRunAt: latest(runs.map(({ job }) => jobTime(job))),
    lastSuccessAt: latest(successes.map(({ job }) => jobTime(job))),
    successesLast30d: successes.filter(
      ({ job }) => Date.parse(jobTime(job)) >= monthAgo,
    ).length,
  };
}

/**
 * Deploys start on push without a manual gate when a deploy job succeeded in a push
 * pipeline and no deploy job on the default branch waits to be started by hand. Deploy
 * runs that only came from other sources (web, API, schedule) are not deploys on push.
 * Null when the runs cannot tell.
 */
function deploysOnPush(deployJobs: JobInPipeline[]): boolean | null {
  if (deployJobs.some(({ job }) => job.status === 'manual')) {
    return false;
  }
  const ran = deployJobs.filter(
    ({ job }) => job.status === 'success' || job.status === 'failed',
  );
  const fromPush = ran.filter(({ pipeline }) => pipeline.source === 'push');
  if (fromPush.some(({ job }) => job.status === 'success')) {
    return true;
  }
  if (ran.length > 0 && fromPush.length === 0) {
    return false;
  }
  return null;
}

/** Turns what GitLab returned into `CiFacts`. */
export function summarizeGitlabCi(input: {
  project: GitlabProject;
  /** Every pipeline listed in the window. */
  pipelines: GitlabPipeline[];
  /** The pipelines whose jobs were read. */
  inspected: InspectedPipeline[];
  patterns: GitlabJobPatterns;
  /**
   * Whether the inspected pipelines reach back to the project's creation, so that the
   * earliest deploy seen is the first deploy ever.
   */
  coversProjectHistory: boolean;
  now: Date;
}): CiFacts {
  const { project, patterns, now } = input;
  const defaultBranch = project.default_branch ?? null;
  const jobs: JobInPipeline[] = input.inspected.flatMap(
    ({ pipeline, jobs: j }) => j.map(job => ({ job, pipeline })),
  );

  const deployJobs = jobs.filter(
    ({ job, pipeline }) =>
      onDefaultBranch(pipeline, defaultBranch) &&
      anyMatch(patterns.deploy, job.name, job.stage) &&
      !anyMatch(patterns.deployExclude, job.name),
  );
  const prTestJobs = jobs.filter(
    ({ job, pipeline }) =>
      isMergeRequest(pipeline) && anyMatch(patterns.test, job.name),
  );
  const trainingJobs = jobs.filter(
    ({ job, pipeline }) =>
      isTriggered(pipeline) && anyMatch(patterns.training, job.name, job.stage),
  );
  const securityJobs = jobs.filter(({ job }) =>
    anyMatch(patterns.security, job.name),
  );
  const llmEvalJobs = jobs.filter(({ job }) =>
    anyMatch(patterns.llmEval, job.name),
  );

  const finished = input.pipelines.filter(
    p => p.status === 'success' || p.status === 'failed',
  );
  const succeeded = finished.filter(p => p.status === 'success').length;

  return {
    provider: 'gitlab-ci',
    defaultBranch,
    deploy: runStats(deployJobs, now),
    deployOnPush: deploysOnPush(deployJobs),
    prTests: runStats(prTestJobs, now),
    training: runStats(trainingJobs, now),
    securityScan: runStats(securityJobs, now),
    llmEval: runStats(llmEvalJobs, now),
    successRate: finished.length > 0 ? succeeded / finished.length : null,
    firstDeployAt: earliest(
      deployJobs
        .filter(({ job }) => job.status === 'success')
        .map(({ job }) => jobTime(job)),
    ),
    // Project creation stands in for the first commit, and only when the window shows
    // every deploy since: otherwise time to production would be measured to a later deploy.
    firstCommitAt: input.coversProjectHistory ? project.created_at : null,
  };
}
