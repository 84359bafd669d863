export interface Config {
  mlopsMaturity?: {
    /**
     * Live CI evidence from GitHub Actions. Credentials and the API base URL come from
     * Backstage's `integrations.github` (tokens or GitHub Apps); the module is inactive
     * while no GitHub integration has credentials.
     */
    github?: {
      /**
       * Regular expressions (case-insensitive) matched against a workflow's name and file
       * path. Default: deploy, release, \bcd\b, rollout, publish-model.
       */
      deployWorkflowPatterns?: string | string[];
      /** Workflows whose pull-request runs are test runs. Default: test, unit, integration, ci, qa. */
      testWorkflowPatterns?: string | string[];
      /** Training workflows; only runs started without a person count. Default: train, retrain, fine-tune, ML pipelines. */
      trainingWorkflowPatterns?: string | string[];
      /** Security scanning workflows. Default: codeql, security, trivy, snyk, scan, audit, semgrep, bandit, dependency review. */
      securityWorkflowPatterns?: string | string[];
      /** LLM evaluation workflows. Default: eval, promptfoo, ragas, deepeval. */
      llmEvalWorkflowPatterns?: string | string[];
      /** Workflows that belong to no kind. Default: GitHub Pages, docs and release-drafter workflows. */
      ignoredWorkflowPatterns?: string | string[];
      /** How many days of workflow runs are inspected (default 90, at most 400). */
      lookbackDays?: number;
      /** How many runs, newest first, are inspected at most (default 300, at most 1000). */
      maxRuns?: number;
    };
  };
}
