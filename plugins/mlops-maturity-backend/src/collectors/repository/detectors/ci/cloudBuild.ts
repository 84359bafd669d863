import { RepoFileSet } from '../../RepoFileSet';
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
import { CiJobModel } from './ciJobs';

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

/**
 * Reads Google Cloud Build configurations. Their triggers live in Cloud Build, outside
 * the repository, so they are `external`.
 */
export function cloudBuildJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.yamlFiles()) {
    if (
      /(^|\/)(\.github|\.circleci)\/|gitlab-ci|azure-pipelines|buildspec/.test(
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
    models.push({
      system: 'cloud-build',
      systemLabel: 'Cloud Build',
      path: file.path,
      workflow: file.path,
      job: stemOf(file.path),
      triggers: ['external'],
      branches: [],
      manualGate: false,
      steps,
    });
  }
  return models;
}
