import { Flavor, MaturityLevel, Persona } from './levels';
import type { EvidenceStrength } from './scorecard';

/**
 * A capability of a maturity level, taken from the seed's description of that level. It is
 * demonstrated when ANY of its alternative checks passes, so the same capability can be
 * shown with whichever tools a service uses (DESIGN §2).
 * @public
 */
export interface CapabilityDefinition {
  id: string;
  title: string;
  /** What the seed asks for, in a sentence. */
  description: string;
  level: 1 | 2;
  flavor: Flavor;
  /** Core capabilities are all needed for the level; of the others, the rule's minimum. */
  core: boolean;
  /** Who usually closes the gap. */
  persona: Persona;
  /** Check ids, any one of which demonstrates the capability. */
  checks: string[];
}

/**
 * How a level is reached for one flavour: every applicable core capability of that level,
 * and at least `minOptional` of its applicable other capabilities (fewer when fewer apply).
 * @public
 */
export interface LevelRule {
  flavor: Flavor;
  level: 1 | 2;
  minOptional: number;
}

/** @public */
export type CapabilityStatus =
  | 'demonstrated'
  | 'missing'
  | 'unverified'
  | 'not-applicable';

/** One capability of a scorecard: whether and how it was demonstrated. @public */
export interface CapabilityResult {
  id: string;
  title: string;
  level: 1 | 2;
  core: boolean;
  persona: Persona;
  /**
   * `demonstrated`: a check passed (or is waived); `missing`: every alternative failed;
   * `unverified`: none passed and at least one could not be evaluated; `not-applicable`:
   * no alternative applies (or none can be decided here, e.g. catalog facts on a bare checkout).
   */
  status: CapabilityStatus;
  /** Checks that passed or are waived, strongest evidence first. */
  demonstratedBy: string[];
  /** Every applicable alternative, i.e. the checks that could demonstrate it. */
  alternatives: string[];
  /** `observed` when a demonstrating check has observed evidence, else `declared`. */
  strength?: EvidenceStrength;
  /** True when only waived checks demonstrate it. */
  waived?: boolean;
  /** Why a demonstrating check was not accepted (e.g. the level demands observed evidence). */
  note?: string;
}

const ML = 'ml' as const;
const LLM = 'llm' as const;

/**
 * The capability table (DESIGN §2). Level 1 follows the seed's "semi-automated" level:
 * a defined training pipeline, versioned models, a standard way to ship them; Level 2 its
 * "fully automated" one: automated integration and serving, trigger-based model updates,
 * continuous monitoring, auto-pilot infrastructure. LLM services built on hosted models
 * have no training of their own; their capabilities are delivery and LLM controls.
 * @public
 */
export const CAPABILITIES: readonly CapabilityDefinition[] = [
  // Classic ML, Level 1
  {
    id: 'training-pipeline',
    title: 'Reproducible training pipeline',
    description:
      'Training runs as a defined pipeline (an orchestrator, DVC stages, a multi-step project, or training run by CI), not notebooks run by hand.',
    level: 1,
    flavor: ML,
    core: true,
    persona: 'data-scientist',
    checks: ['pipeline.defined'],
  },
  {
    id: 'model-versioning',
    title: 'Tracked experiments or versioned models',
    description:
      'Runs are tracked with their parameters and metrics, or models are versioned in a registry.',
    level: 1,
    flavor: ML,
    core: true,
    persona: 'data-scientist',
    checks: [
      'exp.tracking',
      'registry.model-registered',
      'registry.lineage',
      'registry.metrics-logged',
    ],
  },
  {
    id: 'model-packaging',
    title: 'Standard way to package and ship the model',
    description:
      'The model ships in a standard, automated way: a container, a deploy pipeline, or a serving platform.',
    level: 1,
    flavor: ML,
    core: true,
    persona: 'ml-engineer',
    checks: [
      'deploy.automated-pipeline',
      'deploy.containerized',
      'deploy.orchestrated',
      'serving.infra',
    ],
  },
  {
    id: 'reproducible-environment',
    title: 'Reproducible environment and configuration',
    description:
      'Dependencies are pinned and parameters live in configuration files, so a run can be repeated.',
    level: 1,
    flavor: ML,
    core: false,
    persona: 'data-scientist',
    checks: ['exp.reproducible-env', 'exp.config-as-code', 'data.versioning'],
  },
  {
    id: 'ownership-documentation',
    title: 'Ownership and documentation',
    description:
      'The service has an owner and documentation others can work from (README, docs site, model card).',
    level: 1,
    flavor: ML,
    core: false,
    persona: 'ml-engineer',
    checks: ['gov.owner', 'gov.documentation', 'gov.model-card'],
  },
  // Classic ML, Level 2
  {
    id: 'automated-testing',
    title: 'Tests run automatically on change',
    description: 'CI runs real tests on pull requests or pushes.',
    level: 2,
    flavor: ML,
    core: false,
    persona: 'devops',
    checks: ['pipeline.ci-on-pr'],
  },
  {
    id: 'continuous-delivery',
    title: 'Automated delivery',
    description:
      'Changes or approved models deploy automatically to at least a first environment; approval gates before production are allowed.',
    level: 2,
    flavor: ML,
    core: false,
    persona: 'devops',
    checks: ['deploy.cd-on-merge'],
  },
  {
    id: 'triggered-retraining',
    title: 'Trigger-based model updates',
    description:
      'Models retrain or data refreshes on a schedule or an event (new data, a drift alarm) without a person.',
    level: 2,
    flavor: ML,
    core: false,
    persona: 'ml-engineer',
    checks: ['pipeline.retrain-trigger', 'data.refresh-scheduled'],
  },
  {
    id: 'production-monitoring',
    title: 'Continuous model and data monitoring',
    description:
      'The deployed model is monitored for drift, quality or business KPIs, continuously and with alerts.',
    level: 2,
    flavor: ML,
    core: false,
    persona: 'ml-engineer',
    checks: [
      'monitoring.drift',
      'monitoring.model-performance',
      'monitoring.data-quality',
      'monitoring.kpi-alerts',
    ],
  },
  {
    id: 'automated-infrastructure',
    title: 'Infrastructure as code or auto-pilot serving',
    description:
      'Infrastructure is code, or serving runs itself: autoscaling, progressive rollout, automatic rollback.',
    level: 2,
    flavor: ML,
    core: false,
    persona: 'devops',
    checks: [
      'deploy.iac',
      'serving.autoscaling',
      'serving.progressive-rollout',
      'deploy.rollback',
    ],
  },
  // LLM services, Level 1
  {
    id: 'llm-delivery',
    title: 'Packaged and deployed by a pipeline or as code',
    description:
      'The application is deployed by a pipeline or provisioned as infrastructure code, not by hand.',
    level: 1,
    flavor: LLM,
    core: true,
    persona: 'devops',
    checks: ['deploy.automated-pipeline', 'deploy.iac', 'deploy.orchestrated'],
  },
  {
    id: 'llm-controls',
    title: 'An LLM-specific control',
    description:
      'At least one control made for LLMs: offline evaluations, guardrails, usage tracing, a gateway with access control, or feedback capture.',
    level: 1,
    flavor: LLM,
    core: false,
    persona: 'ml-engineer',
    checks: [
      'llm.eval-suite',
      'llm.output-validation',
      'llm.api-usage-monitoring',
      'llm.access-control',
      'llm.user-feedback',
      'llm.data-privacy',
    ],
  },
  {
    id: 'prompt-versioning',
    title: 'Prompts and configuration versioned',
    description:
      'Prompts and model configuration live in versioned files the application loads.',
    level: 1,
    flavor: LLM,
    core: false,
    persona: 'data-scientist',
    checks: ['llm.prompt-versioning', 'exp.config-as-code'],
  },
  {
    id: 'llm-automated-testing',
    title: 'Tests run automatically on change',
    description: 'CI runs real tests on pull requests or pushes.',
    level: 1,
    flavor: LLM,
    core: false,
    persona: 'devops',
    checks: ['pipeline.ci-on-pr'],
  },
  {
    id: 'llm-ownership-documentation',
    title: 'Ownership and documentation',
    description:
      'The service has an owner and documentation others can work from.',
    level: 1,
    flavor: LLM,
    core: false,
    persona: 'ml-engineer',
    checks: ['gov.owner', 'gov.documentation'],
  },
  // LLM services, Level 2
  {
    id: 'llm-evals-in-ci',
    title: 'Evaluations run in CI',
    description: 'LLM evaluations run automatically on change.',
    level: 2,
    flavor: LLM,
    core: false,
    persona: 'devops',
    checks: ['llm.eval-in-ci'],
  },
  {
    id: 'llm-continuous-delivery',
    title: 'Automated delivery',
    description:
      'Changes deploy automatically to at least a first environment; approval gates before production are allowed.',
    level: 2,
    flavor: LLM,
    core: false,
    persona: 'devops',
    checks: ['deploy.cd-on-merge'],
  },
  {
    id: 'llm-production-monitoring',
    title: 'Production monitoring of quality, cost and usage',
    description:
      'Token usage, cost, output quality or user feedback are measured in production.',
    level: 2,
    flavor: LLM,
    core: false,
    persona: 'ml-engineer',
    checks: [
      'llm.api-usage-monitoring',
      'llm.output-quality',
      'llm.user-feedback',
      'llm.gpu-cost',
    ],
  },
  {
    id: 'llm-enforced-guardrails',
    title: 'Enforced guardrails',
    description:
      'Outputs are validated or filtered at run time, and access goes through an authenticated gateway.',
    level: 2,
    flavor: LLM,
    core: false,
    persona: 'ml-engineer',
    checks: ['llm.output-validation', 'llm.access-control'],
  },
];

/**
 * The level rules, stated once (docs/checks.md renders this table). Level 2 of the seed is
 * described by many practices; an expert asks for most of them, not every one, so one
 * missed detector cannot drop a fully automated service to Level 0.
 * @public
 */
export const LEVEL_RULES: readonly LevelRule[] = [
  { flavor: ML, level: 1, minOptional: 1 },
  { flavor: ML, level: 2, minOptional: 3 },
  { flavor: LLM, level: 1, minOptional: 1 },
  { flavor: LLM, level: 2, minOptional: 3 },
];

/** The capabilities of one flavour and level. @public */
export function capabilitiesFor(
  flavor: Flavor,
  level: 1 | 2,
): CapabilityDefinition[] {
  return CAPABILITIES.filter(c => c.flavor === flavor && c.level === level);
}

/** The rule of one flavour and level. @public */
export function levelRule(flavor: Flavor, level: 1 | 2): LevelRule {
  return LEVEL_RULES.find(r => r.flavor === flavor && r.level === level)!;
}

/** What a level needs, as a sentence: "all of A, B; and 3 of C, D, E, F, G". @public */
export function describeLevelRule(
  flavor: Flavor,
  level: MaturityLevel,
): string {
  if (level === 0) {
    return 'Every service starts at Level 0.';
  }
  const capabilities = capabilitiesFor(flavor, level);
  const core = capabilities.filter(c => c.core).map(c => c.title);
  const optional = capabilities.filter(c => !c.core).map(c => c.title);
  const { minOptional } = levelRule(flavor, level);
  const parts: string[] = [];
  if (core.length > 0) {
    parts.push(`all of: ${core.join('; ')}`);
  }
  if (optional.length > 0 && minOptional > 0) {
    parts.push(`at least ${minOptional} of: ${optional.join('; ')}`);
  }
  return parts.join(' — and ');
}
