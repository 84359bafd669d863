import { Config } from '@backstage/config';

/** What a workflow does, judged from its name and file path. */
export type WorkflowKind =
  | 'deploy'
  | 'test'
  | 'training'
  | 'securityScan'
  | 'llmEval';

/** One case-insensitive expression per kind; `ignore` removes a workflow from every kind. */
export type WorkflowPatterns = Record<WorkflowKind | 'ignore', RegExp>;

/** `mlopsMaturity.github`, read and validated. */
export interface GithubActionsConfig {
  patterns: WorkflowPatterns;
  /** How far back workflow runs are listed. */
  lookbackDays: number;
  /** How many runs are inspected at most, newest first. */
  maxRuns: number;
}

const PATTERN_KEYS: Record<keyof WorkflowPatterns, string> = {
  deploy: 'deployWorkflowPatterns',
  test: 'testWorkflowPatterns',
  training: 'trainingWorkflowPatterns',
  securityScan: 'securityWorkflowPatterns',
  llmEval: 'llmEvalWorkflowPatterns',
  ignore: 'ignoredWorkflowPatterns',
};

/** Defaults, as regular-expression sources matched against workflow names and paths. */
export const DEFAULT_WORKFLOW_PATTERNS: Record<
  keyof WorkflowPatterns,
  string[]
> = {
  deploy: ['deploy', 'release', '\\bcd\\b', 'rollout', 'publish-model'],
  // `test` after a non-letter: `run_tests` and `Unit test` count, `latest` does not.
  test: [
    '(^|[^a-z])test',
    '\\bunit\\b',
    '\\bintegration\\b',
    '\\bci\\b',
    '\\bqa\\b',
  ],
  // A bare `pipeline` would take every `CI pipeline` for training, a bare `train` `constraints`.
  training: [
    '(^|[^a-z])(re)?train',
    'fine-?tun',
    '\\b(ml|model|training|dvc|kubeflow|vertex|sagemaker|zenml)[- _]?pipeline',
  ],
  securityScan: [
    'codeql',
    'security',
    'trivy',
    'snyk',
    'scan',
    'audit',
    'semgrep',
    'bandit',
    'dependency[- ]review',
  ],
  llmEval: ['eval', 'promptfoo', 'ragas', 'deepeval'],
  // GitHub Pages and docs publishing are not deployments of the service.
  ignore: [
    '^dynamic/pages/',
    'pages-build-deployment',
    '\\bdocs?\\b',
    'techdocs',
    'release[- ]drafter',
  ],
};

export const DEFAULT_LOOKBACK_DAYS = 90;
export const DEFAULT_MAX_RUNS = 300;
/** GitHub lists at most 1,000 runs for a filtered query (`created` is a filter). */
const GITHUB_FILTERED_RESULTS_LIMIT = 1000;

function readPatterns(
  config: Config | undefined,
  kind: keyof WorkflowPatterns,
): RegExp {
  const key = PATTERN_KEYS[kind];
  const fullKey = `mlopsMaturity.github.${key}`;
  const raw = config?.getOptional(key);
  let sources: string[];
  if (raw === undefined) {
    sources = DEFAULT_WORKFLOW_PATTERNS[kind];
  } else if (typeof raw === 'string') {
    sources = [raw];
  } else if (Array.isArray(raw) && raw.every(s => typeof s === 'string')) {
    sources = raw as string[];
  } else {
    throw new Error(
      `${fullKey} must be a regular expression or a list of them`,
    );
  }
  if (sources.length === 0 || sources.some(s => s.trim() === '')) {
    throw new Error(`${fullKey} must not be empty`);
  }
  for (const source of sources) {
    try {
      RegExp(source, 'i');
    } catch (error) {
      throw new Error(
        `${fullKey}: '${source}' is not a valid regular expression (${
          (error as Error).message
        })`,
      );
    }
  }
  return new RegExp(sources.map(s => `(?:${s})`).join('|'), 'i');
}

function readWholeNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `mlopsMaturity.github.${key} must be a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Reads `mlopsMaturity.github`; every value has a default, and bad values name their key. */
export function readGithubActionsConfig(
  rootConfig: Config,
): GithubActionsConfig {
  const config = rootConfig.getOptionalConfig('mlopsMaturity.github');
  const patterns = Object.fromEntries(
    (Object.keys(PATTERN_KEYS) as (keyof WorkflowPatterns)[]).map(kind => [
      kind,
      readPatterns(config, kind),
    ]),
  ) as WorkflowPatterns;
  return {
    patterns,
    lookbackDays: readWholeNumber(
      config,
      'lookbackDays',
      DEFAULT_LOOKBACK_DAYS,
      400,
    ),
    maxRuns: readWholeNumber(
      config,
      'maxRuns',
      DEFAULT_MAX_RUNS,
      GITHUB_FILTERED_RESULTS_LIMIT,
    ),
  };
}
