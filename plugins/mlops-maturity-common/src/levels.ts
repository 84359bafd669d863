/**
 * Maturity levels from the seed case study. Level 0 is where every service starts.
 * @public
 */
export type MaturityLevel = 0 | 1 | 2;

/** @public */
export interface MaturityLevelInfo {
  level: MaturityLevel;
  name: string;
  meaning: string;
}

/** @public */
export const MATURITY_LEVELS: readonly MaturityLevelInfo[] = [
  {
    level: 0,
    name: 'Manual',
    meaning:
      'Manual orchestration, limited versioning, months-long deployments, rudimentary monitoring.',
  },
  {
    level: 1,
    name: 'Semi-automated',
    meaning:
      'Standard templates, automated deployment pipelines, Docker/Kubernetes, a model registry with versioned models, streamlined training, standard libraries and SDKs.',
  },
  {
    level: 2,
    name: 'Fully automated',
    meaning:
      'Automated integration and serving, continuous data and model monitoring, auto-pilot serving, automated parameter updates, trigger-based model updates, automated KPI tracking and actions.',
  },
];

/** @public */
export function levelName(level: MaturityLevel): string {
  return MATURITY_LEVELS[level].name;
}

/** @public */
export type Persona = 'data-scientist' | 'ml-engineer' | 'devops';

/** @public */
export const PERSONAS: readonly { id: Persona; title: string }[] = [
  { id: 'data-scientist', title: 'Data scientist' },
  { id: 'ml-engineer', title: 'ML engineer' },
  { id: 'devops', title: 'DevOps engineer' },
];

/** @public */
export type Flavor = 'ml' | 'llm';

/** @public */
export type Dimension =
  | 'data'
  | 'experimentation'
  | 'pipeline'
  | 'registry'
  | 'deployment'
  | 'serving'
  | 'monitoring'
  | 'governance'
  | 'business'
  | 'llm-infrastructure'
  | 'llm-compliance'
  | 'llm-evaluation';

/** @public */
export const DIMENSIONS: readonly {
  id: Dimension;
  title: string;
  llmOnly: boolean;
}[] = [
  { id: 'data', title: 'Data', llmOnly: false },
  { id: 'experimentation', title: 'Experimentation', llmOnly: false },
  { id: 'pipeline', title: 'Pipelines', llmOnly: false },
  { id: 'registry', title: 'Model registry', llmOnly: false },
  { id: 'deployment', title: 'Deployment', llmOnly: false },
  { id: 'serving', title: 'Serving', llmOnly: false },
  { id: 'monitoring', title: 'Monitoring', llmOnly: false },
  { id: 'governance', title: 'Governance', llmOnly: false },
  { id: 'business', title: 'Business value', llmOnly: false },
  { id: 'llm-infrastructure', title: 'LLM infrastructure', llmOnly: true },
  { id: 'llm-compliance', title: 'LLM compliance', llmOnly: true },
  { id: 'llm-evaluation', title: 'LLM evaluation', llmOnly: true },
];

/** @public */
export const isPersona = (value: unknown): value is Persona =>
  PERSONAS.some(p => p.id === value);

/** @public */
export const isDimension = (value: unknown): value is Dimension =>
  DIMENSIONS.some(d => d.id === value);
