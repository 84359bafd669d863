import {
  CiActivity,
  CiTrigger,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
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

/** Webhook event names of the GitHub, GitLab and Bitbucket interceptors. */
const EVENT_TYPES: Record<string, CiTrigger> = {
  push: 'push',
  pull_request: 'pull-request',
  'push hook': 'push',
  'merge request hook': 'pull-request',
  'tag push hook': 'tag',
  'repo:refs_changed': 'push',
  'repo:push': 'push',
  'pr:opened': 'pull-request',
  'pr:from_ref_updated': 'pull-request',
  'pullrequest:created': 'pull-request',
  'pullrequest:updated': 'pull-request',
  create: 'tag',
  release: 'tag',
};

/** What a Tekton Hub task does, for tasks referenced by name whose definition is not in the repository. */
function catalogTaskActivities(name: string): CiActivity[] {
  if (/^(kaniko|buildah|docker-build|s2i[\w-]*|jib-[\w-]+)$/.test(name)) {
    return ['build-image', 'push-image'];
  }
  if (
    /^(helm-upgrade-from-[\w-]+|kubectl-deploy-pod|argocd-task-sync-and-wait)$/.test(
      name,
    )
  ) {
    return ['deploy'];
  }
  if (/^(pytest|python-coverage)$/.test(name)) {
    return ['test'];
  }
  if (/^(pylint|flake8|black|ruff|yaml-lint|hadolint)$/.test(name)) {
    return ['lint'];
  }
  if (/^(trivy-scanner|snyk-[\w-]+|gitleaks|kube-linter)$/.test(name)) {
    return ['security-scan'];
  }
  return [];
}

interface Resources {
  byKind: Map<string, Map<string, { path: string; doc: YamlMap }>>;
}

function tektonResources(files: RepoFileSet): Resources {
  const byKind = new Map<string, Map<string, { path: string; doc: YamlMap }>>();
  for (const file of files.yamlFiles()) {
    if (!file.text.includes('tekton.dev')) {
      continue;
    }
    for (const doc of files.yamlMaps(file.path)) {
      const kind = asString(doc.kind);
      const name = asString(asMap(doc.metadata).name);
      if (
        !kind ||
        !name ||
        !/tekton\.dev\//.test(asString(doc.apiVersion) ?? '')
      ) {
        continue;
      }
      const named = byKind.get(kind) ?? new Map();
      named.set(name, { path: file.path, doc });
      byKind.set(kind, named);
    }
  }
  return { byKind };
}

function lookup(
  resources: Resources,
  kind: string,
  name: string | undefined,
): YamlMap | undefined {
  return name ? resources.byKind.get(kind)?.get(name)?.doc : undefined;
}

/** The steps of a Task spec: each step's script, or its command and args. */
function taskSpecSteps(spec: YamlMap): CiStep[] {
  return asArray(spec.steps).flatMap((raw): CiStep[] => {
    const step = asMap(raw);
    const script = asString(step.script);
    if (script) {
      return [{ script: script.replace(/^#!.*\n/, '') }];
    }
    const command = [...asStrings(step.command), ...asStrings(step.args)].join(
      ' ',
    );
    return command ? [{ script: command }] : [];
  });
}

function pipelineTaskSteps(resources: Resources, task: YamlMap): CiStep[] {
  if (isMap(task.taskSpec)) {
    return taskSpecSteps(task.taskSpec);
  }
  const name = asString(asMap(task.taskRef).name);
  const defined =
    lookup(resources, 'Task', name) ?? lookup(resources, 'ClusterTask', name);
  if (defined) {
    return taskSpecSteps(asMap(defined.spec));
  }
  const activities = name ? catalogTaskActivities(name) : [];
  return activities.length ? [{ activities, evidence: `task ${name}` }] : [];
}

/** What the resources a TriggerTemplate creates run: the tasks of its PipelineRuns and TaskRuns. */
function templateSteps(resources: Resources, template: YamlMap): CiStep[] {
  return asArray(template.resourcetemplates).flatMap(raw => {
    const run = asMap(raw);
    const spec = asMap(run.spec);
    if (run.kind === 'PipelineRun') {
      const pipeline = isMap(spec.pipelineSpec)
        ? spec.pipelineSpec
        : asMap(
            lookup(
              resources,
              'Pipeline',
              asString(asMap(spec.pipelineRef).name),
            )?.spec,
          );
      return [...asArray(pipeline.tasks), ...asArray(pipeline.finally)].flatMap(
        task => pipelineTaskSteps(resources, asMap(task)),
      );
    }
    if (run.kind === 'TaskRun') {
      return pipelineTaskSteps(resources, spec);
    }
    return [];
  });
}

/** Events a trigger's interceptors let through, and a branch its CEL filter names. */
function interceptedEvents(interceptors: unknown[]): {
  triggers: Set<CiTrigger>;
  branches: string[];
} {
  const triggers = new Set<CiTrigger>();
  const branches: string[] = [];
  for (const raw of interceptors) {
    const interceptor = asMap(raw);
    const params = new Map(
      asArray(interceptor.params).map(p => [
        asString(asMap(p).name) ?? '',
        asMap(p).value,
      ]),
    );
    // v1beta1: `ref: {name: github}` with params; v1alpha1: `github: {eventTypes: [...]}`.
    const eventTypes = [
      ...asStrings(params.get('eventTypes')),
      ...['github', 'gitlab', 'bitbucket'].flatMap(provider =>
        asStrings(asMap(interceptor[provider]).eventTypes),
      ),
    ];
    eventTypes.forEach(type =>
      triggers.add(EVENT_TYPES[type.toLowerCase()] ?? 'external'),
    );
    const filter =
      asString(params.get('filter')) ??
      asString(asMap(interceptor.cel).filter) ??
      '';
    for (const match of filter.matchAll(
      /header\.match\(\s*['"]X-(?:GitHub|Gitlab)-Event['"]\s*,\s*['"]([^'"]+)['"]\s*\)/gi,
    )) {
      triggers.add(EVENT_TYPES[match[1].toLowerCase()] ?? 'external');
    }
    for (const match of filter.matchAll(
      /body\.ref\s*(?:==\s*|\.startsWith\(\s*)['"]refs\/heads\/([^'"]+)['"]/g,
    )) {
      branches.push(match[1]);
    }
  }
  return { triggers, branches };
}

/**
 * Reads Tekton Triggers: one job per trigger of each EventListener, started by the
 * webhook events its interceptors accept, running the tasks of the PipelineRun (or
 * TaskRun) its TriggerTemplate creates.
 */
export function tektonTriggerJobs(files: RepoFileSet): CiJobModel[] {
  const resources = tektonResources(files);
  const models: CiJobModel[] = [];
  for (const [listenerName, { path, doc }] of resources.byKind.get(
    'EventListener',
  ) ?? []) {
    asArray(asMap(doc.spec).triggers).forEach((rawTrigger, index) => {
      const inline = asMap(rawTrigger);
      const referenced = lookup(
        resources,
        'Trigger',
        asString(inline.triggerRef) ?? asString(asMap(inline.triggerRef).name),
      );
      const trigger = referenced ? asMap(referenced.spec) : inline;
      const templateRef = asMap(trigger.template);
      const template = isMap(templateRef.spec)
        ? templateRef.spec
        : asMap(
            lookup(
              resources,
              'TriggerTemplate',
              asString(templateRef.ref) ?? asString(templateRef.name),
            )?.spec,
          );
      const events = interceptedEvents(asArray(trigger.interceptors));
      if (events.triggers.size === 0) {
        // Without an interceptor any request to the listener starts it.
        events.triggers.add('external');
      }
      models.push({
        system: 'tekton',
        systemLabel: 'Tekton Triggers',
        path,
        workflow: listenerName,
        job: asString(inline.name) ?? `trigger ${index + 1}`,
        triggers: sortTriggers(events.triggers),
        branches: events.triggers.has('push') ? events.branches : [],
        manualGate: false,
        steps: templateSteps(resources, template),
      });
    });
  }
  return models;
}
