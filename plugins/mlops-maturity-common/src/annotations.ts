/**
 * The Component `spec.type`s the plugin scores by default (the backend's default
 * selector, the frontend's tab and the CLI all use this list).
 * @public
 */
export const ML_COMPONENT_TYPES: readonly string[] = [
  'ml-service',
  'ml-model',
  'ml-pipeline',
  'llm-service',
];

/** The type the LLM flavour derives from. @public */
export const LLM_COMPONENT_TYPE = 'llm-service';

/** How the types read in a sentence: "ml-service, ml-model, ml-pipeline or llm-service". @public */
export function describeMlComponentTypes(): string {
  return `${ML_COMPONENT_TYPES.slice(0, -1).join(', ')} or ${
    ML_COMPONENT_TYPES[ML_COMPONENT_TYPES.length - 1]
  }`;
}

/**
 * Catalog annotations the plugin reads. Instance annotations name an instance from
 * app-config; they never carry a URL.
 * @public
 */
export const ANNOTATIONS = {
  /** `true` opts an entity in regardless of its spec.type. */
  enabled: 'mlops-maturity.io/enabled',
  /** `ml` or `llm`; overrides the flavour derived from spec.type. */
  flavor: 'mlops-maturity.io/flavor',
  /** Comma-separated check ids that are waived, with an expiry: `id:YYYY-MM-DD`. */
  waivers: 'mlops-maturity.io/waivers',
  /** Name of an MLflow instance from app-config. */
  mlflowInstance: 'mlflow.org/instance',
  /** Registered model name in that MLflow instance. */
  mlflowModel: 'mlflow.org/registered-model',
  /** Name of a Prometheus instance from app-config. */
  prometheusInstance: 'prometheus.io/instance',
  /** The Prometheus job label that scrapes this service. */
  prometheusJob: 'prometheus.io/job',
  /** Where the service's business KPI is defined (a URL or a metric name). */
  kpi: 'mlops-maturity.io/kpi',
  /** Data classification: public, internal, confidential, restricted (pii). */
  dataClassification: 'mlops-maturity.io/data-classification',
  /** Cost center that pays for the service. */
  costCenter: 'mlops-maturity.io/cost-center',
  /** Comma-separated regions where the service runs or sends data. */
  region: 'mlops-maturity.io/region',
  /**
   * On a Group: the role most of its members hold (data-scientist, ml-engineer, devops);
   * services roll up by the persona of their owning team. Child groups inherit it.
   */
  teamPersona: 'mlops-maturity.io/team-persona',
  /** Comma-separated third-party model providers / models used (LLM). */
  modelProvider: 'mlops-maturity.io/model-provider',
  /** Standard Backstage annotations. */
  sourceLocation: 'backstage.io/source-location',
  sourceTemplate: 'backstage.io/source-template',
  techdocsRef: 'backstage.io/techdocs-ref',
  githubProjectSlug: 'github.com/project-slug',
  gitlabProjectSlug: 'gitlab.com/project-slug',
} as const;
