import { Config } from '@backstage/config';

const CONFIG_KEY = 'mlopsMaturity.gitlab';

/** How jobs are recognised, as case-insensitive regular expressions. */
export interface GitlabJobPatterns {
  /** Matched against the job name and stage. */
  deploy: RegExp[];
  /** Job names that match `deploy` but do not deploy (rollback, stop, GitLab Pages). */
  deployExclude: RegExp[];
  /** Matched against the job name only: `test` is GitLab's default stage for linters and scanners too. */
  test: RegExp[];
  /** Matched against the job name and stage. */
  training: RegExp[];
  /** Matched against the job name only: GitLab's scanner templates run in the `test` stage. */
  security: RegExp[];
  /** Matched against the job name only. */
  llmEval: RegExp[];
}

/** Settings of the GitLab CI collector, read from `mlopsMaturity.gitlab`. */
export interface GitlabCiSettings {
  lookbackDays: number;
  maxPipelines: number;
  pipelinesPerKind: number;
  patterns: GitlabJobPatterns;
}

const DEFAULT_PATTERNS: Record<keyof GitlabJobPatterns, string[]> = {
  deploy: ['deploy|release|rollout|production'],
  deployExclude: [
    'rollback|undeploy|teardown|destroy|cleanup',
    '(^|[^a-z])stop([^a-z]|$)',
    '^pages(:|$)',
  ],
  test: ['test|pytest|unit'],
  // Anchored so that words like "constraint" are not taken for training.
  training: ['(^|[^a-z])(re|pre)?train', 'fine[-_ ]?tun'],
  security: [
    'sast|dependency_scanning|secret_detection|container_scanning|trivy',
    'pip[-_]audit|snyk|grype|bandit',
  ],
  llmEval: [
    'promptfoo|ragas|deepeval|langsmith|llm[-_ ]?evals?|prompt[-_ ]?evals?',
  ],
};

const PATTERN_KEYS: Record<keyof GitlabJobPatterns, string> = {
  deploy: 'deployJobPatterns',
  deployExclude: 'deployExcludeJobPatterns',
  test: 'testJobPatterns',
  training: 'trainingJobPatterns',
  security: 'securityJobPatterns',
  llmEval: 'llmEvalJobPatterns',
};

function readPatterns(
  section: Config | undefined,
  kind: keyof GitlabJobPatterns,
): RegExp[] {
  const key = PATTERN_KEYS[kind];
  const sources =
    section?.getOptionalStringArray(key) ?? DEFAULT_PATTERNS[kind];
  return sources.map((source, index) => {
    try {
      return new RegExp(source, 'i');
    } catch (error) {
      throw new Error(
        `${CONFIG_KEY}.${key}[${index}] is not a valid regular expression: ${
          (error as Error).message
        }`,
      );
    }
  });
}

function readPositiveInteger(
  section: Config | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = section?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `${CONFIG_KEY}.${key} must be a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Reads and validates `mlopsMaturity.gitlab`; throws an Error naming the offending key. */
export function readGitlabCiSettings(config: Config): GitlabCiSettings {
  const section = config.getOptionalConfig(CONFIG_KEY);
  return {
    lookbackDays: readPositiveInteger(section, 'lookbackDays', 90, 3650),
    maxPipelines: readPositiveInteger(section, 'maxPipelines', 100, 2000),
    pipelinesPerKind: readPositiveInteger(section, 'pipelinesPerKind', 20, 200),
    patterns: {
      deploy: readPatterns(section, 'deploy'),
      deployExclude: readPatterns(section, 'deployExclude'),
      test: readPatterns(section, 'test'),
      training: readPatterns(section, 'training'),
      security: readPatterns(section, 'security'),
      llmEval: readPatterns(section, 'llmEval'),
    },
  };
}
