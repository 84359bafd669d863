import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
} from '../../parsing/paths';
import {
  keywordArgument,
  PythonSource,
  stringLiteral,
} from '../../parsing/python';
import { asString, getPath, isMap } from '../../parsing/yaml';
import { analyzeSteps } from '../ci/ciActivities';
import { stepWork } from '../python/pythonSteps';
import { code, listForHumans } from '../types';
import { bodySteps } from './pipelineSteps';
import {
  decoratorName,
  hasDecorator,
  PipelineFindings,
  unique,
} from './pipelineFindings';
import { checkStepScripts, CommandStep } from './stepScripts';

/** The DAG of a compiled Kubeflow / Vertex AI pipeline (`pipelineInfo` + `root.dag.tasks`). */
export function compiledPipelineSteps(
  doc: unknown,
): { steps: number; names: string[] } | undefined {
  const tasks = getPath(doc, 'root.dag.tasks');
  if (isMap(getPath(doc, 'pipelineInfo')) && isMap(tasks)) {
    return { steps: Object.keys(tasks).length, names: Object.keys(tasks) };
  }
  return undefined;
}

/** Every run of a Kubeflow/TFX pipeline is recorded in ML Metadata: a tracked run. */
function mlMetadataTracking(
  p: PipelineFindings,
  framework: string,
  path: string,
  name: string,
) {
  p.findings.signal(
    'experiment-tracking',
    'ml-metadata',
    path,
    `Every run of ${framework} pipeline ${code(
      name,
    )} in ${path} is recorded in ML Metadata with its parameters, artifacts and their lineage`,
    { pipeline: name, framework },
  );
}

/** Scripts a Python pipeline definition hands to its steps (`code=`, `entry_point=`, `script=`). */
function referencedScripts(
  p: PipelineFindings,
  source: PythonSource,
): { found: string[]; missing: string[] } {
  const dir = dirnameOf(source.path);
  const sourceDirs = [
    ...source.code.matchAll(/\bsource_dir\s*=\s*["']([^"']+)["']/g),
  ].map(m => joinRepoPath(dir, m[1]) ?? dir);
  const found: string[] = [];
  const missing: string[] = [];
  for (const match of source.code.matchAll(
    /\b(?:code|entry_point|script|script_name)\s*=\s*(?:[\w.]+\(\s*[\w.]+\s*,\s*)?["']([^"'$%{}]+\.(?:py|sh|R))["']/g,
  )) {
    const script = match[1];
    const resolved = [dir, ...sourceDirs]
      .map(base => p.files.resolve(base, script))
      .find(Boolean);
    if (resolved) {
      found.push(resolved);
    } else {
      missing.push(script);
    }
  }
  return { found: unique(found), missing: unique(missing) };
}

/** The work of the repository scripts a definition references. */
function scriptsWork(p: PipelineFindings, scripts: string[]): CiActivity[] {
  p.findings.invokes(...scripts);
  return unique(
    scripts.flatMap(path => {
      const script = p.files.python(path);
      return script ? stepWork(script) : [];
    }),
  );
}

const KFP_PIPELINE = /^kfp(\.v2)?\.dsl\.pipeline\b/;
const KFP_CONTROL_FLOW =
  /^kfp(\.v2)?\.dsl\.(Condition|If|Elif|Else|ParallelFor|ExitHandler|Collected|OneOf)$/;

/** Kubeflow Pipelines (`@dsl.pipeline`), run on Kubeflow or submitted to Vertex AI. */
export function kubeflowPipelines(
  p: PipelineFindings,
  source: PythonSource,
  runner: 'kubeflow' | 'vertex-ai',
) {
  if (!source.importsModule('kfp')) {
    return;
  }
  for (const fn of source
    .functions()
    .filter(f => hasDecorator(f, KFP_PIPELINE))) {
    const name = decoratorName(fn, KFP_PIPELINE);
    const steps = bodySteps(p.functions, source, fn.body, {
      // Components are decorated; plain functions run while the pipeline is compiled.
      isStep: f => f.decorators.length > 0,
      external: 'all',
      frameworkApi: KFP_CONTROL_FLOW,
    });
    const counted = p.pipeline({
      tool: 'kubeflow',
      path: source.path,
      name,
      steps: steps.count,
      stepNames: steps.names,
      activities: unique([...stepWork(source), ...steps.work]),
      extra: { runner },
    });
    if (counted) {
      mlMetadataTracking(p, 'Kubeflow', source.path, name);
      compiledPackages(source, fn.name).forEach(pkg =>
        p.compiledAs(pkg, p.activitiesOf(source.path, name) ?? []),
      );
    }
  }
  if (/\.create_recurring_run\s*\(/.test(source.code)) {
    const cron =
      stringLiteral(keywordArgument(source.code, 'cron_expression')) ??
      'recurring run';
    p.schedule('kubeflow', source.path, 'recurring run', cron, ['train']);
  }
}

/** The files `Compiler().compile(pipeline_func, package_path)` writes a pipeline function to. */
function compiledPackages(
  source: PythonSource,
  pipelineFunction: string,
): string[] {
  return source.lines
    .map(line => line.text)
    .filter(
      text =>
        /\.compile\s*\(/.test(text) &&
        new RegExp(`\\b${pipelineFunction}\\b`).test(text),
    )
    .map(
      text =>
        stringLiteral(keywordArgument(text, 'package_path')) ??
        stringLiteral(text.match(/,\s*(["'][^"']+\.(?:json|ya?ml)["'])/)?.[1]),
    )
    .filter((pkg): pkg is string => Boolean(pkg))
    .map(pkg => basenameOf(pkg));
}

const VERTEX_PIPELINE_JOB =
  /\bgoogle\.cloud\.aiplatform\.(pipeline_jobs\.)?PipelineJob\s*\(/;

/** Whether the file submits a compiled pipeline to Vertex AI Pipelines. */
export function submitsToVertex(source: PythonSource): boolean {
  return (
    source.importsModule('google.cloud.aiplatform') &&
    VERTEX_PIPELINE_JOB.test(source.code)
  );
}

/** A compiled pipeline submitted to Vertex AI with `aiplatform.PipelineJob`. */
export function vertexSubmissions(p: PipelineFindings, source: PythonSource) {
  if (!submitsToVertex(source)) {
    return;
  }
  const path = source.path;
  const template = stringLiteral(keywordArgument(source.code, 'template_path'));
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
  p.pipeline({
    tool: 'vertex-ai',
    path,
    name,
    steps: compiled?.steps ?? null,
    stepNames: compiled?.names ?? [],
    // What the submitted pipeline does, when the repository compiles it to that file.
    activities: unique([
      ...stepWork(source),
      ...(template ? p.compiledActivities(basenameOf(template)) : []),
    ]),
    extra: { submits: template ?? null },
  });
  if (/\.create_schedule\s*\(|\bPipelineJobSchedule\s*\(/.test(source.code)) {
    p.schedule(
      'vertex-ai',
      path,
      name,
      stringLiteral(keywordArgument(source.code, 'cron')) ?? 'schedule',
      ['train'],
    );
  }
}

const TFX_COMPONENTS =
  /\b(CsvExampleGen|ImportExampleGen|BigQueryExampleGen|FileBasedExampleGen|StatisticsGen|SchemaGen|ImportSchemaGen|ExampleValidator|Transform|Trainer|Tuner|Evaluator|InfraValidator|Pusher|BulkInferrer)\s*\(/g;
const TFX_WORK: Record<string, CiActivity> = {
  ExampleValidator: 'data-validation',
  Tuner: 'hyperparameter-tuning',
  Trainer: 'train',
  Evaluator: 'evaluate-model',
  Pusher: 'register-model',
};
/** Pushers that serve the model on Vertex AI / AI Platform rather than copy it to a directory. */
const TFX_CLOUD_PUSHER =
  /\bgoogle_cloud_ai_platform\.(pusher\.component\.)?Pusher\s*\(|\bSERVING_ARGS_KEY\b/;

/** TFX pipelines: their standard components say what they do. */
export function tfxPipelines(p: PipelineFindings, source: PythonSource) {
  if (
    !source.importsModule('tfx') ||
    !/\btfx\.[\w.]*Pipeline\s*\(/.test(source.code)
  ) {
    return;
  }
  const path = source.path;
  const components = unique(
    [...source.code.matchAll(TFX_COMPONENTS)].map(m => m[1]),
  );
  const count = [...source.code.matchAll(TFX_COMPONENTS)].length;
  const cloudPusher = TFX_CLOUD_PUSHER.test(source.code);
  const activities = unique([
    ...components.map(c => TFX_WORK[c]).filter(Boolean),
    ...(cloudPusher ? (['deploy'] as CiActivity[]) : []),
  ]);
  const name =
    stringLiteral(keywordArgument(source.code, 'pipeline_name')) ??
    basenameOf(path);
  if (
    !p.pipeline({
      tool: 'tfx',
      path,
      name,
      steps: count,
      stepNames: components,
      activities,
    })
  ) {
    return;
  }
  mlMetadataTracking(p, 'TFX', path, name);
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
      { runByPipeline: true },
    );
  }
  if (components.includes('Evaluator')) {
    p.findings.signal(
      'metrics-logging',
      'tfx',
      path,
      `TFX pipeline in ${path} evaluates each model with the Evaluator, which records its metrics in ML Metadata`,
      { runByPipeline: true },
    );
  }
  if (components.includes('Pusher')) {
    const blessed = components.includes('Evaluator')
      ? 'each model the Evaluator blesses'
      : 'each trained model';
    p.findings.signal(
      'model-registration',
      'tfx',
      path,
      `TFX pipeline in ${path} publishes ${blessed} as a new model version with the Pusher${
        cloudPusher ? ', to Vertex AI / AI Platform serving' : ''
      } (model versioning)`,
      { blessed: components.includes('Evaluator') },
    );
  }
}

const SAGEMAKER_STEPS =
  /\b(ProcessingStep|TrainingStep|TuningStep|ModelStep|CreateModelStep|RegisterModel|TransformStep|ConditionStep|FailStep|LambdaStep|CallbackStep|QualityCheckStep|ClarifyCheckStep|EMRStep|NotebookJobStep|AutoMLStep)\s*\(/g;

/** What SageMaker Pipelines step types do by themselves. */
function sagemakerStepWork(
  source: PythonSource,
  steps: string[],
): CiActivity[] {
  const work: CiActivity[] = [];
  if (steps.some(s => /^(TrainingStep|TuningStep|AutoMLStep)$/.test(s))) {
    work.push('train');
  }
  if (steps.includes('TuningStep')) {
    work.push('hyperparameter-tuning');
  }
  if (
    steps.includes('RegisterModel') ||
    (steps.includes('ModelStep') && /\.register\s*\(/.test(source.code))
  ) {
    work.push('register-model');
  }
  if (
    steps.includes('QualityCheckStep') &&
    /\bDataQualityCheckConfig\s*\(/.test(source.code)
  ) {
    work.push('data-validation');
  }
  if (
    steps.includes('QualityCheckStep') &&
    /\bModelQualityCheckConfig\s*\(/.test(source.code)
  ) {
    work.push('evaluate-model');
  }
  return work;
}

/** SageMaker Pipelines (`sagemaker.workflow.pipeline.Pipeline(steps=[...])`). */
export function sagemakerPipelines(p: PipelineFindings, source: PythonSource) {
  if (
    !source.importsModule('sagemaker') ||
    !/\bsagemaker\.workflow\.pipeline\.Pipeline\s*\(/.test(source.code)
  ) {
    return;
  }
  const path = source.path;
  const steps = [...source.code.matchAll(SAGEMAKER_STEPS)].map(m => m[1]);
  const functionSteps = source
    .functions()
    .filter(fn =>
      hasDecorator(fn, /^sagemaker\.workflow\.function_step\.step\b/),
    );
  const call =
    source.code.match(
      /\bsagemaker\.workflow\.pipeline\.Pipeline\s*\(.*/,
    )?.[0] ?? '';
  const name = stringLiteral(keywordArgument(call, 'name')) ?? basenameOf(path);
  const scripts = referencedScripts(p, source);
  const activities = unique([
    ...sagemakerStepWork(source, steps),
    ...stepWork(source),
    ...scriptsWork(p, scripts.found),
    ...functionSteps.flatMap(fn => p.functions.work({ source, fn })),
  ]);
  const allMissing = scripts.missing.length > 0 && scripts.found.length === 0;
  if (
    !p.pipeline({
      tool: 'sagemaker',
      path,
      name,
      // Steps whose code is nowhere in the repository show nothing.
      steps: allMissing ? 0 : steps.length + functionSteps.length,
      stepNames: unique([...steps, ...functionSteps.map(f => f.name)]),
      activities,
      missingScripts: scripts.missing,
    })
  ) {
    return;
  }
  if (
    activities.includes('train') &&
    !/\bpipeline_experiment_config\s*=\s*None\b/.test(source.code)
  ) {
    p.findings.signal(
      'experiment-tracking',
      'sagemaker-experiments',
      path,
      `SageMaker pipeline ${code(
        name,
      )} in ${path}: SageMaker Pipelines records every execution in SageMaker Experiments (a run group per execution, a run per job with its parameters and metrics)`,
      { pipeline: name },
    );
  }
  if (activities.includes('data-validation')) {
    p.findings.signal(
      'data-validation',
      'sagemaker',
      path,
      `SageMaker pipeline ${code(
        name,
      )} in ${path} checks data quality against a baseline (QualityCheckStep)`,
      { runByPipeline: true },
    );
  }
  if (/\bPipelineSchedule\s*\(/.test(source.code)) {
    p.schedule(
      'sagemaker',
      path,
      name,
      stringLiteral(keywordArgument(source.code, 'cron')) ?? 'schedule',
      activities,
    );
  }
}

const STEP_FUNCTIONS_WORK_STEPS =
  /\b(TrainingStep|TransformStep|TuningStep|ModelStep|EndpointConfigStep|EndpointStep|ProcessingStep|LambdaStep|GlueStartJobRunStep|BatchSubmitJobStep|EcsRunTaskStep|EmrCreateClusterStep|EmrAddStepStep)\s*\(/g;

/**
 * Workflows of the AWS Step Functions Data Science SDK: a state machine of SageMaker jobs
 * (training, model, endpoint) defined in Python.
 */
export function stepFunctionsWorkflows(
  p: PipelineFindings,
  source: PythonSource,
) {
  const template = source.code.match(
    /\bstepfunctions\.template(\.pipeline)?(\.\w+)?\.(TrainingPipeline|InferencePipeline)\s*\(/,
  );
  if (
    !source.importsModule('stepfunctions') ||
    !(template || /\bstepfunctions\.workflow\.Workflow\s*\(/.test(source.code))
  ) {
    return;
  }
  const path = source.path;
  const steps = [...source.code.matchAll(STEP_FUNCTIONS_WORK_STEPS)].map(
    m => m[1],
  );
  const work: CiActivity[] = [];
  if (template || steps.some(s => s === 'TrainingStep' || s === 'TuningStep')) {
    work.push('train');
  }
  if (steps.includes('TuningStep')) {
    work.push('hyperparameter-tuning');
  }
  // The training-pipeline template ends with an endpoint; an EndpointStep creates one.
  if (template?.[3] === 'TrainingPipeline' || steps.includes('EndpointStep')) {
    work.push('deploy');
  }
  const scripts = referencedScripts(p, source);
  const call =
    source.code.match(/\bstepfunctions\.workflow\.Workflow\s*\(.*/)?.[0] ?? '';
  const name =
    stringLiteral(keywordArgument(call, 'name')) ??
    stringLiteral(call.match(/Workflow\s*\(\s*(["'][^"']+["'])/)?.[1]) ??
    basenameOf(path);
  const stepNames = unique(template ? [template[3], ...steps] : steps);
  p.pipeline({
    tool: 'aws-step-functions',
    path,
    name,
    steps:
      scripts.missing.length > 0 && scripts.found.length === 0
        ? 0
        : steps.length + (template ? 1 : 0),
    stepNames,
    activities: unique([
      ...work,
      ...stepWork(source),
      ...scriptsWork(p, scripts.found),
    ]),
    missingScripts: scripts.missing,
  });
}

const AZUREML_V1_STEPS =
  /\b(PythonScriptStep|CommandStep|ParallelRunStep|EstimatorStep|HyperDriveStep|AutoMLStep|DatabricksStep|DataTransferStep|ModuleStep|MpiStep|AdlaStep)\s*\(/;

/**
 * The commands of Azure ML steps defined in Python: v1 `PythonScriptStep(script_name=,
 * source_directory=)` and v2 `command(code=, command=)` / `load_component(source=)`.
 */
function azureMlPythonCommands(
  p: PipelineFindings,
  source: PythonSource,
): CommandStep[] {
  const dir = dirnameOf(source.path);
  const commands: CommandStep[] = [];
  for (const line of source.lines.map(l => l.text)) {
    const v1 = line.match(AZUREML_V1_STEPS);
    const script = stringLiteral(keywordArgument(line, 'script_name'));
    if (v1 && script) {
      const sourceDir = stringLiteral(
        keywordArgument(line, 'source_directory'),
      );
      commands.push({
        name: stringLiteral(keywordArgument(line, 'name')) ?? script,
        script: `python ${script}`,
        workingDirectory: sourceDir ? joinRepoPath(dir, sourceDir) ?? dir : dir,
      });
    }
    if (/\bazure\.ai\.ml\.command\s*\(/.test(line)) {
      const command = stringLiteral(keywordArgument(line, 'command'));
      const codeDir = stringLiteral(keywordArgument(line, 'code'));
      if (command) {
        commands.push({
          name: stringLiteral(keywordArgument(line, 'name')) ?? command,
          script: command.replace(/\$\{\{[^}]+\}\}/g, 'x'),
          workingDirectory: codeDir ? joinRepoPath(dir, codeDir) ?? dir : dir,
        });
      }
    }
    const component = /\bload_component\s*\(/.test(line)
      ? stringLiteral(keywordArgument(line, 'source')) ??
        stringLiteral(line.match(/load_component\s*\(\s*(["'][^"']+["'])/)?.[1])
      : undefined;
    const componentPath = component
      ? p.files.resolve(dir, component)
      : undefined;
    const spec = componentPath ? p.files.yamlMaps(componentPath)[0] : undefined;
    const specCommand = asString(spec?.command);
    if (componentPath && specCommand) {
      const codeDir = asString(spec?.code) ?? '.';
      commands.push({
        name: asString(spec?.name) ?? basenameOf(componentPath),
        script: specCommand.replace(/\$\{\{[^}]+\}\}/g, 'x'),
        workingDirectory:
          joinRepoPath(dirnameOf(componentPath), codeDir) ??
          dirnameOf(componentPath),
      });
    }
  }
  return commands;
}

/** Azure ML pipelines in Python: SDK v2 `@dsl.pipeline` and SDK v1 `Pipeline(steps=[...])`. */
export function azureMlPipelines(p: PipelineFindings, source: PythonSource) {
  const v2 = source.importsModule('azure.ai.ml');
  const v1 =
    source.importsModule('azureml.pipeline') &&
    /\bazureml\.pipeline\.core(\.pipeline)?\.Pipeline\s*\(/.test(source.code);
  if (!v2 && !v1) {
    return;
  }
  const path = source.path;
  const checked = checkStepScripts(azureMlPythonCommands(p, source), p.files);
  const analysis = analyzeSteps(checked.steps, p.files);
  p.findings.invokes(...analysis.invokedPaths);
  const commandWork = analysis.activities;
  const names: string[] = [];
  if (v2) {
    for (const fn of source
      .functions()
      .filter(f => hasDecorator(f, /^azure\.ai\.ml\.dsl\.pipeline\b/))) {
      const steps = bodySteps(p.functions, source, fn.body, {
        isStep: f => f.decorators.length > 0,
        external: 'all',
      });
      const name = decoratorName(fn, /^azure\.ai\.ml\.dsl\.pipeline\b/);
      names.push(name);
      p.pipeline({
        tool: 'azureml',
        path,
        name,
        steps: steps.count,
        stepNames: steps.names,
        // The file's other code (submitting the job, registering its output) is not a step.
        activities: unique([...commandWork, ...steps.work]),
        missingScripts: checked.missingScripts,
      });
    }
  }
  if (v1) {
    const stepLines = source.lines.filter(l => AZUREML_V1_STEPS.test(l.text));
    const stepTypes = stepLines.map(l => l.text.match(AZUREML_V1_STEPS)![1]);
    const work: CiActivity[] = [...commandWork];
    if (stepTypes.includes('HyperDriveStep')) {
      work.push('hyperparameter-tuning', 'train');
    }
    if (stepTypes.includes('AutoMLStep')) {
      work.push('train');
    }
    const name =
      stringLiteral(
        keywordArgument(
          source.code.match(
            /\bazureml\.core(\.experiment)?\.Experiment\s*\(.*/,
          )?.[0] ?? '',
          'name',
        ),
      ) ?? basenameOf(path);
    names.push(name);
    p.pipeline({
      tool: 'azureml',
      path,
      name,
      steps: stepLines.length - checked.unsupported.length,
      stepNames: unique(
        stepLines.map(
          l => stringLiteral(keywordArgument(l.text, 'name')) ?? '',
        ),
      ).filter(Boolean),
      activities: unique([...work, ...stepWork(source)]),
      missingScripts: checked.missingScripts,
    });
  }
  azureMlSchedules(p, source, names);
}

/** `Schedule.create(..., recurrence=ScheduleRecurrence(...))` (v1) and `JobSchedule(trigger=...)` (v2). */
function azureMlSchedules(
  p: PipelineFindings,
  source: PythonSource,
  pipelines: string[],
) {
  const line = source.lines
    .map(l => l.text)
    .find(text =>
      /\bazureml\.pipeline\.core(\.schedule)?\.Schedule\.create\s*\(|\bJobSchedule\s*\(/.test(
        text,
      ),
    );
  if (!line) {
    return;
  }
  const cron =
    stringLiteral(keywordArgument(source.code, 'expression')) ??
    stringLiteral(keywordArgument(source.code, 'frequency'));
  const interval = keywordArgument(source.code, 'interval');
  const recurrence = cron && /^(Minute|Hour|Day|Week|Month)s?$/i.test(cron);
  const value = recurrence
    ? `every ${interval ?? 1} ${cron.toLowerCase()}`
    : cron ?? 'schedule';
  // The scheduled pipeline may be defined here or in a module this file imports.
  const activities = unique(
    [...p.files.importClosure([source.path], 50)].flatMap(
      path => p.activitiesOf(path) ?? [],
    ),
  );
  p.schedule(
    'azureml',
    source.path,
    pipelines.length ? listForHumans(pipelines) : basenameOf(source.path),
    value,
    activities,
  );
}
