import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { basenameOf, dirnameOf } from '../../parsing/paths';
import {
  keywordArgument,
  PythonSource,
  stringLiteral,
} from '../../parsing/python';
import { analyzeSteps, CiStep } from '../ci/ciActivities';
import { monitoringWork, stepWork } from '../python/pythonSteps';
import { code } from '../types';
import { bodySteps, BodySteps } from './pipelineSteps';
import {
  decoratorName,
  hasDecorator,
  PipelineFindings,
  scheduleValue,
  unique,
} from './pipelineFindings';
import { checkStepScripts } from './stepScripts';

/**
 * What a flow that does no ML work does instead, when it is recognisable: a flow that
 * computes drift metrics is a monitoring job, not a training pipeline.
 */
function insteadOf(source: PythonSource): string | undefined {
  const monitoring = monitoringWork(source);
  return monitoring
    ? `it computes drift or data-quality metrics with ${
        monitoring.tool
      } (${code(
        monitoring.evidence,
      )}): a monitoring job, not a training pipeline`
    : undefined;
}

function pipelineOf(
  p: PipelineFindings,
  tool: string,
  source: PythonSource,
  name: string,
  steps: BodySteps,
  extraWork: CiActivity[] = [],
  missingScripts: string[] = [],
): boolean {
  return p.pipeline({
    tool,
    path: source.path,
    name,
    steps: steps.count,
    stepNames: steps.names,
    activities: unique([...stepWork(source), ...steps.work, ...extraWork]),
    instead: insteadOf(source),
    missingScripts,
  });
}

const ZENML_PIPELINE = /^zenml(\.pipelines)?\.pipeline\b/;
const ZENML_STEP = /^zenml(\.steps)?\.step\b/;

export function zenmlPipelines(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('zenml')) {
    return;
  }
  for (const fn of source
    .functions()
    .filter(f => hasDecorator(f, ZENML_PIPELINE))) {
    pipelineOf(
      p,
      'zenml',
      source,
      decoratorName(fn, ZENML_PIPELINE),
      bodySteps(p.functions, source, fn.body, {
        // A pipeline may call steps and other pipelines; plain functions run while it is built.
        isStep: f =>
          hasDecorator(f, ZENML_STEP) || hasDecorator(f, ZENML_PIPELINE),
        external: 'all',
        // ZenML's own API (`Client`, `ExternalArtifact`) is not a step; its integrations' steps are.
        frameworkApi: /^zenml\.(?!.*\.steps\.)/,
      }),
    );
  }
  const cron = stringLiteral(keywordArgument(source.code, 'cron_expression'));
  if (cron && /\bSchedule\s*\(/.test(source.code)) {
    p.schedule(
      'zenml',
      source.path,
      basenameOf(source.path),
      cron,
      p.activitiesOf(source.path) ?? ['train'],
    );
  }
}

const PREFECT_FLOW = /^prefect\.flow\b/;

export function prefectFlows(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('prefect')) {
    return;
  }
  for (const fn of source
    .functions()
    .filter(f => hasDecorator(f, PREFECT_FLOW))) {
    pipelineOf(
      p,
      'prefect',
      source,
      decoratorName(fn, PREFECT_FLOW),
      bodySteps(p.functions, source, fn.body, {
        isStep: () => true,
        external: 'bare',
      }),
    );
  }
  const cron = stringLiteral(keywordArgument(source.code, 'cron'));
  if (cron && /\.(serve|deploy)\s*\(/.test(source.code)) {
    p.schedule(
      'prefect',
      source.path,
      basenameOf(source.path),
      cron,
      p.activitiesOf(source.path) ?? [],
    );
  }
}

const DAGSTER_STEP = /^dagster\.(asset|op|multi_asset)\b/;

export function dagsterJobs(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('dagster')) {
    return;
  }
  const functions = source.functions();
  const assets = functions.filter(fn => hasDecorator(fn, DAGSTER_STEP));
  const jobs = functions.filter(fn =>
    hasDecorator(fn, /^dagster\.(job|graph)\b/),
  );
  if (
    assets.length ||
    jobs.length ||
    /\bdagster\.define_asset_job\s*\(/.test(source.code)
  ) {
    pipelineOf(p, 'dagster', source, jobs[0]?.name ?? basenameOf(source.path), {
      count: assets.length,
      names: assets.map(fn => fn.name),
      work: unique(assets.flatMap(fn => p.functions.work({ source, fn }))),
    });
  }
  const cron = stringLiteral(keywordArgument(source.code, 'cron_schedule'));
  if (cron) {
    p.schedule(
      'dagster',
      source.path,
      basenameOf(source.path),
      cron,
      p.activitiesOf(source.path) ?? [],
    );
  }
}

const FLYTE_WORKFLOW = /^flytekit\.(core\.workflow\.)?workflow\b/;
const FLYTE_TASK =
  /^flytekit\.(core\.(task|dynamic_workflow_task)\.)?(task|dynamic)\b/;

/** Flyte workflows: a `@workflow` wires `@task`s (and sub-workflows). */
export function flyteWorkflows(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('flytekit')) {
    return;
  }
  for (const fn of source
    .functions()
    .filter(f => hasDecorator(f, FLYTE_WORKFLOW))) {
    pipelineOf(
      p,
      'flyte',
      source,
      decoratorName(fn, FLYTE_WORKFLOW),
      bodySteps(p.functions, source, fn.body, {
        // The body only wires tasks (and sub-workflows); other calls run at registration.
        isStep: f =>
          hasDecorator(f, FLYTE_TASK) || hasDecorator(f, FLYTE_WORKFLOW),
        external: 'all',
      }),
    );
  }
}

/**
 * Flyte launch plans with a `CronSchedule` or `FixedRate`: they run the workflow they
 * launch, so they do what it does.
 */
export function flyteLaunchPlans(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('flytekit')) {
    return;
  }
  for (const line of source.lines.map(l => l.text)) {
    if (!/\bLaunchPlan\.(get_or_create|create)\s*\(/.test(line)) {
      continue;
    }
    const schedule = line.match(
      /\bschedule\s*=\s*[\w.]*?(CronSchedule|FixedRate)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/,
    );
    if (!schedule) {
      continue;
    }
    const workflow =
      keywordArgument(line, 'workflow') ??
      line.match(/LaunchPlan\.\w+\s*\(\s*([\w.]+)\s*[,)]/)?.[1] ??
      '';
    const workflowName = workflow.split('.').pop()!;
    const defined = p.functions.resolve(source, workflowName);
    const activities = defined
      ? p.activitiesOf(
          defined.source.path,
          decoratorName(defined.fn, FLYTE_WORKFLOW),
        ) ?? []
      : [];
    const value =
      schedule[1] === 'CronSchedule'
        ? stringLiteral(keywordArgument(schedule[2], 'schedule')) ??
          stringLiteral(keywordArgument(schedule[2], 'cron_expression')) ??
          stringLiteral(schedule[2].split(',')[0]) ??
          'cron'
        : `every ${
            keywordArgument(schedule[2], 'duration') ?? schedule[2].trim()
          }`;
    p.schedule(
      'flyte',
      source.path,
      stringLiteral(keywordArgument(line, 'name')) ?? workflowName,
      value,
      activities,
    );
  }
}

export function metaflowFlows(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('metaflow')) {
    return;
  }
  const functions = source.functions();
  for (const flow of source
    .classes()
    .filter(c => c.bases.some(base => /^metaflow\.FlowSpec$/.test(base)))) {
    const steps = functions.filter(
      fn => fn.className === flow.name && hasDecorator(fn, /^metaflow\.step\b/),
    );
    const counted = pipelineOf(p, 'metaflow', source, flow.name, {
      count: steps.length,
      names: steps.map(fn => fn.name),
      work: unique(steps.flatMap(fn => p.functions.work({ source, fn }))),
    });
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
        source.path,
        flow.name,
        value,
        counted ? p.activitiesOf(source.path, flow.name) ?? [] : [],
        event ? 'event' : 'cron',
      );
    }
  }
}

/** Provider operators whose class says what they do. */
const AIRFLOW_OPERATORS: Array<{ activity: CiActivity; pattern: RegExp }> = [
  {
    activity: 'train',
    pattern:
      /\b(SageMakerTrainingOperator|SageMakerAutoMLOperator|CreateCustom\w*TrainingJobOperator|CreateAutoML\w*TrainingJobOperator)\s*\(/,
  },
  {
    activity: 'hyperparameter-tuning',
    pattern:
      /\b(SageMakerTuningOperator|CreateHyperparameterTuningJobOperator)\s*\(/,
  },
  {
    activity: 'register-model',
    pattern:
      /\b(SageMakerRegisterModelVersionOperator|UploadModelOperator)\s*\(/,
  },
  {
    activity: 'deploy',
    pattern: /\b(SageMakerEndpointOperator|DeployModelOperator)\s*\(/,
  },
  {
    activity: 'data-validation',
    pattern:
      /\b(GreatExpectationsOperator|SQLColumnCheckOperator|SQLTableCheckOperator)\s*\(/,
  },
  {
    activity: 'data-refresh',
    pattern: /\b(Dbt\w*Operator|GlueJobOperator)\s*\(/,
  },
];

const AIRFLOW_TASK = /^airflow\.(decorators|sdk)\.task\b/;

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

export function airflowDags(p: PipelineFindings, source: PythonSource) {
  if (!source.importsModule('airflow')) {
    return;
  }
  const functions = source.functions();
  const dagCall = /\bairflow\.(models\.(dag\.)?|sdk\.)?DAG\s*\(/.test(
    source.code,
  );
  const dagFunctions = functions.filter(fn =>
    hasDecorator(fn, /^airflow\.(decorators|sdk)\.dag\b/),
  );
  if (!dagCall && dagFunctions.length === 0) {
    return;
  }
  const path = source.path;
  const dagDecorator =
    dagFunctions[0]?.decorators.find(d =>
      /^airflow\.(decorators|sdk)\.dag\b/.test(d),
    ) ?? '';
  const dagText = dagCall ? source.code : dagDecorator;
  const dagId =
    stringLiteral(keywordArgument(dagText, 'dag_id')) ??
    stringLiteral(source.code.match(/\bDAG\s*\(\s*(["'][^"']+["'])/)?.[1]) ??
    dagFunctions[0]?.name ??
    basenameOf(path);
  const operators = [
    ...source.code.matchAll(/\b(\w*(?:Operator|Sensor))\s*\(/g),
  ];
  const taskFunctions = functions.filter(fn => hasDecorator(fn, AIRFLOW_TASK));
  const callables = [
    ...source.code.matchAll(/\bpython_callable\s*=\s*([\w.]+)/g),
  ]
    .map(m => p.functions.resolve(source, m[1].split('.').pop()!))
    .filter((f): f is NonNullable<typeof f> => f !== undefined);
  const taskIds = [
    ...source.code.matchAll(/\btask_id\s*=\s*["']([^"']+)["']/g),
  ].map(m => m[1]);
  const checked = checkStepScripts(
    airflowCommands(source).map((step, index) => ({
      name: `command ${index + 1}`,
      script: 'script' in step ? step.script : '',
      workingDirectory: dirnameOf(path),
    })),
    p.files,
  );
  const commands = analyzeSteps(checked.steps, p.files);
  p.findings.invokes(...commands.invokedPaths);
  const work = unique([
    ...AIRFLOW_OPERATORS.filter(o => o.pattern.test(source.code)).map(
      o => o.activity,
    ),
    ...commands.activities,
    ...taskFunctions.flatMap(fn => p.functions.work({ source, fn })),
    ...callables.flatMap(f => p.functions.work(f)),
  ]);
  const count = operators.length + taskFunctions.length;
  const counted = pipelineOf(
    p,
    'airflow',
    source,
    dagId,
    {
      count,
      names: unique([...taskIds, ...taskFunctions.map(fn => fn.name)]),
      work,
    },
    [],
    checked.missingScripts,
  );
  const raw =
    keywordArgument(dagText, 'schedule') ??
    keywordArgument(dagText, 'schedule_interval') ??
    keywordArgument(dagText, 'timetable');
  const value = scheduleValue(raw);
  if (value && count > 0) {
    const event = /\b(Dataset|Asset)\s*\(|^\[/.test(value);
    p.schedule(
      'airflow',
      path,
      dagId,
      value,
      counted ? p.activitiesOf(path, dagId) ?? [] : work,
      event ? 'event' : 'cron',
    );
  }
}

const KEDRO_PIPELINE =
  /\bkedro\.pipeline\.(modular_pipeline\.)?(pipeline|Pipeline)\s*\(/;
const KEDRO_NODE_FUNCTION =
  /\bkedro\.pipeline\.(?:node\.)?(?:node|Node)\s*\(\s*(?:func\s*=\s*)?([\w.]+)/g;

/** The functions a Kedro pipeline module's nodes run. */
function kedroNodeFunctions(source: PythonSource): string[] {
  return [...source.code.matchAll(KEDRO_NODE_FUNCTION)].map(
    m => m[1].split('.').pop()!,
  );
}

/**
 * Kedro pipelines, counted when the project registers them (`pipeline_registry.py`):
 * `kedro run` runs only registered pipelines.
 */
export function kedroPipelines(p: PipelineFindings, sources: PythonSource[]) {
  const registries = sources.filter(
    s =>
      basenameOf(s.path) === 'pipeline_registry.py' &&
      /\bregister_pipelines\b/.test(p.files.get(s.path)?.text ?? ''),
  );
  for (const source of sources) {
    if (
      !source.importsModule('kedro') ||
      !KEDRO_PIPELINE.test(source.code) ||
      basenameOf(source.path) === 'pipeline_registry.py'
    ) {
      continue;
    }
    const name = basenameOf(dirnameOf(source.path)) || basenameOf(source.path);
    const nodes = kedroNodeFunctions(source);
    const registry = registries.find(r =>
      source.path.startsWith(`${dirnameOf(r.path)}/`),
    );
    if (!registry) {
      p.findings.reject(
        'pipeline',
        'kedro',
        source.path,
        `Kedro pipeline ${code(name)} in ${
          source.path
        } is not registered in a pipeline_registry.py, so \`kedro run\` does not run it`,
      );
      continue;
    }
    const work = unique(
      nodes.flatMap(fn => {
        const defined = p.functions.resolve(source, fn);
        return defined ? p.functions.work(defined) : [];
      }),
    );
    pipelineOf(
      p,
      'kedro',
      source,
      name,
      { count: nodes.length, names: unique(nodes), work },
      [],
    );
  }
}
