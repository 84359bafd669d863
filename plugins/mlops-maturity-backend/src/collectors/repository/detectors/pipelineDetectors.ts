import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
} from '../parsing/paths';
import {
  callStatements,
  keywordArgument,
  PythonFunction,
  PythonSource,
  stringLiteral,
} from '../parsing/python';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  getPath,
  isMap,
} from '../parsing/yaml';
import { analyzeSteps, CiStep, pythonActivities } from './ci/ciActivities';
import { code, DetectorResult, Findings, listForHumans } from './types';

const TFX_COMPONENTS =
  /\b(CsvExampleGen|ImportExampleGen|BigQueryExampleGen|FileBasedExampleGen|StatisticsGen|SchemaGen|ImportSchemaGen|ExampleValidator|Transform|Trainer|Tuner|Evaluator|InfraValidator|Pusher|BulkInferrer)\s*\(/g;
const SAGEMAKER_STEPS =
  /\b(ProcessingStep|TrainingStep|TuningStep|ModelStep|CreateModelStep|RegisterModel|TransformStep|ConditionStep|FailStep|LambdaStep|CallbackStep|QualityCheckStep|ClarifyCheckStep|EMRStep|NotebookJobStep|AutoMLStep)\s*\(/g;

function hasDecorator(fn: PythonFunction, pattern: RegExp): boolean {
  return fn.decorators.some(decorator => pattern.test(decorator));
}

function decoratorName(fn: PythonFunction, pattern: RegExp): string {
  const decorator = fn.decorators.find(d => pattern.test(d)) ?? '';
  return stringLiteral(keywordArgument(decorator, 'name')) ?? fn.name;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** A cron or interval given to a scheduler, or undefined when it means "never". */
function scheduleValue(raw: string | undefined): string | undefined {
  if (!raw) {
    return undefined;
  }
  const value = raw.trim();
  if (/^(None|null|"@once"|'@once'|"None"|'None')$/.test(value)) {
    return undefined;
  }
  return stringLiteral(value) ?? value;
}

class PipelineFindings {
  readonly findings = new Findings();
  constructor(readonly files: RepoFileSet) {}

  pipeline(
    tool: string,
    path: string,
    name: string,
    steps: number | null,
    stepNames: string[],
    extra: Record<string, string | number | boolean | string[] | null> = {},
    activities: CiActivity[] = [],
  ) {
    // A pipeline named after its folder at the repository root has no name worth showing.
    const label = `${toolLabel(tool)} pipeline${
      name === '.' ? '' : ` ${code(name)}`
    } in ${path}`;
    if (steps === 0) {
      this.findings.reject('pipeline', tool, path, `${label} defines no steps`);
      return;
    }
    const stepText =
      steps === null
        ? ''
        : ` with ${steps} step${steps === 1 ? '' : 's'}${
            stepNames.length ? ` (${listForHumans(stepNames, 6)})` : ''
          }`;
    this.findings.signal('pipeline', tool, path, `${label}${stepText}`, {
      framework: tool,
      name,
      steps,
      stepNames: stepNames.slice(0, 20),
      activities,
      ...extra,
    });
  }

  schedule(
    tool: string,
    path: string,
    target: string,
    value: string,
    activities: CiActivity[],
    trigger: 'cron' | 'event' = 'cron',
  ) {
    const what =
      trigger === 'event'
        ? `is triggered by ${code(value)}`
        : `runs on schedule ${code(value)}`;
    this.findings.signal(
      'schedule',
      tool,
      path,
      `${toolLabel(tool)} ${code(target)} in ${path} ${what}`,
      {
        trigger,
        schedule: value,
        target,
        activities,
      },
    );
  }
}

const TOOL_LABELS: Record<string, string> = {
  dvc: 'DVC',
  kubeflow: 'Kubeflow',
  tfx: 'TFX',
  'vertex-ai': 'Vertex AI',
  sagemaker: 'SageMaker',
  azureml: 'Azure ML',
  zenml: 'ZenML',
  airflow: 'Airflow',
  metaflow: 'Metaflow',
  prefect: 'Prefect',
  dagster: 'Dagster',
  kedro: 'Kedro',
  'mlflow-projects': 'MLflow Project',
  'argo-workflows': 'Argo Workflows',
  tekton: 'Tekton',
  databricks: 'Databricks',
};

function toolLabel(tool: string): string {
  return TOOL_LABELS[tool] ?? tool;
}

function dvcPipelines(p: PipelineFindings) {
  for (const file of p.files.named(/^dvc\.ya?ml$/)) {
    const doc = p.files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const dir = dirnameOf(file.path);
    const stages = asMap(doc.stages);
    const names = Object.keys(stages);
    const steps: CiStep[] = [];
    const metricStages: string[] = [];
    const paramStages: string[] = [];
    for (const [name, raw] of Object.entries(stages)) {
      const stage = asMap(isMap(asMap(raw).do) ? asMap(raw).do : raw);
      const wdir = joinRepoPath(dir, asString(stage.wdir) ?? '.') ?? dir;
      for (const command of asStrings(stage.cmd)) {
        steps.push({ script: command, workingDirectory: wdir });
      }
      if (asArray(stage.metrics).length) {
        metricStages.push(name);
      }
      if (asArray(stage.params).length) {
        paramStages.push(name);
      }
    }
    const analysis = analyzeSteps(steps, p.files);
    p.findings.invokes(...analysis.invokedPaths);
    p.pipeline(
      'dvc',
      file.path,
      dir || '.',
      names.length,
      names,
      {},
      analysis.activities,
    );
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
    const steps = Object.values(entryPoints)
      .map(entry => asString(asMap(entry).command))
      .filter((command): command is string => Boolean(command))
      .map(command => ({
        script: command.replace(/\{[^}]+\}/g, 'x'),
        workingDirectory: dir,
      }));
    const analysis = analyzeSteps(steps, p.files);
    p.findings.invokes(...analysis.invokedPaths);
    p.pipeline(
      'mlflow-projects',
      file.path,
      asString(doc.name) ?? (dir || 'MLproject'),
      Object.keys(entryPoints).length,
      Object.keys(entryPoints),
      {},
      analysis.activities,
    );
  }
}

function compiledPipelineSteps(
  doc: unknown,
): { steps: number; names: string[] } | undefined {
  const tasks = getPath(doc, 'root.dag.tasks');
  if (isMap(getPath(doc, 'pipelineInfo')) && isMap(tasks)) {
    return { steps: Object.keys(tasks).length, names: Object.keys(tasks) };
  }
  return undefined;
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
        p.pipeline(
          'kubeflow',
          file.path,
          name,
          compiled.steps,
          compiled.names,
          { compiled: true },
        );
      }
    }
  }
}

/** Argo Workflows (and Kubeflow v1 compiled pipelines), Tekton, Kubeflow recurring runs. */
function kubernetesPipelines(p: PipelineFindings) {
  for (const file of p.files.yamlFiles()) {
    for (const doc of p.files.yamlMaps(file.path)) {
      const kind = asString(doc.kind);
      const apiVersion = asString(doc.apiVersion) ?? '';
      const name =
        asString(getPath(doc, 'metadata.name')) ??
        asString(getPath(doc, 'metadata.generateName')) ??
        kind ??
        '';
      if (
        /^argoproj\.io\//.test(apiVersion) &&
        (kind === 'Workflow' ||
          kind === 'WorkflowTemplate' ||
          kind === 'CronWorkflow')
      ) {
        const spec = asMap(
          kind === 'CronWorkflow'
            ? getPath(doc, 'spec.workflowSpec')
            : doc.spec,
        );
        const templates = asArray(spec.templates).map(asMap);
        const workTemplates = templates.filter(
          t => t.container || t.script || t.resource || t.containerSet,
        );
        const annotations = asMap(getPath(doc, 'metadata.annotations'));
        const isKubeflow = Object.keys(annotations).some(key =>
          key.startsWith('pipelines.kubeflow.org/'),
        );
        p.pipeline(
          isKubeflow ? 'kubeflow' : 'argo-workflows',
          file.path,
          name,
          workTemplates.length,
          workTemplates.map(t => asString(t.name) ?? ''),
        );
        if (kind === 'CronWorkflow') {
          const schedule =
            asString(getPath(doc, 'spec.schedule')) ??
            asStrings(getPath(doc, 'spec.schedules')).join(', ');
          p.schedule('argo-workflows', file.path, name, schedule, []);
        }
      } else if (/^tekton\.dev\//.test(apiVersion) && kind === 'Pipeline') {
        const tasks = asArray(getPath(doc, 'spec.tasks')).map(asMap);
        p.pipeline(
          'tekton',
          file.path,
          name,
          tasks.length,
          tasks.map(t => asString(t.name) ?? ''),
        );
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

/**
 * The command an Azure ML pipeline job runs, in its `code` folder; a job may take both
 * from a component file.
 */
function azureMlJobSteps(
  files: RepoFileSet,
  pipelinePath: string,
  job: Record<string, unknown>,
): CiStep[] {
  const componentFile = asString(job.component)?.replace(/^file:/, '');
  const componentPath = componentFile
    ? files.resolve(dirnameOf(pipelinePath), componentFile)
    : undefined;
  const component = componentPath ? files.yamlMaps(componentPath)[0] ?? {} : {};
  const command = asString(job.command) ?? asString(component.command);
  if (!command) {
    return [];
  }
  const base = job.command ? pipelinePath : componentPath ?? pipelinePath;
  const codeDir = asString(job.code) ?? asString(component.code) ?? '.';
  const workingDirectory =
    joinRepoPath(dirnameOf(base), codeDir) ?? dirnameOf(base);
  return [
    { script: command.replace(/\$\{\{[^}]+\}\}/g, 'x'), workingDirectory },
  ];
}

function azureMlYaml(p: PipelineFindings) {
  for (const file of p.files.yamlFiles()) {
    const doc = p.files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const schema = asString(doc.$schema) ?? '';
    const azureMl = /azureml/i.test(schema);
    if (
      (azureMl && /pipelineJob/i.test(schema)) ||
      (doc.type === 'pipeline' && isMap(doc.jobs))
    ) {
      const jobs = asMap(doc.jobs);
      const steps = Object.values(jobs).flatMap(job =>
        azureMlJobSteps(p.files, file.path, asMap(job)),
      );
      const analysis = analyzeSteps(steps, p.files);
      p.findings.invokes(...analysis.invokedPaths);
      const activities: CiActivity[] = [...analysis.activities];
      if (Object.values(jobs).some(job => asMap(job).type === 'sweep')) {
        activities.push('hyperparameter-tuning');
      }
      const name =
        asString(doc.display_name) ??
        asString(doc.name) ??
        basenameOf(file.path);
      p.pipeline(
        'azureml',
        file.path,
        name,
        Object.keys(jobs).length,
        Object.keys(jobs),
        {},
        activities,
      );
      if (isMap(doc.schedule) || isMap(doc.trigger)) {
        const cron =
          asString(getPath(doc, 'schedule.cron.expression')) ??
          asString(getPath(doc, 'trigger.expression')) ??
          'schedule';
        p.schedule('azureml', file.path, name, cron, ['train']);
      }
    } else if (
      (azureMl && /schedule/i.test(schema)) ||
      (isMap(doc.trigger) && isMap(doc.create_job ?? doc.create_monitor))
    ) {
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
          : asString(asMap(createJob).job) ?? asString(doc.name) ?? file.path;
      const activities: CiActivity[] = doc.create_monitor ? [] : ['train'];
      p.schedule(
        'azureml',
        file.path,
        asString(doc.name) ?? basenameOf(file.path),
        value,
        activities,
      );
      if (typeof target === 'string') {
        const resolved = p.files.resolve(
          dirnameOf(file.path),
          target.replace(/^(\.\/)?/, '').replace(/^file:/, ''),
        );
        if (resolved) {
          p.findings.invokes(resolved);
        }
      }
    }
  }
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
      p.pipeline(
        'databricks',
        file.path,
        name,
        tasks.length,
        tasks.map(t => asString(t.task_key) ?? ''),
      );
      const cron = asString(getPath(job, 'schedule.quartz_cron_expression'));
      if (cron) {
        p.schedule('databricks', file.path, name, cron, []);
      } else if (isMap(job.trigger) || isMap(job.continuous)) {
        p.schedule(
          'databricks',
          file.path,
          name,
          Object.keys(asMap(job.trigger)).join(', ') || 'continuous',
          [],
          'event',
        );
      }
    }
  }
}

function prefectDeployments(p: PipelineFindings) {
  for (const file of p.files.named(/^prefect\.ya?ml$/)) {
    const doc = p.files.yamlMaps(file.path)[0];
    for (const raw of asArray(doc?.deployments)) {
      const deployment = asMap(raw);
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
            [],
          );
        }
      }
      const entrypoint = asString(deployment.entrypoint)?.split(':')[0];
      const resolved = entrypoint
        ? p.files.resolve(dirnameOf(file.path), entrypoint)
        : undefined;
      if (resolved) {
        p.findings.invokes(resolved);
      }
    }
  }
}

function airflowSteps(source: PythonSource): {
  count: number;
  names: string[];
} {
  const operators = [
    ...source.code.matchAll(/\b(\w*(?:Operator|Sensor))\s*\(/g),
  ].map(m => m[1]);
  const taskFunctions = source
    .functions()
    .filter(fn => hasDecorator(fn, /^airflow\.(decorators|sdk)\.task\b/));
  const taskIds = [
    ...source.code.matchAll(/\btask_id\s*=\s*["']([^"']+)["']/g),
  ].map(m => m[1]);
  return {
    count: operators.length + taskFunctions.length,
    names: unique([...taskIds, ...taskFunctions.map(fn => fn.name)]),
  };
}

function airflowCommands(source: PythonSource): CiStep[] {
  const steps: CiStep[] = [];
  for (const match of source.code.matchAll(
    /\bbash_command\s*=\s*(["'])(.+?)\1/g,
  )) {
    steps.push({ script: match[2] });
  }
  for (const match of source.code.matchAll(
    /\b(?:cmds|arguments)\s*=\s*\[([^\]]*)\]/g,
  )) {
    const words = [...match[1].matchAll(/["']([^"']*)["']/g)].map(m => m[1]);
    if (words.length) {
      steps.push({ script: words.join(' ') });
    }
  }
  return steps;
}

function pythonPipelines(p: PipelineFindings) {
  const vertexSubmitters = new Set<string>();
  for (const source of p.files.pythonSources()) {
    if (
      source.importsModule('google.cloud.aiplatform') &&
      /\bgoogle\.cloud\.aiplatform\.PipelineJob\s*\(/.test(source.code)
    ) {
      vertexSubmitters.add(source.path);
    }
  }
  for (const source of p.files.pythonSources()) {
    const path = source.path;
    const functions = source.functions();
    const activities = pythonActivities(source);

    if (source.importsModule('kfp')) {
      for (const fn of functions.filter(f =>
        hasDecorator(f, /^kfp(\.v2)?\.dsl\.pipeline\b/),
      )) {
        const calls = callStatements(fn.body);
        p.pipeline(
          'kubeflow',
          path,
          decoratorName(fn, /^kfp(\.v2)?\.dsl\.pipeline\b/),
          calls.length,
          stepNamesOf(calls),
          {
            runner: vertexSubmitters.size ? 'vertex-ai' : 'kubeflow',
          },
          activities,
        );
      }
      if (/\.create_recurring_run\s*\(/.test(source.code)) {
        const cron =
          stringLiteral(keywordArgument(source.code, 'cron_expression')) ??
          'recurring run';
        p.schedule('kubeflow', path, 'recurring run', cron, ['train']);
      }
    }
    if (vertexSubmitters.has(path)) {
      const template = stringLiteral(
        keywordArgument(source.code, 'template_path'),
      );
      const templatePath = template
        ? p.files.resolve(dirnameOf(path), template)
        : undefined;
      const compiled = templatePath
        ? compiledPipelineSteps(
            extensionOf(templatePath) === 'json'
              ? p.files.json(templatePath)
              : p.files.yaml(templatePath)[0],
          )
        : undefined;
      const name =
        stringLiteral(keywordArgument(source.code, 'display_name')) ??
        template ??
        'pipeline job';
      p.pipeline(
        'vertex-ai',
        path,
        name,
        compiled?.steps ?? null,
        compiled?.names ?? [],
        { submits: template ?? null },
        activities,
      );
      if (
        /\.create_schedule\s*\(|\bPipelineJobSchedule\s*\(/.test(source.code)
      ) {
        p.schedule(
          'vertex-ai',
          path,
          name,
          stringLiteral(keywordArgument(source.code, 'cron')) ?? 'schedule',
          ['train'],
        );
      }
    }
    if (
      source.importsModule('tfx') &&
      /\btfx\.[\w.]*Pipeline\s*\(|\bpipeline\.Pipeline\s*\(/.test(source.code)
    ) {
      const components = [...source.code.matchAll(TFX_COMPONENTS)].map(
        m => m[1],
      );
      p.pipeline(
        'tfx',
        path,
        stringLiteral(keywordArgument(source.code, 'pipeline_name')) ??
          basenameOf(path),
        components.length,
        unique(components),
        {},
        activities,
      );
      if (components.includes('ExampleValidator')) {
        p.findings.signal(
          'data-validation',
          'tfx',
          path,
          `TFX pipeline in ${path} validates examples with ExampleValidator`,
          { runByPipeline: true },
        );
      }
      if (
        components.includes('SchemaGen') ||
        components.includes('ImportSchemaGen')
      ) {
        p.findings.signal(
          'data-schema',
          'tfx',
          path,
          `TFX pipeline in ${path} derives a data schema with SchemaGen`,
          {},
        );
      }
      if (components.includes('Tuner')) {
        p.findings.signal(
          'hyperparameter-tuning',
          'tfx',
          path,
          `TFX pipeline in ${path} tunes hyperparameters with the Tuner component`,
          {
            runByPipeline: true,
          },
        );
      }
    }
    if (
      source.importsModule('sagemaker') &&
      /\bsagemaker\.workflow\.pipeline\.Pipeline\s*\(/.test(source.code)
    ) {
      const steps = [...source.code.matchAll(SAGEMAKER_STEPS)].map(m => m[1]);
      const functionSteps = functions.filter(fn =>
        hasDecorator(fn, /^sagemaker\.workflow\.function_step\.step\b/),
      );
      const call =
        source.code.match(
          /\bsagemaker\.workflow\.pipeline\.Pipeline\s*\(.*/,
        )?.[0] ?? '';
      const name =
        stringLiteral(keywordArgument(call, 'name')) ?? basenameOf(path);
      p.pipeline(
        'sagemaker',
        path,
        name,
        steps.length + functionSteps.length,
        unique([...steps, ...functionSteps.map(f => f.name)]),
        {},
        activities,
      );
      if (/\bPipelineSchedule\s*\(/.test(source.code)) {
        p.schedule(
          'sagemaker',
          path,
          name,
          stringLiteral(keywordArgument(source.code, 'cron')) ?? 'schedule',
          ['train'],
        );
      }
    }
    if (source.importsModule('azure.ai.ml')) {
      for (const fn of functions.filter(f =>
        hasDecorator(f, /^azure\.ai\.ml\.dsl\.pipeline\b/),
      )) {
        const calls = callStatements(fn.body);
        p.pipeline(
          'azureml',
          path,
          decoratorName(fn, /^azure\.ai\.ml\.dsl\.pipeline\b/),
          calls.length,
          stepNamesOf(calls),
          {},
          activities,
        );
      }
    }
    if (source.importsModule('zenml')) {
      for (const fn of functions.filter(f =>
        hasDecorator(f, /^zenml(\.pipelines)?\.pipeline\b/),
      )) {
        const calls = callStatements(fn.body);
        p.pipeline(
          'zenml',
          path,
          decoratorName(fn, /^zenml(\.pipelines)?\.pipeline\b/),
          calls.length,
          stepNamesOf(calls),
          {},
          activities,
        );
      }
      const cron = stringLiteral(
        keywordArgument(source.code, 'cron_expression'),
      );
      if (cron && /\bSchedule\s*\(/.test(source.code)) {
        p.schedule('zenml', path, basenameOf(path), cron, ['train']);
      }
    }
    if (source.importsModule('prefect')) {
      for (const fn of functions.filter(f =>
        hasDecorator(f, /^prefect\.flow\b/),
      )) {
        const calls = callStatements(fn.body);
        p.pipeline(
          'prefect',
          path,
          decoratorName(fn, /^prefect\.flow\b/),
          calls.length,
          stepNamesOf(calls),
          {},
          activities,
        );
      }
      const cron = stringLiteral(keywordArgument(source.code, 'cron'));
      if (cron && /\.(serve|deploy)\s*\(/.test(source.code)) {
        p.schedule('prefect', path, basenameOf(path), cron, activities);
      }
    }
    if (source.importsModule('metaflow')) {
      for (const flow of source
        .classes()
        .filter(c => c.bases.some(base => /^metaflow\.FlowSpec$/.test(base)))) {
        const stepNames = functions
          .filter(
            fn =>
              fn.className === flow.name &&
              hasDecorator(fn, /^metaflow\.step\b/),
          )
          .map(fn => fn.name);
        p.pipeline(
          'metaflow',
          path,
          flow.name,
          stepNames.length,
          stepNames,
          {},
          activities,
        );
        const schedule = flow.decorators.find(d =>
          /^metaflow\.(schedule|trigger|trigger_on_finish)\b/.test(d),
        );
        if (schedule) {
          const event = /trigger/.test(schedule);
          const value =
            stringLiteral(keywordArgument(schedule, 'cron')) ??
            schedule.replace(/^metaflow\./, '@');
          p.schedule(
            'metaflow',
            path,
            flow.name,
            value,
            activities,
            event ? 'event' : 'cron',
          );
        }
      }
    }
    if (source.importsModule('airflow')) {
      const dagCall = /\bairflow\.(models\.(dag\.)?|sdk\.)?DAG\s*\(/.test(
        source.code,
      );
      const dagFunctions = functions.filter(fn =>
        hasDecorator(fn, /^airflow\.(decorators|sdk)\.dag\b/),
      );
      if (dagCall || dagFunctions.length) {
        const dagDecorator =
          dagFunctions[0]?.decorators.find(d =>
            /^airflow\.(decorators|sdk)\.dag\b/.test(d),
          ) ?? '';
        const dagText = dagCall ? source.code : dagDecorator;
        const dagId =
          stringLiteral(keywordArgument(dagText, 'dag_id')) ??
          stringLiteral(
            source.code.match(/\bDAG\s*\(\s*(["'][^"']+["'])/)?.[1],
          ) ??
          dagFunctions[0]?.name ??
          basenameOf(path);
        const steps = airflowSteps(source);
        const commands = analyzeSteps(airflowCommands(source), p.files);
        p.findings.invokes(...commands.invokedPaths);
        const dagActivities = unique([...activities, ...commands.activities]);
        p.pipeline(
          'airflow',
          path,
          dagId,
          steps.count,
          steps.names,
          {},
          dagActivities,
        );
        const raw =
          keywordArgument(dagText, 'schedule') ??
          keywordArgument(dagText, 'schedule_interval') ??
          keywordArgument(dagText, 'timetable');
        const value = scheduleValue(raw);
        if (value && steps.count > 0) {
          const event = /\b(Dataset|Asset)\s*\(|^\[/.test(value);
          p.schedule(
            'airflow',
            path,
            dagId,
            value,
            dagActivities,
            event ? 'event' : 'cron',
          );
        }
      }
    }
    if (source.importsModule('dagster')) {
      const assets = functions.filter(fn =>
        hasDecorator(fn, /^dagster\.(asset|op|multi_asset)\b/),
      );
      const jobs = functions.filter(fn =>
        hasDecorator(fn, /^dagster\.(job|graph)\b/),
      );
      if (
        assets.length ||
        jobs.length ||
        /\bdagster\.define_asset_job\s*\(/.test(source.code)
      ) {
        p.pipeline(
          'dagster',
          path,
          jobs[0]?.name ?? basenameOf(path),
          assets.length,
          assets.map(fn => fn.name),
          {},
          activities,
        );
      }
      const cron = stringLiteral(keywordArgument(source.code, 'cron_schedule'));
      if (cron) {
        p.schedule('dagster', path, basenameOf(path), cron, activities);
      }
    }
    if (
      source.importsModule('kedro') &&
      /\bkedro\.pipeline\.(modular_pipeline\.)?pipeline\s*\(|\bkedro\.pipeline\.Pipeline\s*\(/.test(
        source.code,
      )
    ) {
      const nodes = [
        ...source.code.matchAll(/\bkedro\.pipeline\.(node\.)?node\s*\(/g),
      ];
      const names = [
        ...source.code.matchAll(/\bname\s*=\s*["']([^"']+)["']/g),
      ].map(m => m[1]);
      p.pipeline(
        'kedro',
        path,
        basenameOf(dirnameOf(path)) || basenameOf(path),
        nodes.length,
        names,
        {},
        activities,
      );
    }
  }
}

/** Names of the steps a pipeline body calls (`train_op(...)` gives `train_op`). */
function stepNamesOf(calls: string[]): string[] {
  return unique(
    calls
      .map(
        call =>
          call.replace(/^[\w.\s,]+=\s*/, '').match(/^([\w.]+)\s*\(/)?.[1] ?? '',
      )
      .filter(Boolean)
      .map(name => name.split('.').pop()!),
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
  prefectDeployments(p);
  pythonPipelines(p);
  return p.findings.result();
}
