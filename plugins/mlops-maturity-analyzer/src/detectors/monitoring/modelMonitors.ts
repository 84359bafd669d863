import { RepoFileSet } from '../../RepoFileSet';
import { basenameOf, extensionOf } from '../../parsing/paths';
import {
  keywordArgument,
  PythonSource,
  stringLiteral,
} from '../../parsing/python';
import { runtimeCode, servicePythonCode } from '../serviceCode';
import { code, Findings, listForHumans } from '../types';

/** What a monitor measures: drift of inputs or predictions, data quality, or model performance. */
export type MonitorMeasure = 'drift' | 'data-quality' | 'performance';

interface ManagedMonitor {
  tool: string;
  what: string;
  measures: MonitorMeasure[];
  /** How it runs continuously, e.g. `on schedule cron(0 * ? * * *)`. */
  runBy: string;
  evidence: string;
}

function emitMonitor(
  findings: Findings,
  path: string,
  monitor: ManagedMonitor,
) {
  findings.signal(
    'drift-monitoring',
    monitor.tool,
    path,
    `${path} runs ${monitor.what} ${monitor.runBy} (${code(monitor.evidence)})`,
    {
      continuous: true,
      runBy: monitor.runBy,
      measures: monitor.measures,
      evidence: monitor.evidence,
    },
  );
}

/** A keyword argument as written, without the module path imports qualified it with. */
function argumentText(source: PythonSource, name: string): string | undefined {
  return keywordArgument(source.code, name)
    ?.replace(/\s+/g, ' ')
    .replace(/\b(?:[a-z_]\w*\.)+(?=[A-Z])/g, '');
}

const SAGEMAKER_MONITORS: Record<
  string,
  { label: string; measures: MonitorMeasure[] }
> = {
  DefaultModelMonitor: {
    label: 'data quality',
    measures: ['data-quality', 'drift'],
  },
  DataQuality: { label: 'data quality', measures: ['data-quality', 'drift'] },
  data_quality: { label: 'data quality', measures: ['data-quality', 'drift'] },
  ModelQualityMonitor: { label: 'model quality', measures: ['performance'] },
  ModelQuality: { label: 'model quality', measures: ['performance'] },
  model_quality: { label: 'model quality', measures: ['performance'] },
  ModelBiasMonitor: { label: 'bias drift', measures: ['drift'] },
  ModelBias: { label: 'bias drift', measures: ['drift'] },
  model_bias: { label: 'bias drift', measures: ['drift'] },
  ModelExplainabilityMonitor: {
    label: 'feature attribution drift',
    measures: ['drift'],
  },
  ModelExplainability: {
    label: 'feature attribution drift',
    measures: ['drift'],
  },
  model_explainability: {
    label: 'feature attribution drift',
    measures: ['drift'],
  },
};

/**
 * SageMaker Model Monitor through the Python SDK (`DefaultModelMonitor(...)
 * .create_monitoring_schedule(...)`) or boto3 (`create_monitoring_schedule`). A monitor
 * never scheduled, or data capture on its own, records traffic that nothing analyses.
 */
function sagemakerModelMonitor(source: PythonSource, findings: Findings) {
  if (!source.importsModule('sagemaker') && !source.importsModule('boto3')) {
    return;
  }
  const kinds = [
    ...source.code.matchAll(
      /\b(DefaultModelMonitor|ModelQualityMonitor|ModelBiasMonitor|ModelExplainabilityMonitor)\s*\(|\bMonitoringType\s*[=:]\s*["'](DataQuality|ModelQuality|ModelBias|ModelExplainability)["']|\.create_(data_quality|model_quality|model_bias|model_explainability)_job_definition\s*\(/g,
    ),
  ].map(m => m[1] ?? m[2] ?? m[3]);
  const scheduled = /\.create_monitoring_schedule\s*\(/.test(source.code);
  const capture = source.code.match(
    /\bDataCaptureConfig\s*\(|\bdata_capture_config\s*=|\bDataCaptureConfig\s*=/,
  );
  if (scheduled) {
    const monitors = [...new Set(kinds.length ? kinds : ['DataQuality'])].map(
      kind => SAGEMAKER_MONITORS[kind],
    );
    const schedule =
      argumentText(source, 'schedule_cron_expression') ??
      argumentText(source, 'ScheduleExpression');
    emitMonitor(findings, source.path, {
      tool: 'sagemaker-model-monitor',
      what: `SageMaker Model Monitor (${listForHumans([
        ...new Set(monitors.map(m => m.label)),
      ])})`,
      measures: [...new Set(monitors.flatMap(m => m.measures))],
      runBy: schedule ? `on schedule ${schedule}` : 'on a monitoring schedule',
      evidence: 'create_monitoring_schedule',
    });
  } else if (kinds.length) {
    findings.reject(
      'drift-monitoring',
      'sagemaker-model-monitor',
      source.path,
      `${source.path} defines a SageMaker Model Monitor (${code(
        kinds[0],
      )}) but never schedules it with \`create_monitoring_schedule\`, so nothing analyses production traffic`,
    );
  } else if (capture) {
    findings.reject(
      'drift-monitoring',
      'sagemaker-model-monitor',
      source.path,
      `${source.path} captures endpoint traffic (${code(
        capture[0].replace(/\s*[(=]$/, ''),
      )}) but schedules no Model Monitor to analyse it; capturing data is not monitoring it`,
    );
  }
}

const VERTEX_BATCH_JOB =
  /\bBatchPredictionJob\.create\s*\(|\.batch_predict\s*\(|\.create_batch_prediction_job\s*\(|\bModelBatchPredictOp\s*\(/;
const VERTEX_MONITORING_CONFIG =
  /\bmodel_monitoring_objective_config\b|["']?modelMonitoringConfig["']?|\bmodel_monitoring_config\b|\btraining_prediction_skew_detection_config\b|["']trainingPredictionSkewDetectionConfig["']|\bprediction_drift_detection_config\b|["']predictionDriftDetectionConfig["']/;

/**
 * Vertex AI Model Monitoring: a monitoring job on an endpoint, skew and drift analysis
 * attached to batch prediction jobs, or a v2 `ModelMonitor` run on a schedule.
 */
function vertexModelMonitoring(source: PythonSource, findings: Findings) {
  if (
    !['google.cloud.aiplatform', 'google.cloud.aiplatform_v1', 'vertexai'].some(
      module => source.importsModule(module),
    ) &&
    !source.importsModule('google_cloud_pipeline_components')
  ) {
    return;
  }
  const endpointJob = source.code.match(
    /\bModelDeploymentMonitoringJob\.create\s*\(/,
  );
  if (endpointJob) {
    const interval = argumentText(source, 'monitor_interval');
    emitMonitor(findings, source.path, {
      tool: 'vertex-ai-model-monitoring',
      what: 'Vertex AI Model Monitoring (skew and drift) on the endpoint',
      measures: ['drift'],
      runBy: interval
        ? `every ${interval} hour(s)`
        : 'on its monitoring schedule',
      evidence: 'ModelDeploymentMonitoringJob.create',
    });
    return;
  }
  const batchJob = source.code.match(VERTEX_BATCH_JOB);
  const batchMonitoring = source.code.match(VERTEX_MONITORING_CONFIG);
  if (batchJob && batchMonitoring) {
    emitMonitor(findings, source.path, {
      tool: 'vertex-ai-model-monitoring',
      what: 'Vertex AI Model Monitoring (training-serving skew and drift)',
      measures: ['drift'],
      runBy: 'on every batch prediction job',
      evidence: batchMonitoring[0].replace(/["']/g, ''),
    });
    return;
  }
  if (
    /\bml_monitoring\.ModelMonitor\b|\bModelMonitor\.create\s*\(/.test(
      source.code,
    )
  ) {
    if (/\.create_schedule\s*\(/.test(source.code)) {
      const cron = argumentText(source, 'cron');
      emitMonitor(findings, source.path, {
        tool: 'vertex-ai-model-monitoring',
        what: 'Vertex AI Model Monitoring',
        measures: ['drift'],
        runBy: cron ? `on schedule ${cron}` : 'on a schedule',
        evidence: 'ModelMonitor.create_schedule',
      });
    } else {
      findings.reject(
        'drift-monitoring',
        'vertex-ai-model-monitoring',
        source.path,
        `${source.path} creates a Vertex AI ModelMonitor but never schedules it (\`create_schedule\`), so it runs only when started by hand`,
      );
    }
  }
}

const AZUREML_SIGNALS: Array<{ pattern: RegExp; measure: MonitorMeasure }> = [
  {
    pattern:
      /\b(DataDriftSignal|PredictionDriftSignal|FeatureAttributionDriftSignal)\s*\(/,
    measure: 'drift',
  },
  { pattern: /\bDataQualitySignal\s*\(/, measure: 'data-quality' },
  { pattern: /\bModelPerformanceSignal\s*\(/, measure: 'performance' },
];

/**
 * Azure ML monitoring: a v1 `DataDriftDetector` with its schedule enabled, or a v2
 * `MonitorSchedule` with a cron or recurrence trigger.
 */
function azureMlMonitoring(source: PythonSource, findings: Findings) {
  if (source.importsModule('azureml.datadrift')) {
    const detector = source.code.match(
      /\bDataDriftDetector\.(create_from_datasets|create_from_model)\s*\(/,
    );
    if (detector && /\.enable_schedule\s*\(/.test(source.code)) {
      const frequency = stringLiteral(argumentText(source, 'frequency'));
      emitMonitor(findings, source.path, {
        tool: 'azureml-datadrift',
        what: 'an Azure ML data drift monitor (DataDriftDetector)',
        measures: ['drift'],
        runBy: `on its enabled schedule${
          frequency ? ` (frequency ${frequency})` : ''
        }`,
        evidence: `DataDriftDetector.${detector[1]}`,
      });
    } else if (detector) {
      findings.reject(
        'drift-monitoring',
        'azureml-datadrift',
        source.path,
        `${source.path} creates a DataDriftDetector but never enables its schedule (\`enable_schedule\`); a backfill or a one-off run is not monitoring`,
      );
    }
  }
  if (!source.importsModule('azure.ai.ml')) {
    return;
  }
  const measures = AZUREML_SIGNALS.filter(s => s.pattern.test(source.code)).map(
    s => s.measure,
  );
  const schedule = /\bMonitorSchedule\s*\(/.test(source.code);
  const trigger = source.code.match(/\b(CronTrigger|RecurrenceTrigger)\s*\(/);
  if (schedule && trigger) {
    emitMonitor(findings, source.path, {
      tool: 'azureml-monitoring',
      what: 'an Azure ML model monitor',
      measures: measures.length ? measures : ['drift'],
      runBy: `on a schedule (${trigger[1]})`,
      evidence: 'MonitorSchedule',
    });
  } else if (/\bMonitorDefinition\s*\(/.test(source.code)) {
    findings.reject(
      'drift-monitoring',
      'azureml-monitoring',
      source.path,
      `${source.path} defines an Azure ML monitor (MonitorDefinition) but no MonitorSchedule with a trigger runs it`,
    );
  }
}

/** Libraries that compute drift, data quality or performance when code calls them. */
const MONITORING_LIBRARIES: Array<{
  tool: string;
  label: string;
  modules: string[];
  measures: Partial<Record<MonitorMeasure, RegExp>>;
}> = [
  {
    tool: 'evidently',
    label: 'Evidently',
    modules: ['evidently'],
    measures: {
      drift:
        /\b(DataDriftPreset|DataDriftTable|DatasetDriftMetric|ColumnDriftMetric|DataDriftTestPreset|TestColumnDrift|TestShareOfDriftedColumns|DriftedColumnsCount|ValueDrift|TargetDriftPreset|EmbeddingsDriftMetric)\s*\(/,
      performance:
        /\b(ClassificationPreset|RegressionPreset|ClassificationQualityMetric|RegressionQualityMetric|BinaryClassificationTestPreset|MulticlassClassificationTestPreset|RegressionTestPreset|TestAccuracyScore|TestF1Score|TestPrecisionScore|TestRecallScore|TestRocAuc|TestMAE|TestRMSE|TestMAPE)\s*\(/,
      'data-quality':
        /\b(DataQualityPreset|DataSummaryPreset|DatasetMissingValuesMetric|DatasetSummaryMetric|DataQualityTestPreset|DataStabilityTestPreset|TestNumberOfMissingValues|TestShareOfMissingValues|MissingValueCount)\s*\(/,
    },
  },
  {
    tool: 'whylogs',
    label: 'whylogs',
    modules: ['whylogs'],
    measures: {
      drift: /\bwhylogs\.(log|api\.pandas\.log)\s*\(|\bwhylogs\.viz\.drift\b/,
      performance: /\b(log_classification_metrics|log_regression_metrics)\s*\(/,
    },
  },
  {
    tool: 'alibi-detect',
    label: 'Alibi Detect',
    modules: ['alibi_detect'],
    measures: {
      drift:
        /\b(KSDrift|MMDDrift|TabularDrift|ChiSquareDrift|LSDDDrift|CVMDrift|FETDrift|ClassifierDrift|LearnedKernelDrift|SpotTheDiffDrift|ContextMMDDrift)\s*\(/,
    },
  },
  {
    tool: 'nannyml',
    label: 'NannyML',
    modules: ['nannyml'],
    measures: {
      drift:
        /\b(UnivariateDriftCalculator|DataReconstructionDriftCalculator|DomainClassifierCalculator)\s*\(/,
      performance: /\b(CBPE|DLE|PerformanceCalculator)\s*\(/,
      'data-quality': /\b(MissingValuesCalculator|UnseenValuesCalculator)\s*\(/,
    },
  },
  {
    tool: 'deepchecks',
    label: 'Deepchecks',
    modules: ['deepchecks'],
    measures: {
      drift:
        /\b(FeatureDrift|LabelDrift|PredictionDrift|MultivariateDrift)\s*\(/,
      performance: /\bmodel_evaluation\s*\(/,
      'data-quality': /\bdata_integrity\s*\(/,
    },
  },
];

/** Python that runs its own code on a timer: orchestrator schedules and scheduler libraries. */
const PYTHON_SCHEDULERS: RegExp[] = [
  /[(,]\s*(schedule_interval|schedules?|cron|interval|rrule|cron_expression)\s*=\s*(?!None\b)[^\s,)]/,
  /\bdagster\.(ScheduleDefinition|schedule|build_schedule_from_partitioned_job)\b/,
  /\bschedule\.every\s*\(/,
  /\.(add_job|scheduled_job)\s*\([^)\n]*["'](cron|interval)["']/,
  /\.create_recurring_run\s*\(/,
  /\bmodal\.(Cron|Period)\s*\(/,
];

/** Orchestrators whose scheduling arguments above mean "run this flow on a timer". */
const ORCHESTRATED =
  /\b(airflow|prefect|dagster|zenml|kfp|azure\.ai\.ml|google\.cloud\.aiplatform|modal|apscheduler|schedule)\b/;

/** Configuration that runs something on a timer: CI schedules, CronJobs, scheduled workflows. */
const SCHEDULED_CONFIG =
  /^\s*-?\s*cron\s*:\s*\S|^\s*kind\s*:\s*(CronJob|CronWorkflow)\b|\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']|^\s*schedules?\s*:\s*\n\s*-?\s*(interval\s*:\s*\d|rrule\s*:)|\btriggers\s*\{[^}]*\bcron\s*\(/m;

/** Files that run on a schedule, with the scripts and modules they start. */
function scheduledStarters(files: RepoFileSet): Array<{
  path: string;
  runs: (path: string) => boolean;
}> {
  const starters: Array<{ path: string; runs: (path: string) => boolean }> = [];
  const mentions = (text: string) => (target: string) =>
    text.includes(basenameOf(target)) ||
    text.includes(target.replace(/\.py$/, '').replace(/\//g, '.'));
  for (const source of servicePythonCode(files)) {
    const imported = source.fromImports.map(i => i.module).join(' ');
    if (
      ORCHESTRATED.test(`${imported} ${[...source.imports].join(' ')}`) &&
      PYTHON_SCHEDULERS.some(pattern => pattern.test(source.code))
    ) {
      const closure = files.importClosure([source.path], 500);
      const mentioned = mentions(source.code);
      starters.push({
        path: source.path,
        runs: path => closure.has(path) || mentioned(path),
      });
    }
  }
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    const config =
      ext === 'yml' ||
      ext === 'yaml' ||
      /^Jenkinsfile/.test(basenameOf(file.path));
    if (config && SCHEDULED_CONFIG.test(file.text)) {
      starters.push({ path: file.path, runs: mentions(file.text) });
    }
  }
  return starters;
}

/**
 * Drift, data quality and performance computed with a library count as production
 * monitoring only where something runs them continuously: the serving code, or a
 * schedule. A report or a backfill over stored files, run by hand, does not.
 */
function libraryMonitors(files: RepoFileSet, findings: Findings) {
  const runtime = runtimeCode(files);
  let starters: ReturnType<typeof scheduledStarters> | undefined;
  for (const source of servicePythonCode(files)) {
    for (const library of MONITORING_LIBRARIES) {
      if (!library.modules.some(m => source.importsModule(m))) {
        continue;
      }
      const matched = (
        Object.entries(library.measures) as Array<[MonitorMeasure, RegExp]>
      )
        .map(([measure, pattern]) => ({
          measure,
          match: source.code.match(pattern),
        }))
        .filter(m => m.match);
      if (matched.length === 0) {
        continue;
      }
      const evidence = matched[0].match![0].replace(/\s*\($/, '');
      const measures = matched.map(m => m.measure);
      starters ??= scheduledStarters(files);
      const starter = starters.find(
        s => s.path === source.path || s.runs(source.path),
      );
      const served =
        runtime.entrypoints.length > 0 && runtime.runs(source.path);
      let runBy: string | undefined;
      if (served) {
        runBy = 'in the serving code';
      } else if (starter) {
        runBy =
          starter.path === source.path
            ? 'on a schedule it declares'
            : `on the schedule in ${starter.path}`;
      }
      const what = `${library.label} ${listForHumans(
        measures.map(m => (m === 'data-quality' ? 'data quality' : m)),
      )} checks`;
      if (runBy) {
        emitMonitor(findings, source.path, {
          tool: library.tool,
          what,
          measures,
          runBy,
          evidence,
        });
      } else {
        findings.reject(
          'drift-monitoring',
          library.tool,
          source.path,
          `${source.path} computes ${what} (${code(
            evidence,
          )}) but nothing runs it continuously: it is not part of the serving code and no schedule starts it (a report or backfill run by hand is not production monitoring)`,
        );
      }
    }
  }
}

/** Model monitors in the service's Python code, judged by whether they run continuously. */
export function modelMonitors(files: RepoFileSet, findings: Findings) {
  for (const source of servicePythonCode(files)) {
    sagemakerModelMonitor(source, findings);
    vertexModelMonitoring(source, findings);
    azureMlMonitoring(source, findings);
  }
  libraryMonitors(files, findings);
}
