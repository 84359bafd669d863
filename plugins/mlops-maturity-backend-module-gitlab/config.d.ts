export interface Config {
  mlopsMaturity?: {
    /**
     * How GitLab CI pipelines and jobs are read and recognised. Credentials and API base
     * URLs come from Backstage's `integrations.gitlab`; this section is optional.
     */
    gitlab?: {
      /** Pipelines updated in this many days are inspected. Default 90. */
      lookbackDays?: number;
      /** Most pipelines listed per project (newest first). Default 100. */
      maxPipelines?: number;
      /**
       * The jobs of at most this many of the newest pipelines of each kind (default
       * branch, merge request, triggered) are read. Default 20.
       */
      pipelinesPerKind?: number;
      /** Regular expressions (case-insensitive) on a job's name or stage that mark a deploy. */
      deployJobPatterns?: string[];
      /** Regular expressions on a job's name for jobs that touch an environment without deploying (rollback, stop, GitLab Pages). */
      deployExcludeJobPatterns?: string[];
      /** Regular expressions on a job's name that mark a test run. */
      testJobPatterns?: string[];
      /** Regular expressions on a job's name or stage that mark a training run. */
      trainingJobPatterns?: string[];
      /** Regular expressions on a job's name that mark a security scan. */
      securityJobPatterns?: string[];
      /** Regular expressions on a job's name that mark an LLM evaluation. */
      llmEvalJobPatterns?: string[];
    };
  };
}
