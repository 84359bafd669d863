import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { asArray, asMap, asString, isMap, YamlMap } from '../../parsing/yaml';
import { CiStep } from './ciActivities';
import { CiJobModel } from './ciJobs';

/** What an Atlassian or community pipe does, judged from its name (`atlassian/aws-ecs-deploy`). */
function pipeActivities(pipe: string): CiActivity[] {
  const name = pipe.split(':')[0].split('/').pop()!.toLowerCase();
  if (/deploy|helm-upgrade|kubectl-run|cloudformation/.test(name)) {
    return ['deploy'];
  }
  if (/docker-push|ecr-push|push-image|gcr-push/.test(name)) {
    return ['push-image'];
  }
  if (/scan|snyk|sonar|trivy|audit|security|checkov|gitleaks/.test(name)) {
    return ['security-scan'];
  }
  return [];
}

function scriptSteps(lines: unknown): CiStep[] {
  return asArray(lines).flatMap((line): CiStep[] => {
    const text = asString(line);
    if (text !== undefined) {
      return [{ script: text }];
    }
    const pipe = asString(asMap(line).pipe);
    if (pipe) {
      const activities = pipeActivities(pipe);
      return activities.length
        ? [{ activities, evidence: `pipe ${pipe.split(':')[0]}` }]
        : [];
    }
    return [];
  });
}

interface Step {
  name: string;
  steps: CiStep[];
  manual: boolean;
}

/** The steps of one pipeline, in order: plain, parallel and stage-grouped steps alike. */
function flattenSteps(items: unknown[]): Step[] {
  const steps: Step[] = [];
  for (const raw of items) {
    const item = asMap(raw);
    if (isMap(item.step)) {
      const step = item.step;
      steps.push({
        name: asString(step.name) ?? `step ${steps.length + 1}`,
        steps: scriptSteps(step.script),
        manual: step.trigger === 'manual',
      });
    } else if (item.parallel !== undefined) {
      const parallel = item.parallel;
      steps.push(
        ...flattenSteps(
          isMap(parallel) ? asArray(parallel.steps) : asArray(parallel),
        ),
      );
    } else if (isMap(item.stage)) {
      const stage = item.stage;
      const inner = flattenSteps(asArray(stage.steps));
      const manual = stage.trigger === 'manual';
      steps.push(
        ...inner.map((step, index) => ({
          ...step,
          manual: step.manual || (manual && index === 0),
        })),
      );
    }
  }
  return steps;
}

interface Section {
  key: string;
  trigger: CiTrigger;
  branch?: string;
  items: unknown[];
}

function sections(pipelines: YamlMap): Section[] {
  const found: Section[] = [];
  if (Array.isArray(pipelines.default)) {
    found.push({ key: 'default', trigger: 'push', items: pipelines.default });
  }
  for (const [branch, items] of Object.entries(asMap(pipelines.branches))) {
    found.push({
      key: `branches ${branch}`,
      trigger: 'push',
      branch,
      items: asArray(items),
    });
  }
  for (const [pattern, items] of Object.entries(
    asMap(pipelines['pull-requests']),
  )) {
    found.push({
      key: `pull-requests ${pattern}`,
      trigger: 'pull-request',
      items: asArray(items),
    });
  }
  for (const [pattern, items] of Object.entries(asMap(pipelines.tags))) {
    found.push({
      key: `tags ${pattern}`,
      trigger: 'tag',
      items: asArray(items),
    });
  }
  for (const [name, items] of Object.entries(asMap(pipelines.custom))) {
    found.push({
      key: `custom ${name}`,
      trigger: 'manual',
      items: asArray(items),
    });
  }
  return found;
}

/**
 * Reads `bitbucket-pipelines.yml`: one job per step of each pipeline (`default` runs on
 * pushes to any branch without its own pipeline, `branches`, `pull-requests`, `tags`,
 * and `custom` pipelines that start by hand or on a schedule set up in Bitbucket). A
 * `trigger: manual` step holds itself and every later step of its pipeline.
 */
export function bitbucketPipelinesJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.named(/^bitbucket-pipelines\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    const pipelines = asMap(doc?.pipelines);
    for (const section of sections(pipelines)) {
      let gated = false;
      for (const step of flattenSteps(section.items)) {
        gated = gated || step.manual;
        models.push({
          system: 'bitbucket-pipelines',
          systemLabel: 'Bitbucket Pipelines',
          path: file.path,
          workflow: section.key,
          job: step.name,
          triggers: [section.trigger],
          branches:
            section.trigger === 'push' && section.branch
              ? [section.branch]
              : [],
          manualGate: gated,
          steps: step.steps,
          names: [step.name],
          triggerOutsideRepository:
            section.trigger === 'manual'
              ? 'in Bitbucket (a custom pipeline runs by hand or on a schedule set up there)'
              : undefined,
        });
      }
    }
  }
  return models;
}
