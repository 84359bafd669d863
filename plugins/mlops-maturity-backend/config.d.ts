import { HumanDuration } from '@backstage/types';

export interface Config {
  /** MLOps maturity scoring. */
  mlopsMaturity?: {
    /**
     * Which catalog entities are ML services: a filter predicate
     * (`@backstage/filter-predicates`) over the entity. Entities with the annotation
     * `mlops-maturity.io/enabled: "true"` are always included.
     * Default: kind component with spec.type in ml-service, ml-model, ml-pipeline, llm-service.
     */
    selector?: {
      filter?: object;
    };
    /** How often services are re-evaluated, and how long a cycle may take. */
    schedule?: {
      frequency?: HumanDuration | string;
      timeout?: HumanDuration | string;
      initialDelay?: HumanDuration | string;
    };
    /**
     * How often the catalog is checked for new and changed ML services, which are then
     * refreshed at once (default every minute).
     */
    discoverySchedule?: {
      frequency: HumanDuration | string;
      timeout: HumanDuration | string;
      initialDelay?: HumanDuration | string;
    };
    /** Hours after which an unchanged service is collected again (default 6). */
    recollectAfterHours?: number;
    /**
     * Minutes after which a service whose evaluation failed (the database went away, say)
     * is tried again (default 10).
     */
    retryFailedAfterMinutes?: number;
    /**
     * How many services a replica claims at a time (a cycle takes batch after batch until
     * none is due), and how many it collects in parallel.
     */
    batchSize?: number;
    concurrency?: number;
    repositories?: {
      /**
       * Directories (relative to the backend's working directory) under which `file:`
       * source locations may point. Locations elsewhere are refused.
       */
      fileRoots?: string[];
      /**
       * Seconds a repository read through the SCM integrations may take before it is given
       * up and the last facts are kept (default 120).
       */
      readTimeoutSeconds?: number;
    };
    /** How levels are reached. */
    levels?: {
      /** Levels (1, 2) whose capabilities count only when shown by observed evidence. */
      requireObserved?: Array<1 | 2>;
    };
    /**
     * The level each lifecycle is expected to reach, e.g. `{ experimental: 0, production: 2 }`
     * (lifecycle names match regardless of case). Scorecards and rollups report whether services
     * meet it.
     */
    targets?: {
      lifecycles?: { [lifecycle: string]: 0 | 1 | 2 };
      /** The target of lifecycles not listed, and of services without one. */
      default?: 0 | 1 | 2;
    };
    /**
     * Campaigns as code: a goal for the services in a scope by a deadline. More can be
     * created through the API (permission `mlops-maturity.campaign.manage`).
     */
    campaigns?: Array<{
      /** Lower-case letters, digits and dashes. */
      id: string;
      title: string;
      description?: string;
      /** Every field given must hold; domain and owner include their descendants. */
      scope?: {
        domain?: string;
        owner?: string;
        system?: string;
        flavor?: 'ml' | 'llm';
        lifecycle?: string;
      };
      /** Exactly one: a level to reach (or pass), or a check to pass. */
      goal: { level?: 0 | 1 | 2; check?: string };
      /** YYYY-MM-DD. */
      deadline: string;
    }>;
    /** Waivers: those requested through the API, and those in the annotation. */
    waivers?: {
      /**
       * The longest a waiver may run (default 365 days): a request for longer is refused,
       * and an annotation waiver that runs further from today is not applied.
       */
      maxDays?: number;
    };
    /** Backstage notifications (needs the notifications backend). Off by default. */
    notifications?: {
      enabled?: boolean;
      /** Tell a service's owning group when its level goes up or down (default true). */
      levelChanges?: boolean;
      /**
       * Days before a campaign's deadline from which the owners of services behind are
       * reminded daily (default 7; 0 turns reminders off).
       */
      campaignDeadlineDays?: number;
      /**
       * Days before an approved waiver expires from which the service's owners are
       * reminded daily (default 7; 0 turns these reminders off).
       */
      waiverExpiryDays?: number;
      /** A weekly digest of levels, targets and campaigns for platform teams. */
      digest?: {
        /** Entity refs of groups or users. */
        recipients?: string[];
        /** Default every 7 days. */
        schedule?: {
          frequency: HumanDuration | string;
          timeout: HumanDuration | string;
          initialDelay?: HumanDuration | string;
        };
      };
    };
    /** Overrides of built-in checks, keyed by check id. */
    checks?: {
      [checkId: string]: {
        enabled?: boolean;
        level?: 1 | 2;
        /** `false` keeps the check out of the level: it then counts in the score only. */
        required?: boolean;
        /** Capability ids (docs/checks.md) this check can also demonstrate. */
        capabilities?: string[];
        weight?: number;
        persona?: 'data-scientist' | 'ml-engineer' | 'devops';
        /** Demand observed evidence: declared evidence alone leaves the check unknown. */
        requireObserved?: boolean;
        params?: { [name: string]: string | number | boolean | string[] };
      };
    };
    /** Declarative checks over facts. */
    customChecks?: Array<{
      id: string;
      title: string;
      description?: string;
      dimension: string;
      level: 1 | 2;
      persona: 'data-scientist' | 'ml-engineer' | 'devops';
      /** With `capabilities`, the check counts toward the level; otherwise score only. */
      required?: boolean;
      /** Capability ids (docs/checks.md) this check can demonstrate. */
      capabilities?: string[];
      weight?: number;
      flavors?: Array<'ml' | 'llm'>;
      remediation?: string;
      docsUrl?: string;
      /**
       * `fact` is `<source>.<path>`, e.g. `catalog.linksByType.runbook`. Exactly one
       * operator: exists, equals, in, matches (a regular expression), gte, lte.
       */
      rule: {
        fact: string;
        exists?: boolean;
        equals?: string | number | boolean;
        in?: Array<string | number>;
        matches?: string;
        gte?: number;
        lte?: number;
      };
    }>;
    /**
     * SVG level badges for READMEs at `/api/mlops-maturity/badges/<kind>/<namespace>/<name>`,
     * served without sign-in (README renderers send no credentials): anyone who knows a
     * service's reference can read its level. Off by default.
     */
    badges?: {
      enabled?: boolean;
    };
    /**
     * JSON files of sample facts loaded at startup through the push path and labelled
     * as sample data (the demo uses this).
     */
    sampleFacts?: {
      directory: string;
    };
    /**
     * Waivers requested at startup through the same path as the API, by the actor
     * `sample-data`, and approved by it when `approved` is set; each is loaded once
     * (the demo uses this so its Waivers card and queue show one pending and one approved).
     */
    sampleWaivers?: Array<{
      entityRef: string;
      checkId: string;
      reason: string;
      /** Days from the startup that first loads it. */
      expiresInDays: number;
      approved?: boolean;
    }>;
    /**
     * Sample data: how services' levels and scores moved before the first start, so a
     * demo's trends and 30-day changes tell a story. Loaded once per service, after it is
     * first scored, into its history and the daily snapshots before that day, and shown
     * as sample data wherever a trend includes it. A real snapshot of a day always wins.
     */
    sampleHistory?: Array<{
      entityRef: string;
      /** From `weeksAgo` on, the service stood at `level` and `score`, until the next point. */
      points: Array<{ weeksAgo: number; level: number; score: number }>;
    }>;
    /**
     * How every collector talks to its upstream (GitHub, GitLab, MLflow, Prometheus);
     * settings left out keep the defaults shown.
     */
    upstream?: {
      /** Deadline for one request, headers and body (default 10000). */
      timeoutMs?: number;
      /** Requests in flight per host (default 4). */
      maxConcurrencyPerHost?: number;
      /** Retries of 5xx, 429 and network errors (default 2). */
      maxRetries?: number;
      /** Longest Retry-After or rate-limit reset waited for before giving up (default 30000). */
      maxRetryWaitMs?: number;
      /** Largest response body read (default 16 MiB). */
      maxResponseBytes?: number;
      /**
       * Answers kept per collector for conditional requests, whose 304s cost no GitHub
       * budget (default 50000, about 2 KB each). A GitHub service takes about eight.
       */
      maxCacheEntries?: number;
    };
    /** What is kept over time. */
    history?: {
      /**
       * Days of service history points and daily rollup snapshots kept (default 400:
       * a year of trends and a month to spare).
       */
      retentionDays?: number;
      /** When the rollup snapshot and pruning run (default every 24 hours, 10 minutes at most). */
      snapshotSchedule?: {
        frequency: HumanDuration | string;
        timeout: HumanDuration | string;
      };
    };
  };
}
