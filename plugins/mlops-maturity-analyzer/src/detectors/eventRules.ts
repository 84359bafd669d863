import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { code, Findings, listForHumans } from './types';

/** Events that start retraining or deployment (code pushes are CI triggers, not these). */
export type EventKind = 'alarm' | 'new-data' | 'model-approved';

/** What an event rule or scheduler job targets. */
export interface Runner {
  /** e.g. `codepipeline`, `step-functions`, `sagemaker-pipeline`, `lambda`, `notification`. */
  kind: string;
  name: string;
  /** Whether the target starts a pipeline or a job (a notification or plain function does not). */
  startsWork: boolean;
  /** What the started pipeline does, when the repository shows it. */
  activities: CiActivity[];
  /** More about what it starts, e.g. which pipeline a function submits. */
  note?: string;
}

/** The event an EventBridge pattern (as text) listens for. */
export function eventKindOf(pattern: string): EventKind | undefined {
  if (/CloudWatch Alarm State Change/i.test(pattern)) {
    return 'alarm';
  }
  if (/Model Package State Change/i.test(pattern)) {
    return 'model-approved';
  }
  if (
    /aws\.s3|s3\.amazonaws\.com/.test(pattern) &&
    /Object Created|PutObject|CopyObject|CompleteMultipartUpload/i.test(pattern)
  ) {
    return 'new-data';
  }
  return undefined;
}

const EVENT_DETAIL: Record<EventKind, string> = {
  alarm: 'when a CloudWatch alarm goes into ALARM',
  'new-data': 'when new data lands in S3',
  'model-approved':
    'when a model package changes state in the SageMaker Model Registry',
};

/** A target identified by its ARN alone (`arn:aws:states:...`). */
export function runnerOfArn(name: string, arn: string): Runner {
  const kinds: Array<[RegExp, string, boolean]> = [
    [/arn:aws[\w-]*:codepipeline:|codepipeline/i, 'codepipeline', true],
    [
      /arn:aws[\w-]*:states:|statemachine|state_machine/i,
      'step-functions',
      true,
    ],
    [
      /:pipeline\/|sagemaker[_:-]?pipeline|startPipelineExecution/i,
      'sagemaker-pipeline',
      true,
    ],
    [/arn:aws[\w-]*:codebuild:|codebuild/i, 'codebuild', true],
    [/arn:aws[\w-]*:batch:|job[_-]?queue/i, 'aws-batch', true],
    [/arn:aws[\w-]*:lambda:|lambda/i, 'lambda', false],
    [
      /arn:aws[\w-]*:(sns|sqs|logs):|topic|queue|log[_-]?group/i,
      'notification',
      false,
    ],
  ];
  const [, kind, startsWork] = kinds.find(([pattern]) => pattern.test(arn)) ?? [
    undefined,
    'unknown',
    false,
  ];
  return { kind, name, startsWork, activities: [] };
}

export interface TriggerRule {
  tool: string;
  path: string;
  /** e.g. "EventBridge rule `RetrainRule` in pipeline.yml". */
  subject: string;
  name: string;
  expression: string | undefined;
  event: EventKind | undefined;
  runners: Runner[];
  /** How the rule describes itself (name, description, schedule variable). */
  description?: string;
}

/** Users name and describe the rules that retrain (`retrain-schedule`, "start the model build"). */
const TRAINING_WORDS =
  /(^|[^a-z])(re)?train(ing)?([^a-z]|$)|model[\s_-]?build/i;

/** What the targets show, else training when the rule's description says it retrains. */
function shownOrDescribed(
  rule: TriggerRule,
  shown: CiActivity[],
): CiActivity[] {
  if (shown.length > 0) {
    return shown;
  }
  // Split camelCase so `retrainModel` matches as a word.
  const description = (rule.description ?? '').replace(
    /([a-z])([A-Z])/g,
    '$1 $2',
  );
  return TRAINING_WORDS.test(description) ? ['train'] : shown;
}

/**
 * Emits a rule as a `schedule` signal saying what it starts, or rejects it when none of its
 * targets starts a pipeline or job: a schedule that runs nothing is not a trigger.
 */
export function emitTriggerRule(findings: Findings, rule: TriggerRule) {
  const working = rule.runners.filter(r => r.startsWork);
  const when = rule.expression
    ? `runs on ${code(rule.expression)}`
    : `fires ${EVENT_DETAIL[rule.event!]}`;
  // An approved model package starts a deployment, whatever function relays the event.
  const deploys = rule.event === 'model-approved' && rule.runners.length > 0;
  if (working.length === 0 && !deploys) {
    findings.reject(
      'schedule',
      rule.tool,
      rule.path,
      `${rule.subject} ${when} but ${
        rule.runners.length === 0
          ? 'has no target'
          : `only targets ${listForHumans(
              rule.runners.map(r => `${r.kind} ${code(r.name)}`),
            )}, which starts no pipeline or job the repository shows`
      }`,
    );
    return;
  }
  const started = deploys && working.length === 0 ? rule.runners : working;
  const shown = [...new Set(working.flatMap(r => r.activities))];
  const activities: CiActivity[] = deploys
    ? ['deploy']
    : shownOrDescribed(rule, shown);
  findings.signal(
    'schedule',
    rule.tool,
    rule.path,
    `${rule.subject} ${when} and starts ${listForHumans(
      started.map(
        r => `${r.kind} ${code(r.name)}${r.note ? ` ${r.note}` : ''}`,
      ),
      3,
    )}${activities.length ? ` (${activities.join(', ')})` : ''}`,
    {
      trigger: rule.expression ? 'cron' : 'event',
      schedule: rule.expression ?? rule.event!,
      target: rule.name,
      activities,
      runners: started.map(r => r.kind),
    },
  );
}

/** Rejects a rule that is switched off. */
export function rejectDisabledRule(
  findings: Findings,
  rule: Pick<TriggerRule, 'tool' | 'path' | 'subject' | 'expression'>,
  how: string,
) {
  findings.reject(
    'schedule',
    rule.tool,
    rule.path,
    `${rule.subject} is disabled (${how}), so ${
      rule.expression ? `its schedule ${code(rule.expression)}` : 'its event'
    } starts nothing`,
  );
}
