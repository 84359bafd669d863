import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { joinRepoPath } from '../../parsing/paths';
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

/** What a step or job of an orb does, judged from its command name (`aws-ecr/build-and-push-image`). */
function orbActivities(command: string): CiActivity[] {
  const name = command.split('/').pop()!.toLowerCase();
  if (/build[-_]and[-_]push|^publish$/.test(name)) {
    return ['build-image', 'push-image'];
  }
  if (/push[-_]image|^push$/.test(name)) {
    return ['push-image'];
  }
  if (/^build([-_]image)?$/.test(name) && /docker|ecr|gcr|acr/.test(command)) {
    return ['build-image'];
  }
  if (
    /deploy|rollout|upgrade[-_]helm[-_]chart|install[-_]helm[-_]chart|create[-_]or[-_]update[-_]resource|update[-_]container[-_]image|update[-_]service/.test(
      name,
    )
  ) {
    return ['deploy'];
  }
  if (/scan|audit/.test(name)) {
    return ['security-scan'];
  }
  if (/^test$|^run[-_]tests?$/.test(name)) {
    return ['test'];
  }
  return [];
}

interface Context {
  files: RepoFileSet;
  commands: YamlMap;
  orbs: Set<string>;
}

/**
 * A CircleCI working directory as a repository path: the checkout lands in
 * `~/project` by default, and a relative directory is relative to the job's.
 */
function repositoryDirectory(
  directory: string | undefined,
  jobDirectory: string,
): string {
  if (directory === undefined) {
    return jobDirectory;
  }
  if (/^(~|\$HOME)\/project(\/|$)/.test(directory)) {
    return directory.replace(/^(~|\$HOME)\/project\/?/, '').replace(/\/$/, '');
  }
  return joinRepoPath(jobDirectory, directory) ?? jobDirectory;
}

function stepsOf(
  rawSteps: unknown[],
  ctx: Context,
  depth: number,
  jobDirectory: string,
): CiStep[] {
  const steps: CiStep[] = [];
  for (const raw of rawSteps) {
    const [name, config] =
      typeof raw === 'string'
        ? [raw, {}]
        : Object.entries(asMap(raw))[0] ?? ['', {}];
    if (name === 'run') {
      const command =
        typeof config === 'string' ? config : asString(asMap(config).command);
      if (command) {
        steps.push({
          script: command,
          workingDirectory: repositoryDirectory(
            asString(asMap(config).working_directory),
            jobDirectory,
          ),
        });
      }
    } else if (isMap(ctx.commands[name]) && depth < 3) {
      steps.push(
        ...stepsOf(
          asArray(asMap(ctx.commands[name]).steps),
          ctx,
          depth + 1,
          jobDirectory,
        ),
      );
    } else if (name.includes('/') && ctx.orbs.has(name.split('/')[0])) {
      const activities = orbActivities(name);
      if (activities.length) {
        steps.push({ activities, evidence: name });
      }
    }
  }
  return steps;
}

/** Reads CircleCI workflows: one job per workflow entry. */
export function circleCiJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.matching(/(^|\/)\.circleci\/[^/]+\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (!doc || !isMap(doc.workflows)) {
      continue;
    }
    const ctx: Context = {
      files,
      commands: asMap(doc.commands),
      orbs: new Set(Object.keys(asMap(doc.orbs))),
    };
    const jobs = asMap(doc.jobs);
    for (const [workflowName, rawWorkflow] of Object.entries(doc.workflows)) {
      if (!isMap(rawWorkflow)) {
        continue;
      }
      const whenText = JSON.stringify(rawWorkflow.when ?? '');
      const scheduled =
        asArray(rawWorkflow.triggers).some(trigger =>
          isMap(asMap(trigger).schedule),
        ) || /scheduled_pipeline/.test(whenText);
      const baseTriggers = new Set<CiTrigger>(
        scheduled ? ['schedule'] : ['push'],
      );
      if (!scheduled && /pipeline\.parameters/.test(whenText)) {
        baseTriggers.clear();
        baseTriggers.add('external');
      }
      const entries = asArray(rawWorkflow.jobs).map(entry => {
        const [jobName, config] =
          typeof entry === 'string'
            ? [entry, {}]
            : Object.entries(asMap(entry))[0] ?? ['', {}];
        return { jobName, config: asMap(config) };
      });
      const byName = new Map(
        entries.map(entry => [
          asString(entry.config.name) ?? entry.jobName,
          entry,
        ]),
      );
      const gated = (name: string, seen: Set<string>): boolean => {
        const entry = byName.get(name);
        if (!entry || seen.has(name)) {
          return false;
        }
        seen.add(name);
        return (
          entry.config.type === 'approval' ||
          asStrings(entry.config.requires).some(required =>
            gated(required, seen),
          )
        );
      };
      for (const { jobName, config } of entries) {
        if (config.type === 'approval') {
          continue;
        }
        const name = asString(config.name) ?? jobName;
        const filters = asMap(config.filters);
        const branchFilter = asMap(filters.branches);
        const only = asStrings(branchFilter.only);
        const tagsOnly =
          filters.tags !== undefined &&
          asStrings(branchFilter.ignore).some(b => /^\/?\.\*\/?$/.test(b));
        const triggers = new Set(baseTriggers);
        if (tagsOnly) {
          triggers.delete('push');
        }
        if (filters.tags !== undefined) {
          triggers.add('tag');
        }
        const job = asMap(jobs[jobName]);
        let steps: CiStep[];
        if (isMap(jobs[jobName])) {
          steps = stepsOf(
            asArray(job.steps),
            ctx,
            0,
            repositoryDirectory(asString(job.working_directory), ''),
          );
        } else {
          const activities = jobName.includes('/')
            ? orbActivities(jobName)
            : [];
          steps = activities.length ? [{ activities, evidence: jobName }] : [];
        }
        models.push({
          system: 'circleci',
          systemLabel: 'CircleCI',
          path: file.path,
          workflow: workflowName,
          job: name,
          triggers: sortTriggers(triggers),
          branches: triggers.has('push') ? only : [],
          manualGate: asStrings(config.requires).some(required =>
            gated(required, new Set()),
          ),
          steps,
          hidden:
            !isMap(jobs[jobName]) && steps.length === 0 && jobName.includes('/')
              ? `the orb job \`${jobName}\``
              : undefined,
        });
      }
    }
  }
  return models;
}
