import { PythonSource } from '../../parsing/python';

/** What a pattern recognised in a Python file. */
export interface PythonMatch {
  tool: string;
  /** The call or construct that matched, e.g. `mlflow.register_model`. */
  evidence: string;
}

export type PythonMatcher = (source: PythonSource) => PythonMatch | undefined;

function evidenceOf(text: string): string {
  return text
    .replace(/\s*[(=]$/, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.@\s]+/, '')
    .trim();
}

/**
 * A matcher that fires when one of `modules` is imported and `pattern` occurs in the
 * code (imported names are already qualified). `also` must then occur too.
 */
export function usage(
  tool: string,
  modules: string[],
  pattern: RegExp,
  also?: RegExp,
): PythonMatcher {
  return source => {
    if (!modules.some(module => source.importsModule(module))) {
      return undefined;
    }
    const match = source.code.match(pattern);
    if (!match || (also && !also.test(source.code))) {
      return undefined;
    }
    return { tool, evidence: evidenceOf(match[0]) };
  };
}

/** Every distinct tool the matchers find in the source. */
export function matchAll(
  source: PythonSource,
  matchers: PythonMatcher[],
): PythonMatch[] {
  const found = new Map<string, PythonMatch>();
  for (const matcher of matchers) {
    const match = matcher(source);
    if (match && !found.has(match.tool)) {
      found.set(match.tool, match);
    }
  }
  return [...found.values()];
}

export function matchFirst(
  source: PythonSource,
  matchers: PythonMatcher[],
): PythonMatch | undefined {
  for (const matcher of matchers) {
    const match = matcher(source);
    if (match) {
      return match;
    }
  }
  return undefined;
}

export const EXPERIMENT_TRACKING: PythonMatcher[] = [
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.(start_run|log_params?|log_metrics?|autolog|set_experiment|log_artifacts?|log_input|\w+\.autolog|\w+\.log_model)\s*\(/,
  ),
  usage('wandb', ['wandb'], /\bwandb\.(init|log)\s*\(/),
  usage('neptune', ['neptune'], /\bneptune\.(init_run|init)\s*\(/),
  usage(
    'comet',
    ['comet_ml'],
    /\bcomet_ml\.(Experiment|start|ExistingExperiment|OfflineExperiment)\s*\(/,
  ),
  usage('clearml', ['clearml'], /\bclearml\.Task\.init\s*\(/),
  usage('dvclive', ['dvclive'], /\bdvclive\.Live\s*\(/),
  usage('aim', ['aim'], /\baim\.Run\s*\(/),
  usage(
    'sagemaker-experiments',
    ['sagemaker'],
    /\bsagemaker\.experiments(\.run)?\.(Run|load_run)\s*\(/,
  ),
  usage(
    'vertex-ai-experiments',
    ['google.cloud.aiplatform'],
    /\bgoogle\.cloud\.aiplatform\.(start_run|log_metrics|log_params)\s*\(/,
  ),
];

export const METRICS_LOGGING: PythonMatcher[] = [
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.(log_metrics?|evaluate|autolog|\w+\.autolog)\s*\(|\.log_metric\s*\(|\.log_batch\s*\(/,
  ),
  usage('wandb', ['wandb'], /\bwandb\.log\s*\(|\.log\s*\(\s*\{/),
  usage(
    'neptune',
    ['neptune'],
    /\[\s*["'][^"']*(metric|score|acc|loss|auc|f1|rmse|mae|precision|recall)[^"']*["']\s*\]\s*(\.append\s*\(|\.log\s*\(|=(?!=))/i,
  ),
  usage('comet', ['comet_ml'], /\.log_metrics?\s*\(/),
  usage(
    'clearml',
    ['clearml'],
    /\.report_scalar\s*\(|\.report_single_value\s*\(/,
  ),
  usage('dvclive', ['dvclive'], /\.log_metric\s*\(/),
  usage(
    'vertex-ai-experiments',
    ['google.cloud.aiplatform'],
    /\bgoogle\.cloud\.aiplatform\.log_metrics\s*\(/,
  ),
  usage(
    'sagemaker-experiments',
    ['sagemaker.experiments'],
    /\.log_metric\s*\(/,
  ),
  usage('aim', ['aim'], /\.track\s*\(/),
];

export const MODEL_REGISTRATION: PythonMatcher[] = [
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.register_model\s*\(|registered_model_name\s*=|\.create_model_version\s*\(|\.create_registered_model\s*\(/,
  ),
  usage(
    'sagemaker',
    ['sagemaker'],
    /\bModelPackage\s*\(|\bRegisterModel\s*\(|\.register\s*\([^\n]{0,800}?model_package_group_name/,
  ),
  usage('sagemaker', ['boto3'], /\.create_model_package\s*\(/),
  usage('azureml', ['azure.ai.ml'], /\.models\.create_or_update\s*\(/),
  usage(
    'azureml',
    ['azureml.core'],
    /\bazureml\.core(\.model)?\.Model\.register\s*\(|\.register_model\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\baiplatform\.(models\.)?Model\.upload\w*\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google_cloud_pipeline_components'],
    /\bModelUploadOp\s*\(/,
  ),
  usage(
    'wandb',
    ['wandb'],
    /\.link_model\s*\(|\bwandb\.log_model\s*\(|\.link_artifact\s*\(/,
  ),
  usage(
    'huggingface-hub',
    [
      'transformers',
      'huggingface_hub',
      'sentence_transformers',
      'diffusers',
      'peft',
    ],
    /\.push_to_hub\s*\(|\bhuggingface_hub\.upload_folder\s*\(/,
  ),
  usage('neptune', ['neptune'], /\bneptune\.init_model_version\s*\(/),
  usage('clearml', ['clearml'], /\bclearml\.OutputModel\s*\(/),
  usage('comet', ['comet_ml'], /\.register_model\s*\(/),
];

export const HYPERPARAMETER_TUNING: PythonMatcher[] = [
  usage('optuna', ['optuna'], /\boptuna\.create_study\s*\(/, /\.optimize\s*\(/),
  usage('ray-tune', ['ray'], /\bray\.tune\.(Tuner|run)\s*\(/),
  usage('hyperopt', ['hyperopt'], /\bhyperopt\.fmin\s*\(/),
  usage(
    'scikit-learn',
    ['sklearn'],
    /\bsklearn\.model_selection\.(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV|HalvingRandomSearchCV)\s*\(/,
  ),
  usage(
    'keras-tuner',
    ['keras_tuner', 'kerastuner'],
    /\b(keras_tuner|kerastuner)\.(tuners\.)?(Hyperband|RandomSearch|BayesianOptimization|GridSearch)\s*\(/,
  ),
  usage(
    'sagemaker',
    ['sagemaker'],
    /\bHyperparameterTuner\s*\(|\bTuningStep\s*\(/,
  ),
  usage('wandb-sweeps', ['wandb'], /\bwandb\.(sweep|agent)\s*\(/),
  usage('azureml', ['azure.ai.ml'], /\.sweep\s*\(/),
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\baiplatform\.HyperparameterTuningJob\s*\(/,
  ),
  usage('katib', ['kubeflow.katib'], /\.tune\s*\(/),
  usage('flaml', ['flaml'], /\bflaml\.(tune\.run|AutoML)\s*\(/),
];

export const DATA_VALIDATION: PythonMatcher[] = [
  usage(
    'great-expectations',
    ['great_expectations'],
    /\.expect_\w+\s*\(|\.run_checkpoint\s*\(|\bCheckpoint\s*\(|expectations\.Expect\w+\s*\(|\.get_validator\s*\(|\bValidationDefinition\s*\(/,
  ),
  usage(
    'pandera',
    ['pandera'],
    /\.validate\s*\(|\bpandera\.(check_types|check_input|check_output|check_io)\b/,
  ),
  usage(
    'tfdv',
    ['tensorflow_data_validation'],
    /\.(validate_statistics|validate_examples_in_tfrecord|validate_examples_in_csv|validate_instance)\s*\(/,
  ),
  usage('deequ', ['pydeequ'], /\bVerificationSuite\s*\(/),
  usage('soda', ['soda'], /\bScan\s*\(\s*\)/),
  usage(
    'evidently',
    ['evidently'],
    /\b(DataQualityTestPreset|DataStabilityTestPreset|TestNumberOfMissingValues|TestShareOfMissingValues|TestColumnValueMin|TestColumnValueMax|TestNumberOfDuplicatedRows)\s*\(/,
  ),
  usage(
    'deepchecks',
    ['deepchecks'],
    /\b(data_integrity|train_test_validation)\s*\(/,
  ),
];

export const DRIFT_MONITORING: PythonMatcher[] = [
  usage(
    'evidently',
    ['evidently'],
    /\b(DataDriftPreset|DataDriftTable|DatasetDriftMetric|ColumnDriftMetric|DataDriftTestPreset|TestColumnDrift|TestShareOfDriftedColumns|DriftedColumnsCount|ValueDrift|TargetDriftPreset|EmbeddingsDriftMetric)\s*\(/,
  ),
  usage(
    'whylogs',
    ['whylogs'],
    /\bwhylogs\.(log|api\.pandas\.log|profiling)\b|\bwhylogs\.viz\.drift/,
  ),
  usage(
    'alibi-detect',
    ['alibi_detect'],
    /\b(KSDrift|MMDDrift|TabularDrift|ChiSquareDrift|LSDDDrift|CVMDrift|FETDrift|ClassifierDrift|LearnedKernelDrift|SpotTheDiffDrift|ContextMMDDrift)\s*\(/,
  ),
  usage(
    'nannyml',
    ['nannyml'],
    /\b(UnivariateDriftCalculator|DataReconstructionDriftCalculator|CBPE|DLE|DomainClassifierCalculator)\s*\(/,
  ),
  usage(
    'sagemaker-model-monitor',
    ['sagemaker'],
    /\b(DefaultModelMonitor|ModelQualityMonitor|ModelBiasMonitor|ModelExplainabilityMonitor)\s*\(/,
    /\.create_monitoring_schedule\s*\(/,
  ),
  usage(
    'vertex-ai-model-monitoring',
    ['google.cloud.aiplatform'],
    /\bModelDeploymentMonitoringJob\b|\bmodel_monitoring\.\w+\s*\(/,
  ),
  usage(
    'azureml-monitoring',
    ['azure.ai.ml'],
    /\b(DataDriftSignal|PredictionDriftSignal|MonitorDefinition)\s*\(/,
  ),
  usage(
    'deepchecks',
    ['deepchecks'],
    /\b(FeatureDrift|LabelDrift|PredictionDrift|MultivariateDrift)\s*\(/,
  ),
  usage(
    'scipy',
    ['scipy'],
    /\b(ks_2samp|wasserstein_distance|jensenshannon|chi2_contingency)\s*\(/,
    /\bdrift\w*\b/i,
  ),
];

export const DATA_SCALE: PythonMatcher[] = [
  usage(
    'spark',
    ['pyspark', 'databricks.connect'],
    /\bSparkSession\b|\bSparkContext\s*\(|\bDatabricksSession\b/,
  ),
  usage('ray-data', ['ray'], /\bray\.data\.\w+\s*\(/),
  usage(
    'dask',
    ['dask'],
    /\bdask\.(dataframe|distributed|delayed|array|bag)\b/,
  ),
  usage('apache-beam', ['apache_beam'], /\bapache_beam\.Pipeline\s*\(/),
  usage(
    'hf-datasets-streaming',
    ['datasets'],
    /\bdatasets\.load_dataset\s*\([^\n]*streaming\s*=\s*True/,
  ),
  usage(
    'mosaicml-streaming',
    ['streaming'],
    /\bstreaming\.StreamingDataset\s*\(/,
  ),
  usage('webdataset', ['webdataset'], /\bwebdataset\.WebDataset\s*\(/),
];

export const LLM_EVALUATION: PythonMatcher[] = [
  usage('ragas', ['ragas'], /\bragas\.(evaluation\.)?evaluate\s*\(/),
  usage(
    'deepeval',
    ['deepeval'],
    /\bdeepeval\.(assert_test|evaluate)\s*\(|\.evaluate\s*\(/,
    /\b(LLMTestCase|EvaluationDataset|Golden|ConversationalTestCase)\s*\(/,
  ),
  usage(
    'azure-ai-evaluation',
    ['azure.ai.evaluation'],
    /\bazure\.ai\.evaluation\.(evaluate|\w+Evaluator)\s*\(/,
  ),
  usage(
    'langsmith',
    ['langsmith'],
    /\blangsmith(\.evaluation)?\.a?evaluate\s*\(|\.a?evaluate\s*\(/,
  ),
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.evaluate\s*\([^\n]*model_type\s*=\s*["'](question-answering|text-summarization|text|retriever|databricks-agent)["']|\bmlflow\.metrics\.genai\.\w+\s*\(|\bmlflow\.genai\.evaluate\s*\(/,
  ),
];

const LLM_CLIENTS = [
  'openai',
  'anthropic',
  'litellm',
  'langchain',
  'langchain_openai',
  'langchain_core',
  'langchain_anthropic',
  'instructor',
  'google.genai',
  'google.generativeai',
  'mistralai',
  'llama_index',
  'vertexai',
  'boto3',
];

export const GUARDRAILS: PythonMatcher[] = [
  usage('guardrails-ai', ['guardrails'], /\bguardrails\.Guard\b/),
  usage(
    'nemo-guardrails',
    ['nemoguardrails'],
    /\bnemoguardrails\.(LLMRails|RailsConfig)\b/,
  ),
  usage(
    'llm-guard',
    ['llm_guard'],
    /\bllm_guard\.(scan_output|scan_prompt)\s*\(/,
  ),
  usage(
    'azure-content-safety',
    ['azure.ai.contentsafety'],
    /\.analyze_text\s*\(/,
  ),
  usage(
    'bedrock-guardrails',
    ['boto3'],
    /\.apply_guardrail\s*\(|\bguardrailIdentifier\b/,
  ),
  usage('instructor', ['instructor'], /\binstructor\.(from_\w+|patch)\s*\(/),
  usage(
    'pydantic',
    LLM_CLIENTS,
    /\bresponse_format\s*=\s*[A-Z]\w*\b|\.with_structured_output\s*\(|\bPydanticOutputParser\s*\(|\bresponse_model\s*=|\.chat\.completions\.parse\s*\(|\.model_validate_json\s*\(/,
  ),
];

export const PRIVACY_FILTERS: PythonMatcher[] = [
  usage(
    'presidio',
    ['presidio_analyzer', 'presidio_anonymizer'],
    /\b(AnalyzerEngine|AnonymizerEngine)\s*\(/,
  ),
  usage('scrubadub', ['scrubadub'], /\bscrubadub\.(clean|Scrubber)\s*\(/),
  usage('llm-guard', ['llm_guard'], /\bAnonymize\s*\(/),
  usage(
    'aws-comprehend',
    ['boto3'],
    /\.(detect_pii_entities|contains_pii_entities)\s*\(/,
  ),
  usage(
    'google-dlp',
    ['google.cloud.dlp', 'google.cloud.dlp_v2'],
    /\.(deidentify_content|inspect_content)\s*\(/,
  ),
  usage(
    'azure-language',
    ['azure.ai.textanalytics'],
    /\.recognize_pii_entities\s*\(/,
  ),
];

const ML_LIBRARIES = [
  'sklearn',
  'xgboost',
  'lightgbm',
  'catboost',
  'tensorflow',
  'keras',
  'torch',
  'pytorch_lightning',
  'lightning',
  'transformers',
  'statsmodels',
  'prophet',
  'sagemaker',
  'setfit',
  'trl',
];

/** What running a Python script does, for CI steps and pipeline stages. */
export const TRAINING: PythonMatcher[] = [
  usage(
    'python',
    ML_LIBRARIES,
    /\.fit\s*\(|\btrainer\.train\s*\(|\.train\s*\(|\bloss\.backward\s*\(|\b(xgboost|lightgbm)\.train\s*\(/,
  ),
  usage(
    'kubeflow',
    ['kfp'],
    /\.create_run_from_pipeline_(func|package)\s*\(|\.run_pipeline\s*\(|\.create_recurring_run\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\baiplatform\.(PipelineJob|CustomTrainingJob|CustomJob|CustomContainerTrainingJob)\s*\(/,
  ),
  usage(
    'sagemaker',
    ['sagemaker'],
    /\bsagemaker\.workflow\.pipeline\.Pipeline\s*\(|\.start\s*\(/,
    /\bPipeline\s*\(/,
  ),
  usage('azureml', ['azure.ai.ml'], /\.jobs\.create_or_update\s*\(/),
  usage('mlflow', ['mlflow'], /\bmlflow\.(projects\.)?run\s*\(/),
];

export const DEPLOYING: PythonMatcher[] = [
  usage('sagemaker', ['sagemaker'], /\.deploy\s*\(/),
  usage('sagemaker', ['boto3'], /\.(create_endpoint|update_endpoint)\s*\(/),
  usage('vertex-ai', ['google.cloud.aiplatform'], /\.deploy(_model)?\s*\(/),
  usage(
    'azureml',
    ['azure.ai.ml'],
    /\.(online|batch)_deployments\.begin_create_or_update\s*\(/,
  ),
  usage(
    'kubernetes',
    ['kubernetes'],
    /\.(create|patch|replace)_namespaced_(deployment|custom_object)\s*\(/,
  ),
  usage('mlflow', ['mlflow.deployments'], /\.(create|update)_deployment\s*\(/),
  usage('bentoml', ['bentoml'], /\bbentoml\.deployment\.(create|update)\s*\(/),
];

export const PUBLISHING_METRICS: PythonMatcher[] = [
  usage(
    'prometheus-pushgateway',
    ['prometheus_client'],
    /\b(push_to_gateway|pushadd_to_gateway)\s*\(/,
  ),
];
