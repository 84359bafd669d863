import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { dirnameOf, joinRepoPath } from '../../parsing/paths';
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

const SYSTEM = 'azure-pipelines';
const LABEL = 'Azure Pipelines';

const REASONS: Record<string, CiTrigger> = {
  pullrequest: 'pull-request',
  schedule: 'schedule',
  manual: 'manual',
  individualci: 'push',
  batchedci: 'push',
  resourcetrigger: 'pipeline',
  buildcompletion: 'pipeline',
};

interface Triggers {
  triggers: Set<CiTrigger>;
  branches: string[];
}

function branchList(value: unknown): string[] {
  if (isMap(value)) {
    return asStrings(asMap(value.branches).include ?? value.branches);
  }
  return asStrings(value);
}

/** `trigger: none`, `trigger: [none]` and `pr: false` turn a trigger off. */
function disabled(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.length === 1 && (values[0] === 'none' || values[0] === false);
}

function rootTriggers(doc: YamlMap): Triggers {
  const triggers = new Set<CiTrigger>();
  let branches: string[] = [];
  const trigger = doc.trigger;
  if (trigger === undefined) {
    triggers.add('push');
  } else if (!disabled(trigger)) {
    const tags = isMap(trigger) ? asMap(trigger.tags) : {};
    const tagsOnly =
      isMap(trigger) &&
      trigger.branches === undefined &&
      Object.keys(tags).length > 0;
    if (!tagsOnly) {
      triggers.add('push');
      branches = branchList(trigger);
    }
    if (Object.keys(tags).length) {
      triggers.add('tag');
    }
  }
  if (doc.pr !== undefined && !disabled(doc.pr)) {
    triggers.add('pull-request');
  }
  if (asArray(doc.schedules).length) {
    triggers.add('schedule');
  }
  const resources = asMap(doc.resources);
  if (
    asArray(resources.pipelines).some(
      p => asMap(p).trigger !== undefined && asMap(p).trigger !== 'none',
    )
  ) {
    triggers.add('pipeline');
  }
  if (
    asArray(resources.repositories).some(r => asMap(r).trigger !== undefined) ||
    asArray(resources.webhooks).length
  ) {
    triggers.add('external');
  }
  return { triggers, branches };
}

const VARIABLE = (name: string) =>
  `variables(?:\\[['"]${name.replace('.', '\\.')}['"]\\]|\\.${name.replace(
    '.',
    '\\.',
  )})`;

function applyCondition(
  condition: string | undefined,
  current: Triggers,
): Triggers {
  if (!condition) {
    return current;
  }
  const alternatives = /\bor\s*\(/.test(condition);
  let triggers = new Set(current.triggers);
  let branches = current.branches;
  const branch = new RegExp(
    `eq\\(\\s*${VARIABLE(
      'Build.SourceBranch',
    )}\\s*,\\s*['"]refs/heads/([^'"]+)['"]`,
    'gi',
  );
  const branchName = new RegExp(
    `eq\\(\\s*${VARIABLE('Build.SourceBranchName')}\\s*,\\s*['"]([^'"]+)['"]`,
    'gi',
  );
  const refs = [
    ...condition.matchAll(branch),
    ...condition.matchAll(branchName),
  ].map(m => m[1]);
  if (refs.length && !alternatives) {
    branches = refs;
    triggers.delete('pull-request');
  }
  const reasons = [
    ...condition.matchAll(
      new RegExp(
        `eq\\(\\s*${VARIABLE('Build.Reason')}\\s*,\\s*['"](\\w+)['"]`,
        'gi',
      ),
    ),
  ].map(m => REASONS[m[1].toLowerCase()] ?? 'unknown');
  if (reasons.length) {
    triggers = new Set(
      [...triggers].filter(trigger => reasons.includes(trigger)),
    );
  }
  if (!alternatives) {
    for (const m of condition.matchAll(
      new RegExp(
        `ne\\(\\s*${VARIABLE('Build.Reason')}\\s*,\\s*['"](\\w+)['"]`,
        'gi',
      ),
    )) {
      triggers.delete(REASONS[m[1].toLowerCase()] ?? 'unknown');
    }
    if (
      new RegExp(
        `startsWith\\(\\s*${VARIABLE(
          'Build.SourceBranch',
        )}\\s*,\\s*['"]refs/tags/`,
        'i',
      ).test(condition)
    ) {
      triggers = new Set(['tag']);
    }
  }
  return { triggers, branches };
}

interface TaskResult {
  steps: CiStep[];
  gate: boolean;
  canary: boolean;
}

const DEPLOY_TASKS =
  /deploy|^azurewebapp|^azurefunctionapp|^azurecontainerapps|^azurespringcloud|^azurewebappcontainer|^azurefunctionappcontainer|^azurermwebapp/;
const SECURITY_TASKS =
  /^(snyksecurityscan|advancedsecurity-codeql-analyze|advancedsecurity-dependency-scanning|whitesource|mend|microsoftsecuritydevops|credscan|dependency-check-build-task|trivy|sonarqubeanalyze|sonarcloudanalyze|anchore|prismacloud)/;

function taskSteps(
  task: string,
  inputs: YamlMap,
  ignoreFailure: boolean,
  dir: string,
): TaskResult {
  const name = task.split('@')[0].toLowerCase();
  const evidence = task;
  const input = (...keys: string[]) =>
    keys.map(key => asString(inputs[key])).find(value => value !== undefined);
  const script = (text: string | undefined): TaskResult => ({
    steps: text
      ? [
          {
            script: text,
            ignoreFailure,
            workingDirectory: input('workingDirectory') ?? dir,
          },
        ]
      : [],
    gate: false,
    canary: false,
  });
  const activities = (list: CiActivity[], label = evidence): TaskResult => ({
    steps: list.length
      ? [{ activities: list, evidence: label, ignoreFailure }]
      : [],
    gate: false,
    canary: false,
  });
  switch (name) {
    case 'bash':
    case 'cmdline':
    case 'shellscript':
    case 'powershell': {
      const path = input('filePath', 'scriptPath');
      return script(
        input('script', 'inlineScript') ??
          (path ? `bash ${path} ${input('arguments') ?? ''}` : undefined),
      );
    }
    case 'azurecli': {
      const path = input('scriptPath');
      return script(
        input('inlineScript') ??
          (path ? `bash ${path} ${input('arguments') ?? ''}` : undefined),
      );
    }
    case 'azurepowershell':
      return script(input('Inline', 'inline'));
    case 'pythonscript': {
      const inline = input('script');
      return script(
        inline
          ? `python - <<PY\n${inline}\nPY`
          : `python ${input('scriptPath') ?? ''} ${input('arguments') ?? ''}`,
      );
    }
    case 'helmdeploy': {
      const command = input('command') ?? 'upgrade';
      return script(
        `helm ${command}${input('install') === 'true' ? ' --install' : ''} ${
          input('arguments') ?? ''
        }`,
      );
    }
    case 'kubernetes':
      return script(
        `kubectl ${input('command') ?? 'apply'} ${input('arguments') ?? ''}`,
      );
    case 'kubernetesmanifest': {
      const action = (input('action') ?? 'deploy').toLowerCase();
      const canary = (input('strategy') ?? '').toLowerCase() === 'canary';
      if (
        action === 'deploy' ||
        action === 'promote' ||
        action === 'patch' ||
        action === 'scale'
      ) {
        return { ...activities(['deploy'], `${task} ${action}`), canary };
      }
      if (action === 'reject') {
        return script(`kubectl rollout undo # ${task} reject`);
      }
      return activities([]);
    }
    case 'docker': {
      const command = (input('command') ?? 'buildAndPush').toLowerCase();
      const list: CiActivity[] = [];
      if (command.includes('build')) {
        list.push('build-image');
      }
      if (command.includes('push')) {
        list.push('push-image');
      }
      return activities(list, `${task} ${command}`);
    }
    case 'terraformtaskv1':
    case 'terraformtaskv2':
    case 'terraformtaskv3':
    case 'terraformtaskv4':
    case 'terraformtaskv5':
    case 'terraformcli':
    case 'terraform':
      return script(
        `terraform ${input('command') ?? ''} ${input('commandOptions') ?? ''}`,
      );
    case 'manualvalidation':
      return { steps: [], gate: true, canary: false };
    case 'dotnetcorecli':
      return (input('command') ?? '').toLowerCase() === 'test'
        ? activities(['test'], `${task} test`)
        : activities([]);
    case 'npm': {
      const custom = input('customCommand') ?? input('command') ?? '';
      return script(`npm ${custom}`);
    }
    case 'maven':
      return script(`mvn ${input('goals') ?? ''}`);
    case 'gradle':
      return script(`gradle ${input('tasks') ?? ''}`);
    case 'vstest':
      return activities(['test']);
    default:
      break;
  }
  if (SECURITY_TASKS.test(name)) {
    return activities(['security-scan']);
  }
  if (DEPLOY_TASKS.test(name)) {
    return activities(['deploy']);
  }
  return activities([]);
}

interface Job {
  name: string;
  displayName?: string;
  steps: CiStep[];
  gate: boolean;
  canary: boolean;
  dependsOn: string[] | undefined;
  condition?: string;
  /**
   * A deployment job with an environment and no steps: it exists only so the
   * environment's approvals and checks, configured in Azure DevOps, hold the stage.
   */
  holdsForEnvironment?: string;
}

interface Stage {
  name: string;
  jobs: Job[];
  dependsOn: string[] | undefined;
  condition?: string;
}

/**
 * A template (or pipeline) with its `${{ parameters.name }}` expressions replaced by
 * the values passed to it, else by the defaults it declares.
 */
function withParameters(doc: YamlMap, passed: unknown): YamlMap {
  const values = new Map<string, string>();
  const declared = doc.parameters;
  for (const item of asArray(declared)) {
    const parameter = asMap(item);
    const name = asString(parameter.name);
    const fallback = asString(parameter.default);
    if (name && fallback !== undefined) {
      values.set(name, fallback);
    }
  }
  if (isMap(declared)) {
    for (const [name, fallback] of Object.entries(declared)) {
      const text = asString(fallback);
      if (text !== undefined) {
        values.set(name, text);
      }
    }
  }
  for (const [name, value] of Object.entries(asMap(passed))) {
    const text = asString(value);
    if (text !== undefined) {
      values.set(name, text);
    }
  }
  if (values.size === 0) {
    return doc;
  }
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(
        /\$\{\{\s*parameters\.([\w-]+)\s*\}\}/g,
        (whole, name: string) => values.get(name) ?? whole,
      );
    }
    if (Array.isArray(value)) {
      return value.map(fill);
    }
    if (isMap(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, fill(inner)]),
      );
    }
    return value;
  };
  return fill(doc) as YamlMap;
}

/**
 * The items of a list with `${{ if ... }}:` / `${{ else }}:` / `${{ each ... }}:` blocks
 * opened up. Their conditions depend on parameters chosen when the run is queued, so
 * every branch counts: what the pipeline can do in any of its configurations.
 */
function conditionalItems(raw: unknown[]): unknown[] {
  return raw.flatMap(item => {
    const entries = isMap(item) ? Object.entries(item) : [];
    if (
      entries.length > 0 &&
      entries.every(([key]) => /^\$\{\{\s*(if|elseif|else|each)\b/.test(key))
    ) {
      return conditionalItems(entries.flatMap(([, value]) => asArray(value)));
    }
    return [item];
  });
}

class TemplateReader {
  readonly used = new Set<string>();

  constructor(private readonly files: RepoFileSet) {}

  /**
   * Loads a local template, relative to the including file, with the `parameters` the
   * caller passes (and the template's defaults) filled in.
   */
  load(
    reference: string,
    fromPath: string,
    passed?: unknown,
  ): { path: string; doc: YamlMap } | undefined {
    const [file, repo] = reference.split('@');
    if (repo && repo !== 'self') {
      return undefined;
    }
    const path = file.startsWith('/')
      ? joinRepoPath('', file)
      : joinRepoPath(dirnameOf(fromPath), file) ?? joinRepoPath('', file);
    const resolved =
      path && this.files.has(path) ? path : this.files.resolve('', file);
    const doc = resolved ? this.files.yamlMaps(resolved)[0] : undefined;
    if (!resolved || !doc) {
      return undefined;
    }
    this.used.add(resolved);
    return { path: resolved, doc: withParameters(doc, passed) };
  }

  steps(raw: unknown[], fromPath: string, depth: number): TaskResult {
    const result: TaskResult = { steps: [], gate: false, canary: false };
    for (const item of conditionalItems(raw)) {
      const step = asMap(item);
      const ignoreFailure =
        step.continueOnError === true || step.continueOnError === 'true';
      const dir = asString(step.workingDirectory) ?? '';
      const inline =
        asString(step.script) ??
        asString(step.bash) ??
        asString(step.pwsh) ??
        asString(step.powershell);
      if (inline !== undefined) {
        result.steps.push({
          script: inline,
          ignoreFailure,
          workingDirectory: dir,
        });
      }
      const task = asString(step.task);
      if (task) {
        const taskResult = taskSteps(
          task,
          asMap(step.inputs),
          ignoreFailure,
          dir,
        );
        result.steps.push(...taskResult.steps);
        result.gate = result.gate || taskResult.gate;
        result.canary = result.canary || taskResult.canary;
      }
      const template = asString(step.template);
      if (template && depth < 4) {
        const loaded = this.load(template, fromPath, step.parameters);
        if (loaded) {
          const nested = this.steps(
            asArray(loaded.doc.steps),
            loaded.path,
            depth + 1,
          );
          result.steps.push(...nested.steps);
          result.gate = result.gate || nested.gate;
          result.canary = result.canary || nested.canary;
        }
      }
    }
    return result;
  }

  jobs(raw: unknown[], fromPath: string, depth: number): Job[] {
    const jobs: Job[] = [];
    for (const item of conditionalItems(raw)) {
      const job = asMap(item);
      const template = asString(job.template);
      if (template) {
        const loaded =
          depth < 4 ? this.load(template, fromPath, job.parameters) : undefined;
        if (loaded) {
          jobs.push(
            ...this.jobs(asArray(loaded.doc.jobs), loaded.path, depth + 1),
          );
        }
        continue;
      }
      const name = asString(job.job) ?? asString(job.deployment);
      if (!name) {
        continue;
      }
      const stepLists: unknown[] = [...asArray(job.steps)];
      const strategy = asMap(job.strategy);
      const strategyName = Object.keys(strategy).find(key =>
        ['runOnce', 'rolling', 'canary'].includes(key),
      );
      if (strategyName) {
        const phases = asMap(strategy[strategyName]);
        for (const phase of [
          'preDeploy',
          'deploy',
          'routeTraffic',
          'postRouteTraffic',
        ]) {
          stepLists.push(...asArray(asMap(phases[phase]).steps));
        }
        for (const outcome of ['success', 'failure']) {
          stepLists.push(...asArray(asMap(asMap(phases.on)[outcome]).steps));
        }
      }
      const steps = this.steps(stepLists, fromPath, depth);
      const environment =
        asString(job.environment) ?? asString(asMap(job.environment).name);
      jobs.push({
        name,
        displayName: asString(job.displayName),
        steps: steps.steps,
        gate: steps.gate,
        canary: steps.canary || strategyName === 'canary',
        dependsOn:
          job.dependsOn === undefined ? undefined : asStrings(job.dependsOn),
        condition: asString(job.condition),
        holdsForEnvironment:
          'deployment' in job && environment && stepLists.length === 0
            ? environment
            : undefined,
      });
    }
    return jobs;
  }

  stages(doc: YamlMap, fromPath: string, depth: number): Stage[] {
    const extended = asString(asMap(doc.extends).template);
    if (extended && depth < 4) {
      const loaded = this.load(
        extended,
        fromPath,
        asMap(doc.extends).parameters,
      );
      return loaded ? this.stages(loaded.doc, loaded.path, depth + 1) : [];
    }
    if (Array.isArray(doc.stages)) {
      const stages: Stage[] = [];
      for (const item of conditionalItems(doc.stages)) {
        const stage = asMap(item);
        const template = asString(stage.template);
        if (template) {
          const loaded =
            depth < 4
              ? this.load(template, fromPath, stage.parameters)
              : undefined;
          if (loaded) {
            stages.push(...this.stages(loaded.doc, loaded.path, depth + 1));
          }
          continue;
        }
        stages.push({
          name: asString(stage.stage) ?? `stage${stages.length + 1}`,
          jobs: this.jobs(asArray(stage.jobs), fromPath, depth),
          dependsOn:
            stage.dependsOn === undefined
              ? undefined
              : asStrings(stage.dependsOn),
          condition: asString(stage.condition),
        });
      }
      return stages;
    }
    if (Array.isArray(doc.jobs)) {
      return [
        {
          name: '',
          jobs: this.jobs(doc.jobs, fromPath, depth),
          dependsOn: undefined,
        },
      ];
    }
    if (Array.isArray(doc.steps)) {
      const steps = this.steps(doc.steps, fromPath, depth);
      return [
        {
          name: '',
          jobs: [
            {
              name: 'Job',
              steps: steps.steps,
              gate: steps.gate,
              canary: steps.canary,
              dependsOn: undefined,
            },
          ],
          dependsOn: undefined,
        },
      ];
    }
    return [];
  }
}

function looksLikeAzurePipeline(path: string, doc: YamlMap): boolean {
  if (
    /(^|\/)azure-pipelines[^/]*\.ya?ml$/.test(path) ||
    /(^|\/)\.(azure-pipelines|azuredevops|pipelines)\//.test(path)
  ) {
    return true;
  }
  if (
    /(^|\/)\.github\/|gitlab-ci|cloudbuild|buildspec|\.circleci\//.test(path)
  ) {
    return false;
  }
  const items = [
    ...asArray(doc.stages),
    ...asArray(doc.jobs),
    ...asArray(doc.steps),
  ].filter(isMap);
  const azureItem = items.some(
    item =>
      'stage' in item ||
      'deployment' in item ||
      ('job' in item && ('steps' in item || 'pool' in item)) ||
      (typeof item.task === 'string' && item.task.includes('@')) ||
      'bash' in item ||
      'pwsh' in item ||
      'checkout' in item,
  );
  return (
    azureItem &&
    (Array.isArray(doc.stages) ||
      Array.isArray(doc.jobs) ||
      Array.isArray(doc.steps))
  );
}

/** Reads the jobs of Azure Pipelines definitions, expanding local templates. */
export function azurePipelinesJobs(files: RepoFileSet): CiJobModel[] {
  const candidates = files
    .yamlFiles()
    .map(file => ({ path: file.path, doc: files.yamlMaps(file.path)[0] }))
    .filter(
      (c): c is { path: string; doc: YamlMap } =>
        isMap(c.doc) && looksLikeAzurePipeline(c.path, c.doc),
    );
  const reader = new TemplateReader(files);
  const expanded = candidates.map(candidate => ({
    ...candidate,
    stages: reader.stages(
      withParameters(candidate.doc, undefined),
      candidate.path,
      0,
    ),
  }));
  const models: CiJobModel[] = [];
  for (const { path, doc, stages } of expanded) {
    const isEntryPoint =
      doc.trigger !== undefined ||
      doc.pr !== undefined ||
      doc.schedules !== undefined ||
      /azure-pipelines[^/]*\.ya?ml$/.test(path);
    if (reader.used.has(path) && !isEntryPoint) {
      continue;
    }
    const root = rootTriggers(doc);
    const gatedStages = new Set<string>();
    stages.forEach((stage, index) => {
      const dependsOn =
        stage.dependsOn ?? (index > 0 ? [stages[index - 1].name] : []);
      const upstreamGated = dependsOn.some(name => gatedStages.has(name));
      const stageTriggers = applyCondition(stage.condition, root);
      const gatedJobs = new Set<string>();
      // Environment checks are evaluated before the stage starts, so they hold all its jobs.
      const stageHeld = stage.jobs.some(job => job.holdsForEnvironment);
      const stageHasGate = stageHeld || stage.jobs.some(job => job.gate);
      for (const job of stage.jobs) {
        const jobGated =
          upstreamGated ||
          stageHeld ||
          job.gate ||
          (job.dependsOn ?? []).some(name => gatedJobs.has(name));
        if (jobGated) {
          gatedJobs.add(job.name);
        }
        const triggers = applyCondition(job.condition, stageTriggers);
        models.push({
          system: SYSTEM,
          systemLabel: LABEL,
          path,
          workflow:
            asString(doc.name) && !String(doc.name).includes('$(')
              ? String(doc.name)
              : path,
          job: stage.name ? `${stage.name}.${job.name}` : job.name,
          triggers: sortTriggers(triggers.triggers),
          branches: triggers.triggers.has('push') ? triggers.branches : [],
          manualGate: jobGated,
          steps: job.steps,
          names: [job.name, job.displayName ?? ''].filter(Boolean),
          approval: job.holdsForEnvironment
            ? `the approvals and checks of environment \`${job.holdsForEnvironment}\``
            : job.gate && job.steps.length === 0,
          strategy: job.canary ? 'canary' : undefined,
          disabled: [stage.condition, job.condition].some(
            condition => condition?.trim().toLowerCase() === 'false',
          )
            ? '`condition: false`'
            : undefined,
        });
      }
      if (upstreamGated || stageHasGate) {
        gatedStages.add(stage.name);
      }
    });
  }
  return models;
}
