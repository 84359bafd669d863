import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
} from '../parsing/paths';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  getPath,
  isMap,
  YamlMap,
} from '../parsing/yaml';
import { analyzeSteps } from './ci/ciActivities';
import {
  azureMlPipelines,
  compiledPipelineSteps,
  kubeflowPipelines,
  sagemakerPipelines,
  stepFunctionsWorkflows,
  submitsToVertex,
  tfxPipelines,
  vertexSubmissions,
} from './pipelines/mlPlatforms';
import { kubernetesPipelines } from './pipelines/kubernetesPipelines';
import { PipelineFindings, unique } from './pipelines/pipelineFindings';
import { checkStepScripts, CommandStep } from './pipelines/stepScripts';
import {
  airflowDags,
  dagsterJobs,
  flyteLaunchPlans,
  flyteWorkflows,
  kedroPipelines,
  metaflowFlows,
  prefectFlows,
  zenmlPipelines,
} from './pipelines/workflowEngines';
import { stepWork } from './python/pythonSteps';
import { servicePythonSources } from './python/pythonFiles';
import { code, DetectorResult, listForHumans } from './types';

function dvcPipelines(p: PipelineFindings) {
  for (const file of p.files.named(/^dvc\.ya?ml$/)) {
    const doc = p.files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const dir = dirnameOf(file.path);
    const stages = asMap(doc.stages);
    const names = Object.keys(stages);
    const steps: CommandStep[] = [];
    const metricStages: string[] = [];
    const paramStages: string[] = [];
    for (const [name, raw] of Object.entries(stages)) {
      const stage = asMap(isMap(asMap(raw).do) ? asMap(raw).do : raw);
      const wdir = joinRepoPath(dir, asString(stage.wdir) ?? '.') ?? dir;
      for (const command of asStrings(stage.cmd)) {
        steps.push({ name, script: command, workingDirectory: wdir });
      }
      if (asArray(stage.metrics).length) {
        metricStages.push(name);
      }
      if (asArray(stage.params).length) {
        paramStages.push(name);
      }
    }
    const checked = checkStepScripts(steps, p.files);
    const analysis = analyzeSteps(checked.steps, p.files);
    p.findings.invokes(...analysis.invokedPaths);
    const evidenced = names.filter(name => !checked.unsupported.includes(name));
    p.pipeline({
      tool: 'dvc',
      path: file.path,
      name: dir || '.',
      steps: evidenced.length,
      stepNames: evidenced,
      activities: analysis.activities,
      missingScripts: checked.missingScripts,
    });
    if (metricStages.length) {
      p.findings.signal(
        'metrics-logging',
        'dvc',
        file.path,
        `DVC stage${metricStages.length > 1 ? 's' : ''} ${listForHumans(
          metricStages.map(code),
        )} in ${file.path} record${metricStages.length > 1 ? '' : 's'} metrics`,
        { stages: metricStages },
      );
    }
    if (paramStages.length) {
      const params = p.files.resolve(dir, 'params.yaml');
      p.findings.signal(
        'config-as-code',
        'dvc',
        file.path,
        `DVC stages ${listForHumans(
          paramStages.map(code),
        )} read their parameters from ${params ?? 'a params file'}`,
        { stages: paramStages, paramsFile: params ?? null },
      );
    }
    for (const [name, raw] of Object.entries(asMap(doc.artifacts))) {
      if (asString(asMap(raw).type) === 'model') {
        p.findings.signal(
          'model-registration',
          'dvc',
          file.path,
          `DVC model artifact ${code(name)} declared in ${
            file.path
          } (DVC model registry)`,
          {
            model: name,
            artifactPath: asString(asMap(raw).path) ?? null,
          },
        );
      }
    }
  }
}

function mlflowProjects(p: PipelineFindings) {
  for (const file of p.files.named(/^MLproject$/)) {
    const doc = p.files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const entryPoints = asMap(doc.entry_points);
    const dir = dirnameOf(file.path);
    const steps = Object.entries(entryPoints)
      .map(([name, entry]) => ({
        name,
        command: asString(asMap(entry).command),
      }))
      .filter((e): e is { name: string; command: string } => Boolean(e.command))
      .map(e => ({
        name: e.name,
        script: e.command.replace(/\{[^}]+\}/g, 'x'),
        workingDirectory: dir,
      }));
    const checked = checkStepScripts(steps, p.files);
    const analysis = analyzeSteps(checked.steps, p.files);
    p.findings.invokes(...analysis.invokedPaths);
    const evidenced = Object.keys(entryPoints).filter(
      name => !checked.unsupported.includes(name),
    );
    p.pipeline({
      tool: 'mlflow-projects',
      path: file.path,
      name: asString(doc.name) ?? (dir || 'MLproject'),
      steps: evidenced.length,
      stepNames: evidenced,
      activities: analysis.activities,
      missingScripts: checked.missingScripts,
    });
  }
}

function kubeflowCompiled(p: PipelineFindings) {
  for (const file of [
    ...p.files.yamlFiles(),
    ...p.files.withExtension('json'),
  ]) {
    if (!/pipelineInfo/.test(file.text)) {
      continue;
    }
    const docs =
      extensionOf(file.path) === 'json'
        ? [p.files.json(file.path)]
        : p.files.yaml(file.path);
    for (const doc of docs) {
      const compiled = compiledPipelineSteps(doc);
      if (compiled) {
        const name =
          asString(getPath(doc, 'pipelineInfo.name')) ?? basenameOf(file.path);
        p.pipeline({
          tool: 'kubeflow',
          path: file.path,
          name,
          steps: compiled.steps,
          stepNames: compiled.names,
          extra: { compiled: true },
        });
      }
    }
  }
}

/**
 * The command an Azure ML job runs, in its `code` folder; a job may take both from a
 * component file.
 */
function azureMlJobStep(
  files: RepoFileSet,
  jobPath: string,
  name: string,
  job: YamlMap,
): CommandStep | undefined {
  const componentFile = asString(job.component)?.replace(/^file:/, '');
  const componentPath = componentFile
    ? files.resolve(dirnameOf(jobPath), componentFile)
    : undefined;
  const component = componentPath ? files.yamlMaps(componentPath)[0] ?? {} : {};
  const command = asString(job.command) ?? asString(component.command);
  if (!command) {
    return undefined;
  }
  const base = job.command ? jobPath : componentPath ?? jobPath;
  const codeDir = asString(job.code) ?? asString(component.code) ?? '.';
  return {
    name,
    script: command.replace(/\$\{\{[^}]+\}\}/g, 'x'),
    workingDirectory: joinRepoPath(dirnameOf(base), codeDir) ?? dirnameOf(base),
  };
}

function isAzureMlPipelineJob(doc: YamlMap): boolean {
  const schema = asString(doc.$schema) ?? '';
  return (
    (/azureml/i.test(schema) && /pipelineJob/i.test(schema)) ||
    (doc.type === 'pipeline' && isMap(doc.jobs))
  );
}

/** A single command job (not a component, which has no compute of its own). */
function isAzureMlCommandJob(doc: YamlMap): boolean {
  const schema = asString(doc.$schema) ?? '';
  return (
    /commandJob/i.test(schema) ||
    (doc.type === 'command' &&
      typeof doc.command === 'string' &&
      (doc.compute !== undefined || doc.experiment_name !== undefined) &&
      !/component/i.test(schema))
  );
}

function azureMlYaml(p: PipelineFindings) {
  const jobActivities = new Map<string, CiActivity[]>();
  for (const file of p.files.yamlFiles()) {
    const doc = p.files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const name =
      asString(doc.display_name) ?? asString(doc.name) ?? basenameOf(file.path);
    if (isAzureMlPipelineJob(doc)) {
      const jobs = Object.entries(asMap(doc.jobs));
      const checked = checkStepScripts(
        jobs
          .map(([jobName, job]) =>
            azureMlJobStep(p.files, file.path, jobName, asMap(job)),
          )
          .filter((step): step is CommandStep => step !== undefined),
        p.files,
      );
      const analysis = analyzeSteps(checked.steps, p.files);
      p.findings.invokes(...analysis.invokedPaths);
      const activities: CiActivity[] = [...analysis.activities];
      if (jobs.some(([, job]) => asMap(job).type === 'sweep')) {
        activities.push('hyperparameter-tuning');
      }
      const evidenced = jobs
        .map(([jobName]) => jobName)
        .filter(jobName => !checked.unsupported.includes(jobName));
      if (
        p.pipeline({
          tool: 'azureml',
          path: file.path,
          name,
          steps: evidenced.length,
          stepNames: evidenced,
          activities,
          missingScripts: checked.missingScripts,
        })
      ) {
        jobActivities.set(file.path, activities);
      }
      if (isMap(doc.schedule) || isMap(doc.trigger)) {
        const cron =
          asString(getPath(doc, 'schedule.cron.expression')) ??
          asString(getPath(doc, 'trigger.expression')) ??
          'schedule';
        p.schedule('azureml', file.path, name, cron, activities);
      }
    } else if (isAzureMlCommandJob(doc)) {
      const step = azureMlJobStep(p.files, file.path, name, doc);
      const checked = checkStepScripts(step ? [step] : [], p.files);
      if (checked.unsupported.length) {
        p.findings.reject(
          'experiment-tracking',
          'azureml',
          file.path,
          `Azure ML command job ${code(name)} in ${
            file.path
          } runs ${listForHumans(
            checked.missingScripts,
          )}, which the repository does not contain`,
        );
        continue;
      }
      const analysis = analyzeSteps(checked.steps, p.files);
      p.findings.invokes(...analysis.invokedPaths);
      jobActivities.set(file.path, analysis.activities);
      p.findings.signal(
        'experiment-tracking',
        'azureml',
        file.path,
        `Azure ML command job ${code(name)} in ${
          file.path
        }: Azure ML records each run with its parameters, metrics, logs and outputs`,
        { job: name },
      );
    }
  }
  for (const file of p.files.yamlFiles()) {
    const doc = p.files.yamlMaps(file.path)[0];
    const schema = asString(doc?.$schema) ?? '';
    if (
      !doc ||
      !(
        (/azureml/i.test(schema) && /schedule/i.test(schema)) ||
        (isMap(doc.trigger) && isMap(doc.create_job ?? doc.create_monitor))
      )
    ) {
      continue;
    }
    const trigger = asMap(doc.trigger);
    const value =
      asString(trigger.expression) ??
      (trigger.frequency
        ? `every ${trigger.interval ?? 1} ${trigger.frequency}`
        : asString(trigger.type) ?? 'schedule');
    const createJob = doc.create_job;
    const target =
      typeof createJob === 'string'
        ? createJob
        : asString(asMap(createJob).job);
    const resolved = target
      ? p.files.resolve(
          dirnameOf(file.path),
          target.replace(/^(\.\/)?/, '').replace(/^file:/, ''),
        )
      : undefined;
    if (resolved) {
      p.findings.invokes(resolved);
    }
    // A schedule that creates a monitor runs no training; one that creates a job runs it.
    const activities =
      (!doc.create_monitor && resolved && jobActivities.get(resolved)) || [];
    p.schedule(
      'azureml',
      file.path,
      asString(doc.name) ?? basenameOf(file.path),
      value,
      activities,
    );
  }
}

/** The file a Databricks task runs, if the repository has it (notebook paths omit the extension). */
function databricksTaskFile(
  p: PipelineFindings,
  bundleDir: string,
  task: YamlMap,
): { path?: string; reference?: string } {
  const reference =
    asString(getPath(task, 'notebook_task.notebook_path')) ??
    asString(getPath(task, 'spark_python_task.python_file'));
  if (!reference || /^(\/|dbfs:|s3:|abfss?:|gs:)/.test(reference)) {
    return {};
  }
  const path = ['', '.py', '.ipynb']
    .map(ext => p.files.resolve(bundleDir, `${reference}${ext}`))
    .find(Boolean);
  return { path, reference };
}

function databricksBundles(p: PipelineFindings) {
  for (const file of p.files.yamlFiles()) {
    const doc = p.files.yamlMaps(file.path)[0];
    const jobs = asMap(getPath(doc, 'resources.jobs'));
    if (
      !doc ||
      Object.keys(jobs).length === 0 ||
      !(
        /databricks/.test(file.path) ||
        isMap(doc.bundle) ||
        file.text.includes('notebook_task') ||
        file.text.includes('spark_python_task') ||
        file.text.includes('python_wheel_task')
      )
    ) {
      continue;
    }
    for (const [id, raw] of Object.entries(jobs)) {
      const job = asMap(raw);
      const tasks = asArray(job.tasks).map(asMap);
      const name = asString(job.name) ?? id;
      const missing: string[] = [];
      const activities: CiActivity[] = [];
      for (const task of tasks) {
        if (task.dbt_task || task.pipeline_task) {
          activities.push('data-refresh');
        }
        const { path, reference } = databricksTaskFile(
          p,
          dirnameOf(file.path),
          task,
        );
        const source = path ? p.files.python(path) : undefined;
        if (path) {
          p.findings.invokes(path);
        }
        if (source) {
          activities.push(...stepWork(source));
        } else if (reference && !path) {
          missing.push(reference);
        }
      }
      const counted = p.pipeline({
        tool: 'databricks',
        path: file.path,
        name,
        steps: tasks.length,
        stepNames: tasks.map(t => asString(t.task_key) ?? ''),
        activities: unique(activities),
        missingScripts: missing,
      });
      const scheduled = counted ? unique(activities) : [];
      const cron = asString(getPath(job, 'schedule.quartz_cron_expression'));
      if (cron) {
        p.schedule('databricks', file.path, name, cron, scheduled);
      } else if (isMap(job.trigger) || isMap(job.continuous)) {
        p.schedule(
          'databricks',
          file.path,
          name,
          Object.keys(asMap(job.trigger)).join(', ') || 'continuous',
          scheduled,
          'event',
        );
      }
    }
  }
}

/** Prefect deployments (`prefect.yaml`): their schedules run the flow at the entrypoint. */
function prefectDeployments(p: PipelineFindings) {
  for (const file of p.files.named(/^prefect\.ya?ml$/)) {
    const doc = p.files.yamlMaps(file.path)[0];
    for (const raw of asArray(doc?.deployments)) {
      const deployment = asMap(raw);
      const [entryFile, flowFunction] = (
        asString(deployment.entrypoint) ?? ''
      ).split(':');
      const resolved = entryFile
        ? p.files.resolve(dirnameOf(file.path), entryFile)
        : undefined;
      if (resolved) {
        p.findings.invokes(resolved);
      }
      const entry = resolved ? p.files.python(resolved) : undefined;
      const flow = entry
        ? p.functions.resolve(entry, flowFunction ?? '')
        : undefined;
      const activities = resolved
        ? (flow
            ? p.activitiesOf(
                resolved,
                flowName(flow.fn.decorators, flow.fn.name),
              )
            : undefined) ??
          p.activitiesOf(resolved) ??
          []
        : [];
      const schedules = [
        ...asArray(deployment.schedules),
        ...(deployment.schedule ? [deployment.schedule] : []),
      ].map(asMap);
      for (const schedule of schedules) {
        const value =
          asString(schedule.cron) ??
          (schedule.interval
            ? `every ${schedule.interval}s`
            : asString(schedule.rrule));
        if (value) {
          p.schedule(
            'prefect',
            file.path,
            asString(deployment.name) ?? 'deployment',
            value,
            activities,
          );
        }
      }
    }
  }
}

/** The name a Prefect flow is recorded under: `@flow(name=...)` or the function's. */
function flowName(decorators: string[], fallback: string): string {
  const decorator = decorators.find(d => /^prefect\.flow\b/.test(d)) ?? '';
  return decorator.match(/\bname\s*=\s*["']([^"']+)["']/)?.[1] ?? fallback;
}

/**
 * ZenML run configuration files: a `model:` section runs the pipeline under a ZenML Model,
 * so each run creates or updates a model version (Model Control Plane).
 */
function zenmlConfigs(p: PipelineFindings) {
  if (!p.files.pythonSources().some(source => source.importsModule('zenml'))) {
    return;
  }
  for (const file of p.files.yamlFiles()) {
    if (!/^model\s*:/m.test(file.text)) {
      continue;
    }
    const doc = p.files.yamlMaps(file.path)[0];
    const model = asMap(doc?.model);
    const name = asString(model.name);
    const zenmlKeys = [
      'steps',
      'parameters',
      'settings',
      'enable_cache',
      'run_name',
      'schedule',
      'extra',
      'enable_step_logs',
    ];
    if (!doc || !name || !zenmlKeys.some(key => key in doc)) {
      continue;
    }
    const version = asString(model.version) ?? String(model.version ?? '');
    p.findings.signal(
      'model-registration',
      'zenml',
      file.path,
      `ZenML run configuration ${
        file.path
      } runs the pipeline under ZenML Model ${code(name)}${
        version ? ` (version ${code(version)})` : ''
      }: each run records its artifacts and metadata as a model version (Model Control Plane)`,
      { model: name, version: version || null },
    );
  }
}

/** ML pipelines defined in Python, by framework; definitions in notebooks are reported, not counted. */
function pythonPipelines(p: PipelineFindings) {
  const sources = servicePythonSources(p.files);
  const runner = sources.some(submitsToVertex) ? 'vertex-ai' : 'kubeflow';
  for (const source of sources) {
    p.notebook = extensionOf(source.path) === 'ipynb' ? source.path : undefined;
    kubeflowPipelines(p, source, runner);
    tfxPipelines(p, source);
    sagemakerPipelines(p, source);
    stepFunctionsWorkflows(p, source);
    azureMlPipelines(p, source);
    zenmlPipelines(p, source);
    prefectFlows(p, source);
    metaflowFlows(p, source);
    airflowDags(p, source);
    dagsterJobs(p, source);
    flyteWorkflows(p, source);
  }
  // Submitters and launch plans run pipelines defined in other files.
  for (const source of sources) {
    p.notebook = extensionOf(source.path) === 'ipynb' ? source.path : undefined;
    vertexSubmissions(p, source);
    flyteLaunchPlans(p, source);
  }
  p.notebook = undefined;
  kedroPipelines(
    p,
    sources.filter(source => extensionOf(source.path) === 'py'),
  );
}

/** ML pipeline definitions of every supported orchestrator, with their schedules. */
export function detectPipelines(files: RepoFileSet): DetectorResult {
  const p = new PipelineFindings(files);
  dvcPipelines(p);
  mlflowProjects(p);
  kubeflowCompiled(p);
  kubernetesPipelines(p);
  azureMlYaml(p);
  databricksBundles(p);
  pythonPipelines(p);
  prefectDeployments(p);
  zenmlConfigs(p);
  return p.findings.result();
}
