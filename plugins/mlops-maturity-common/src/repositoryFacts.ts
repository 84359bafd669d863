import { JsonObject } from '@backstage/types';

/**
 * Kinds of declared evidence the repository analyzer recognises. Each kind maps to
 * practices in the maturity model; checks select signals by kind.
 * @public
 */
export type RepoSignalKind =
  /** params.yaml, Hydra/OmegaConf config trees, pipeline parameter files. */
  | 'config-as-code'
  /** Code that logs to an experiment tracker (MLflow, W&B, Neptune, Comet, ClearML). */
  | 'experiment-tracking'
  /** Pinned environments: lock files, fully pinned requirements, conda env with pins, MLproject env. */
  | 'reproducible-env'
  /** An ML pipeline definition (DVC, Kubeflow/TFX, Vertex AI, SageMaker, Azure ML, ZenML, Airflow, Metaflow, Prefect, MLflow Projects). */
  | 'pipeline'
  /** Real automated tests (test functions that assert). */
  | 'tests'
  /** A CI job; attributes describe triggers, gates and what the job does. */
  | 'ci-job'
  /** Code or pipeline steps that register a model in a registry. */
  | 'model-registration'
  /** Code that logs model metrics with the model/run. */
  | 'metrics-logging'
  /** A Dockerfile / container build definition. */
  | 'container-image'
  /** Kubernetes workloads and related manifests (Deployment, Service, HPA, KServe, Seldon, Rollout, ServiceMonitor, PrometheusRule...). */
  | 'k8s-resource'
  /** Infrastructure as code (Terraform, Bicep/ARM, CloudFormation/CDK, Pulumi, Helm, Kustomize). */
  | 'iac'
  /** A model serving framework (KServe, Seldon, BentoML, Triton, TorchServe, Ray Serve, FastAPI model server). */
  | 'serving'
  /** Data validation (Great Expectations, pandera, TFDV, Deequ, Soda). */
  | 'data-validation'
  /** Data / model drift monitoring (Evidently, whylogs, Alibi Detect, NannyML). */
  | 'drift-monitoring'
  /** Data lineage (dvc.lock, OpenLineage). */
  | 'data-lineage'
  /** Explicit data schemas (pandera schema, TFDV schema, JSON/Avro schema of the data). */
  | 'data-schema'
  /** Hyperparameter tuning (Optuna, Katib, W&B sweeps, Ray Tune, Hyperopt). */
  | 'hyperparameter-tuning'
  /** A model card with substance. */
  | 'model-card'
  /** Documentation with substance (README, mkdocs). */
  | 'documentation'
  /** Security scanning config (Dependabot, Renovate, Trivy, Snyk, CodeQL, pip-audit). */
  | 'security-scan'
  /** Monitoring configuration (Prometheus scrape config, ServiceMonitor, metrics exporter in code). */
  | 'monitoring-config'
  /** Prometheus alerting rules; attributes list the alert names and expressions. */
  | 'alert-rules'
  /** Model rollback support (Helm history, Argo Rollouts, previous model versions kept). */
  | 'rollback'
  /** Progressive delivery (canary / blue-green). */
  | 'progressive-rollout'
  /** Scheduled or event-triggered retraining / data refresh declared outside CI (Airflow schedule, cron). */
  | 'schedule'
  /** Business KPI definitions (KPI config, KPI metrics exported in code). */
  | 'kpi'
  /** LLM evaluation suites (promptfoo, ragas, deepeval, Azure AI evaluation, LangSmith). */
  | 'llm-eval'
  /** Output guardrails (NeMo Guardrails, Guardrails AI, output schema validation). */
  | 'guardrails'
  /** LLM gateway configuration (LiteLLM proxy and similar); attributes say whether auth is enforced. */
  | 'llm-gateway'
  /** PII redaction / privacy filters (Presidio, scrubadub, gateway PII masking). */
  | 'privacy-filter'
  /** User feedback capture (thumbs up/down, Langfuse/LangSmith feedback). */
  | 'user-feedback'
  /** LLM token / usage accounting in code or gateway. */
  | 'llm-usage-tracking'
  /** Prompts and model settings kept in versioned files or a prompt registry that the service loads (Prompty, prompt flow, templates). */
  | 'prompt-template'
  /** GPU cost visibility (DCGM exporter, Kubecost, GPU resource requests with labels). */
  | 'gpu-cost'
  /** Large-scale / distributed data processing (Spark, Ray Data, Dask, Beam, streaming datasets). */
  | 'data-scale'
  /** LLM SDKs, frameworks and gateways the service calls LLMs through (dependencies, imports). */
  | 'llm-framework';

/** One piece of declared evidence found in the repository. @public */
export interface RepoSignal extends JsonObject {
  kind: RepoSignalKind;
  /** The tool or framework, e.g. `dvc`, `github-actions`, `kserve`, `promptfoo`. */
  tool: string;
  /** Path relative to the repository root. */
  path: string;
  /** Human-readable explanation of what was recognised. */
  detail: string;
  /** Kind-specific attributes, documented on the helper types below. */
  attributes: JsonObject;
}

/**
 * Something that looks like evidence but is not (an image-only "deploy" workflow, a
 * placeholder test, a docs page describing a practice). Checks cite these in their message.
 * @public
 */
export interface RepoRejection extends JsonObject {
  kind: RepoSignalKind;
  tool: string;
  path: string;
  reason: string;
}

/** What a CI job does, as recognised from its steps. @public */
export type CiActivity =
  | 'test'
  | 'lint'
  | 'build-image'
  | 'push-image'
  | 'deploy'
  | 'train'
  | 'register-model'
  | 'evaluate-model'
  | 'llm-eval'
  | 'security-scan'
  | 'data-validation'
  | 'hyperparameter-tuning'
  | 'data-refresh'
  | 'publish-metrics';

/** CI job triggers, normalised across CI systems. @public */
export type CiTrigger =
  | 'push'
  | 'pull-request'
  | 'schedule'
  | 'manual'
  | 'tag'
  | 'external'
  | 'pipeline'
  | 'unknown';

/**
 * Attributes of a `ci-job` signal.
 * @public
 */
export interface CiJobAttributes extends JsonObject {
  system: string;
  workflow: string;
  job: string;
  triggers: CiTrigger[];
  /** Branches a push trigger is limited to; empty means any branch. */
  branches: string[];
  /** A manual approval / `when: manual` / environment gate stands before the job. */
  manualGate: boolean;
  activities: CiActivity[];
  /**
   * The job's trigger is configured in the CI system, not in the repository (a Cloud Build
   * trigger, a CodeBuild webhook, a Jenkins job), so when it runs cannot be read from files.
   */
  triggerOutsideRepository?: boolean;
  /** Repository paths the job's test commands run (`pytest tests/unit`); `''` is the whole repository. */
  testTargets?: string[];
  /** Repository files the job runs (scripts, modules, tox environments), for linking evidence found in them. */
  invokedPaths?: string[];
}

/**
 * Attributes of a `k8s-resource` signal.
 * @public
 */
export interface K8sResourceAttributes extends JsonObject {
  apiVersion: string;
  resourceKind: string;
  name: string;
  replicas: number | null;
  minReplicas: number | null;
  maxReplicas: number | null;
  hasResourceRequests: boolean;
  hasResourceLimits: boolean;
  /** GPU resources requested (nvidia.com/gpu etc). */
  gpu: boolean;
  canaryTrafficPercent: number | null;
  revisionHistoryLimit: number | null;
  /**
   * What a workload does, from the manifests around it: `model-server` (a serving runtime
   * or model server image), `web` (a Service routes traffic to it), `infrastructure` (a
   * database, queue or monitoring image), `batch` (Job, CronJob) or `worker` (none of these).
   */
  role?: K8sWorkloadRole | null;
  /** The workload an autoscaler (HPA, KEDA ScaledObject) scales, and that workload's role when the repository declares it. */
  scaleTarget?: {
    kind: string;
    name: string;
    role: K8sWorkloadRole | null;
  } | null;
}

/** @public */
export type K8sWorkloadRole =
  | 'model-server'
  | 'web'
  | 'infrastructure'
  | 'batch'
  | 'worker';

/**
 * Attributes of a `serving` signal for a managed serving platform (SageMaker, Vertex AI or
 * Azure ML endpoints, Container Apps, App Service, Cloud Run, Lambda, ECS).
 * @public
 */
export interface ServingPlatformAttributes extends JsonObject {
  /** e.g. `sagemaker-endpoint`, `vertex-ai-endpoint`, `azureml-online-endpoint`, `azure-container-apps`, `cloud-run`, `aws-lambda`. */
  platform: string;
  /** Where the deployment is declared: `cloudformation`, `cdk`, `terraform`, `bicep`, `arm`, `azureml-yaml`, `sdk`, `dockerfile`. */
  declaredIn: string;
  /** The platform schedules, replaces and scales instances of the service (false for a single test container such as Azure Container Instances). */
  orchestrated: boolean;
  /** Declared instance bounds when autoscaling is configured, else null; a bound set from a variable is null. */
  autoscaling: {
    minReplicas: number | null;
    maxReplicas: number | null;
    via: string;
  } | null;
}

/** Attributes of a `container-image` signal. @public */
export interface ContainerImageAttributes extends JsonObject {
  /** Base images of every FROM, in order; the last is the runtime image. */
  baseImages: string[];
}

/**
 * Facts of source `repository`: what the linked repository declares.
 * @public
 */
export interface RepositoryFacts extends JsonObject {
  /** Where the files were read from (URL or file location). */
  location: string;
  /** Number of files inspected, and whether the listing was truncated. */
  fileCount: number;
  truncated: boolean;
  /** Dependency names found in manifests (requirements, pyproject, package.json, environment.yml...). */
  dependencies: string[];
  signals: RepoSignal[];
  rejections: RepoRejection[];
  /**
   * The version control the files were read from: the SCM behind a URL, or a git work tree
   * around a local folder; `null` when a local folder is in no repository. Absent in facts
   * collected before this was recorded.
   */
  versionControl?: { system: string; detail: string } | null;
  /** Time of the first commit if known (git metadata), for time to production. */
  firstCommitAt: string | null;
  /** Version tag of the tree read (UrlReader etag), for conditional re-reads. */
  etag?: string;
}
