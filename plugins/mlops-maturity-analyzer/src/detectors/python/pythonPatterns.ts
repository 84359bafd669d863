import { PythonSource } from '../../parsing/python';

/** What a pattern recognised in a Python file. */
export interface PythonMatch {
  tool: string;
  /** The call or construct that matched, e.g. `mlflow.register_model`. */
  evidence: string;
  /** What the match means when the call alone does not say it (e.g. a managed training job records its runs). */
  note?: string;
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
 * code (imported names are already qualified). `also` must then occur too; `note`
 * explains the match where the call alone does not.
 */
export function usage(
  tool: string,
  modules: string[],
  pattern: RegExp,
  also?: RegExp,
  note?: string,
): PythonMatcher {
  return source => {
    if (!modules.some(module => source.importsModule(module))) {
      return undefined;
    }
    const match = source.code.match(pattern);
    if (!match || (also && !also.test(source.code))) {
      return undefined;
    }
    return { tool, evidence: evidenceOf(match[0]), ...(note ? { note } : {}) };
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

const SAGEMAKER_TRAINING_NOTE =
  'SageMaker records each training job with its hyperparameters, metrics and output model';
const VERTEX_TRAINING_NOTE =
  'Vertex AI records each training job with its parameters, logs and output model';
const AZUREML_RUN_NOTE =
  'Azure ML records each run with its parameters, metrics, logs and outputs';

/** Training frameworks' logger integrations that send runs to a tracker. */
const TRAINING_FRAMEWORKS = [
  'pytorch_lightning',
  'lightning',
  'transformers',
  'keras',
  'tensorflow',
];

export const EXPERIMENT_TRACKING: PythonMatcher[] = [
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.(start_run|log_params?|log_metrics?|autolog|set_experiment|log_artifacts?|log_input|\w+\.autolog|\w+\.log_model)\s*\(/,
  ),
  usage(
    'mlflow',
    TRAINING_FRAMEWORKS,
    /\bMLFlowLogger\s*\(|\breport_to\s*=\s*\[?[^\]\n)]*["']mlflow["']/,
  ),
  usage('wandb', ['wandb'], /\bwandb\.(init|log)\s*\(/),
  usage(
    'wandb',
    [...TRAINING_FRAMEWORKS, 'wandb'],
    /\b(WandbLogger|WandbCallback|WandbMetricsLogger)\s*\(|\breport_to\s*=\s*\[?[^\]\n)]*["']wandb["']/,
  ),
  usage('neptune', ['neptune'], /\bneptune\.(init_run|init)\s*\(/),
  usage('neptune', TRAINING_FRAMEWORKS, /\bNeptuneLogger\s*\(/),
  usage(
    'comet',
    ['comet_ml'],
    /\bcomet_ml\.(Experiment|start|ExistingExperiment|OfflineExperiment)\s*\(/,
  ),
  usage('comet', TRAINING_FRAMEWORKS, /\bCometLogger\s*\(/),
  usage('clearml', ['clearml'], /\bclearml\.Task\.init\s*\(/),
  usage('dvclive', ['dvclive'], /\bdvclive\.Live\s*\(/),
  usage('aim', ['aim'], /\baim\.Run\s*\(/),
  usage(
    'sagemaker-experiments',
    ['sagemaker'],
    /\bsagemaker\.experiments(\.run)?\.(Run|load_run)\s*\(/,
  ),
  usage(
    'sagemaker-experiments',
    ['smexperiments'],
    /\bsmexperiments\.(experiment\.Experiment|trial\.Trial|tracker\.Tracker)\.(create|load)\s*\(/,
  ),
  // The low-level API: `boto3.client("sagemaker").create_experiment(...)`.
  usage(
    'sagemaker-experiments',
    ['boto3'],
    /\.create_(experiment|trial)\s*\([^\n]*\bExperimentName\s*=/,
  ),
  usage(
    'sagemaker-experiments',
    ['sagemaker', 'stepfunctions'],
    /\bexperiment_config\s*=\s*\{[^}\n]*ExperimentName/,
    undefined,
    'each training job is recorded as a trial of the SageMaker experiment',
  ),
  usage(
    'sagemaker-training',
    ['sagemaker'],
    /\bsagemaker\.[\w.]*\b(Estimator|SKLearn|PyTorch|TensorFlow|XGBoost|HuggingFace|MXNet|Chainer|RLEstimator)\s*\(/,
    /\.fit\s*\(/,
    SAGEMAKER_TRAINING_NOTE,
  ),
  usage(
    'sagemaker-training',
    ['boto3'],
    /\.create_training_job\s*\(/,
    undefined,
    SAGEMAKER_TRAINING_NOTE,
  ),
  usage(
    'vertex-ai-experiments',
    ['google.cloud.aiplatform'],
    /\bgoogle\.cloud\.aiplatform\.(start_run|log_metrics|log_params|log_time_series_metrics)\s*\(|\bgoogle\.cloud\.aiplatform\.init\s*\([^\n]*\bexperiment\s*=/,
  ),
  usage(
    'vertex-ai-training',
    ['google.cloud.aiplatform'],
    /\bgoogle\.cloud\.aiplatform\.(jobs\.|training_jobs\.)?(CustomJob|CustomTrainingJob|CustomContainerTrainingJob|CustomPythonPackageTrainingJob|AutoML\w*TrainingJob)\s*\(/,
    /\.(run|submit)\s*\(/,
    VERTEX_TRAINING_NOTE,
  ),
  usage(
    'azureml',
    ['azureml.core'],
    /\bazureml\.core(\.run)?\.Run\.get_context\s*\(/,
    /\.log(_list|_row|_table|_image|_confusion_matrix)?\s*\(\s*(name\s*=\s*)?["']/,
    'the script logs to the Azure ML run it executes in',
  ),
  usage(
    'azureml',
    ['azureml.core'],
    /\.submit\s*\(/,
    /\bazureml\.core(\.experiment)?\.Experiment\s*\(/,
    AZUREML_RUN_NOTE,
  ),
  usage(
    'azureml',
    ['azure.ai.ml'],
    /\.jobs\.create_or_update\s*\(/,
    undefined,
    AZUREML_RUN_NOTE,
  ),
  usage(
    'promptflow',
    ['promptflow'],
    /\.runs\.create_or_update\s*\(|\.run\s*\([^\n]*\bflow\s*=/,
    /\bpromptflow\.[\w.]*PFClient\s*\(/,
    'prompt flow records each batch run with its inputs, outputs and metrics',
  ),
];

export const METRICS_LOGGING: PythonMatcher[] = [
  usage(
    'mlflow',
    ['mlflow'],
    /\bmlflow\.(log_metrics?|evaluate|autolog|\w+\.autolog)\s*\(|\.log_metric\s*\(|\.log_batch\s*\(/,
  ),
  usage('mlflow', TRAINING_FRAMEWORKS, /\bMLFlowLogger\s*\(/),
  usage('wandb', ['wandb'], /\bwandb\.log\s*\(|\.log\s*\(\s*\{/),
  usage(
    'wandb',
    TRAINING_FRAMEWORKS,
    /\b(WandbLogger|WandbCallback|WandbMetricsLogger)\s*\(/,
  ),
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
    'vertex-ai',
    [
      'google.cloud.aiplatform',
      'google.cloud.aiplatform_v1',
      'google.cloud.aiplatform_v1beta1',
    ],
    /\.import_model_evaluation\s*\(/,
    undefined,
    'the evaluation is attached to the model version in the Vertex AI Model Registry',
  ),
  usage(
    'sagemaker-experiments',
    ['sagemaker.experiments', 'smexperiments'],
    /\.log_metric\s*\(/,
  ),
  usage(
    'sagemaker',
    ['sagemaker'],
    /\bModelMetrics\s*\(|\bmodel_metrics\s*=/,
    undefined,
    'the metrics are registered with the model package',
  ),
  usage(
    'azureml',
    ['azureml.core'],
    /\.log(_list|_row|_table)?\s*\(\s*(name\s*=\s*)?["']/,
    /\bazureml\.core(\.run)?\.Run\.get_context\s*\(/,
  ),
  usage(
    'kubeflow',
    ['kfp'],
    /\.log_metric\s*\(/,
    /\bkfp(\.v2)?\.dsl\.(Metrics|ClassificationMetrics)\b/,
    'the metrics are recorded as a pipeline artifact in ML Metadata',
  ),
  usage(
    'zenml',
    ['zenml'],
    /\bzenml\.log_model_metadata\s*\(|\bzenml\.log_metadata\s*\([^\n]*(metric|eval|accuracy|score|loss|f1|auc|rmse|mae|precision|recall)/i,
    undefined,
    'the metrics are attached to the ZenML model version',
  ),
  usage('promptflow', ['promptflow'], /\bpromptflow\.(core\.)?log_metric\s*\(/),
  usage('aim', ['aim'], /\.track\s*\(/),
];

/** The receiver of `push_to_hub` is a model (or what wraps one), not a dataset. */
const HUB_MODEL_PUSH =
  /\b(?:\w+\.)*\w*(?:model|trainer|tokenizer|pipe|processor|adapter)\w*\.push_to_hub\s*\(/i;

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
    /\bgoogle\.cloud\.aiplatform\.(models\.)?Model\.upload\w*\s*\(|\.add_version_aliases\s*\(/,
  ),
  // A custom training job uploads the trained model to the Model Registry when named.
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\.run\s*\([^\n]*\b(model_display_name|parent_model)\s*=/,
    /\bgoogle\.cloud\.aiplatform\.(training_jobs\.)?\w*TrainingJob\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google_cloud_pipeline_components'],
    /\bModelUploadOp\s*\(/,
  ),
  usage(
    'zenml',
    ['zenml'],
    /\bzenml\.(model\.model\.)?Model\s*\(/,
    /\bzenml\.(pipelines\.)?(pipeline|step)\s*\([^\n]*\bmodel\s*=|\.with_options\s*\([^\n]*\bmodel\s*=/,
    'runs attach their artifacts and metadata to a new version of the ZenML Model (Model Control Plane)',
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
      'setfit',
    ],
    new RegExp(
      `${HUB_MODEL_PUSH.source}|\\.upload_folder\\s*\\((?![^\\n]*repo_type\\s*=\\s*["'](dataset|space)["'])`,
      'i',
    ),
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

/** Code that fits a model, here or on a managed training service. */
export const MODEL_TRAINING: PythonMatcher[] = [
  usage(
    'python',
    ML_LIBRARIES,
    /\.fit\s*\(|\btrainer\.train\s*\(|\.train\s*\(|\bloss\.backward\s*\(|\b(xgboost|lightgbm)\.train\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\baiplatform\.(jobs\.|training_jobs\.)?(CustomTrainingJob|CustomJob|CustomContainerTrainingJob|CustomPythonPackageTrainingJob|AutoML\w*TrainingJob)\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google_cloud_pipeline_components'],
    /\b(CustomTrainingJobOp|AutoML\w*TrainingJobRunOp|create_custom_training_job_from_component|create_custom_training_job_op_from_component)\s*\(/,
  ),
  usage('sagemaker', ['boto3'], /\.create_training_job\s*\(/),
  usage(
    'azureml',
    ['azureml.core'],
    /\.submit\s*\(/,
    /\bazureml\.core(\.experiment)?\.Experiment\s*\(/,
  ),
];

/** Code that starts a pipeline or job which trains, on an orchestrator. */
const PIPELINE_SUBMISSION: PythonMatcher[] = [
  usage(
    'kubeflow',
    ['kfp'],
    /\.create_run_from_pipeline_(func|package)\s*\(|\.run_pipeline\s*\(|\.create_recurring_run\s*\(/,
  ),
  usage(
    'vertex-ai',
    ['google.cloud.aiplatform'],
    /\baiplatform\.(pipeline_jobs\.)?PipelineJob\s*\(/,
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

/** What running a Python script does, for CI steps and pipeline stages. */
export const TRAINING: PythonMatcher[] = [
  ...MODEL_TRAINING,
  ...PIPELINE_SUBMISSION,
];

/** Code that scores a model on held-out data. */
export const MODEL_EVALUATION: PythonMatcher[] = [
  usage(
    'scikit-learn',
    ['sklearn'],
    /\bsklearn\.metrics\.(\w+_score|\w+_error|classification_report|confusion_matrix|log_loss)\s*\(/,
  ),
  usage('mlflow', ['mlflow'], /\bmlflow\.(models\.)?evaluate\s*\(/),
  usage(
    'tensorflow-model-analysis',
    ['tensorflow_model_analysis'],
    /\btensorflow_model_analysis\.run_model_analysis\s*\(/,
  ),
  usage('huggingface-evaluate', ['evaluate'], /\bevaluate\.load\s*\(/),
  usage('keras', ['tensorflow', 'keras'], /\.evaluate\s*\(/),
];

export const DEPLOYING: PythonMatcher[] = [
  usage('sagemaker', ['sagemaker'], /\.deploy\s*\(/),
  usage('sagemaker', ['boto3'], /\.(create_endpoint|update_endpoint)\s*\(/),
  usage('vertex-ai', ['google.cloud.aiplatform'], /\.deploy(_model)?\s*\(/),
  usage(
    'vertex-ai',
    ['google_cloud_pipeline_components'],
    /\bModelDeployOp\s*\(/,
  ),
  usage(
    'azureml',
    ['azure.ai.ml'],
    /\.(online|batch)_deployments\.begin_create_or_update\s*\(/,
  ),
  usage(
    'azureml',
    ['azureml.core'],
    /\bazureml\.core(\.model)?\.Model\.deploy\s*\(|\bazureml\.core\.webservice\.\w*Webservice\.deploy\w*\s*\(/,
  ),
  usage(
    'kubernetes',
    ['kubernetes'],
    /\.(create|patch|replace)_namespaced_(deployment|custom_object)\s*\(/,
  ),
  usage('mlflow', ['mlflow.deployments'], /\.(create|update)_deployment\s*\(/),
  usage('bentoml', ['bentoml'], /\bbentoml\.deployment\.(create|update)\s*\(/),
  // A Hugging Face Space is an app hosted by the Hub: creating or uploading one ships it.
  usage(
    'huggingface-spaces',
    ['huggingface_hub'],
    /\b(create_repo|upload_folder|upload_file)\s*\([^\n]*\brepo_type\s*=\s*["']space["']/,
  ),
  usage('zenml', ['zenml'], /\b\w+_model_deployer_step\s*\(/),
];

export const PUBLISHING_METRICS: PythonMatcher[] = [
  usage(
    'prometheus-pushgateway',
    ['prometheus_client'],
    /\b(push_to_gateway|pushadd_to_gateway)\s*\(/,
  ),
];
