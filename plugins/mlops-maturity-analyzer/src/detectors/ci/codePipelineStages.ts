import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

/** One action of an AWS CodePipeline stage, however the pipeline is written. */
export interface PipelineAction {
  /** `Source`, `Build`, `Test`, `Deploy`, `Approval`, `Invoke`. */
  category: string;
  provider: string;
  name: string;
  /** Actions of a stage run in `RunOrder` order; equal orders run side by side. */
  runOrder: number;
  branch?: string;
  /** A source action that starts the pipeline on changes (`PollForSourceChanges: false` does not). */
  detectsChanges?: boolean;
  /** What a build or test action runs, when its buildspec is readable. */
  steps?: CiStep[];
  /** The action deploys nothing although its category is `Deploy` (a change set is only prepared). */
  preparesOnly?: boolean;
}

export interface PipelineStage {
  name: string;
  actions: PipelineAction[];
}

/** Triggers that start a pipeline besides its source actions (EventBridge rules, V2 triggers). */
export interface StartingTriggers {
  triggers: Set<CiTrigger>;
  branches: string[];
  /** The triggers replace those of the source actions (CodePipeline V2 `Triggers`). */
  replaceSources?: boolean;
}

/**
 * What an EventBridge rule that targets a pipeline starts it on: a schedule, a push to a
 * CodeCommit branch, or an event from elsewhere (new data in S3, an approved model
 * package, an alarm).
 */
export function eventRuleTrigger(
  sources: string[],
  scheduled: boolean,
): CiTrigger {
  if (scheduled) {
    return 'schedule';
  }
  if (
    sources.length > 0 &&
    sources.every(source => source === 'aws.codecommit')
  ) {
    return 'push';
  }
  return 'external';
}

function actionSteps(action: PipelineAction): {
  steps: CiStep[];
  hidden?: string;
} {
  if (action.steps) {
    return { steps: action.steps };
  }
  if (action.category === 'Deploy' && !action.preparesOnly) {
    return {
      steps: [
        {
          activities: ['deploy'],
          evidence: `${action.provider} deploy action \`${action.name}\``,
        },
      ],
    };
  }
  if (action.category === 'Test' && action.provider !== 'CodeBuild') {
    return {
      steps: [
        {
          activities: ['test'],
          evidence: `${action.provider} test action \`${action.name}\``,
        },
      ],
    };
  }
  if (action.category === 'Invoke') {
    const target =
      action.provider === 'StepFunctions'
        ? 'the Step Functions state machine'
        : `the ${action.provider} function`;
    return { steps: [], hidden: `${target} of \`${action.name}\`` };
  }
  if (action.provider === 'CodeBuild') {
    return { steps: [], hidden: `the CodeBuild project of \`${action.name}\`` };
  }
  return { steps: [] };
}

/**
 * One job per stage, in order. A manual approval holds the actions that run after it
 * (a later `RunOrder` in its stage, and every later stage), not those before it, so a
 * pipeline that deploys to staging and then waits for approval before production is
 * automatic up to staging.
 */
export function pipelineModels(
  meta: { path: string; workflow: string; systemLabel: string },
  stages: PipelineStage[],
  starting: StartingTriggers | undefined,
): CiJobModel[] {
  const triggers = new Set<CiTrigger>();
  const branches: string[] = [];
  if (!starting?.replaceSources) {
    for (const action of stages
      .flatMap(stage => stage.actions)
      .filter(a => a.category === 'Source' && a.detectsChanges !== false)) {
      if (
        /CodeCommit|GitHub|CodeStarSourceConnection|Bitbucket|GitLab/i.test(
          action.provider,
        )
      ) {
        triggers.add('push');
        if (action.branch) {
          branches.push(action.branch);
        }
      } else {
        // An S3 or ECR source starts the pipeline when new data or a new image arrives.
        triggers.add('external');
      }
    }
  }
  starting?.triggers.forEach(trigger => triggers.add(trigger));
  branches.push(...(starting?.branches ?? []));
  if (triggers.size === 0) {
    triggers.add('manual');
  }

  const models: CiJobModel[] = [];
  let gated = false;
  for (const stage of stages) {
    const approvals = stage.actions
      .filter(action => action.category === 'Approval')
      .map(action => action.runOrder);
    const approvalOrder = approvals.length ? Math.min(...approvals) : Infinity;
    const work = stage.actions.filter(
      action => action.category !== 'Source' && action.category !== 'Approval',
    );
    const parts = [
      {
        name: stage.name,
        actions: work.filter(action => action.runOrder <= approvalOrder),
        gate: gated,
      },
      {
        name: `${stage.name} (after approval)`,
        actions: work.filter(action => action.runOrder > approvalOrder),
        gate: true,
      },
    ].filter(part => part.actions.length > 0);
    for (const part of parts) {
      const found = part.actions.map(actionSteps);
      const hidden = found.map(f => f.hidden).filter(Boolean);
      models.push({
        system: 'aws-codepipeline',
        systemLabel: meta.systemLabel,
        path: meta.path,
        workflow: meta.workflow,
        job: parts.length > 1 ? part.name : stage.name,
        triggers: sortTriggers(triggers),
        branches: triggers.has('push') ? [...new Set(branches)] : [],
        manualGate: part.gate,
        steps: found.flatMap(f => f.steps),
        names: [stage.name, ...part.actions.map(action => action.name)],
        hidden: hidden.length ? hidden.join(' and ') : undefined,
      });
    }
    if (approvals.length) {
      gated = true;
    }
  }
  return models;
}
