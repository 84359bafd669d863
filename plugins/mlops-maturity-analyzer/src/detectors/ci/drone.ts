import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { asArray, asMap, asString, asStrings, isMap } from '../../parsing/yaml';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

const EVENTS: Record<string, CiTrigger> = {
  push: 'push',
  pull_request: 'pull-request',
  tag: 'tag',
  cron: 'schedule',
  promote: 'manual',
  rollback: 'manual',
  custom: 'manual',
};

/** Events of a pipeline without a `trigger.event`: those a repository webhook sends. */
const WEBHOOK_EVENTS = ['push', 'pull_request', 'tag'];

/** A `trigger`/`when` condition's values: a list, or `include`/`exclude` lists. */
function condition(value: unknown): { include: string[]; exclude: string[] } {
  if (isMap(value)) {
    return {
      include: asStrings(value.include),
      exclude: asStrings(value.exclude),
    };
  }
  return { include: asStrings(value), exclude: [] };
}

function narrow(
  events: string[],
  branches: string[],
  when: unknown,
): { events: string[]; branches: string[] } {
  const map = asMap(when);
  const event = condition(map.event);
  const branch = condition(map.branch);
  return {
    events: events.filter(
      e =>
        (event.include.length === 0 || event.include.includes(e)) &&
        !event.exclude.includes(e),
    ),
    branches: branch.include.length ? branch.include : branches,
  };
}

/** What a plugin step does, judged from its image (`plugins/docker`, `pelotech/drone-helm3`). */
function pluginActivities(image: string): CiActivity[] {
  const name = image.split('@')[0].split(':')[0].toLowerCase();
  if (/^plugins\/(docker|ecr|gcr|acr|kaniko)$|kaniko|buildx/.test(name)) {
    return ['build-image', 'push-image'];
  }
  if (
    /helm|kubectl|kubernetes|k8s|deploy|ecs|lambda|cloudrun|heroku/.test(name)
  ) {
    return ['deploy'];
  }
  if (/trivy|snyk|sonar|gitleaks|grype/.test(name)) {
    return ['security-scan'];
  }
  return [];
}

/**
 * Reads Drone pipelines (`.drone.yml`, one pipeline per YAML document): one job per
 * step, with the events of `trigger.event` narrowed by the step's `when`. Cron events
 * are schedules; `promote`, `rollback` and `custom` builds start by hand.
 */
export function droneJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.named(/^\.drone\.ya?ml$/)) {
    for (const doc of files.yamlMaps(file.path)) {
      if (doc.kind !== 'pipeline' || !Array.isArray(doc.steps)) {
        continue;
      }
      const name = asString(doc.name) ?? 'default';
      const declared = condition(asMap(doc.trigger).event).include;
      const pipeline = narrow(
        (declared.length ? declared : WEBHOOK_EVENTS).filter(e => EVENTS[e]),
        [],
        doc.trigger,
      );
      for (const raw of asArray(doc.steps)) {
        const step = asMap(raw);
        const scoped = narrow(pipeline.events, pipeline.branches, step.when);
        const triggers = new Set(scoped.events.map(event => EVENTS[event]));
        const steps: CiStep[] = asStrings(step.commands).map(command => ({
          script: command,
          ignoreFailure: step.failure === 'ignore',
        }));
        const settings = asMap(step.settings);
        const script = asStrings(settings.script ?? settings.commands).join(
          '\n',
        );
        if (script) {
          steps.push({ script });
        }
        const image = asString(step.image) ?? '';
        if (!asArray(step.commands).length && !script) {
          const activities = pluginActivities(image);
          if (activities.length) {
            steps.push({
              activities,
              evidence: `plugin ${image.split(':')[0]}`,
            });
          }
        }
        models.push({
          system: 'drone',
          systemLabel: 'Drone',
          path: file.path,
          workflow: name,
          job: asString(step.name) ?? image,
          triggers: sortTriggers(triggers),
          branches: triggers.has('push') ? scoped.branches : [],
          manualGate: false,
          steps,
        });
      }
    }
  }
  return models;
}
