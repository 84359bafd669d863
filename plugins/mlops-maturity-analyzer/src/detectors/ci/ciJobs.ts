import {
  CiActivity,
  CiJobAttributes,
  CiTrigger,
  RepoSignalKind,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { commandLabel } from '../../parsing/shell';
import { code, DetectorResult, Findings, listForHumans } from '../types';
import { analyzeSteps, CiStep, StepAnalysis } from './ciActivities';

/** One job of one CI system, as read from its definition, before recognition. */
export interface CiJobModel {
  /** Tool id, e.g. `github-actions`. */
  system: string;
  /** Human name of the CI system, e.g. `GitHub Actions`. */
  systemLabel: string;
  path: string;
  workflow: string;
  job: string;
  triggers: CiTrigger[];
  branches: string[];
  manualGate: boolean;
  steps: CiStep[];
  /** The job's own names (id, display name) that say what it is meant to do; defaults to `job`. */
  names?: string[];
  /** The job only waits for a manual approval (or for what the text names). */
  approval?: boolean | string;
  /** What the job calls that is outside the repository, when its steps are not visible. */
  hidden?: string;
  /** A progressive delivery strategy declared by the CI system (Azure deployment jobs). */
  strategy?: 'canary' | 'rolling';
  /**
   * Where the job's trigger is configured when that is not the repository, e.g. `in
   * Cloud Build`: the triggers then say what is known, not what is declared.
   */
  triggerOutsideRepository?: string;
  /** Why the job never runs (`if: false`); such a job is rejected, not a CI job. */
  disabled?: string;
  /** Steps that never run, with why (`if: false` on a step). */
  disabledSteps?: Array<{ step: CiStep; reason: string }>;
}

const TRIGGER_ORDER: CiTrigger[] = [
  'push',
  'pull-request',
  'tag',
  'schedule',
  'manual',
  'pipeline',
  'external',
  'unknown',
];

export function sortTriggers(triggers: Iterable<CiTrigger>): CiTrigger[] {
  const set = new Set(triggers);
  return TRIGGER_ORDER.filter(trigger => set.has(trigger));
}

function triggerPhrase(triggers: CiTrigger[], branches: string[]): string {
  const phrases = triggers.map(trigger => {
    switch (trigger) {
      case 'push':
        return branches.length
          ? `on push to ${listForHumans(
              branches.map(branch =>
                branch === '$default-branch' ? 'the default branch' : branch,
              ),
            )}`
          : 'on push';
      case 'pull-request':
        return 'on pull requests';
      case 'tag':
        return 'on tags';
      case 'schedule':
        return 'on a schedule';
      case 'manual':
        return 'when started manually';
      case 'pipeline':
        return 'when another pipeline triggers it';
      case 'external':
        return 'when triggered from outside the repository';
      default:
        return 'on other events';
    }
  });
  return phrases.length ? listForHumans(phrases, 8) : 'with no trigger';
}

const ACTIVITY_PRIORITY: CiActivity[] = [
  'deploy',
  'train',
  'hyperparameter-tuning',
  'register-model',
  'llm-eval',
  'evaluate-model',
  'test',
  'data-validation',
  'data-refresh',
  'security-scan',
  'build-image',
  'push-image',
  'lint',
  'publish-metrics',
];

function describeWork(analysis: StepAnalysis, model: CiJobModel): string {
  const shown = ACTIVITY_PRIORITY.filter(
    activity => analysis.evidence[activity],
  )
    .slice(0, 3)
    .map(activity => code(analysis.evidence[activity]!));
  if (shown.length) {
    const unique = [...new Set(shown)];
    return `runs ${listForHumans(unique)}`;
  }
  if (model.hidden) {
    return `calls ${model.hidden}, whose steps are outside the repository`;
  }
  if (model.approval) {
    return `waits for ${
      typeof model.approval === 'string' ? model.approval : 'a manual approval'
    }`;
  }
  return analysis.trivialOnly
    ? 'runs only trivial commands such as `echo`'
    : 'runs no recognised build, test or deploy step';
}

const NAME_HINTS: Array<{
  activity: CiActivity;
  tokens: RegExp;
  meaning: string;
}> = [
  {
    activity: 'deploy',
    tokens:
      /^(deploy|deploys|deployment|deployments|deploying|cd|rollout|promote|promotion)$/,
    meaning: 'a deployment',
  },
  {
    activity: 'test',
    tokens: /^(test|tests|testing|pytest|unittest|unittests|unit)$/,
    meaning: 'a test job',
  },
  {
    activity: 'train',
    tokens: /^(train|training|retrain|retraining)$/,
    meaning: 'a training job',
  },
];

function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hintedActivities(
  names: string[],
): Array<{ activity: CiActivity; meaning: string }> {
  const tokens = names.flatMap(nameTokens);
  return NAME_HINTS.filter(hint =>
    tokens.some(token => hint.tokens.test(token)),
  );
}

function mismatchReason(
  subject: string,
  meaning: string,
  activity: CiActivity,
  analysis: StepAnalysis,
  hidden: string | undefined,
): string {
  const named = `${subject} is named like ${meaning}`;
  const imageOnly =
    analysis.activities.length > 0 &&
    analysis.activities.every(
      a => a === 'build-image' || a === 'push-image' || a === 'lint',
    );
  if (activity === 'deploy' && imageOnly) {
    return `${named} but only builds or pushes a container image (${code(
      analysis.evidence['build-image'] ?? analysis.evidence['push-image'] ?? '',
    )}); building an image is not deploying it`;
  }
  if (
    activity === 'test' &&
    analysis.activities.length &&
    analysis.activities.every(a => a === 'publish-metrics')
  ) {
    return `${named} but only publishes metrics (${code(
      analysis.evidence['publish-metrics']!,
    )}); posting metrics is not running tests`;
  }
  if (hidden && analysis.activities.length === 0) {
    return `${named} but calls ${hidden}, which is outside the repository, so what it runs cannot be verified`;
  }
  if (analysis.trivialOnly) {
    return `${named} but runs only trivial commands such as \`echo\`; nothing is actually done`;
  }
  const doing = analysis.activities.length
    ? `it only runs ${listForHumans(
        analysis.activities.map(a => code(analysis.evidence[a]!)),
      )}`
    : 'none of its commands are recognised';
  const missing = {
    deploy: 'deploys anything',
    test: 'runs tests',
    train: 'trains a model',
  }[activity as 'deploy'];
  return `${named} but nothing in it ${missing} (${doing})`;
}

const ROLLBACK_COMMANDS: Array<{
  pattern: RegExp;
  tool: string;
  what: string;
  label?: string;
}> = [
  {
    pattern: /^helm\s+rollback\b/,
    tool: 'helm',
    what: 'rolls back a Helm release',
  },
  {
    pattern:
      /^helm\s+(?:[^|]*?\s)?(upgrade|install)\b.*\s--(atomic|rollback-on-failure)\b/,
    tool: 'helm',
    what: 'rolls a failed Helm release back automatically',
    label: 'helm upgrade --atomic',
  },
  {
    pattern: /^(kubectl|oc)\s+(?:[^|]*?\s)?rollout\s+undo\b/,
    tool: 'kubectl',
    what: 'undoes a rollout',
  },
  {
    pattern: /^kubectl\s+argo\s+rollouts\s+(undo|abort)\b/,
    tool: 'argo-rollouts',
    what: 'aborts or undoes an Argo rollout',
  },
  {
    pattern: /^argocd\s+app\s+rollback\b/,
    tool: 'argocd',
    what: 'rolls back an Argo CD application',
  },
];

const PROGRESSIVE_COMMANDS: Array<{
  pattern: RegExp;
  tool: string;
  what: string;
}> = [
  {
    pattern:
      /^az\s+ml\s+online-endpoint\s+update\b.*--traffic[= ]["']?\w+=\d+\s+\w+=\d+/,
    tool: 'azureml',
    what: 'splits endpoint traffic between deployments (blue/green)',
  },
  {
    pattern:
      /^gcloud\s+(beta\s+)?run\s+(services\s+update-traffic\b.*--to-(revisions|tags)|deploy\b.*--no-traffic)/,
    tool: 'cloud-run',
    what: 'shifts Cloud Run traffic between revisions',
  },
  {
    pattern: /^kubectl\s+argo\s+rollouts\s+promote\b/,
    tool: 'argo-rollouts',
    what: 'promotes an Argo rollout step by step',
  },
  {
    pattern: /^aws\s+sagemaker\s+update-endpoint-weights-and-capacities\b/,
    tool: 'sagemaker',
    what: 'shifts SageMaker endpoint traffic between variants',
  },
  {
    pattern: /^aws\s+deploy\s+create-deployment\b.*(Canary|Linear)/,
    tool: 'codedeploy',
    what: 'runs a canary or linear CodeDeploy deployment',
  },
];

/** Turns CI job models into `ci-job` signals, derived signals and rejections. */
export function ciJobFindings(
  models: CiJobModel[],
  files: RepoFileSet,
): DetectorResult {
  const findings = new Findings();
  const analyses = models.map(model => analyzeSteps(model.steps, files));
  const workflowRejected = new Set<string>();

  // A workflow named like a deployment (or tests, or training) in which no job does that.
  const groups = new Map<string, number[]>();
  models.forEach((model, index) => {
    if (model.disabled) {
      return;
    }
    const key = `${model.path}#${model.workflow}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  for (const [key, indexes] of groups) {
    const first = models[indexes[0]];
    for (const hint of hintedActivities([first.workflow])) {
      if (
        indexes.some(
          i =>
            analyses[i].activities.includes(hint.activity) ||
            (hint.activity === 'test' && analyses[i].ignoredTests.length > 0),
        )
      ) {
        continue;
      }
      const combined: StepAnalysis = {
        activities: [...new Set(indexes.flatMap(i => analyses[i].activities))],
        evidence: Object.assign({}, ...indexes.map(i => analyses[i].evidence)),
        ignoredTests: [],
        commands: [],
        trivialOnly: indexes.every(i => analyses[i].trivialOnly),
        invokedPaths: [],
        missingScripts: [],
      };
      const hidden = indexes.map(i => models[i].hidden).find(Boolean);
      findings.reject(
        'ci-job',
        first.system,
        first.path,
        mismatchReason(
          `${first.systemLabel} workflow \`${first.workflow}\` in ${first.path}`,
          hint.meaning,
          hint.activity,
          combined,
          hidden,
        ),
      );
      workflowRejected.add(`${key}:${hint.activity}`);
    }
  }

  models.forEach((model, index) => {
    const analysis = analyses[index];
    const subject = `${model.systemLabel} job \`${model.job}\` in ${model.path}`;
    if (model.disabled) {
      const work = analysis.activities.length
        ? `; its ${listForHumans(
            analysis.activities.map(a => code(analysis.evidence[a]!)),
          )} never runs`
        : '';
      findings.reject(
        'ci-job',
        model.system,
        model.path,
        `${subject} never runs: ${model.disabled}${work}`,
      );
      return;
    }
    findings.invokes(...analysis.invokedPaths);
    for (const { step, reason } of model.disabledSteps ?? []) {
      const skipped = analyzeSteps([step], files);
      if (skipped.activities.length) {
        findings.reject(
          'ci-job',
          model.system,
          model.path,
          `${subject} has a step that never runs (${reason}), so its ${listForHumans(
            skipped.activities.map(a => code(skipped.evidence[a]!)),
          )} does not count`,
        );
      }
    }
    for (const missing of analysis.missingScripts) {
      findings.reject(
        rejectionKind(missing.activities),
        model.system,
        model.path,
        `${subject} runs ${code(
          missing.label,
        )}, which is not in the repository, so its name (suggesting ${listForHumans(
          missing.activities,
        )}) is not evidence of what it does`,
      );
    }
    const attributes: CiJobAttributes = {
      system: model.system,
      workflow: model.workflow,
      job: model.job,
      triggers: model.triggers,
      branches: model.branches,
      manualGate: model.manualGate,
      activities: analysis.activities,
      evidence: analysis.activities.map(
        activity => `${activity}: ${analysis.evidence[activity]}`,
      ),
      ...(model.triggerOutsideRepository
        ? { triggerOutsideRepository: true }
        : {}),
      ...(analysis.testTargets && analysis.activities.includes('test')
        ? { testTargets: analysis.testTargets }
        : {}),
      ...(analysis.invokedPaths.length
        ? { invokedPaths: analysis.invokedPaths }
        : {}),
    };
    const gate = model.manualGate ? ', after a manual approval' : '';
    const outside = model.triggerOutsideRepository
      ? ` (its trigger is configured ${model.triggerOutsideRepository}, outside the repository)`
      : '';
    findings.signal(
      'ci-job',
      model.system,
      model.path,
      `${subject} ${describeWork(analysis, model)} ${triggerPhrase(
        model.triggers,
        model.branches,
      )}${outside}${gate}`,
      attributes,
    );

    if (analysis.ignoredTests.length) {
      findings.reject(
        'ci-job',
        model.system,
        model.path,
        `${subject} runs ${listForHumans(
          analysis.ignoredTests.map(code),
        )} but ignores the result, so failing tests cannot stop it`,
      );
    }
    for (const hint of hintedActivities(model.names ?? [model.job])) {
      const key = `${model.path}#${model.workflow}:${hint.activity}`;
      if (
        model.approval ||
        analysis.activities.includes(hint.activity) ||
        workflowRejected.has(key)
      ) {
        continue;
      }
      if (hint.activity === 'test' && analysis.ignoredTests.length) {
        continue;
      }
      findings.reject(
        'ci-job',
        model.system,
        model.path,
        mismatchReason(
          subject,
          hint.meaning,
          hint.activity,
          analysis,
          model.hidden,
        ),
      );
    }

    if (analysis.activities.includes('security-scan')) {
      const evidence = analysis.evidence['security-scan']!;
      findings.signal(
        'security-scan',
        scannerTool(evidence),
        model.path,
        `${subject} runs ${code(evidence)} ${triggerPhrase(
          model.triggers,
          model.branches,
        )}`,
        { ciSystem: model.system, job: model.job, triggers: model.triggers },
      );
    }
    if (model.strategy === 'canary') {
      findings.signal(
        'progressive-rollout',
        model.system,
        model.path,
        `${subject} deploys with a canary strategy`,
        {
          ciSystem: model.system,
          job: model.job,
          strategy: 'canary',
        },
      );
    }
    const seen = new Set<string>();
    for (const command of analysis.commands) {
      for (const rule of ROLLBACK_COMMANDS) {
        if (rule.pattern.test(command) && !seen.has(`rollback:${rule.tool}`)) {
          seen.add(`rollback:${rule.tool}`);
          findings.signal(
            'rollback',
            rule.tool,
            model.path,
            `${subject} ${rule.what} (${code(
              rule.label ?? commandLabel(command, 4),
            )})`,
            {
              ciSystem: model.system,
              job: model.job,
              automatic: /--(atomic|rollback-on-failure)\b/.test(command),
            },
          );
        }
      }
      for (const rule of PROGRESSIVE_COMMANDS) {
        if (
          rule.pattern.test(command) &&
          !seen.has(`progressive:${rule.tool}`)
        ) {
          seen.add(`progressive:${rule.tool}`);
          findings.signal(
            'progressive-rollout',
            rule.tool,
            model.path,
            `${subject} ${rule.what} (${code(commandLabel(command, 5))})`,
            {
              ciSystem: model.system,
              job: model.job,
              strategy: 'traffic-shift',
            },
          );
        }
      }
    }
  });
  return findings.result();
}

/** The kind of evidence a script's name claimed, so the check about it cites the rejection. */
function rejectionKind(activities: CiActivity[]): RepoSignalKind {
  if (activities.includes('data-validation')) {
    return 'data-validation';
  }
  if (activities.includes('register-model')) {
    return 'model-registration';
  }
  if (activities.includes('hyperparameter-tuning')) {
    return 'hyperparameter-tuning';
  }
  return 'ci-job';
}

const SCANNERS =
  /(codeql|trivy|snyk|pip-audit|safety|bandit|grype|gitleaks|semgrep|checkov|tfsec|trufflehog|osv-scanner|dependency-review|dependency-check|scorecard|scout|anchore|govulncheck|kics|terrascan|detect-secrets|npm audit|sast|dependency-scanning|container-scanning|secret-detection|whitesource|mend|defender|advancedsecurity)/i;

function scannerTool(evidence: string): string {
  const known = evidence.match(SCANNERS);
  if (known) {
    return known[1].toLowerCase().replace(/\s+/g, '-');
  }
  return (
    evidence
      .replace(/^.*→\s*/, '')
      .split(/[\s@]/)[0]
      .toLowerCase() || 'security-scan'
  );
}
