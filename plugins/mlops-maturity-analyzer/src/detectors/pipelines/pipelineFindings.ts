import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  keywordArgument,
  PythonFunction,
  stringLiteral,
} from '../../parsing/python';
import { FunctionIndex } from '../python/pythonSteps';
import { code, Findings, listForHumans } from '../types';

const TOOL_LABELS: Record<string, string> = {
  dvc: 'DVC',
  kubeflow: 'Kubeflow',
  tfx: 'TFX',
  'vertex-ai': 'Vertex AI',
  sagemaker: 'SageMaker',
  'aws-step-functions': 'AWS Step Functions',
  azureml: 'Azure ML',
  zenml: 'ZenML',
  airflow: 'Airflow',
  metaflow: 'Metaflow',
  prefect: 'Prefect',
  dagster: 'Dagster',
  flyte: 'Flyte',
  kedro: 'Kedro',
  'mlflow-projects': 'MLflow Project',
  'argo-workflows': 'Argo Workflows',
  tekton: 'Tekton',
  databricks: 'Databricks',
};

export function toolLabel(tool: string): string {
  return TOOL_LABELS[tool] ?? tool;
}

/**
 * Orchestrators built for any kind of work: a DAG of theirs is an ML pipeline only when
 * its steps do ML work. The ML platforms (DVC, Kubeflow, SageMaker...) exist for it.
 */
const GENERAL_PURPOSE = new Set([
  'airflow',
  'prefect',
  'dagster',
  'flyte',
  'metaflow',
  'kedro',
  'argo-workflows',
  'tekton',
  'databricks',
]);

/** What makes a step ML work: building, checking or shipping a model, or its data. */
export const ML_WORK: CiActivity[] = [
  'train',
  'evaluate-model',
  'register-model',
  'hyperparameter-tuning',
  'deploy',
  'data-validation',
  'data-refresh',
];

export function doesMlWork(activities: CiActivity[]): boolean {
  return activities.some(activity => ML_WORK.includes(activity));
}

/**
 * Container workflows deploy with the same commands whether they ship a model or any
 * other app, so a deploy alone does not make one an ML pipeline.
 */
const CONTAINER_WORKFLOWS = new Set(['argo-workflows', 'tekton']);

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function hasDecorator(fn: PythonFunction, pattern: RegExp): boolean {
  return fn.decorators.some(decorator => pattern.test(decorator));
}

/** The decorator's own arguments, without those of calls nested in them (`model=Model(name=...)`). */
function topLevelArguments(decorator: string): string {
  const open = decorator.indexOf('(');
  if (open < 0) {
    return '';
  }
  let args = decorator.slice(open + 1, decorator.lastIndexOf(')'));
  while (/\([^()]*\)/.test(args)) {
    args = args.replace(/\([^()]*\)/g, '');
  }
  return args;
}

export function decoratorName(fn: PythonFunction, pattern: RegExp): string {
  const decorator = fn.decorators.find(d => pattern.test(d)) ?? '';
  return (
    stringLiteral(keywordArgument(topLevelArguments(decorator), 'name')) ??
    fn.name
  );
}

/** A cron or interval given to a scheduler, or undefined when it means "never". */
export function scheduleValue(raw: string | undefined): string | undefined {
  if (!raw) {
    return undefined;
  }
  const value = raw.trim();
  if (/^(None|null|"@once"|'@once'|"None"|'None')$/.test(value)) {
    return undefined;
  }
  return stringLiteral(value) ?? value;
}

export type PipelineAttribute = string | number | boolean | string[] | null;

export interface PipelineDefinition {
  tool: string;
  path: string;
  name: string;
  /** Steps that count as evidence; null when the definition lives elsewhere (a submitted template). */
  steps: number | null;
  stepNames: string[];
  activities?: CiActivity[];
  extra?: Record<string, PipelineAttribute>;
  /** Scripts that steps run but the repository does not contain (not counted as evidence). */
  missingScripts?: string[];
  /** What the pipeline does instead of ML work, to explain a rejection. */
  instead?: string;
}

export class PipelineFindings {
  readonly findings = new Findings();
  /** Set while a notebook is read: what it defines is reported, not counted. */
  notebook: string | undefined;
  private indexCache?: FunctionIndex;
  private readonly accepted = new Map<string, CiActivity[]>();
  private readonly compiled = new Map<string, CiActivity[]>();

  constructor(readonly files: RepoFileSet) {}

  get functions(): FunctionIndex {
    if (!this.indexCache) {
      this.indexCache = new FunctionIndex(this.files);
    }
    return this.indexCache;
  }

  /**
   * Records a pipeline when it is evidence of an ML pipeline, and otherwise says why not.
   * Returns whether it counted.
   */
  pipeline(definition: PipelineDefinition): boolean {
    const { tool, path, name, steps, stepNames } = definition;
    const activities = definition.activities ?? [];
    const missing = definition.missingScripts ?? [];
    // A pipeline named after its folder at the repository root has no name worth showing.
    const label = `${toolLabel(tool)} pipeline${
      name === '.' ? '' : ` ${code(name)}`
    } in ${path}`;
    const notCounted = missing.length
      ? `; its steps run ${listForHumans(
          missing,
        )}, which the repository does not contain`
      : '';
    if (this.notebook) {
      this.findings.reject(
        'pipeline',
        tool,
        path,
        `${label} is defined in a notebook: cells run by hand are not a pipeline the service runs`,
      );
      return false;
    }
    if (steps === 0) {
      this.findings.reject(
        'pipeline',
        tool,
        path,
        missing.length
          ? `${label} has no step the repository backs: its steps run ${listForHumans(
              missing,
            )}, which the repository does not contain`
          : `${label} defines no steps`,
      );
      return false;
    }
    const mlWork = CONTAINER_WORKFLOWS.has(tool)
      ? activities.filter(activity => activity !== 'deploy')
      : activities;
    if (GENERAL_PURPOSE.has(tool) && !doesMlWork(mlWork)) {
      this.findings.reject(
        'pipeline',
        tool,
        path,
        `${label} does no ML work: no step trains, evaluates, registers or deploys a model, or validates or refreshes its data${
          definition.instead ? ` (${definition.instead})` : ''
        }${notCounted}`,
      );
      return false;
    }
    const stepText =
      steps === null
        ? ''
        : ` with ${steps} step${steps === 1 ? '' : 's'}${
            stepNames.length ? ` (${listForHumans(stepNames, 6)})` : ''
          }`;
    this.findings.signal(
      'pipeline',
      tool,
      path,
      `${label}${stepText}${notCounted}`,
      {
        framework: tool,
        name,
        steps,
        stepNames: stepNames.slice(0, 20),
        activities,
        ...(missing.length ? { missingScripts: missing } : {}),
        ...definition.extra,
      },
    );
    this.accepted.set(`${path}#${name}`, activities);
    return true;
  }

  /** The activities of the counted pipelines of a file (one of them, when named). */
  activitiesOf(path: string, name?: string): CiActivity[] | undefined {
    const entries = [...this.accepted.entries()].filter(([key]) =>
      name === undefined
        ? key.startsWith(`${path}#`)
        : key === `${path}#${name}`,
    );
    return entries.length
      ? unique(entries.flatMap(([, activities]) => activities))
      : undefined;
  }

  /** Records the file a counted pipeline is compiled to, so a submitter of that file does what it does. */
  compiledAs(file: string, activities: CiActivity[]) {
    this.compiled.set(
      file,
      unique([...(this.compiled.get(file) ?? []), ...activities]),
    );
  }

  compiledActivities(file: string): CiActivity[] {
    return this.compiled.get(file) ?? [];
  }

  /**
   * Records what a scheduler runs. A schedule that runs nothing recognised as ML work
   * is not a retraining or refresh trigger, and is reported as such.
   */
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
    const label = `${toolLabel(tool)} ${code(target)} in ${path} ${what}`;
    if (this.notebook) {
      this.findings.reject(
        'schedule',
        tool,
        path,
        `${label}, but it is set up from a notebook run by hand`,
      );
      return;
    }
    if (!doesMlWork(activities)) {
      this.findings.reject(
        'schedule',
        tool,
        path,
        `${label}, but what it runs does no recognised ML work (no training, evaluation or data refresh)`,
      );
      return;
    }
    this.findings.signal('schedule', tool, path, label, {
      trigger,
      schedule: value,
      target,
      activities,
    });
  }
}
