import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CheckResult,
  Scorecard,
  ScorecardHistoryPoint,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const DOCS =
  'https://github.com/mlops-maturity/backstage-plugins/blob/main/docs/checks.md';
const docsUrl = (id: string) => `${DOCS}#${id.replace(/\./g, '-')}`;

/** A classic ML service, as in the demo catalog. */
export const mlEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/fraud-detector',
      'mlflow.org/instance': 'prod',
      'mlflow.org/registered-model': 'fraud-detector',
    },
  },
  spec: {
    type: 'ml-service',
    lifecycle: 'production',
    owner: 'group:default/fraud-team',
    system: 'payments',
  },
};

/** An LLM service. */
export const llmEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'support-assistant', namespace: 'default' },
  spec: {
    type: 'llm-service',
    lifecycle: 'production',
    owner: 'group:default/support-ai',
  },
};

/** Not an ML service. */
export const websiteEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storefront', namespace: 'default' },
  spec: {
    type: 'website',
    lifecycle: 'production',
    owner: 'group:default/web',
  },
};

type CheckFixture = Omit<CheckResult, 'weight' | 'docsUrl'> &
  Partial<Pick<CheckResult, 'weight'>>;

const check = (fixture: CheckFixture): CheckResult => ({
  weight: 1,
  docsUrl: docsUrl(fixture.id),
  ...fixture,
});

/**
 * Level 1, resting on declared evidence (the training pipeline is only defined in files).
 * Level 2 has one capability (infrastructure as code or auto-pilot serving) of the three it
 * needs: two DevOps and two ML engineer capabilities are candidates, one of them unverified.
 * Registry evidence is demo sample data.
 */
export const level1MlScorecard: Scorecard = {
  entityRef: 'component:default/fraud-detector',
  flavor: 'ml',
  level: 1,
  levelName: 'Semi-automated',
  score: 67,
  coverage: 0.94,
  evaluatedAt: '2026-03-14T09:30:00.000Z',
  checks: [
    check({
      id: 'data.validation',
      title: 'Data is validated',
      dimension: 'data',
      level: 2,
      required: false,
      persona: 'ml-engineer',
      status: 'fail',
      message:
        'No data validation framework (Great Expectations, pandera, TFDV, Soda) is used in code or CI.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'requirements.txt lists no data validation library',
          location: 'requirements.txt',
        },
      ],
      remediation:
        'Validate data before training: add a Great Expectations checkpoint or pandera schema validation as a pipeline stage, so bad data stops the pipeline.',
    }),
    check({
      id: 'exp.version-control',
      title: 'Code is in version control',
      dimension: 'experimentation',
      level: 1,
      required: false,
      persona: 'data-scientist',
      status: 'pass',
      message: 'The source location resolves to a Git repository.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail:
            'backstage.io/source-location points to github.com/acme/fraud-detector',
          location: 'https://github.com/acme/fraud-detector',
        },
      ],
      remediation:
        'Keep the service code in Git and set backstage.io/source-location.',
    }),
    check({
      id: 'exp.tracking',
      title: 'Experiments are tracked',
      dimension: 'experimentation',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'pass',
      message: 'MLflow tracks the training runs of this model.',
      evidence: [
        {
          source: 'registry',
          strength: 'observed',
          detail: 'MLflow experiment "fraud-detector" has 214 runs',
          sample: true,
        },
      ],
      remediation:
        'Log runs with mlflow.start_run() or W&B from the training script.',
    }),
    check({
      id: 'exp.reproducible-env',
      title: 'Environment is pinned',
      dimension: 'experimentation',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'pass',
      message: 'Environment pinned: requirements.txt (pip).',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'every requirement has an exact version',
          location: 'requirements.txt',
        },
      ],
      remediation: 'Pin every dependency with a lock file.',
    }),
    check({
      id: 'pipeline.defined',
      title: 'Training pipeline is defined',
      dimension: 'pipeline',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'pass',
      message: 'dvc.yaml defines the training pipeline.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'stages prepare, train, evaluate',
          location: 'dvc.yaml',
        },
      ],
      remediation:
        'Define the training steps as a DVC, Kubeflow or Airflow pipeline.',
    }),
    check({
      id: 'pipeline.ci-on-pr',
      title: 'Tests run on every pull request',
      dimension: 'pipeline',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'fail',
      message: 'No workflow runs the tests on pull requests.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'build.yml runs on push to main only',
          location: '.github/workflows/build.yml',
        },
      ],
      remediation:
        'Add a pull_request trigger to the workflow that runs pytest, so every change is tested before merge.',
    }),
    check({
      id: 'pipeline.retrain-trigger',
      title: 'Retraining is triggered automatically',
      dimension: 'pipeline',
      level: 2,
      required: true,
      persona: 'ml-engineer',
      status: 'fail',
      message:
        'No scheduled or event-triggered training (CI schedule, Airflow or Prefect schedule).',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'dvc.yaml has no schedule; no workflow runs dvc repro',
          location: 'dvc.yaml',
        },
      ],
      remediation:
        'Add a schedule (cron) or repository_dispatch trigger to the workflow that runs dvc repro.',
    }),
    check({
      id: 'registry.model-registered',
      title: 'Model is in a registry',
      dimension: 'registry',
      level: 1,
      required: true,
      persona: 'ml-engineer',
      status: 'pass',
      message: 'The model is registered in MLflow (prod).',
      evidence: [
        {
          source: 'registry',
          strength: 'observed',
          detail:
            'registered model fraud-detector has 12 versions; alias champion → version 12',
          sample: true,
        },
      ],
      remediation: 'Register the trained model with mlflow.register_model().',
    }),
    check({
      id: 'registry.promotion',
      title: 'Model promotion uses aliases or stages',
      dimension: 'registry',
      level: 1,
      required: false,
      persona: 'ml-engineer',
      status: 'waived',
      message: 'Waived until 2026-06-30 by mlops-maturity.io/waivers.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'mlops-maturity.io/waivers: registry.promotion:2026-06-30',
        },
      ],
      remediation: 'Promote versions with the champion/challenger aliases.',
    }),
    check({
      id: 'deploy.automated-pipeline',
      title: 'Deployment is automated',
      dimension: 'deployment',
      level: 1,
      required: true,
      weight: 2,
      persona: 'devops',
      status: 'pass',
      message: 'deploy.yml deploys the service and succeeded recently.',
      evidence: [
        {
          source: 'ci',
          strength: 'observed',
          detail: 'deploy.yml succeeded 6 times in the last 30 days',
          location:
            'https://github.com/acme/fraud-detector/actions/workflows/deploy.yml',
          stale: true,
        },
      ],
      remediation: 'Add a workflow job that deploys the service.',
    }),
    check({
      id: 'deploy.containerized',
      title: 'Service is containerized',
      dimension: 'deployment',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'A Dockerfile builds the service image.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'FROM python:3.12-slim',
          location: 'Dockerfile',
        },
      ],
      remediation: 'Add a Dockerfile that builds the serving image.',
    }),
    check({
      id: 'deploy.cd-on-merge',
      title: 'Continuous deployment on merge',
      dimension: 'deployment',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'fail',
      message:
        'deploy.yml runs on workflow_dispatch only; nothing deploys on push to main.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'on: workflow_dispatch',
          location: '.github/workflows/deploy.yml',
        },
      ],
      remediation:
        'Trigger the deploy workflow on push to main, without a manual gate.',
    }),
    check({
      id: 'serving.autoscaling',
      title: 'Serving autoscales',
      dimension: 'serving',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'pass',
      message:
        'A HorizontalPodAutoscaler scales the deployment from 2 to 10 replicas.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'HorizontalPodAutoscaler fraud-detector (2–10 replicas)',
          location: 'k8s/hpa.yaml',
        },
      ],
      remediation: 'Add a HorizontalPodAutoscaler or KServe min/max replicas.',
    }),
    check({
      id: 'monitoring.metrics-scraped',
      title: 'Service metrics are scraped',
      dimension: 'monitoring',
      level: 1,
      required: false,
      persona: 'ml-engineer',
      status: 'pass',
      message: 'Prometheus scrapes the service.',
      evidence: [
        {
          source: 'monitoring',
          strength: 'observed',
          detail: 'up{job="fraud-detector"} = 1 for 3 targets',
        },
      ],
      remediation: 'Expose /metrics and add a ServiceMonitor.',
    }),
    check({
      id: 'monitoring.drift',
      title: 'Drift is monitored',
      dimension: 'monitoring',
      level: 2,
      required: true,
      persona: 'ml-engineer',
      status: 'unknown',
      message:
        'no monitoring source is configured for this service, and only observed evidence can show this: set the prometheus.io/instance annotation',
      evidence: [],
      remediation:
        'Export drift metrics with Evidently or whylogs and alert on them.',
    }),
    check({
      id: 'gov.owner',
      title: 'Owned by a team',
      dimension: 'governance',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'Owned by group:default/fraud-team.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'spec.owner is the Group fraud-team',
        },
      ],
      remediation: 'Set spec.owner to a Group.',
    }),
    check({
      id: 'gov.model-card',
      title: 'Model card',
      dimension: 'governance',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'fail',
      message: 'No model card (MODEL_CARD.md, model_card.md) was found.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'no model card in the repository root or docs/',
        },
      ],
      remediation:
        'Write a model card: intended use, training data, metrics, limits.',
    }),
    check({
      id: 'llm.eval-suite',
      title: 'Evaluation suite',
      dimension: 'llm-evaluation',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'not-applicable',
      message: 'Applies to LLM services only.',
      evidence: [],
      remediation: 'Add a promptfoo, ragas or deepeval suite.',
    }),
  ],
  dimensions: [
    { id: 'data', score: 0, passed: 0, total: 1 },
    { id: 'experimentation', score: 100, passed: 3, total: 3 },
    { id: 'pipeline', score: 33, passed: 1, total: 3 },
    { id: 'registry', score: 100, passed: 2, total: 2 },
    { id: 'deployment', score: 75, passed: 2, total: 3 },
    { id: 'serving', score: 100, passed: 1, total: 1 },
    { id: 'monitoring', score: 50, passed: 1, total: 2 },
    { id: 'governance', score: 50, passed: 1, total: 2 },
  ],
  personas: [
    { id: 'data-scientist', score: 80, passed: 4, total: 5 },
    { id: 'ml-engineer', score: 50, passed: 3, total: 6 },
    { id: 'devops', score: 71, passed: 4, total: 6 },
  ],
  capabilities: [
    {
      id: 'training-pipeline',
      title: 'Reproducible training pipeline',
      level: 1,
      core: true,
      persona: 'data-scientist',
      status: 'demonstrated',
      demonstratedBy: ['pipeline.defined'],
      alternatives: ['pipeline.defined'],
      strength: 'declared',
    },
    {
      id: 'model-versioning',
      title: 'Tracked experiments or versioned models',
      level: 1,
      core: true,
      persona: 'data-scientist',
      status: 'demonstrated',
      demonstratedBy: ['exp.tracking', 'registry.model-registered'],
      alternatives: ['exp.tracking', 'registry.model-registered'],
      strength: 'observed',
    },
    {
      id: 'model-packaging',
      title: 'Standard way to package and ship the model',
      level: 1,
      core: true,
      persona: 'ml-engineer',
      status: 'demonstrated',
      demonstratedBy: ['deploy.automated-pipeline', 'deploy.containerized'],
      alternatives: ['deploy.automated-pipeline', 'deploy.containerized'],
      strength: 'observed',
    },
    {
      id: 'reproducible-environment',
      title: 'Reproducible environment and configuration',
      level: 1,
      core: false,
      persona: 'data-scientist',
      status: 'demonstrated',
      demonstratedBy: ['exp.reproducible-env'],
      alternatives: ['exp.reproducible-env'],
      strength: 'declared',
    },
    {
      id: 'ownership-documentation',
      title: 'Ownership and documentation',
      level: 1,
      core: false,
      persona: 'ml-engineer',
      status: 'demonstrated',
      demonstratedBy: ['gov.owner'],
      alternatives: ['gov.owner', 'gov.model-card'],
      strength: 'declared',
    },
    {
      id: 'automated-testing',
      title: 'Tests run automatically on change',
      level: 2,
      core: false,
      persona: 'devops',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['pipeline.ci-on-pr'],
    },
    {
      id: 'continuous-delivery',
      title: 'Automated delivery',
      level: 2,
      core: false,
      persona: 'devops',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['deploy.cd-on-merge'],
    },
    {
      id: 'triggered-retraining',
      title: 'Trigger-based model updates',
      level: 2,
      core: false,
      persona: 'ml-engineer',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['pipeline.retrain-trigger'],
    },
    {
      id: 'production-monitoring',
      title: 'Continuous model and data monitoring',
      level: 2,
      core: false,
      persona: 'ml-engineer',
      status: 'unverified',
      demonstratedBy: [],
      alternatives: ['monitoring.drift'],
    },
    {
      id: 'automated-infrastructure',
      title: 'Infrastructure as code or auto-pilot serving',
      level: 2,
      core: false,
      persona: 'devops',
      status: 'demonstrated',
      demonstratedBy: ['serving.autoscaling'],
      alternatives: ['serving.autoscaling'],
      strength: 'declared',
    },
  ],
  levelBasis: 'declared',
  nextLevel: {
    level: 2,
    blockers: [
      'pipeline.ci-on-pr',
      'deploy.cd-on-merge',
      'pipeline.retrain-trigger',
      'monitoring.drift',
    ],
    blockersByPersona: {
      devops: ['pipeline.ci-on-pr', 'deploy.cd-on-merge'],
      'ml-engineer': ['pipeline.retrain-trigger', 'monitoring.drift'],
    },
    missingCapabilities: [
      'automated-testing',
      'continuous-delivery',
      'triggered-retraining',
      'production-monitoring',
    ],
    capabilitiesByPersona: {
      devops: ['automated-testing', 'continuous-delivery'],
      'ml-engineer': ['triggered-retraining', 'production-monitoring'],
    },
    moreOptionalNeeded: 2,
  },
  metrics: { timeToProductionDays: 41, deploysLast30d: 6, modelAgeDays: 12 },
  owner: 'group:default/fraud-team',
  system: 'payments',
  domain: 'finance',
  containsSampleData: true,
};

/**
 * Level 0 LLM service: it has LLM controls, tests and an owner, but nothing deploys it,
 * so the core delivery capability of level 1 is missing. Its checks for versioned prompts
 * are disabled, so that capability does not apply.
 */
export const llmScorecard: Scorecard = {
  entityRef: 'component:default/support-assistant',
  flavor: 'llm',
  level: 0,
  levelName: 'Manual',
  score: 54,
  coverage: 0.92,
  evaluatedAt: '2026-03-14T10:00:00.000Z',
  checks: [
    check({
      id: 'exp.version-control',
      title: 'Code is in version control',
      dimension: 'experimentation',
      level: 1,
      required: false,
      persona: 'data-scientist',
      status: 'pass',
      message: 'The source location resolves to a Git repository.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'github.com/acme/support-assistant',
        },
      ],
      remediation:
        'Keep the service code in Git and set backstage.io/source-location.',
    }),
    check({
      id: 'deploy.containerized',
      title: 'Service is containerized',
      dimension: 'deployment',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'A Dockerfile builds the service image.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'FROM python:3.12-slim',
          location: 'Dockerfile',
        },
      ],
      remediation: 'Add a Dockerfile that builds the serving image.',
    }),
    check({
      id: 'deploy.automated-pipeline',
      title: 'Deployment is automated',
      dimension: 'deployment',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'fail',
      message:
        'No CI job deploys the service; the README says to run helm upgrade by hand.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'no deploy job in .github/workflows',
          location: 'README.md',
        },
      ],
      remediation:
        'Add a workflow job that deploys the service, or provision it with infrastructure code.',
    }),
    check({
      id: 'deploy.cd-on-merge',
      title: 'Continuous deployment on merge',
      dimension: 'deployment',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'fail',
      message: 'Nothing deploys on push to main.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'no deploy job in .github/workflows',
        },
      ],
      remediation:
        'Trigger the deploy workflow on push to main, without a manual gate.',
    }),
    check({
      id: 'pipeline.ci-on-pr',
      title: 'Tests run on every pull request',
      dimension: 'pipeline',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'test.yml runs pytest on pull requests.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'on: pull_request; runs pytest',
          location: '.github/workflows/test.yml',
        },
      ],
      remediation:
        'Add a pull_request trigger to the workflow that runs the tests.',
    }),
    check({
      id: 'gov.owner',
      title: 'Owned by a team',
      dimension: 'governance',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'Owned by group:default/support-ai.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'spec.owner is the Group support-ai',
        },
      ],
      remediation: 'Set spec.owner to a Group.',
    }),
    check({
      id: 'llm.access-control',
      title: 'Model access is controlled',
      dimension: 'llm-infrastructure',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'pass',
      message: 'The LiteLLM gateway requires a key.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'general_settings.master_key is set',
          location: 'litellm/config.yaml',
        },
      ],
      remediation:
        'Route model calls through a gateway that authenticates callers.',
    }),
    check({
      id: 'llm.gpu-cost',
      title: 'GPU cost is visible',
      dimension: 'llm-infrastructure',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'unknown',
      message:
        'no monitoring source is configured for this service: set the prometheus.io/instance annotation',
      evidence: [],
      remediation: 'Scrape DCGM exporter metrics or set a cost center.',
    }),
    check({
      id: 'llm.data-privacy',
      title: 'Private data is protected',
      dimension: 'llm-compliance',
      level: 1,
      required: true,
      persona: 'devops',
      status: 'fail',
      message:
        'Data is classified confidential but no PII redaction guardrail is configured.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'mlops-maturity.io/data-classification: confidential',
        },
      ],
      remediation:
        'Add a PII redaction rail (NeMo Guardrails or Guardrails AI) before the model call.',
    }),
    check({
      id: 'llm.region',
      title: 'Data stays in allowed regions',
      dimension: 'llm-compliance',
      level: 1,
      required: false,
      persona: 'devops',
      status: 'pass',
      message: 'eu-west-1 is an allowed region.',
      evidence: [
        {
          source: 'catalog',
          strength: 'declared',
          detail: 'mlops-maturity.io/region: eu-west-1',
        },
      ],
      remediation: 'Run the service only in allowed regions.',
    }),
    check({
      id: 'llm.output-validation',
      title: 'Model output is validated',
      dimension: 'llm-compliance',
      level: 1,
      required: true,
      persona: 'ml-engineer',
      status: 'pass',
      message: 'NeMo Guardrails validates model output.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'output rails: self check output',
          location: 'config/rails/config.yml',
        },
      ],
      remediation: 'Add output rails.',
    }),
    check({
      id: 'llm.eval-suite',
      title: 'Evaluation suite',
      dimension: 'llm-evaluation',
      level: 1,
      required: true,
      persona: 'data-scientist',
      status: 'fail',
      message: 'No promptfoo, ragas or deepeval configuration was found.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'no evaluation config in the repository',
        },
      ],
      remediation:
        'Add a promptfoo or ragas suite with the questions your users ask.',
    }),
    check({
      id: 'llm.eval-in-ci',
      title: 'Evaluations run in CI',
      dimension: 'llm-evaluation',
      level: 2,
      required: true,
      persona: 'devops',
      status: 'fail',
      message: 'No workflow runs an evaluation suite.',
      evidence: [
        {
          source: 'repository',
          strength: 'declared',
          detail: 'no CI job runs promptfoo, ragas or deepeval',
        },
      ],
      remediation: 'Run the evaluation suite in CI on every pull request.',
    }),
  ],
  dimensions: [
    { id: 'experimentation', score: 100, passed: 1, total: 1 },
    { id: 'pipeline', score: 100, passed: 1, total: 1 },
    { id: 'deployment', score: 33, passed: 1, total: 3 },
    { id: 'governance', score: 100, passed: 1, total: 1 },
    { id: 'llm-infrastructure', score: 50, passed: 1, total: 2 },
    { id: 'llm-compliance', score: 67, passed: 2, total: 3 },
    { id: 'llm-evaluation', score: 0, passed: 0, total: 2 },
  ],
  personas: [
    { id: 'data-scientist', score: 50, passed: 1, total: 2 },
    { id: 'ml-engineer', score: 100, passed: 1, total: 1 },
    { id: 'devops', score: 50, passed: 5, total: 10 },
  ],
  capabilities: [
    {
      id: 'llm-delivery',
      title: 'Packaged and deployed by a pipeline or as code',
      level: 1,
      core: true,
      persona: 'devops',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['deploy.automated-pipeline'],
    },
    {
      id: 'llm-controls',
      title: 'An LLM-specific control',
      level: 1,
      core: false,
      persona: 'ml-engineer',
      status: 'demonstrated',
      demonstratedBy: ['llm.access-control', 'llm.output-validation'],
      alternatives: [
        'llm.access-control',
        'llm.data-privacy',
        'llm.output-validation',
        'llm.eval-suite',
      ],
      strength: 'declared',
    },
    {
      id: 'prompt-versioning',
      title: 'Prompts and configuration versioned',
      level: 1,
      core: false,
      persona: 'data-scientist',
      status: 'not-applicable',
      demonstratedBy: [],
      alternatives: [],
    },
    {
      id: 'llm-automated-testing',
      title: 'Tests run automatically on change',
      level: 1,
      core: false,
      persona: 'devops',
      status: 'demonstrated',
      demonstratedBy: ['pipeline.ci-on-pr'],
      alternatives: ['pipeline.ci-on-pr'],
      strength: 'declared',
    },
    {
      id: 'llm-ownership-documentation',
      title: 'Ownership and documentation',
      level: 1,
      core: false,
      persona: 'ml-engineer',
      status: 'demonstrated',
      demonstratedBy: ['gov.owner'],
      alternatives: ['gov.owner'],
      strength: 'declared',
    },
    {
      id: 'llm-evals-in-ci',
      title: 'Evaluations run in CI',
      level: 2,
      core: false,
      persona: 'devops',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['llm.eval-in-ci'],
    },
    {
      id: 'llm-continuous-delivery',
      title: 'Automated delivery',
      level: 2,
      core: false,
      persona: 'devops',
      status: 'missing',
      demonstratedBy: [],
      alternatives: ['deploy.cd-on-merge'],
    },
    {
      id: 'llm-production-monitoring',
      title: 'Production monitoring of quality, cost and usage',
      level: 2,
      core: false,
      persona: 'ml-engineer',
      status: 'unverified',
      demonstratedBy: [],
      alternatives: ['llm.gpu-cost'],
    },
    {
      id: 'llm-enforced-guardrails',
      title: 'Enforced guardrails',
      level: 2,
      core: false,
      persona: 'ml-engineer',
      status: 'demonstrated',
      demonstratedBy: ['llm.access-control', 'llm.output-validation'],
      alternatives: ['llm.access-control', 'llm.output-validation'],
      strength: 'declared',
    },
  ],
  nextLevel: {
    level: 1,
    blockers: ['deploy.automated-pipeline'],
    blockersByPersona: { devops: ['deploy.automated-pipeline'] },
    missingCapabilities: ['llm-delivery'],
    capabilitiesByPersona: { devops: ['llm-delivery'] },
    moreOptionalNeeded: 0,
  },
  metrics: { deploysLast30d: 3, ciSuccessRate: 0.82 },
  owner: 'group:default/support-ai',
  containsSampleData: false,
};

const {
  capabilities: _capabilities,
  levelBasis: _levelBasis,
  nextLevel: _nextLevel,
  ...storedBeforeCapabilities
} = level1MlScorecard;

/**
 * fraud-detector as stored before capability levels: no capabilities or level basis, and
 * a next level given only as the required checks that did not pass.
 */
export const legacyMlScorecard: Scorecard = {
  ...storedBeforeCapabilities,
  nextLevel: {
    level: 2,
    blockers: [
      'data.validation',
      'pipeline.ci-on-pr',
      'deploy.cd-on-merge',
      'monitoring.drift',
    ],
    blockersByPersona: {
      'ml-engineer': ['data.validation', 'monitoring.drift'],
      devops: ['pipeline.ci-on-pr', 'deploy.cd-on-merge'],
    },
  },
};

/** fraud-detector's history: level 0 until the registry and deploy workflow landed. */
export const mlHistory: ScorecardHistoryPoint[] = [
  {
    evaluatedAt: '2026-02-01T09:00:00.000Z',
    level: 0,
    score: 41,
    coverage: 0.8,
  },
  {
    evaluatedAt: '2026-02-01T09:30:00.000Z',
    level: 0,
    score: 41,
    coverage: 0.8,
  },
  {
    evaluatedAt: '2026-02-15T09:00:00.000Z',
    level: 0,
    score: 53,
    coverage: 0.87,
  },
  {
    evaluatedAt: '2026-03-01T09:00:00.000Z',
    level: 1,
    score: 62,
    coverage: 0.93,
  },
  {
    evaluatedAt: '2026-03-14T09:30:00.000Z',
    level: 1,
    score: 67,
    coverage: 0.93,
  },
];

/**
 * The error the client throws for a failed response, built the way the client
 * builds it.
 */
export function responseError(
  status: number,
  statusText: string,
  body: object,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      statusText,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

/** The 404 body the backend sends when it has no scorecard. */
export function notFoundBody(
  reason: 'unknown-entity' | 'not-ml-service' | 'not-evaluated',
  message: string,
) {
  return {
    error: { name: 'NotFoundError', message },
    reason,
    response: { statusCode: 404 },
  };
}
