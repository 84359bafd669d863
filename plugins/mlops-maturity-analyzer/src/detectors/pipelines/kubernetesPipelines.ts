import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { dirnameOf } from '../../parsing/paths';
import { PythonSource } from '../../parsing/python';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  getPath,
  YamlMap,
} from '../../parsing/yaml';
import { analyzeSteps } from '../ci/ciActivities';
import { stepWork } from '../python/pythonSteps';
import { listForHumans } from '../types';
import { PipelineFindings, unique } from './pipelineFindings';
import { checkStepScripts, CommandStep } from './stepScripts';

/** A container a workflow runs: its command line, or inline script. */
interface ContainerSpec {
  name: string;
  image: string;
  command: string[];
  args: string[];
  /** Argo `script.source` / Tekton `script`. */
  source?: string;
}

function containerOf(name: string, raw: unknown): ContainerSpec {
  const spec = asMap(raw);
  return {
    name,
    image: asString(spec.image) ?? '',
    command: asStrings(spec.command),
    args: asStrings(spec.args),
    source: asString(spec.source) ?? asString(spec.script),
  };
}

/** The program an image runs when no command is given (`gcr.io/kaniko-project/executor` runs `executor`). */
function imageProgram(image: string): string {
  return image.split('@')[0].split(':')[0].split('/').pop() ?? '';
}

interface ContainerWork {
  activities: CiActivity[];
  missingScripts: string[];
  /** Containers whose every command runs a script the repository does not contain. */
  unsupported: string[];
}

/** What the containers of a workflow do, read from their commands and inline scripts. */
function containersWork(
  p: PipelineFindings,
  path: string,
  containers: ContainerSpec[],
): ContainerWork {
  const steps: CommandStep[] = [];
  const inlineWork: CiActivity[] = [];
  for (const container of containers) {
    // Argo names the interpreter in `command`; a Tekton script says it in its shebang.
    const python =
      /python/.test(container.command.join(' ')) ||
      /^#!.*python/.test(container.source ?? '');
    if (container.source && python) {
      inlineWork.push(...stepWork(PythonSource.parse(path, container.source)));
      continue;
    }
    // Without a command the image runs its own program with the arguments.
    const program = container.command.length
      ? container.command
      : [imageProgram(container.image)];
    const script =
      container.source ?? [...program, ...container.args].join(' ').trim();
    steps.push({
      name: container.name,
      script,
      workingDirectory: dirnameOf(path),
    });
  }
  const checked = checkStepScripts(steps, p.files);
  const analysis = analyzeSteps(checked.steps, p.files);
  p.findings.invokes(...analysis.invokedPaths);
  return {
    activities: unique([...analysis.activities, ...inlineWork]),
    missingScripts: checked.missingScripts,
    unsupported: checked.unsupported,
  };
}

const WORK_WORDS: Partial<Record<CiActivity, string>> = {
  test: 'run tests',
  lint: 'lint',
  'build-image': 'build images',
  'push-image': 'push images',
  deploy: 'deploy',
  'security-scan': 'scan for vulnerabilities',
  'publish-metrics': 'publish metrics',
};

/** "its tasks only build images and push images (git-clone and buildah)". */
function describeNonMlWork(
  unit: string,
  activities: CiActivity[],
  named: string[],
): string {
  const words = activities
    .map(activity => WORK_WORDS[activity])
    .filter((w): w is string => Boolean(w));
  const which = named.length ? ` (${listForHumans(named)})` : '';
  return words.length
    ? `its ${unit} only ${listForHumans(words)}${which}`
    : `nothing its ${unit} run is recognisable${which}`;
}

function argoWorkflow(
  p: PipelineFindings,
  path: string,
  doc: YamlMap,
  kind: string,
  name: string,
) {
  const spec = asMap(
    kind === 'CronWorkflow' ? getPath(doc, 'spec.workflowSpec') : doc.spec,
  );
  const templates = asArray(spec.templates).map(asMap);
  const workTemplates = templates.filter(
    t => t.container || t.script || t.resource || t.containerSet,
  );
  const annotations = asMap(getPath(doc, 'metadata.annotations'));
  const compiledKubeflow = Object.keys(annotations).some(key =>
    key.startsWith('pipelines.kubeflow.org/'),
  );
  const containers = workTemplates.flatMap(t => {
    const templateName = asString(t.name) ?? '';
    if (t.containerSet) {
      return asArray(getPath(t, 'containerSet.containers')).map(c =>
        containerOf(templateName, c),
      );
    }
    return t.container || t.script
      ? [containerOf(templateName, t.container ?? t.script)]
      : [];
  });
  const work = containersWork(p, path, containers);
  const stepNames = workTemplates.map(t => asString(t.name) ?? '');
  const counted = p.pipeline({
    tool: compiledKubeflow ? 'kubeflow' : 'argo-workflows',
    path,
    name,
    steps: workTemplates.length - work.unsupported.length,
    stepNames,
    activities: work.activities,
    missingScripts: work.missingScripts,
    instead: describeNonMlWork('templates', work.activities, stepNames),
  });
  if (kind === 'CronWorkflow') {
    const schedule =
      asString(getPath(doc, 'spec.schedule')) ??
      asStrings(getPath(doc, 'spec.schedules')).join(', ');
    p.schedule(
      'argo-workflows',
      path,
      name,
      schedule,
      counted ? work.activities : [],
    );
  }
}

/** Tasks of the Tekton catalog whose name says what they do, when the Task is not in the repository. */
const TEKTON_CATALOG: Array<{ pattern: RegExp; activities: CiActivity[] }> = [
  {
    pattern: /^(buildah|kaniko|docker-build|s2i(-\w+)?|buildpacks?)$/,
    activities: ['build-image', 'push-image'],
  },
  {
    pattern: /^(pytest|python-test|golang-test|npm-test|gradle-test|maven)$/,
    activities: ['test'],
  },
  {
    pattern: /^(pylint|flake8|golangci-lint|yaml-lint|markdown-lint|eslint)$/,
    activities: ['lint'],
  },
  {
    pattern:
      /^(kubernetes-actions|helm-upgrade-from-\w+|argocd-task-sync-and-wait|openshift-client)$/,
    activities: ['deploy'],
  },
  {
    pattern: /^(trivy-scanner|sonarqube-scanner|snyk-\w+)$/,
    activities: ['security-scan'],
  },
];

function tektonPipeline(
  p: PipelineFindings,
  path: string,
  doc: YamlMap,
  name: string,
  tasksByName: Map<string, unknown[]>,
) {
  const tasks = asArray(getPath(doc, 'spec.tasks')).map(asMap);
  const containers: ContainerSpec[] = [];
  const catalogWork: CiActivity[] = [];
  const outside: string[] = [];
  for (const task of tasks) {
    const taskName = asString(task.name) ?? '';
    const ref =
      asString(getPath(task, 'taskRef.name')) ??
      asString(
        asArray(getPath(task, 'taskRef.params'))
          .map(asMap)
          .find(param => param.name === 'name')?.value,
      );
    const steps = task.taskSpec
      ? asArray(getPath(task, 'taskSpec.steps'))
      : tasksByName.get(ref ?? '');
    if (steps) {
      containers.push(...steps.map(step => containerOf(taskName, step)));
      continue;
    }
    // A Task from the catalog or the cluster: its name is all there is to go on.
    const known = TEKTON_CATALOG.find(entry => entry.pattern.test(ref ?? ''));
    catalogWork.push(...(known?.activities ?? []));
    outside.push(ref ?? taskName);
  }
  const work = containersWork(p, path, containers);
  const activities = unique([...work.activities, ...catalogWork]);
  p.pipeline({
    tool: 'tekton',
    path,
    name,
    steps: tasks.length,
    stepNames: tasks.map(t => asString(t.name) ?? ''),
    activities,
    missingScripts: work.missingScripts,
    instead: describeNonMlWork(
      'tasks',
      activities,
      outside.length ? outside : tasks.map(t => asString(t.name) ?? ''),
    ),
  });
}

/** Argo Workflows (and Kubeflow v1 compiled pipelines), Tekton pipelines, Kubeflow recurring runs. */
export function kubernetesPipelines(p: PipelineFindings) {
  const tektonTasks = new Map<string, unknown[]>();
  for (const file of p.files.yamlFiles()) {
    for (const doc of p.files.yamlMaps(file.path)) {
      if (
        /^tekton\.dev\//.test(asString(doc.apiVersion) ?? '') &&
        (doc.kind === 'Task' || doc.kind === 'ClusterTask')
      ) {
        tektonTasks.set(
          asString(getPath(doc, 'metadata.name')) ?? '',
          asArray(getPath(doc, 'spec.steps')),
        );
      }
    }
  }
  for (const file of p.files.yamlFiles()) {
    for (const doc of p.files.yamlMaps(file.path)) {
      const kind = asString(doc.kind) ?? '';
      const apiVersion = asString(doc.apiVersion) ?? '';
      const name =
        asString(getPath(doc, 'metadata.name')) ??
        asString(getPath(doc, 'metadata.generateName')) ??
        kind;
      if (
        /^argoproj\.io\//.test(apiVersion) &&
        ['Workflow', 'WorkflowTemplate', 'CronWorkflow'].includes(kind)
      ) {
        argoWorkflow(p, file.path, doc, kind, name);
      } else if (/^tekton\.dev\//.test(apiVersion) && kind === 'Pipeline') {
        tektonPipeline(p, file.path, doc, name, tektonTasks);
      } else if (
        /kubeflow\.org\//.test(apiVersion) &&
        kind === 'ScheduledWorkflow'
      ) {
        const trigger = asMap(getPath(doc, 'spec.trigger'));
        const cron =
          asString(getPath(trigger, 'cronSchedule.cron')) ??
          (trigger.periodicSchedule ? 'periodic' : 'scheduled');
        p.schedule('kubeflow', file.path, name, cron, ['train']);
      }
    }
  }
}
