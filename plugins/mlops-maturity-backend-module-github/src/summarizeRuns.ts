import { CiRunStats } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { WorkflowKind, WorkflowPatterns } from './config';
import { GithubWorkflow, GithubWorkflowRun } from './GithubActionsApi';

const KINDS: WorkflowKind[] = [
  'deploy',
  'test',
  'training',
  'securityScan',
  'llmEval',
];
const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'merge_group',
]);
/** A push, or a workflow chained after another (`workflow_run`): nobody pressed a button. */
const PUSH_EVENTS = new Set(['push', 'workflow_run']);
/** Events that start training without a person; a `workflow_dispatch` counts only when a bot sent it. */
const AUTOMATIC_EVENTS = new Set([
  'schedule',
  'repository_dispatch',
  'workflow_run',
]);
/**
 * Conclusions that count against the success rate. Cancelled, skipped, neutral, stale and
 * action_required runs say nothing about whether the code works, so they count neither way.
 */
const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The kinds a workflow belongs to, from its name and file path; ignored workflows have none. */
export function classifyWorkflow(
  workflow: { name?: string | null; path?: string },
  patterns: WorkflowPatterns,
): WorkflowKind[] {
  const texts = [workflow.name ?? '', workflow.path ?? ''];
  const matches = (pattern: RegExp) => texts.some(text => pattern.test(text));
  return matches(patterns.ignore)
    ? []
    : KINDS.filter(kind => matches(patterns[kind]));
}

/** What the inspected runs show, before the look-ups that reach beyond the window. */
export interface RunSummary {
  /** Deploy runs on the default branch (and `release` events), not pull requests. */
  deploy: CiRunStats;
  deployOnPush: boolean | null;
  prTests: CiRunStats;
  training: CiRunStats;
  securityScan: CiRunStats;
  llmEval: CiRunStats;
  successRate: number | null;
  /** Earliest successful deploy among the inspected runs. */
  earliestDeployAt: string | null;
  /** Every deploy workflow, to find its first success before the window. */
  deployWorkflowIds: number[];
}

const startedAt = (run: GithubWorkflowRun) =>
  run.run_started_at ?? run.created_at;
/** A completed run's last update is its completion. */
const finishedAt = (run: GithubWorkflowRun) => run.updated_at;
const succeeded = (run: GithubWorkflowRun) =>
  run.status === 'completed' && run.conclusion === 'success';

function pick(times: string[], order: 1 | -1): string | null {
  let best: string | null = null;
  for (const time of times) {
    if (best === null || order * (Date.parse(time) - Date.parse(best)) > 0) {
      best = time;
    }
  }
  return best;
}

export function summarizeRuns(input: {
  defaultBranch: string;
  workflows: GithubWorkflow[];
  runs: GithubWorkflowRun[];
  patterns: WorkflowPatterns;
  now: Date;
}): RunSummary {
  const { defaultBranch, workflows, runs, patterns, now } = input;
  const workflowById = new Map(workflows.map(w => [w.id, w]));
  const kindsById = new Map(
    workflows.map(w => [w.id, classifyWorkflow(w, patterns)]),
  );
  // A run of a workflow missing from the listing is judged by its own name and path.
  const kindsOf = (run: GithubWorkflowRun) =>
    kindsById.get(run.workflow_id) ?? classifyWorkflow(run, patterns);
  const nameOf = (run: GithubWorkflowRun) =>
    workflowById.get(run.workflow_id)?.name ??
    run.name ??
    `workflow ${run.workflow_id}`;
  const runsOf = (kind: WorkflowKind) =>
    runs.filter(run => kindsOf(run).includes(kind));
  const activeWorkflowsOf = (kind: WorkflowKind) =>
    workflows
      .filter(w => w.state === 'active' && kindsById.get(w.id)!.includes(kind))
      .map(w => w.name);
  const monthAgo = now.getTime() - 30 * DAY_MS;

  const statsOf = (
    kindRuns: GithubWorkflowRun[],
    names: string[],
  ): CiRunStats => {
    const successes = kindRuns.filter(succeeded);
    return {
      workflows: [...new Set([...names, ...kindRuns.map(nameOf)])].sort(),
      runs: kindRuns.length,
      succeeded: successes.length,
      lastRunAt: pick(kindRuns.map(startedAt), 1),
      lastSuccessAt: pick(successes.map(finishedAt), 1),
      successesLast30d: successes.filter(
        r => Date.parse(finishedAt(r)) >= monthAgo,
      ).length,
    };
  };

  const deployRuns = runsOf('deploy').filter(
    run =>
      !PULL_REQUEST_EVENTS.has(run.event) &&
      (run.head_branch === defaultBranch || run.event === 'release'),
  );
  const deployOnPush =
    deployRuns.length === 0
      ? null
      : deployRuns.some(
          run =>
            run.head_branch === defaultBranch && PUSH_EVENTS.has(run.event),
        );

  // Without any workflow named like tests, the pull-request runs of unclassified workflows
  // are the tests (a repository's only pull-request workflow usually is its test suite).
  const pullRequestRuns = runs.filter(run =>
    PULL_REQUEST_EVENTS.has(run.event),
  );
  const hasTestWorkflows =
    workflows.some(w => kindsById.get(w.id)!.includes('test')) ||
    runs.some(run => kindsOf(run).includes('test'));
  const prTestRuns = hasTestWorkflows
    ? pullRequestRuns.filter(run => kindsOf(run).includes('test'))
    : pullRequestRuns.filter(run => kindsOf(run).length === 0);

  const trainingRuns = runsOf('training').filter(
    run =>
      AUTOMATIC_EVENTS.has(run.event) ||
      (run.event === 'workflow_dispatch' &&
        (run.triggering_actor ?? run.actor)?.type === 'Bot'),
  );

  const judged = runs.filter(
    run =>
      run.status === 'completed' &&
      (run.conclusion === 'success' ||
        FAILED_CONCLUSIONS.has(run.conclusion ?? '')),
  );

  return {
    deploy: statsOf(deployRuns, activeWorkflowsOf('deploy')),
    deployOnPush,
    prTests: statsOf(
      prTestRuns,
      hasTestWorkflows ? activeWorkflowsOf('test') : [],
    ),
    training: statsOf(trainingRuns, activeWorkflowsOf('training')),
    securityScan: statsOf(
      runsOf('securityScan'),
      activeWorkflowsOf('securityScan'),
    ),
    llmEval: statsOf(runsOf('llmEval'), activeWorkflowsOf('llmEval')),
    successRate: judged.length
      ? judged.filter(succeeded).length / judged.length
      : null,
    earliestDeployAt: pick(deployRuns.filter(succeeded).map(finishedAt), -1),
    deployWorkflowIds: workflows
      .filter(w => kindsById.get(w.id)!.includes('deploy'))
      .map(w => w.id),
  };
}
