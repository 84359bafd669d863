import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  dirnameOf,
  globToRegExp,
  normalizeRepoPath,
} from '../../parsing/paths';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  GITLAB_REFERENCE,
  isMap,
  YamlMap,
} from '../../parsing/yaml';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

const SYSTEM = 'gitlab-ci';
const LABEL = 'GitLab CI';

const RESERVED = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
  'spec',
  'pages:deploy',
]);

const SOURCES: Record<string, CiTrigger> = {
  push: 'push',
  merge_request_event: 'pull-request',
  external_pull_request_event: 'pull-request',
  schedule: 'schedule',
  web: 'manual',
  chat: 'manual',
  webide: 'manual',
  api: 'external',
  trigger: 'external',
  ondemand_dast_scan: 'external',
  pipeline: 'pipeline',
  parent_pipeline: 'pipeline',
};

const ONLY_KEYWORDS: Record<string, CiTrigger> = {
  branches: 'push',
  pushes: 'push',
  tags: 'tag',
  merge_requests: 'pull-request',
  external_pull_requests: 'pull-request',
  schedules: 'schedule',
  web: 'manual',
  chat: 'manual',
  api: 'external',
  triggers: 'external',
  external: 'external',
  pipelines: 'pipeline',
};

/** Templates GitLab ships for security scanning. */
const SECURITY_TEMPLATE =
  /(SAST|Dependency-Scanning|Container-Scanning|Secret-Detection|DAST|License-Scanning|Fuzz|API-Security|Coverage-Fuzzing)/i;

const DEFAULT_BRANCH = '$default-branch';

interface Triggering {
  triggers: Set<CiTrigger>;
  branches: Set<string>;
  /** Push triggers may run on any branch. */
  anyBranch: boolean;
  manual: boolean;
}

function emptyTriggering(): Triggering {
  return {
    triggers: new Set(),
    branches: new Set(),
    anyBranch: false,
    manual: false,
  };
}

function addPush(target: Triggering, branch?: string) {
  target.triggers.add('push');
  if (branch === undefined) {
    target.anyBranch = true;
  } else {
    target.branches.add(branch);
  }
}

/** Reads a `rules: - if:` expression into the events (and branches) it allows. */
function conditionTriggering(expression: string): Triggering {
  const result = emptyTriggering();
  for (const alternative of expression.split('||')) {
    const sources: CiTrigger[] = [];
    for (const match of alternative.matchAll(
      /\$CI_PIPELINE_SOURCE\s*==\s*["']?(\w+)["']?/g,
    )) {
      sources.push(SOURCES[match[1]] ?? 'unknown');
    }
    const regexSource = alternative.match(
      /\$CI_PIPELINE_SOURCE\s*=~\s*\/\^?\(?([\w|]+)\)?\$?\//,
    );
    if (regexSource) {
      regexSource[1]
        .split('|')
        .forEach(source => sources.push(SOURCES[source] ?? 'unknown'));
    }
    const branches: string[] = [];
    if (
      /\$CI_COMMIT_(BRANCH|REF_NAME)\s*==\s*\$CI_DEFAULT_BRANCH/.test(
        alternative,
      )
    ) {
      branches.push(DEFAULT_BRANCH);
    }
    for (const match of alternative.matchAll(
      /\$CI_COMMIT_(?:BRANCH|REF_NAME|REF_SLUG)\s*==\s*["']([^"']+)["']/g,
    )) {
      branches.push(match[1]);
    }
    for (const match of alternative.matchAll(
      /\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*=~\s*(\/[^/]+\/)/g,
    )) {
      branches.push(match[1]);
    }
    const mergeRequest =
      /\$CI_MERGE_REQUEST_(IID|ID|SOURCE_BRANCH_NAME|TARGET_BRANCH_NAME)\b(?!\s*(==\s*null|!=))/.test(
        alternative,
      );
    const tag =
      /\$CI_COMMIT_TAG\b(?!\s*==\s*null)/.test(alternative) &&
      !/!\s*\$CI_COMMIT_TAG/.test(alternative);
    const anyBranch =
      /\$CI_COMMIT_BRANCH\b(?!\s*(==|!=|=~))/.test(alternative) &&
      !/\$CI_COMMIT_BRANCH\s*==\s*null/.test(alternative);

    if (sources.length) {
      for (const source of sources) {
        if (source === 'push') {
          if (branches.length) {
            branches.forEach(branch => addPush(result, branch));
          } else {
            addPush(result);
          }
        } else {
          result.triggers.add(source);
        }
      }
    } else if (branches.length) {
      branches.forEach(branch => addPush(result, branch));
    } else if (mergeRequest) {
      result.triggers.add('pull-request');
    } else if (tag) {
      result.triggers.add('tag');
    } else if (anyBranch) {
      addPush(result);
    } else {
      result.triggers.add('unknown');
    }
    if (mergeRequest && sources.length === 0 && branches.length) {
      result.triggers.add('pull-request');
    }
  }
  return result;
}

function merge(into: Triggering, from: Triggering) {
  from.triggers.forEach(trigger => into.triggers.add(trigger));
  from.branches.forEach(branch => into.branches.add(branch));
  into.anyBranch = into.anyBranch || from.anyBranch;
}

function rulesTriggering(rules: unknown[], fallback: Triggering): Triggering {
  const result = emptyTriggering();
  const manualFor = emptyTriggering();
  let automatic = false;
  for (const raw of rules) {
    const rule = asMap(raw);
    const when = asString(rule.when) ?? 'on_success';
    if (when === 'never') {
      continue;
    }
    const condition = asString(rule.if);
    const allowed = condition ? conditionTriggering(condition) : fallback;
    merge(result, allowed);
    if (when === 'manual') {
      merge(manualFor, allowed);
    } else if (allowed.triggers.has('push')) {
      automatic = true;
    }
  }
  result.manual = manualFor.triggers.has('push') && !automatic;
  return result;
}

function onlyTriggering(only: unknown): Triggering {
  const refs = isMap(only) ? asStrings(only.refs) : asStrings(only);
  const result = emptyTriggering();
  for (const ref of refs) {
    const keyword = ONLY_KEYWORDS[ref];
    if (keyword === 'push') {
      addPush(result);
    } else if (keyword) {
      result.triggers.add(keyword);
    } else {
      addPush(result, ref);
    }
  }
  if (refs.length === 0) {
    addPush(result);
  }
  return result;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (isMap(base) && isMap(override)) {
    const merged: YamlMap = { ...base };
    for (const [key, value] of Object.entries(override)) {
      merged[key] = deepMerge(base[key], value);
    }
    return merged;
  }
  return override === undefined ? base : override;
}

interface LoadedConfig {
  /** Top-level keys after includes, with the file each key came from. */
  entries: Map<string, { value: unknown; path: string }>;
  /** Security scanning templates and components included. */
  securityIncludes: string[];
  includedPaths: Set<string>;
}

function includeEntries(include: unknown): YamlMap[] {
  return asArray(include).map(entry => {
    if (typeof entry === 'string') {
      return /^https?:\/\//.test(entry) ? { remote: entry } : { local: entry };
    }
    return asMap(entry);
  });
}

/** Local includes are relative to the repository root; a nested config may also mean its own folder. */
function resolveLocal(
  files: RepoFileSet,
  root: string,
  pattern: string,
): string[] {
  for (const base of root ? ['', root] : ['']) {
    const full = normalizeRepoPath(
      `${base ? `${base}/` : ''}${pattern.replace(/^\//, '')}`,
    );
    if (full === undefined) {
      continue;
    }
    if (!/[*?]/.test(full)) {
      if (files.has(full)) {
        return [full];
      }
      continue;
    }
    const regex = globToRegExp(full);
    const matches = files.files
      .map(file => file.path)
      .filter(path => regex.test(path));
    if (matches.length) {
      return matches;
    }
  }
  return [];
}

function loadConfig(
  files: RepoFileSet,
  path: string,
  root: string,
): LoadedConfig {
  const config: LoadedConfig = {
    entries: new Map(),
    securityIncludes: [],
    includedPaths: new Set(),
  };
  const visit = (file: string, depth: number) => {
    if (depth > 5 || config.includedPaths.has(file)) {
      return;
    }
    config.includedPaths.add(file);
    const doc = files.yamlMaps(file)[0] ?? {};
    for (const entry of includeEntries(doc.include)) {
      const local = asString(entry.local);
      const template = asString(entry.template);
      const component = asString(entry.component);
      if (local) {
        resolveLocal(files, root, local).forEach(included =>
          visit(included, depth + 1),
        );
      } else if (template && SECURITY_TEMPLATE.test(template)) {
        config.securityIncludes.push(`template ${template}`);
      } else if (
        component &&
        SECURITY_TEMPLATE.test(component.replace(/-/g, ' ').replace(/\s/g, '-'))
      ) {
        config.securityIncludes.push(`component ${component}`);
      } else if (
        component &&
        /(sast|secret-detection|dependency-scanning|container-scanning)/i.test(
          component,
        )
      ) {
        config.securityIncludes.push(`component ${component}`);
      }
    }
    // The including file's own keys win over included ones.
    for (const [key, value] of Object.entries(doc)) {
      if (key === 'include') {
        continue;
      }
      const existing = config.entries.get(key);
      config.entries.set(key, {
        value: deepMerge(existing?.value, value),
        path: file,
      });
    }
  };
  visit(path, 0);
  return config;
}

function resolveReferences(
  value: unknown,
  lookup: (keys: string[]) => unknown,
  depth = 0,
): unknown {
  if (depth > 5) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.flatMap(item => {
      const resolved = resolveReferences(item, lookup, depth + 1);
      return isMap(item) && GITLAB_REFERENCE in item
        ? asArray(resolved)
        : [resolved];
    });
  }
  if (isMap(value) && GITLAB_REFERENCE in value) {
    return resolveReferences(
      lookup(asStrings(value[GITLAB_REFERENCE])),
      lookup,
      depth + 1,
    );
  }
  return value;
}

function scriptLines(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  return asArray(value).flatMap(scriptLines);
}

interface Inherited {
  triggering: Triggering;
  gate: boolean;
}

function jobsOfConfig(
  files: RepoFileSet,
  path: string,
  root: string,
  inherited: Inherited | undefined,
  models: CiJobModel[],
  processed: Set<string>,
  depth: number,
) {
  const config = loadConfig(files, path, root);
  config.includedPaths.forEach(included => processed.add(included));
  const raw = (key: string) => config.entries.get(key)?.value;
  const lookup = (keys: string[]) =>
    keys
      .slice(1)
      .reduce<unknown>((value, key) => asMap(value)[key], raw(keys[0]));
  const workflow = asMap(raw('workflow'));
  const workflowName = asString(workflow.name) ?? path;

  let defaults: Triggering;
  if (inherited) {
    defaults = inherited.triggering;
  } else if (Array.isArray(workflow.rules)) {
    defaults = rulesTriggering(workflow.rules, {
      ...emptyTriggering(),
      triggers: new Set(['push']),
      anyBranch: true,
    });
  } else {
    defaults = {
      ...emptyTriggering(),
      triggers: new Set<CiTrigger>(['push']),
      anyBranch: true,
    };
  }

  const resolveExtends = (job: YamlMap, guard: number): YamlMap => {
    if (guard > 10) {
      return job;
    }
    let base: unknown = {};
    for (const parent of asStrings(job.extends)) {
      base = deepMerge(base, resolveExtends(asMap(raw(parent)), guard + 1));
    }
    return asMap(deepMerge(base, job));
  };
  const defaultSection = asMap(raw('default'));
  const globalBeforeScript =
    raw('before_script') ?? defaultSection.before_script;

  const triggeringFor = (job: YamlMap): Triggering => {
    if (Array.isArray(job.rules)) {
      return rulesTriggering(job.rules, defaults);
    }
    if (job.only !== undefined) {
      return onlyTriggering(job.only);
    }
    return defaults;
  };

  const toModel = (
    name: string,
    sourcePath: string,
    steps: CiStep[],
    triggering: Triggering,
    gate: boolean,
    hidden?: string,
  ): CiJobModel => ({
    system: SYSTEM,
    systemLabel: LABEL,
    path: sourcePath,
    workflow: workflowName,
    job: name,
    triggers: sortTriggers(triggering.triggers),
    branches:
      triggering.triggers.has('push') && !triggering.anyBranch
        ? [...triggering.branches]
        : [],
    manualGate: gate,
    steps,
    hidden,
  });

  const jobGates = new Map<string, boolean>();
  const pending: Array<{ model: CiJobModel; needs: string[] }> = [];
  for (const [name, entry] of config.entries) {
    if (RESERVED.has(name) || name.startsWith('.') || !isMap(entry.value)) {
      continue;
    }
    const job = resolveExtends(entry.value, 0);
    if (!('script' in job) && !('trigger' in job) && !('run' in job)) {
      continue;
    }
    const triggering = triggeringFor(job);
    const gate =
      Boolean(inherited?.gate) ||
      asString(job.when) === 'manual' ||
      triggering.manual;
    jobGates.set(name, gate);
    const needs = asArray(job.needs).map(need =>
      typeof need === 'string' ? need : asString(asMap(need).job) ?? '',
    );
    const trigger = job.trigger;
    if (trigger !== undefined) {
      const children = includeEntries(asMap(trigger).include)
        .map(include => asString(include.local) ?? asString(include.artifact))
        .filter((child): child is string => Boolean(child))
        .flatMap(child => resolveLocal(files, root, child));
      if (children.length && depth < 3) {
        for (const child of children) {
          processed.add(child);
          jobsOfConfig(
            files,
            child,
            root,
            { triggering, gate },
            models,
            processed,
            depth + 1,
          );
        }
      } else {
        const project = asString(asMap(trigger).project) ?? asString(trigger);
        pending.push({
          model: toModel(
            name,
            entry.path,
            [],
            triggering,
            gate,
            project
              ? `the downstream project \`${project}\``
              : 'a child pipeline',
          ),
          needs,
        });
      }
      continue;
    }
    const before = resolveReferences(
      job.before_script ?? globalBeforeScript,
      lookup,
    );
    const script = resolveReferences(job.script, lookup);
    const ignoreFailure = job.allow_failure === true;
    // A `.gitlab-ci.yml` in a sub-folder is the root of its own project: its jobs run there.
    const steps: CiStep[] = [
      ...scriptLines(before),
      ...scriptLines(script),
    ].map(line => ({
      script: line,
      ignoreFailure,
      workingDirectory: root || undefined,
    }));
    pending.push({
      model: toModel(name, entry.path, steps, triggering, gate),
      needs,
    });
  }
  for (const { model, needs } of pending) {
    model.manualGate =
      model.manualGate || needs.some(need => jobGates.get(need));
    models.push(model);
  }
  for (const include of config.securityIncludes) {
    models.push({
      system: SYSTEM,
      systemLabel: LABEL,
      path,
      workflow: workflowName,
      job: include
        .replace(/^(template|component)\s+/, '')
        .split('/')
        .pop()!
        .replace(/\.gitlab-ci\.yml$|@.*$/, ''),
      triggers: sortTriggers(defaults.triggers),
      branches:
        defaults.triggers.has('push') && !defaults.anyBranch
          ? [...defaults.branches]
          : [],
      manualGate: false,
      steps: [
        { activities: ['security-scan'], evidence: `include: ${include}` },
      ],
    });
  }
}

/** Reads the jobs of GitLab CI configurations, following local includes and child pipelines. */
export function gitlabCiJobs(files: RepoFileSet): CiJobModel[] {
  const candidates = files
    .matching(/(^|\/|\.)gitlab-ci\.ya?ml$|(^|\/)\.gitlab\/ci\/.+\.ya?ml$/)
    .map(file => file.path);
  const included = new Set<string>();
  for (const candidate of candidates) {
    const root = /(^|\/)\.gitlab-ci\.ya?ml$/.test(candidate)
      ? dirnameOf(candidate)
      : '';
    const config = loadConfig(files, candidate, root);
    config.includedPaths.forEach(
      path => path !== candidate && included.add(path),
    );
    for (const value of config.entries.values()) {
      for (const child of includeEntries(
        asMap(asMap(value.value).trigger).include,
      )) {
        const local = asString(child.local);
        if (local) {
          resolveLocal(files, root, local).forEach(path => included.add(path));
        }
      }
    }
  }
  const roots = candidates
    .filter(path => !included.has(path))
    .sort(
      (a, b) =>
        Number(!/(^|\/)\.gitlab-ci\.ya?ml$/.test(a)) -
        Number(!/(^|\/)\.gitlab-ci\.ya?ml$/.test(b)),
    );
  const models: CiJobModel[] = [];
  const processed = new Set<string>();
  for (const path of roots) {
    if (processed.has(path)) {
      continue;
    }
    const root = /(^|\/)\.gitlab-ci\.ya?ml$/.test(path) ? dirnameOf(path) : '';
    jobsOfConfig(files, path, root, undefined, models, processed, 0);
  }
  return models;
}
