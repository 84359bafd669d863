import { RepoSignalKind } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
} from '../parsing/paths';
import {
  keywordArgument,
  PythonSource,
  stringLiteral,
} from '../parsing/python';
import { asMap, isMap } from '../parsing/yaml';
import {
  DATA_SCALE,
  DATA_VALIDATION,
  DRIFT_MONITORING,
  EXPERIMENT_TRACKING,
  HYPERPARAMETER_TUNING,
  matchAll,
  METRICS_LOGGING,
  MODEL_REGISTRATION,
  PythonMatcher,
} from './python/pythonPatterns';
import {
  declaredMetrics,
  exposesMetrics,
  isDocsPath,
  servicePythonSources,
} from './python/pythonFiles';
import { code, DetectorResult, Findings, listForHumans } from './types';

const TOOL_NAMES: Record<string, string> = {
  mlflow: 'MLflow',
  wandb: 'Weights & Biases',
  neptune: 'Neptune',
  comet: 'Comet',
  clearml: 'ClearML',
  dvclive: 'DVCLive',
  aim: 'Aim',
  sagemaker: 'SageMaker',
  'sagemaker-experiments': 'SageMaker Experiments',
  'sagemaker-training': 'SageMaker training jobs',
  'vertex-ai': 'Vertex AI',
  'vertex-ai-experiments': 'Vertex AI Experiments',
  'vertex-ai-training': 'Vertex AI training jobs',
  azureml: 'Azure ML',
  kubeflow: 'a Kubeflow Metrics artifact',
  zenml: 'ZenML',
  promptflow: 'prompt flow',
  'huggingface-hub': 'the Hugging Face Hub',
  dvc: 'DVC',
};

function toolName(tool: string): string {
  return TOOL_NAMES[tool] ?? tool;
}

const SIMPLE_PRACTICES: Array<{
  kind: RepoSignalKind;
  matchers: PythonMatcher[];
  verb: (tool: string) => string;
}> = [
  {
    kind: 'experiment-tracking',
    matchers: EXPERIMENT_TRACKING,
    verb: tool => `tracks experiments with ${toolName(tool)}`,
  },
  {
    kind: 'metrics-logging',
    matchers: METRICS_LOGGING,
    verb: tool => `logs model metrics to ${toolName(tool)}`,
  },
  {
    kind: 'model-registration',
    matchers: MODEL_REGISTRATION,
    verb: tool => `registers a model with ${toolName(tool)}`,
  },
  {
    kind: 'hyperparameter-tuning',
    matchers: HYPERPARAMETER_TUNING,
    verb: tool => `tunes hyperparameters with ${toolName(tool)}`,
  },
  {
    kind: 'data-validation',
    matchers: DATA_VALIDATION,
    verb: tool => `validates data with ${toolName(tool)}`,
  },
  {
    kind: 'drift-monitoring',
    matchers: DRIFT_MONITORING,
    verb: tool => `checks for drift with ${toolName(tool)}`,
  },
  {
    kind: 'data-scale',
    matchers: DATA_SCALE,
    verb: tool => `processes data at scale with ${toolName(tool)}`,
  },
];

const MODEL_LOADER =
  /\b(joblib\.load|pickle\.load|cloudpickle\.load|dill\.load|mlflow\.(?:\w+\.)?load_model|torch\.load|torch\.jit\.load|\w+\.from_pretrained|tensorflow\.keras\.models\.load_model|keras\.models\.load_model|keras\.saving\.load_model|onnxruntime\.InferenceSession|xgboost\.Booster|lightgbm\.Booster|\.load_model|transformers\.pipeline|sentence_transformers\.SentenceTransformer|bentoml\.models\.get|spacy\.load|skops\.io\.load)\s*\(/;
const LLM_CLIENT =
  /\b(openai\.(?:Async)?(?:Azure)?OpenAI|anthropic\.(?:Async)?Anthropic|litellm\.a?completion|langchain\w*\.\w*Chat\w+|vertexai\.generative_models\.\w+|google\.genai\.Client|boto3\.client\s*\(\s*["']bedrock-runtime["'])/;
const PREDICT_ROUTE =
  /predict|infer|inference|score|scoring|invocations|generate|completion|chat|classify|recommend|embed|answer|ask|query/i;
const ROUTE_DECORATOR =
  /\.(get|post|put|route|api_route|websocket)\s*\(\s*["']([^"']*)["']/;

const WEB_FRAMEWORKS = [
  {
    tool: 'fastapi',
    label: 'FastAPI',
    pattern: /\bfastapi\.(FastAPI|APIRouter)\s*\(/,
  },
  { tool: 'flask', label: 'Flask', pattern: /\bflask\.(Flask|Blueprint)\s*\(/ },
  {
    tool: 'starlette',
    label: 'Starlette',
    pattern: /\bstarlette\.applications\.Starlette\s*\(/,
  },
];

function webServing(
  files: RepoFileSet,
  source: PythonSource,
  findings: Findings,
) {
  const web = WEB_FRAMEWORKS.find(candidate =>
    candidate.pattern.test(source.code),
  );
  if (!web) {
    return;
  }
  const framework = web.tool;
  const endpoints = source
    .functions()
    .map(fn => {
      const decorator = fn.decorators
        .map(d => d.match(ROUTE_DECORATOR))
        .find(Boolean);
      return decorator ? { route: decorator[2], name: fn.name } : undefined;
    })
    .filter((e): e is { route: string; name: string } => e !== undefined)
    .filter(e => PREDICT_ROUTE.test(e.route) || PREDICT_ROUTE.test(e.name));
  if (endpoints.length === 0) {
    return;
  }
  const related = [...files.importClosure([source.path], 30)]
    .map(path => files.python(path))
    .filter((s): s is PythonSource => !!s);
  const loader = related
    .map(s => s.code.match(MODEL_LOADER) ?? s.code.match(LLM_CLIENT))
    .find(Boolean);
  if (!loader) {
    findings.reject(
      'serving',
      framework,
      source.path,
      `${source.path} exposes ${listForHumans(
        endpoints.map(e => code(e.route)),
      )} but loads no model, so it is not a model server`,
    );
    return;
  }
  findings.signal(
    'serving',
    framework,
    source.path,
    `${source.path} serves a model over HTTP with ${web.label} (${listForHumans(
      endpoints.map(e => code(e.route)),
    )}; loads it with ${code(loader[1] ?? loader[0].replace(/\s*\($/, ''))})`,
    {
      framework,
      endpoints: endpoints.map(e => e.route),
      modelLoader: (loader[1] ?? loader[0]).replace(/\s*\($/, ''),
    },
  );
}

function frameworkServing(source: PythonSource, findings: Findings) {
  const classes = source.classes();
  const functions = source.functions();
  const names = new Set(
    functions.filter(fn => !fn.className).map(fn => fn.name),
  );
  const found: Array<{ tool: string; what: string }> = [];
  if (/\bbentoml\.(service|Service|api)\b/.test(source.code)) {
    found.push({ tool: 'bentoml', what: 'a BentoML service' });
  }
  if (
    functions.some(fn =>
      fn.decorators.some(d => /^ray\.serve\.deployment\b/.test(d)),
    ) ||
    classes.some(c =>
      c.decorators.some(d => /^ray\.serve\.deployment\b/.test(d)),
    )
  ) {
    found.push({ tool: 'ray-serve', what: 'a Ray Serve deployment' });
  }
  if (source.importsModule('ts.torch_handler')) {
    found.push({ tool: 'torchserve', what: 'a TorchServe handler' });
  }
  if (
    classes.some(c =>
      c.bases.some(b => /^mlserver\.(model\.)?MLModel$/.test(b)),
    )
  ) {
    found.push({ tool: 'mlserver', what: 'an MLServer runtime' });
  }
  if (classes.some(c => c.bases.some(b => /^litserve\.LitAPI$/.test(b)))) {
    found.push({ tool: 'litserve', what: 'a LitServe API' });
  }
  if (classes.some(c => c.bases.some(b => /^kserve\.Model$/.test(b)))) {
    found.push({ tool: 'kserve', what: 'a custom KServe predictor' });
  }
  if (classes.some(c => c.name === 'TritonPythonModel')) {
    found.push({ tool: 'triton', what: 'a Triton Python backend model' });
  }
  if (
    names.has('model_fn') &&
    (names.has('predict_fn') ||
      names.has('input_fn') ||
      names.has('transform_fn'))
  ) {
    found.push({
      tool: 'sagemaker-inference',
      what: 'a SageMaker inference handler',
    });
  }
  if (
    names.has('init') &&
    names.has('run') &&
    /AZUREML_MODEL_DIR/.test(source.code)
  ) {
    found.push({ tool: 'azureml', what: 'an Azure ML scoring script' });
  }
  for (const item of found) {
    findings.signal(
      'serving',
      item.tool,
      source.path,
      `${source.path} implements ${item.what}`,
      { framework: item.tool },
    );
  }
}

/** Names of business outcomes (money, conversions, customers), not of the model's own outputs. */
const BUSINESS_METRIC =
  /revenue|conversion|sales|orders?_|gmv|basket|profit|saving|saved|prevented|avoided|loss|retention|retained|signup|purchase|booking|click|ctr\b|engagement|kpi|business|approval_rate|amount|_eur\b|_usd\b|cost|nps|csat|deflect|resolution|satisfaction|uplift|contained|containment/i;
const TECHNICAL_METRIC =
  /probability|score|latency|seconds|duration|request|error|drift|confidence|prediction|inference|scored|token|bucket|memory|cpu|gpu|queue|miss|hit_ratio|cache/i;

function monitoring(sources: PythonSource[], findings: Findings) {
  const exposedSomewhere = sources.some(exposesMetrics);
  for (const source of sources) {
    const declared = declaredMetrics(source);
    if (declared) {
      const names = declared.metrics.map(m => m.name);
      if (exposedSomewhere) {
        findings.signal(
          'monitoring-config',
          declared.tool,
          source.path,
          `${source.path} exports metrics ${listForHumans(names.map(code))}`,
          {
            metrics: names,
            exposed: true,
          },
        );
      } else {
        findings.reject(
          'monitoring-config',
          declared.tool,
          source.path,
          `${source.path} defines metrics ${listForHumans(
            names.map(code),
          )} but nothing exposes them for scraping`,
        );
      }
      const business = names.filter(
        name => BUSINESS_METRIC.test(name) && !TECHNICAL_METRIC.test(name),
      );
      if (business.length && exposedSomewhere) {
        findings.signal(
          'kpi',
          declared.tool,
          source.path,
          `${source.path} exports business KPI metrics ${listForHumans(
            business.map(code),
          )}`,
          {
            metrics: business,
          },
        );
      }
    } else if (
      /\bprometheus_fastapi_instrumentator\.Instrumentator\s*\(/.test(
        source.code,
      ) &&
      /\.expose\s*\(/.test(source.code)
    ) {
      findings.signal(
        'monitoring-config',
        'prometheus-fastapi-instrumentator',
        source.path,
        `${source.path} exposes request metrics with prometheus-fastapi-instrumentator`,
        {
          metrics: [],
          exposed: true,
        },
      );
    } else if (
      /\bprometheus_flask_exporter\.\w*PrometheusMetrics\s*\(/.test(source.code)
    ) {
      findings.signal(
        'monitoring-config',
        'prometheus-flask-exporter',
        source.path,
        `${source.path} exposes request metrics with prometheus-flask-exporter`,
        {
          metrics: [],
          exposed: true,
        },
      );
    }
  }
}

const CONFIG_LOADER =
  /\b(yaml\.(safe_load|load|full_load)|strictyaml\.(load|dirty_load)|ruamel\.yaml\.YAML\b|omegaconf\.OmegaConf\.load|OmegaConf\.load|tomllib\.load|tomli\.load|json\.load|Config\.fromfile|load_config|read_config|configparser)\b/;

/**
 * A file a module names relative to a folder above it, as code that builds paths from its
 * package root does (`PACKAGE_ROOT / "config.yml"`): the nearest match going up.
 */
function resolveUpwards(
  files: RepoFileSet,
  fromDir: string,
  relative: string,
): string | undefined {
  for (let dir = fromDir; ; dir = dirnameOf(dir)) {
    const found = files.resolve(dir, relative);
    if (found !== undefined || dir === '') {
      return found;
    }
  }
}

function configAsCode(
  files: RepoFileSet,
  sources: PythonSource[],
  findings: Findings,
) {
  for (const source of sources) {
    for (const fn of source.functions()) {
      const decorator = fn.decorators.find(d => /^hydra\.main\b/.test(d));
      if (!decorator) {
        continue;
      }
      const configPath = stringLiteral(
        keywordArgument(decorator, 'config_path'),
      );
      const configName = stringLiteral(
        keywordArgument(decorator, 'config_name'),
      );
      const dir =
        configPath !== undefined
          ? joinRepoPath(dirnameOf(source.path), configPath)
          : undefined;
      const configs =
        dir !== undefined
          ? files
              .under(dir)
              .filter(f => /\.ya?ml$/.test(f.path))
              .map(f => f.path)
          : [];
      findings.signal(
        'config-as-code',
        'hydra',
        source.path,
        `${source.path} composes its configuration with Hydra${
          dir
            ? ` from ${dir}/ (${configs.length} YAML file${
                configs.length === 1 ? '' : 's'
              })`
            : ''
        }`,
        {
          configDir: dir ?? null,
          configName: configName ?? null,
          configFiles: configs.length,
        },
      );
    }
    if (!CONFIG_LOADER.test(source.code)) {
      continue;
    }
    const referenced = [
      ...source.code.matchAll(/["']([\w./-]+\.(?:ya?ml|toml))["']/g),
    ]
      .map(m => resolveUpwards(files, dirnameOf(source.path), m[1]))
      .filter(
        (path): path is string =>
          path !== undefined &&
          !/(^|\/)(\.github|\.gitlab|\.circleci)\//.test(path),
      );
    const configs = [...new Set(referenced)].filter(path => !isDocsPath(path));
    if (configs.length) {
      findings.signal(
        'config-as-code',
        'yaml-config',
        source.path,
        `${source.path} reads its configuration from ${listForHumans(configs)}`,
        {
          configFiles: configs,
        },
      );
    }
  }
  for (const file of files.named(/^params\.ya?ml$/)) {
    const params = files.yamlMaps(file.path)[0];
    if (!params || Object.keys(params).length === 0) {
      findings.reject(
        'config-as-code',
        'params',
        file.path,
        `${file.path} is empty`,
      );
      continue;
    }
    const dir = dirnameOf(file.path);
    const consumed =
      files.files.some(
        f =>
          /(^|\/)dvc\.ya?ml$/.test(f.path) &&
          (dir === '' ||
            f.path.startsWith(`${dir}/`) ||
            dirnameOf(f.path) === dir),
      ) ||
      sources.some(source =>
        /params\.ya?ml|dvc\.api\.params_show/.test(source.code),
      );
    const keys = Object.keys(params);
    if (consumed) {
      findings.signal(
        'config-as-code',
        'params',
        file.path,
        `${file.path} holds ${keys.length} parameter group${
          keys.length === 1 ? '' : 's'
        } (${listForHumans(keys.map(code), 4)}) read by the pipeline`,
        {
          keys,
        },
      );
    } else {
      findings.reject(
        'config-as-code',
        'params',
        file.path,
        `${file.path} declares parameters but no pipeline or code reads it`,
      );
    }
  }
  for (const file of files.matching(
    /(^|\/)conf\/base\/parameters[^/]*\.ya?ml$/,
  )) {
    const params = files.yamlMaps(file.path)[0];
    if (params && Object.keys(params).length) {
      findings.signal(
        'config-as-code',
        'kedro',
        file.path,
        `${file.path} holds Kedro pipeline parameters`,
        { keys: Object.keys(params) },
      );
    }
  }
}

function dataSchemas(sources: PythonSource[], findings: Findings) {
  const schemaNames: string[] = [];
  for (const source of sources.filter(s => s.importsModule('pandera'))) {
    const models = source
      .classes()
      .filter(c =>
        c.bases.some(b =>
          /^pandera\.(api\.pandas\.model\.|typing\.|polars\.)?(DataFrameModel|SchemaModel)$|^pandera\.\w+\.DataFrameModel$/.test(
            b,
          ),
        ),
      );
    const schemas = [
      ...source.code.matchAll(
        /(\w+)\s*=\s*pandera\.(?:\w+\.)?DataFrameSchema\s*\(/g,
      ),
    ].map(m => m[1]);
    const names = [...models.map(m => m.name), ...schemas];
    if (names.length) {
      schemaNames.push(...names);
      findings.signal(
        'data-schema',
        'pandera',
        source.path,
        `${source.path} defines pandera schema${
          names.length > 1 ? 's' : ''
        } ${listForHumans(names.map(code))}`,
        {
          schemas: names,
        },
      );
    }
  }
  if (schemaNames.length === 0) {
    return;
  }
  const pattern = new RegExp(
    `\\b(${schemaNames.join(
      '|',
    )})\\.validate\\s*\\(|\\bpandera\\.(check_types|check_input|check_output|check_io)\\b`,
  );
  for (const source of sources) {
    const match = source.code.match(pattern);
    if (match && !source.importsModule('pandera')) {
      findings.signal(
        'data-validation',
        'pandera',
        source.path,
        `${source.path} validates data against ${code(
          match[1] ?? 'pandera schemas',
        )}`,
        {
          schemas: match[1] ? [match[1]] : [],
        },
      );
    }
  }
}

function lineage(sources: PythonSource[], findings: Findings) {
  for (const source of sources) {
    if (
      source.importsModule('mlflow') &&
      /\bmlflow\.log_input\s*\(/.test(source.code)
    ) {
      findings.signal(
        'data-lineage',
        'mlflow',
        source.path,
        `${source.path} records the datasets a run used (mlflow.log_input)`,
        {},
      );
    }
    if (
      source.importsModule('openlineage') &&
      /\bOpenLineageClient\b|\.emit\s*\(/.test(source.code)
    ) {
      findings.signal(
        'data-lineage',
        'openlineage',
        source.path,
        `${source.path} emits OpenLineage events`,
        {},
      );
    }
  }
}

/** W&B sweep definitions, Azure ML sweep jobs and Hydra's Optuna sweeper. */
function tuningConfigs(files: RepoFileSet, findings: Findings) {
  for (const file of files.yamlFiles()) {
    if (!/^(method|type|defaults|hydra)\s*:/m.test(file.text)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const method = typeof doc.method === 'string' ? doc.method : undefined;
    if (
      method &&
      /^(grid|random|bayes)$/.test(method) &&
      isMap(doc.parameters) &&
      (doc.metric !== undefined ||
        doc.program !== undefined ||
        doc.command !== undefined)
    ) {
      findings.signal(
        'hyperparameter-tuning',
        'wandb-sweeps',
        file.path,
        `W&B sweep ${file.path} searches ${
          Object.keys(doc.parameters).length
        } parameters (${method})`,
        {
          method,
          parameters: Object.keys(doc.parameters),
          runByPipeline: false,
        },
      );
    } else if (doc.type === 'sweep' && isMap(doc.search_space)) {
      findings.signal(
        'hyperparameter-tuning',
        'azureml',
        file.path,
        `Azure ML sweep job ${file.path} searches ${
          Object.keys(doc.search_space).length
        } parameters`,
        {
          parameters: Object.keys(doc.search_space),
          runByPipeline: false,
        },
      );
    } else if (
      /hydra_plugins\.hydra_optuna_sweeper|override\s+hydra\/sweeper:\s*optuna|hydra\/sweeper:\s*optuna/.test(
        file.text,
      )
    ) {
      findings.signal(
        'hyperparameter-tuning',
        'optuna',
        file.path,
        `Hydra config ${file.path} sweeps hyperparameters with the Optuna sweeper`,
        {
          runByPipeline: false,
        },
      );
    }
  }
}

/** Practices recognised in the service's Python code and notebooks. */
export function detectPython(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  const sources = servicePythonSources(files);
  for (const source of sources) {
    const where =
      extensionOf(source.path) === 'ipynb'
        ? `Notebook ${source.path}`
        : source.path;
    const notebook = extensionOf(source.path) === 'ipynb';
    for (const practice of SIMPLE_PRACTICES) {
      for (const match of matchAll(source, practice.matchers)) {
        const detail = `${where} ${practice.verb(match.tool)} (${code(
          match.evidence,
        )})${match.note ? `: ${match.note}` : ''}`;
        if (notebook && practice.kind === 'model-registration') {
          findings.reject(
            practice.kind,
            match.tool,
            source.path,
            `${detail}, but a model registered by running notebook cells by hand is not an automated registry: register it from the training pipeline`,
          );
          continue;
        }
        findings.signal(practice.kind, match.tool, source.path, detail, {
          call: match.evidence,
          notebook,
          ...(practice.kind === 'hyperparameter-tuning'
            ? { runByPipeline: false }
            : {}),
        });
      }
    }
    webServing(files, source, findings);
    frameworkServing(source, findings);
  }
  monitoring(sources, findings);
  configAsCode(files, sources, findings);
  dataSchemas(sources, findings);
  lineage(sources, findings);
  tuningConfigs(files, findings);
  for (const file of files.named(/^bentofile\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (isMap(doc) && doc.service !== undefined) {
      findings.signal(
        'serving',
        'bentoml',
        file.path,
        `BentoML build file ${file.path} packages service ${code(
          String(doc.service),
        )}`,
        {
          service: String(doc.service),
        },
      );
    }
  }
  for (const file of files.named(/^config\.pbtxt$/)) {
    if (/^\s*(platform|backend)\s*:/m.test(file.text)) {
      const name =
        file.text.match(/^\s*name\s*:\s*"([^"]+)"/m)?.[1] ??
        basenameOf(dirnameOf(file.path));
      findings.signal(
        'serving',
        'triton',
        file.path,
        `Triton model repository entry ${code(name)} in ${file.path}`,
        {
          model: name,
          maxBatchSize: Number(
            file.text.match(/max_batch_size\s*:\s*(\d+)/)?.[1] ?? 0,
          ),
          dynamicBatching: /dynamic_batching/.test(file.text),
        },
      );
    }
  }
  for (const file of files.named(/^model-settings\.json$/)) {
    const settings = asMap(files.json(file.path));
    if (settings.implementation) {
      findings.signal(
        'serving',
        'mlserver',
        file.path,
        `MLServer model settings in ${file.path} (${code(
          String(settings.implementation),
        )})`,
        {
          implementation: String(settings.implementation),
        },
      );
    }
  }
  for (const file of files.named(/^config\.properties$/)) {
    if (/^\s*(inference_address|model_store)\s*=/m.test(file.text)) {
      findings.signal(
        'serving',
        'torchserve',
        file.path,
        `TorchServe configuration in ${file.path}`,
        {},
      );
    }
  }
  return findings.result();
}
