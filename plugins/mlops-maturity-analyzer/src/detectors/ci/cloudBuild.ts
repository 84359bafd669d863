import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { findBlocks, stripCLikeComments } from '../../parsing/blocks';
import { stemOf } from '../../parsing/paths';
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

/** The command a Cloud Build builder image runs when no entrypoint is given. */
function builderCommand(image: string): string {
  const name = image.split('@')[0].split(':')[0];
  const last = name.split('/').pop() ?? name;
  if (/kaniko-project\/executor/.test(name)) {
    return '/kaniko/executor';
  }
  if (/cloud-sdk|cloudsdktool/.test(name)) {
    return 'gcloud';
  }
  return last;
}

function stepCommand(step: YamlMap): string[] {
  const script = asString(step.script);
  if (script) {
    return [script];
  }
  const args = asStrings(step.args);
  const entrypoint = asString(step.entrypoint);
  const program = entrypoint ?? builderCommand(asString(step.name) ?? '');
  if (/^(ba|z)?sh$/.test(program) && args[0] === '-c' && args[1]) {
    return [args.slice(1).join('\n')];
  }
  if (/^(ba|z)?sh$/.test(program) && args[0] && !args[0].startsWith('-')) {
    return [`bash ${args.join(' ')}`];
  }
  return [`${program} ${args.join(' ')}`.trim()];
}

function isCloudBuild(path: string, doc: YamlMap): boolean {
  if (!Array.isArray(doc.steps) || doc.steps.length === 0) {
    return false;
  }
  const builderSteps = doc.steps.filter(
    step =>
      isMap(step) &&
      typeof step.name === 'string' &&
      ('args' in step || 'entrypoint' in step || 'script' in step),
  );
  if (/(^|\/)cloudbuild[^/]*\.ya?ml$/.test(path)) {
    return builderSteps.length > 0;
  }
  return (
    builderSteps.length === doc.steps.length &&
    builderSteps.some(step => /\/|:/.test(String((step as YamlMap).name)))
  );
}

interface DeclaredTriggers {
  triggers: Set<CiTrigger>;
  branches: Set<string>;
  anyBranch: boolean;
  approval: boolean;
}

/** `^main$` → `main`; a pattern that matches any branch → undefined. */
function branchFromPattern(pattern: string | undefined): string | undefined {
  if (!pattern || /^\^?\.\*\$?$/.test(pattern)) {
    return undefined;
  }
  return pattern.replace(/^\^/, '').replace(/\$$/, '');
}

function declare(
  found: Map<string, DeclaredTriggers>,
  configPath: string,
  trigger: CiTrigger,
  branch: string | undefined,
  approval: boolean,
) {
  const entry = found.get(configPath) ?? {
    triggers: new Set<CiTrigger>(),
    branches: new Set<string>(),
    anyBranch: false,
    approval: false,
  };
  entry.triggers.add(trigger);
  if (trigger === 'push') {
    if (branch === undefined) {
      entry.anyBranch = true;
    } else {
      entry.branches.add(branch);
    }
  }
  entry.approval = entry.approval || approval;
  found.set(configPath, entry);
}

/** The repository file a trigger's build config path names (relative to the repository root). */
function configFile(
  files: RepoFileSet,
  name: string | undefined,
): string | undefined {
  if (!name || name.includes('${')) {
    return undefined;
  }
  const exact = files.resolve('', name);
  if (exact) {
    return exact;
  }
  const suffix = `/${name.replace(/^\.?\//, '')}`;
  const candidates = files.files.filter(file => file.path.endsWith(suffix));
  return candidates.length === 1 ? candidates[0].path : undefined;
}

/** `google_cloudbuild_trigger` resources: the event, branch and build config of each. */
function terraformTriggers(
  files: RepoFileSet,
  found: Map<string, DeclaredTriggers>,
) {
  for (const file of files.withExtension('tf')) {
    const text = stripCLikeComments(file.text, true);
    for (const resource of findBlocks(
      text,
      /resource\s+"google_cloudbuild_trigger"\s+"[\w-]+"\s*\{/g,
    )) {
      const body = resource.body;
      if (/\bdisabled\s*=\s*true\b/.test(body)) {
        continue;
      }
      const block = (name: string, within = body) =>
        findBlocks(within, new RegExp(`\\b${name}\\s*\\{`, 'g'))[0]?.body;
      const gitFile = block('git_file_source');
      const path = configFile(
        files,
        hclValue(body, 'filename') ??
          (gitFile ? hclValue(gitFile, 'path') : undefined),
      );
      if (!path) {
        continue;
      }
      const approvalConfig = block('approval_config');
      const approval = Boolean(
        approvalConfig &&
          /\bapproval_required\s*=\s*true\b/.test(approvalConfig),
      );
      const events =
        block('github') ??
        block('repository_event_config') ??
        block('bitbucket_server_trigger_config') ??
        block('gitlab_enterprise_events_config');
      const push = events ? block('push', events) : undefined;
      const pullRequest = events ? block('pull_request', events) : undefined;
      const template = block('trigger_template');
      if (push !== undefined) {
        const tag = hclValue(push, 'tag');
        declare(
          found,
          path,
          tag ? 'tag' : 'push',
          branchFromPattern(hclValue(push, 'branch')),
          approval,
        );
      } else if (pullRequest !== undefined) {
        declare(found, path, 'pull-request', undefined, approval);
      } else if (template !== undefined) {
        const tag = hclValue(template, 'tag_name');
        declare(
          found,
          path,
          tag ? 'tag' : 'push',
          branchFromPattern(hclValue(template, 'branch_name')),
          approval,
        );
      } else if (block('pubsub_config') ?? block('webhook_config')) {
        declare(found, path, 'external', undefined, approval);
      } else {
        declare(found, path, 'manual', undefined, approval);
      }
    }
  }
}

function hclValue(body: string, key: string): string | undefined {
  return body.match(new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`))?.[1];
}

const GCLOUD_TRIGGER =
  /gcloud\s+(?:beta\s+)?builds\s+triggers\s+create\s+([\w-]+)([^\n]*)/g;

/** `gcloud builds triggers create github ... --build-config=cloudbuild.yaml` in scripts. */
function scriptedTriggers(
  files: RepoFileSet,
  found: Map<string, DeclaredTriggers>,
) {
  for (const file of files.files) {
    if (
      /\.(md|markdown|rst|txt|adoc|html?|ipynb)$/i.test(file.path) ||
      !file.text.includes('builds triggers create')
    ) {
      continue;
    }
    const text = file.text.replace(/\\\r?\n\s*/g, ' ');
    for (const match of text.matchAll(GCLOUD_TRIGGER)) {
      const kind = match[1];
      const option = (name: string) =>
        match[2].match(
          new RegExp(`--${name}(?:=|\\s+)(?:"([^"]*)"|'([^']*)'|(\\S+))`),
        );
      const value = (name: string) => {
        const given = option(name);
        return given ? given[1] ?? given[2] ?? given[3] : undefined;
      };
      const path = configFile(files, value('build-config'));
      if (!path) {
        continue;
      }
      const approval = /--require-approval\b/.test(match[2]);
      if (kind === 'manual') {
        declare(found, path, 'manual', undefined, approval);
      } else if (kind === 'pubsub' || kind === 'webhook') {
        declare(found, path, 'external', undefined, approval);
      } else if (option('pull-request-pattern')) {
        declare(found, path, 'pull-request', undefined, approval);
      } else if (option('tag-pattern')) {
        declare(found, path, 'tag', undefined, approval);
      } else {
        declare(
          found,
          path,
          'push',
          branchFromPattern(value('branch-pattern')),
          approval,
        );
      }
    }
  }
}

/**
 * What the substitutions a config uses say about its trigger: `$_PR_NUMBER`,
 * `$_HEAD_BRANCH` and `$_BASE_BRANCH` exist only in pull-request builds, `$TAG_NAME` in
 * tag builds and `$BRANCH_NAME` in branch builds. `$$NAME` is a shell variable.
 */
function triggersFromSubstitutions(text: string): CiTrigger[] {
  const uses = (name: string) =>
    new RegExp(`(?<!\\$)\\$\\{?${name}\\b`).test(text);
  if (uses('_(PR_NUMBER|HEAD_BRANCH|BASE_BRANCH|HEAD_REPO_URL)')) {
    return ['pull-request'];
  }
  const triggers: CiTrigger[] = [];
  if (uses('BRANCH_NAME')) {
    triggers.push('push');
  }
  if (uses('TAG_NAME')) {
    triggers.push('tag');
  }
  return triggers;
}

/** Without hints, an undeclared trigger is something outside the repository. */
function hintedOrExternal(hinted: CiTrigger[]): CiTrigger[] {
  return hinted.length ? hinted : ['external'];
}

/**
 * Reads Google Cloud Build configurations. A build config carries no trigger: triggers
 * declared in the repository (Terraform `google_cloudbuild_trigger`, `gcloud builds
 * triggers create` in scripts) decide; otherwise the trigger lives in Cloud Build and
 * only the substitutions the config uses hint at what starts it.
 */
export function cloudBuildJobs(files: RepoFileSet): CiJobModel[] {
  const declared = new Map<string, DeclaredTriggers>();
  terraformTriggers(files, declared);
  scriptedTriggers(files, declared);
  const models: CiJobModel[] = [];
  for (const file of files.yamlFiles()) {
    if (
      /(^|\/)(\.github|\.circleci)\/|gitlab-ci|azure-pipelines|buildspec|bitbucket-pipelines|(^|\/)\.drone\.ya?ml$/.test(
        file.path,
      )
    ) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    if (!doc || !isCloudBuild(file.path, doc)) {
      continue;
    }
    const steps: CiStep[] = [];
    for (const raw of asArray(doc.steps)) {
      const step = asMap(raw);
      const dir = asString(step.dir) ?? '';
      for (const script of stepCommand(step)) {
        steps.push({
          script,
          workingDirectory: dir,
          ignoreFailure: step.allowFailure === true,
        });
      }
    }
    if (asArray(doc.images).length) {
      steps.push({
        activities: ['push-image'],
        evidence: 'images: (pushed by Cloud Build)',
      });
    }
    const trigger = declared.get(file.path);
    const hinted = triggersFromSubstitutions(file.text);
    models.push({
      system: 'cloud-build',
      systemLabel: 'Cloud Build',
      path: file.path,
      workflow: file.path,
      job: stemOf(file.path),
      triggers: trigger
        ? sortTriggers(trigger.triggers)
        : hintedOrExternal(hinted),
      branches:
        trigger && trigger.triggers.has('push') && !trigger.anyBranch
          ? [...trigger.branches]
          : [],
      manualGate: trigger?.approval ?? false,
      steps,
      triggerOutsideRepository: trigger ? undefined : 'in Cloud Build',
    });
  }
  return models;
}
