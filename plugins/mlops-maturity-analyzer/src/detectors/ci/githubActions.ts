import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { basenameOf, joinRepoPath } from '../../parsing/paths';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  isMap,
  YamlMap,
} from '../../parsing/yaml';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

const SYSTEM = 'github-actions';
/** How deep reusable workflows and composite actions are followed into each other. */
const MAX_NESTING = 5;
const LABEL = 'GitHub Actions';

const EVENT_TRIGGERS: Record<string, CiTrigger> = {
  push: 'push',
  pull_request: 'pull-request',
  pull_request_target: 'pull-request',
  merge_group: 'pull-request',
  schedule: 'schedule',
  workflow_dispatch: 'manual',
  repository_dispatch: 'external',
  deployment: 'external',
  deployment_status: 'external',
  registry_package: 'external',
  workflow_run: 'pipeline',
  workflow_call: 'pipeline',
  release: 'tag',
  create: 'tag',
};

interface WorkflowTriggers {
  triggers: Set<CiTrigger>;
  branches: string[];
  pullRequestBranches: string[];
}

/**
 * The workflow's triggers. `workflow_call` is left out for a reusable workflow that a
 * workflow of this repository calls: its jobs run as part of the caller's, with the
 * caller's triggers, and are read there.
 */
function readTriggers(on: unknown, calledLocally: boolean): WorkflowTriggers {
  const result: WorkflowTriggers = {
    triggers: new Set(),
    branches: [],
    pullRequestBranches: [],
  };
  const events: Array<[string, unknown]> = (
    isMap(on)
      ? Object.entries(on)
      : asStrings(on).map((event): [string, unknown] => [event, undefined])
  ).filter(([event]) => !(calledLocally && event === 'workflow_call'));
  for (const [event, config] of events) {
    const settings = asMap(config);
    if (event === 'push') {
      const branches = asStrings(settings.branches);
      const hasBranchFilter =
        'branches' in settings || 'branches-ignore' in settings;
      const hasTags = 'tags' in settings || 'tags-ignore' in settings;
      if (hasBranchFilter || !hasTags) {
        result.triggers.add('push');
        result.branches = branches;
      }
      if (hasTags) {
        result.triggers.add('tag');
      }
      continue;
    }
    if (event === 'pull_request' || event === 'pull_request_target') {
      result.pullRequestBranches = asStrings(settings.branches);
    }
    result.triggers.add(EVENT_TRIGGERS[event] ?? 'unknown');
  }
  return result;
}

/** Narrows a job's triggers and branches by its `if:` expression. */
function applyCondition(
  condition: string,
  triggers: Set<CiTrigger>,
  branches: string[],
  pullRequestBranches: string[],
): { triggers: Set<CiTrigger>; branches: string[] } {
  let narrowed = new Set(triggers);
  let narrowedBranches = branches;
  const alternatives = condition.includes('||');
  const equal = [
    ...condition.matchAll(/github\.event_name\s*==\s*['"](\w+)['"]/g),
  ].map(m => EVENT_TRIGGERS[m[1]] ?? 'unknown');
  if (equal.length) {
    narrowed = new Set(
      [...narrowed].filter(trigger => equal.includes(trigger)),
    );
  }
  for (const match of condition.matchAll(
    /github\.event_name\s*!=\s*['"](\w+)['"]/g,
  )) {
    if (!alternatives) {
      narrowed.delete(EVENT_TRIGGERS[match[1]] ?? 'unknown');
    }
  }
  const refs = [
    ...[
      ...condition.matchAll(
        /github\.ref\s*==\s*['"]refs\/heads\/([^'"]+)['"]/g,
      ),
    ].map(m => m[1]),
    ...[...condition.matchAll(/github\.ref_name\s*==\s*['"]([^'"]+)['"]/g)].map(
      m => m[1],
    ),
  ];
  if (refs.length && !alternatives) {
    narrowedBranches = refs;
    narrowed.delete('pull-request');
  }
  if (
    /startsWith\(\s*github\.ref\s*,\s*['"]refs\/tags\//.test(condition) &&
    !alternatives
  ) {
    narrowed = new Set(['tag']);
  }
  if (
    /github\.event\.pull_request\.merged\s*==\s*true/.test(condition) &&
    narrowed.has('pull-request')
  ) {
    narrowed.delete('pull-request');
    narrowed.add('push');
    narrowedBranches = pullRequestBranches;
  }
  return { triggers: narrowed, branches: narrowedBranches };
}

const IMAGE_BUILD_ACTIONS =
  /^(docker\/build-push-action|docker\/bake-action|redhat-actions\/buildah-build|mr-smithers-excellent\/docker-build-push|elgohr\/publish-docker-github-action)$/;
const SECURITY_ACTIONS =
  /^(github\/codeql-action\/analyze|aquasecurity\/(trivy-action|tfsec-action)|snyk\/actions(\/.+)?|anchore\/scan-action|actions\/dependency-review-action|(gitleaks|zricethezav)\/gitleaks-action|pypa\/gh-action-pip-audit|(returntocorp|semgrep)\/semgrep-action|bridgecrewio\/checkov-action|ossf\/scorecard-action|trufflesecurity\/trufflehog|docker\/scout-action|google\/osv-scanner-action|securego\/gosec|pycqa\/bandit-action|tj-actions\/bandit|sonarsource\/(sonarcloud-github-action|sonarqube-scan-action)|microsoft\/security-devops-action)$/;
const LINT_ACTIONS =
  /^(psf\/black|chartboost\/ruff-action|astral-sh\/ruff-action|pre-commit\/action|hadolint\/hadolint-action|(github|super-linter)\/super-linter(\/.+)?|golangci\/golangci-lint-action|reviewdog\/.+|rhysd\/actionlint|ibiqlik\/action-yamllint|py-actions\/flake8|wearerequired\/lint-action)$/;
const DEPLOY_ACTIONS =
  /^(azure\/(k8s-deploy|webapps-deploy|arm-deploy|functions-action|container-apps-deploy-action|aci-deploy|aml-deploy|bicep-deploy|static-web-apps-deploy)|google-github-actions\/(deploy-cloudrun|deploy-appengine|deploy-cloud-functions|deploy-gke|create-cloud-deploy-release)|aws-actions\/(amazon-ecs-deploy-task-definition|aws-cloudformation-github-deploy|amazon-ecs-deploy-express-service)|deliverybot\/helm|superfly\/flyctl-actions|akhileshns\/heroku-deploy|einaregilsson\/beanstalk-deploy|cloudflare\/wrangler-action)$/;
const NOT_DEPLOY_NAMES =
  /setup|login|auth|build|docker|pages|artifact|cache|install/;
const APPROVAL_ACTIONS =
  /manual[-_]?approval|approval-action|wait-for-approval/;

/** Actions that run a script given in an input. */
const SCRIPT_INPUTS: Array<{
  pattern: RegExp;
  input: string[];
  prefix?: string;
}> = [
  { pattern: /^azure\/(cli|powershell)$/, input: ['inlineScript'] },
  { pattern: /^appleboy\/ssh-action$/, input: ['script'] },
  {
    pattern: /^(actions-hub\/kubectl|steebchen\/kubectl)$/,
    input: ['args', 'command'],
    prefix: 'kubectl ',
  },
  {
    pattern:
      /^(stefanprodan\/kube-tools|google-github-actions\/ssh-compute|nick-fields\/retry|wandalen\/wretry\.action)$/,
    input: ['command', 'commands'],
  },
];

/** `if: false`, `if: ${{ false }}` and `if: false && ...` switch a job or step off for good. */
function neverRuns(condition: unknown): boolean {
  if (condition === false) {
    return true;
  }
  const text = asString(condition)?.trim() ?? '';
  return /^(\$\{\{\s*)?false\s*(\}\}|&&.*)?$/.test(text);
}

/** Replaces `${{ inputs.name }}` with the values the caller passed (`with:`). */
function withInputs(text: string, inputs: Record<string, string>): string {
  return text.replace(
    /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g,
    (whole, name: string) => inputs[name] ?? whole,
  );
}

/** The values a `with:` block passes, themselves resolved against the current inputs. */
function passedInputs(
  values: unknown,
  declared: unknown,
  inputs: Record<string, string>,
): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, spec] of Object.entries(asMap(declared))) {
    const fallback = asString(asMap(spec).default);
    if (fallback !== undefined) {
      passed[name] = fallback;
    }
  }
  for (const [name, value] of Object.entries(asMap(values))) {
    const text = asString(value);
    if (text !== undefined) {
      passed[name] = withInputs(text, inputs);
    }
  }
  return passed;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  const text = asString(value)?.trim() ?? '';
  return text !== '' && text !== 'false' && text !== '0';
}

interface Context {
  files: RepoFileSet;
  /** The directory that holds `.github` (the repository root, or a subtree root). */
  root: string;
  depth: number;
  /** Inputs of the composite action or reusable workflow being read. */
  inputs: Record<string, string>;
}

interface StepsResult {
  steps: CiStep[];
  gate: boolean;
  disabledSteps: Array<{ step: CiStep; reason: string }>;
}

function actionSteps(
  ref: string,
  step: YamlMap,
  ctx: Context,
  workingDirectory: string | undefined,
): StepsResult {
  const ignoreFailure = truthy(step['continue-on-error']);
  const inputs = asMap(step.with);
  if (ref.startsWith('./')) {
    const dir = joinRepoPath(ctx.root, ref);
    const path =
      dir === undefined
        ? undefined
        : ctx.files.resolve(dir, 'action.yml') ??
          ctx.files.resolve(dir, 'action.yaml');
    const action = path ? ctx.files.yamlMaps(path)[0] : undefined;
    const runs = asMap(action?.runs);
    if (runs.using === 'composite' && ctx.depth < MAX_NESTING) {
      return stepsOf(
        asArray(runs.steps),
        {
          ...ctx,
          depth: ctx.depth + 1,
          inputs: passedInputs(step.with, action?.inputs, ctx.inputs),
        },
        undefined,
      );
    }
    return none();
  }
  if (ref.startsWith('docker://')) {
    const image =
      ref
        .slice('docker://'.length)
        .split('@')[0]
        .split(':')[0]
        .split('/')
        .pop() ?? '';
    return {
      steps: [
        { script: `${image} ${asString(inputs.args) ?? ''}`, ignoreFailure },
      ],
      gate: false,
      disabledSteps: [],
    };
  }
  const name = ref.split('@')[0].toLowerCase();
  const evidence = ref.split('@')[0];
  if (APPROVAL_ACTIONS.test(name)) {
    return { ...none(), gate: true };
  }
  for (const runner of SCRIPT_INPUTS) {
    if (runner.pattern.test(name)) {
      const script = runner.input
        .map(key => asString(inputs[key]))
        .find(Boolean);
      return {
        ...none(),
        steps: script
          ? [
              {
                script: `${runner.prefix ?? ''}${withInputs(
                  script,
                  ctx.inputs,
                )}`,
                workingDirectory,
                ignoreFailure,
              },
            ]
          : [],
      };
    }
  }
  const activities: CiActivity[] = [];
  if (IMAGE_BUILD_ACTIONS.test(name)) {
    activities.push('build-image');
    if (truthy(inputs.push) || /publish|push-to|docker-build-push/.test(name)) {
      activities.push('push-image');
    }
  } else if (/^redhat-actions\/push-to-registry$/.test(name)) {
    activities.push('push-image');
  } else if (SECURITY_ACTIONS.test(name)) {
    activities.push('security-scan');
  } else if (LINT_ACTIONS.test(name)) {
    activities.push('lint');
  } else if (/^promptfoo\/promptfoo-action$/.test(name)) {
    activities.push('llm-eval');
  } else if (/^pavelzw\/pytest-action$/.test(name)) {
    activities.push('test');
  } else if (
    DEPLOY_ACTIONS.test(name) ||
    (/deploy/.test(name) && !NOT_DEPLOY_NAMES.test(name))
  ) {
    activities.push('deploy');
  }
  if (activities.length === 0) {
    return none();
  }
  return { ...none(), steps: [{ activities, evidence, ignoreFailure }] };
}

function none(): StepsResult {
  return { steps: [], gate: false, disabledSteps: [] };
}

function stepsOf(
  rawSteps: unknown[],
  ctx: Context,
  defaultWorkingDirectory: string | undefined,
): StepsResult {
  const result = none();
  for (const raw of rawSteps) {
    const step = asMap(raw);
    const workingDirectory =
      asString(step['working-directory']) ?? defaultWorkingDirectory;
    const resolvedDirectory = workingDirectory
      ? joinRepoPath(ctx.root, workingDirectory)
      : ctx.root || undefined;
    const found = none();
    const run = asString(step.run);
    if (run !== undefined) {
      found.steps.push({
        script: withInputs(run, ctx.inputs),
        workingDirectory: resolvedDirectory,
        ignoreFailure: truthy(step['continue-on-error']),
      });
    }
    const uses = asString(step.uses);
    if (uses) {
      const action = actionSteps(uses, step, ctx, resolvedDirectory);
      found.steps.push(...action.steps);
      found.gate = action.gate;
      found.disabledSteps.push(...action.disabledSteps);
    }
    if (neverRuns(step.if)) {
      const name = asString(step.name) ?? uses ?? 'run';
      result.disabledSteps.push(
        ...found.steps.map(skipped => ({
          step: skipped,
          reason: `step \`${name}\` has \`if: false\``,
        })),
      );
      continue;
    }
    result.steps.push(...found.steps);
    result.gate = result.gate || found.gate;
    result.disabledSteps.push(...found.disabledSteps);
  }
  return result;
}

interface WorkflowFile {
  path: string;
  root: string;
  doc: YamlMap;
}

function reusableWorkflowSteps(
  ref: string,
  passed: unknown,
  ctx: Context,
): StepsResult | undefined {
  const path = joinRepoPath(ctx.root, ref.split('@')[0]);
  const doc = path ? ctx.files.yamlMaps(path)[0] : undefined;
  if (!doc || ctx.depth >= MAX_NESTING) {
    return undefined;
  }
  const declared = asMap(
    asMap(doc.on ?? (doc as YamlMap).true).workflow_call,
  ).inputs;
  const nestedCtx: Context = {
    ...ctx,
    depth: ctx.depth + 1,
    inputs: passedInputs(passed, declared, ctx.inputs),
  };
  const result = none();
  for (const job of Object.values(asMap(doc.jobs)).filter(isMap)) {
    if (neverRuns(job.if)) {
      continue;
    }
    const nested = jobSteps(job, asMap(asMap(doc.defaults).run), nestedCtx);
    result.steps.push(...nested.steps);
    result.gate = result.gate || nested.gate;
    result.disabledSteps.push(...nested.disabledSteps);
  }
  return result;
}

function jobSteps(
  job: YamlMap,
  workflowRunDefaults: YamlMap,
  ctx: Context,
): StepsResult & { hidden?: string } {
  const uses = asString(job.uses);
  if (uses) {
    if (uses.startsWith('./')) {
      const resolved = reusableWorkflowSteps(uses, job.with, ctx);
      if (resolved) {
        return resolved;
      }
    }
    // A remote reusable workflow is judged like a marketplace action: by what it is called.
    const called = uses.split('@')[0].split('/').pop() ?? '';
    if (
      /deploy/i.test(called) &&
      !NOT_DEPLOY_NAMES.test(called.toLowerCase())
    ) {
      return {
        ...none(),
        steps: [{ activities: ['deploy'], evidence: uses.split('@')[0] }],
      };
    }
    return {
      ...none(),
      hidden: `the reusable workflow \`${uses}\``,
    };
  }
  const workingDirectory =
    asString(asMap(asMap(job.defaults).run)['working-directory']) ??
    asString(workflowRunDefaults['working-directory']);
  return stepsOf(asArray(job.steps), ctx, workingDirectory);
}

function workflowFiles(files: RepoFileSet): WorkflowFile[] {
  return files
    .matching(/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/)
    .map(file => ({
      path: file.path,
      root: file.path
        .slice(0, file.path.indexOf('.github/workflows/'))
        .replace(/\/$/, ''),
      doc: files.yamlMaps(file.path)[0],
    }))
    .filter(
      (workflow): workflow is WorkflowFile =>
        isMap(workflow.doc) && isMap(workflow.doc.jobs),
    );
}

/** Reusable workflows that workflows of this repository call (`uses: ./.github/workflows/x.yml`). */
function locallyCalledWorkflows(workflows: WorkflowFile[]): Set<string> {
  const called = new Set<string>();
  for (const { doc, root } of workflows) {
    for (const job of Object.values(asMap(doc.jobs)).filter(isMap)) {
      const uses = asString(job.uses);
      const path = uses?.startsWith('./')
        ? joinRepoPath(root, uses.split('@')[0])
        : undefined;
      if (path) {
        called.add(path);
      }
    }
  }
  return called;
}

/** Reads the jobs of every GitHub Actions workflow. */
export function githubActionsJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  const workflows = workflowFiles(files);
  const calledLocally = locallyCalledWorkflows(workflows);
  for (const workflow of workflows) {
    const { doc, path } = workflow;
    const name = asString(doc.name) ?? basenameOf(path).replace(/\.ya?ml$/, '');
    const on = doc.on ?? (doc as Record<string, unknown>).true;
    const declared = readTriggers(on, calledLocally.has(path));
    if (calledLocally.has(path) && declared.triggers.size === 0) {
      continue;
    }
    const dispatchOnly =
      declared.triggers.size === 1 && declared.triggers.has('manual');
    const jobs = asMap(doc.jobs);
    const ctx: Context = {
      files,
      root: workflow.root,
      depth: 0,
      inputs: {},
    };
    const perJob = new Map<
      string,
      { model: CiJobModel; needs: string[]; gate: boolean }
    >();
    for (const [jobId, rawJob] of Object.entries(jobs)) {
      const job = asMap(rawJob);
      const steps = jobSteps(job, asMap(asMap(doc.defaults).run), ctx);
      const condition = asString(job.if) ?? '';
      const narrowed = applyCondition(
        condition,
        declared.triggers,
        declared.branches,
        declared.pullRequestBranches,
      );
      const displayName = asString(job.name);
      perJob.set(jobId, {
        needs: asStrings(job.needs),
        gate: dispatchOnly || steps.gate,
        model: {
          system: SYSTEM,
          systemLabel: LABEL,
          path,
          workflow: name,
          job: jobId,
          triggers: sortTriggers(narrowed.triggers),
          branches: narrowed.triggers.has('push') ? narrowed.branches : [],
          manualGate: false,
          steps: steps.steps,
          names: [
            jobId,
            ...(displayName && !displayName.includes('${{')
              ? [displayName]
              : []),
          ],
          approval: steps.gate && steps.steps.length === 0,
          hidden: steps.hidden,
          disabled: neverRuns(job.if) ? 'the job has `if: false`' : undefined,
          disabledSteps: steps.disabledSteps,
        },
      });
    }
    const gated = (jobId: string, seen: Set<string>): boolean => {
      const entry = perJob.get(jobId);
      if (!entry || seen.has(jobId)) {
        return false;
      }
      seen.add(jobId);
      return entry.gate || entry.needs.some(need => gated(need, seen));
    };
    for (const [jobId, entry] of perJob) {
      entry.model.manualGate = gated(jobId, new Set());
      models.push(entry.model);
    }
  }
  return models;
}
