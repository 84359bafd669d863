// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.
/* eslint-disable */
export interface paths {
  '/scorecards/{kind}/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The latest scorecard of an ML service. */
    get: operations['GetScorecard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/badges/{kind}/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description An SVG badge of the service's level for its README, served without sign-in when mlopsMaturity.badges.enabled is set. Unknown and not yet evaluated services get the same grey "not evaluated" badge. */
    get: operations['GetLevelBadge'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scorecards/{kind}/{namespace}/{name}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Level and score over time. */
    get: operations['GetScorecardHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scorecards/{kind}/{namespace}/{name}/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Collects every source for the service now and re-scores it. */
    post: operations['RefreshScorecard'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/facts/{kind}/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Pushes facts about an ML service from CI jobs or systems without a collector. Everything is validated before anything is stored; the service is re-scored. */
    post: operations['PushFacts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/checks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The effective check catalogue (built-in, module and custom checks after overrides). */
    get: operations['ListChecks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Evaluated ML services with level and score, filterable and paged. */
    get: operations['ListServices'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rollups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Org-wide rollups of the services the caller may read: level counts, mean and median score, coverage, pass rate per dimension × persona and business metric medians, per domain, owner group, system, persona or dimension. With a domain (owner) filter, by-domain (by-owner) rows are that domain (group) and those below it; with a system filter, the rows count that system's services only. */
    get: operations['GetRollups'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rollups/blockers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The checks that keep the most services from their next level (from each scorecard's next-level blockers), where a golden path pays off most. */
    get: operations['GetTopBlockers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rollups/trend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Daily snapshots (UTC) of domains, owner groups or systems: the services in the key that day, descendants included, that the caller may read today. */
    get: operations['GetRollupTrend'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rollups/compare': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Two to four domains side by side, in the order given, with their daily trend; a domain without services the caller may read gets a row with zero services. */
    get: operations['CompareDomains'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every campaign with its progress over the services the caller may read. With entityRef, only the campaigns that service is in, each with where it stands (service). */
    get: operations['ListCampaigns'];
    put?: never;
    /** @description Creates a campaign (permission mlops-maturity.campaign.manage). */
    post: operations['CreateCampaign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** @description A campaign's progress, the services not meeting its goal and their owners, and its daily progress over the last 90 days, all over the services the caller may read. */
    get: operations['GetCampaign'];
    put?: never;
    post?: never;
    /** @description Deletes a campaign created through the API, with its history (permission mlops-maturity.campaign.manage). */
    delete: operations['DeleteCampaign'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/what-if': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Scores every service the caller may read again from its stored facts under a changed check catalogue (overrides and custom checks added to the configured ones, level rules), without saving, and says which would change level, per domain and owner. */
    post: operations['PreviewRuleChange'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/waivers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Waivers requested through the API, newest first, of services the caller may read. */
    get: operations['ListWaivers'];
    put?: never;
    /** @description Requests a waiver of one check for a service (permission mlops-maturity.waiver.request, per entity), with a reason and an expiry within mlopsMaturity.waivers.maxDays. */
    post: operations['RequestWaiver'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/waivers/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** @description The audit log of a waiver, oldest first. */
    get: operations['GetWaiverEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/waivers/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Approves a pending waiver (permission mlops-maturity.waiver.approve); the service is scored again. */
    post: operations['ApproveWaiver'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/waivers/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Rejects a pending waiver (permission mlops-maturity.waiver.approve); the service is scored again. */
    post: operations['RejectWaiver'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/waivers/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Revokes a pending or approved waiver (permission mlops-maturity.waiver.approve); the service is scored again. */
    post: operations['RevokeWaiver'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Queue progress, the last cycle and per-source collection errors. */
    get: operations['GetStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      /**
       * @description Why a scorecard is missing.
       * @enum {string}
       */
      reason?: 'unknown-entity' | 'not-ml-service' | 'not-evaluated';
    };
    Evidence: {
      source: string;
      /** @enum {string} */
      strength: 'observed' | 'declared';
      detail: string;
      location?: string;
      sample?: boolean;
      stale?: boolean;
    };
    CheckResult: {
      id: string;
      title: string;
      dimension: string;
      /** @enum {integer} */
      level: 1 | 2;
      required: boolean;
      weight: number;
      /** @enum {string} */
      persona: 'data-scientist' | 'ml-engineer' | 'devops';
      /** @enum {string} */
      status: 'pass' | 'fail' | 'unknown' | 'waived' | 'not-applicable';
      message: string;
      evidence: components['schemas']['Evidence'][];
      remediation: string;
      docsUrl?: string;
      /**
       * @description Present (false) when this context cannot decide the check; it then counts neither in the level nor in the score.
       * @enum {boolean}
       */
      decidable?: false;
      /** @description Capabilities this check demonstrates besides those the capability table names it for. */
      capabilities?: string[];
    };
    /** @description A capability of a level, demonstrated when any of its alternative checks passes (DESIGN §2). */
    Capability: {
      id: string;
      title: string;
      /** @enum {integer} */
      level: 1 | 2;
      core: boolean;
      /** @enum {string} */
      persona: 'data-scientist' | 'ml-engineer' | 'devops';
      /** @enum {string} */
      status: 'demonstrated' | 'missing' | 'unverified' | 'not-applicable';
      demonstratedBy: string[];
      alternatives: string[];
      /** @enum {string} */
      strength?: 'observed' | 'declared';
      waived?: boolean;
      note?: string;
    };
    Breakdown: {
      id: string;
      score: number;
      passed: number;
      total: number;
    };
    Scorecard: {
      entityRef: string;
      /** @enum {string} */
      flavor: 'ml' | 'llm';
      /** @enum {integer} */
      level: 0 | 1 | 2;
      levelName: string;
      score: number;
      coverage: number;
      /** Format: date-time */
      evaluatedAt: string;
      checks: components['schemas']['CheckResult'][];
      dimensions: components['schemas']['Breakdown'][];
      personas: components['schemas']['Breakdown'][];
      /** @description Every capability of the flavour's levels; absent on scorecards stored before capability levels. */
      capabilities?: components['schemas']['Capability'][];
      /**
       * @description Whether every capability the level rests on was observed by a live source; absent at Level 0.
       * @enum {string}
       */
      levelBasis?: 'observed' | 'declared';
      levelRestsOnWaivers?: boolean;
      nextLevel?: {
        /** @enum {integer} */
        level: 1 | 2;
        /** @description Checks that would demonstrate a missing capability. */
        blockers: string[];
        blockersByPersona: {
          [key: string]: string[];
        };
        missingCapabilities?: string[];
        capabilitiesByPersona?: {
          [key: string]: string[];
        };
        moreOptionalNeeded?: number;
      };
      /** @description The level expected of the service's lifecycle (mlopsMaturity.targets); absent when none is configured for it. */
      target?: {
        /** @enum {integer} */
        level: 0 | 1 | 2;
        /** @description The lifecycle the target was chosen by; null when the default target applied. */
        lifecycle: string | null;
        met: boolean;
      };
      metrics: {
        timeToProductionDays?: number;
        deploysLast30d?: number;
        modelAgeDays?: number;
        ciSuccessRate?: number;
      };
      owner?: string;
      system?: string;
      domain?: string;
      lifecycle?: string;
      /** @enum {string} */
      teamPersona?: 'data-scientist' | 'ml-engineer' | 'devops';
      containsSampleData: boolean;
    };
    CheckDefinition: {
      id: string;
      title: string;
      description: string;
      dimension: string;
      /** @enum {integer} */
      level: 1 | 2;
      required: boolean;
      weight: number;
      persona: string;
      flavors: ('ml' | 'llm')[];
      sources: string[];
      remediation: string;
      docsUrl?: string;
      custom?: boolean;
      requireObserved?: boolean;
      ownModelOnly?: boolean;
      capabilities?: string[];
      parameters?: {
        [key: string]: {
          type?: string;
          description?: string;
          value?: unknown;
        };
      };
    };
    ServiceSummary: {
      entityRef: string;
      /** @enum {string} */
      flavor: 'ml' | 'llm';
      /** @enum {integer} */
      level: 0 | 1 | 2;
      levelName: string;
      score: number;
      coverage: number;
      /** Format: date-time */
      evaluatedAt: string;
      owner?: string;
      system?: string;
      domain?: string;
      failingChecks: string[];
    };
    BusinessMetrics: {
      timeToProductionDays?: number;
      deploysLast30d?: number;
      modelAgeDays?: number;
      ciSuccessRate?: number;
    };
    LevelCounts: {
      0: number;
      1: number;
      2: number;
    };
    PassRateCell: {
      dimension: string;
      persona: string;
      /** @description Checks that pass or are waived. */
      passed: number;
      /** @description Applicable checks (not not-applicable), summed over the services. */
      total: number;
      /** @description passed / total, 0..1. */
      rate: number | null;
    };
    /** @description One aggregated row. Domains and groups count their descendants' services (a parent group also its own). Persona and dimension rows use only that persona's (dimension's) applicable checks: the level its required checks allow, its score and coverage. */
    RollupRow: {
      /** @description Entity ref of a domain, group or system; or a persona or dimension id. */
      key: string;
      /** @description Parent domain (subdomainOf) or parent group. */
      parent?: string;
      services: number;
      levelCounts: components['schemas']['LevelCounts'];
      meanScore: number | null;
      /** @description For an even count, the mean of the two middle scores. */
      medianScore: number | null;
      /** @description Mean coverage of the services, 0..1. */
      coverage: number | null;
      passRates: components['schemas']['PassRateCell'][];
      metricMedians: components['schemas']['BusinessMetrics'];
      /** @description The services with a target level and how many meet it (for a persona or dimension, by their level on its checks); absent when none of the row's services has a target. */
      target?: {
        services: number;
        meeting: number;
      };
    };
    RollupResponse: {
      /** @enum {string} */
      by:
        | 'domain'
        | 'owner'
        | 'persona'
        | 'system'
        | 'dimension'
        | 'team-persona';
      items: components['schemas']['RollupRow'][];
    };
    TopBlocker: {
      checkId: string;
      title: string;
      dimension: string;
      persona: string;
      /** @enum {integer} */
      level: 1 | 2;
      remediation: string;
      docsUrl?: string;
      /** @description Services whose next level this check blocks. */
      services: number;
    };
    RollupTrendPoint: {
      /** Format: date */
      date: string;
      key: string;
      services: number;
      levelCounts: components['schemas']['LevelCounts'];
      meanScore: number | null;
      /** @description How many of the services were counted from sample history (mlopsMaturity.sampleHistory); absent when none was. */
      sampleServices?: number;
    };
    CampaignDefinition: {
      /** @description Lower-case letters, digits and dashes. */
      id: string;
      title: string;
      description?: string;
      /** @description Every field given must hold; a domain or owner includes its descendants. A bare name means the default kind and namespace. */
      scope?: {
        domain?: string;
        owner?: string;
        system?: string;
        /** @enum {string} */
        flavor?: 'ml' | 'llm';
        lifecycle?: string;
      };
      /** @description Exactly one of: level (reach it or above), check (pass it). */
      goal: {
        /** @enum {integer} */
        level?: 0 | 1 | 2;
        check?: string;
      };
      /** @description YYYY-MM-DD. */
      deadline: string;
    };
    Campaign: components['schemas']['CampaignDefinition'] & {
      /**
       * @description config: defined in app-config, read-only.
       * @enum {string}
       */
      source: 'config' | 'api';
      createdBy?: string;
      /** Format: date-time */
      createdAt?: string;
    };
    CampaignSummary: components['schemas']['Campaign'] & {
      /** @description Services in scope the caller may read; a check goal leaves out those the check does not apply to. Waived and unknown count apart. */
      progress: {
        services: number;
        met: number;
        behind: number;
        waived: number;
        unknown: number;
      };
      /** @description Days until the deadline; negative once it has passed. */
      daysLeft: number;
      service?: components['schemas']['CampaignService'];
    };
    CampaignService: {
      entityRef: string;
      /** @enum {string} */
      status: 'met' | 'behind' | 'waived' | 'unknown';
      /** @enum {integer} */
      level: 0 | 1 | 2;
      owner?: string;
    };
    RuleChangeGroup: {
      key: string;
      services: number;
      up: number;
      down: number;
    };
    GovernedWaiver: {
      id: string;
      entityRef: string;
      checkId: string;
      reason: string;
      /** @enum {string} */
      status:
        | 'pending'
        | 'approved'
        | 'rejected'
        | 'revoked'
        | 'expired'
        | 'closed';
      requestedBy: string;
      /** Format: date-time */
      requestedAt: string;
      /** Format: date-time */
      expiresAt: string;
      decidedBy?: string;
      /** Format: date-time */
      decidedAt?: string;
    };
    PushedFacts: {
      facts: {
        /**
         * @description ci, registry and monitoring must match the CiFacts, RegistryFacts and MonitoringFacts shapes of the common package; custom takes any JSON object.
         * @enum {string}
         */
        source: 'ci' | 'registry' | 'monitoring' | 'custom';
        /** Format: date-time */
        collectedAt?: string;
        facts: Record<string, never>;
      }[];
    };
  };
  responses: never;
  parameters: {
    kind: string;
    namespace: string;
    name: string;
    /** @description Only services in this domain or its subdomains (entity ref). */
    rollupDomain: string;
    /** @description Only services owned by this group or its child groups (entity ref). */
    rollupOwner: string;
    /** @description Only services that are part of this system (entity ref). */
    rollupSystem: string;
    rollupFlavor: 'ml' | 'llm';
    /** @description Only services whose owning team declares this persona (mlops-maturity.io/team-persona). */
    rollupTeamPersona: 'data-scientist' | 'ml-engineer' | 'devops';
    /** @description First day (UTC) of the trend, as a date or a date-time; defaults to 89 days before `to`. */
    trendFrom: string;
    /** @description Last day (UTC) of the trend, as a date or a date-time; defaults to today. */
    trendTo: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetScorecard: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The scorecard. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Scorecard'];
        };
      };
      /** @description Unknown entity, not an ML service, or not evaluated yet; `reason` says which. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetLevelBadge: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The badge. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/svg+xml': string;
        };
      };
      /** @description Badges are off. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetScorecardHistory: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        /** @description Points per page, at most 1000 (the default). */
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description History points, oldest first; a point is recorded only when the level, score, coverage or a breakdown changed. `nextCursor` is present when more points follow. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            nextCursor?: string;
            items: {
              /** Format: date-time */
              evaluatedAt: string;
              level: number;
              score: number;
              coverage: number;
              /** @description The rubric (checks and level rules) the point was scored with; absent on points recorded before rubrics were stored. */
              rubricVersion?: string;
              /** @description True for a point of sample history (mlopsMaturity.sampleHistory, a demo's); absent otherwise. */
              sample?: boolean;
            }[];
          };
        };
      };
      /** @description Unknown entity or not an ML service. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RefreshScorecard: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The new scorecard. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Scorecard'];
        };
      };
      /** @description The caller may not refresh scorecards. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown entity or not an ML service. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PushFacts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PushedFacts'];
      };
    };
    responses: {
      /** @description Stored; the re-scored scorecard. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Scorecard'];
        };
      };
      /** @description Malformed facts, values nested deeper than 32 levels, numbers that are not finite, or a collectedAt in the future or before 2000; nothing was stored. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The caller may not push facts. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown entity or not an ML service. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The body is larger than 1 MB; nothing was stored. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ListChecks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Check definitions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['CheckDefinition'][];
          };
        };
      };
    };
  };
  ListServices: {
    parameters: {
      query?: {
        level?: 0 | 1 | 2;
        /** @description Only services owned by this group or its child groups (entity ref). */
        owner?: components['parameters']['rollupOwner'];
        /** @description Only services in this domain or its subdomains (entity ref). */
        domain?: components['parameters']['rollupDomain'];
        /** @description Only services that are part of this system (entity ref). */
        system?: components['parameters']['rollupSystem'];
        flavor?: components['parameters']['rollupFlavor'];
        /** @description Only services where this check id fails. */
        failing?: string;
        page?: number;
        pageSize?: number;
        orderBy?: 'entityRef' | 'score' | 'level';
        order?: 'asc' | 'desc';
        /** @description csv answers every matching service (not a page) as a CSV download. */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of services, or all of them as CSV. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['ServiceSummary'][];
            totalCount: number;
            page: number;
            pageSize: number;
          };
          'text/csv': string;
        };
      };
    };
  };
  GetRollups: {
    parameters: {
      query?: {
        by?:
          | 'domain'
          | 'owner'
          | 'persona'
          | 'system'
          | 'dimension'
          | 'team-persona';
        /** @description Only services in this domain or its subdomains (entity ref). */
        domain?: components['parameters']['rollupDomain'];
        /** @description Only services owned by this group or its child groups (entity ref). */
        owner?: components['parameters']['rollupOwner'];
        /** @description Only services that are part of this system (entity ref). */
        system?: components['parameters']['rollupSystem'];
        flavor?: components['parameters']['rollupFlavor'];
        /** @description Only services whose owning team declares this persona (mlops-maturity.io/team-persona). */
        teamPersona?: components['parameters']['rollupTeamPersona'];
        /** @description csv answers the rows as a CSV download, one pass-rate column per cell. */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Rows ordered by key. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RollupResponse'];
          'text/csv': string;
        };
      };
      /** @description Invalid parameters. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetTopBlockers: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Only services in this domain or its subdomains (entity ref). */
        domain?: components['parameters']['rollupDomain'];
        /** @description Only services owned by this group or its child groups (entity ref). */
        owner?: components['parameters']['rollupOwner'];
        /** @description Only services that are part of this system (entity ref). */
        system?: components['parameters']['rollupSystem'];
        flavor?: components['parameters']['rollupFlavor'];
        /** @description Only services whose owning team declares this persona (mlops-maturity.io/team-persona). */
        teamPersona?: components['parameters']['rollupTeamPersona'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Most blocked services first, then by check id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['TopBlocker'][];
          };
        };
      };
    };
  };
  GetRollupTrend: {
    parameters: {
      query: {
        by: 'domain' | 'owner' | 'system';
        /** @description Entity ref of a domain, group or system, URL-encoded; repeat for several. */
        key: string[];
        /** @description First day (UTC) of the trend, as a date or a date-time; defaults to 89 days before `to`. */
        from?: components['parameters']['trendFrom'];
        /** @description Last day (UTC) of the trend, as a date or a date-time; defaults to today. */
        to?: components['parameters']['trendTo'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Points ordered by date, then key; days without a snapshot are absent. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            by: 'domain' | 'owner' | 'system';
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            items: components['schemas']['RollupTrendPoint'][];
          };
        };
      };
      /** @description Invalid parameters, or from after to. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CompareDomains: {
    parameters: {
      query: {
        /** @description Entity ref of a domain, URL-encoded; give 2 to 4. */
        domain: string[];
        /** @description First day (UTC) of the trend, as a date or a date-time; defaults to 89 days before `to`. */
        from?: components['parameters']['trendFrom'];
        /** @description Last day (UTC) of the trend, as a date or a date-time; defaults to today. */
        to?: components['parameters']['trendTo'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One row per domain, and the trend points of the domains. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            by: 'domain';
            items: components['schemas']['RollupRow'][];
            trend: components['schemas']['RollupTrendPoint'][];
          };
        };
      };
      /** @description Fewer than 2 or more than 4 domains, or one given twice. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ListCampaigns: {
    parameters: {
      query?: {
        entityRef?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Campaigns, ordered by id. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['CampaignSummary'][];
          };
        };
      };
    };
  };
  CreateCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CampaignDefinition'];
      };
    };
    responses: {
      /** @description The campaign. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Campaign'];
        };
      };
      /** @description Invalid definition (unknown check, bad deadline, scope or goal). */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not allowed to manage campaigns. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A campaign with the id exists. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The campaign. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignSummary'] & {
            notMet: components['schemas']['CampaignService'][];
            behindByOwner: {
              owner: string | null;
              services: number;
            }[];
            history: {
              date: string;
              services: number;
              met: number;
            }[];
          };
        };
      };
      /** @description No such campaign. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DeleteCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not allowed to manage campaigns. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such campaign. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The campaign is defined in app-config. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PreviewRuleChange: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Overrides by check id, as mlopsMaturity.checks. */
          checks?: {
            [key: string]: Record<string, never>;
          };
          /** @description Custom checks, as mlopsMaturity.customChecks. */
          customChecks?: Record<string, never>[];
          levels?: {
            requireObserved?: (1 | 2)[];
          };
        };
      };
    };
    responses: {
      /** @description What would change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            services: number;
            up: number;
            down: number;
            byDomain: components['schemas']['RuleChangeGroup'][];
            byOwner: components['schemas']['RuleChangeGroup'][];
            changed: {
              entityRef: string;
              /** @enum {integer} */
              from: 0 | 1 | 2;
              /** @enum {integer} */
              to: 0 | 1 | 2;
              domain?: string;
              owner?: string;
            }[];
            warnings: string[];
          };
        };
      };
      /** @description The change is malformed or names an unknown check or field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ListWaivers: {
    parameters: {
      query?: {
        entityRef?: string;
        status?:
          | 'pending'
          | 'approved'
          | 'rejected'
          | 'revoked'
          | 'expired'
          | 'closed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The waivers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['GovernedWaiver'][];
          };
        };
      };
    };
  };
  RequestWaiver: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          entityRef: string;
          checkId: string;
          reason: string;
          /** @description YYYY-MM-DD: the last day the waiver holds. */
          expiresAt: string;
        };
      };
    };
    responses: {
      /** @description The pending waiver. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GovernedWaiver'];
        };
      };
      /** @description Unknown check, a short reason, or an expiry in the past or beyond the maximum. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not allowed to request waivers for this service. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A pending or approved waiver of the check exists. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetWaiverEvents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The events. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** Format: date-time */
              at: string;
              actor: string;
              /** @enum {string} */
              action:
                | 'requested'
                | 'approved'
                | 'rejected'
                | 'revoked'
                | 'closed'
                | 'reopened'
                | 'expired';
              note?: string;
            }[];
          };
        };
      };
      /** @description No such waiver, or of a service the caller may not read. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ApproveWaiver: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description The waiver. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GovernedWaiver'];
        };
      };
      /** @description Not allowed to decide waivers. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such waiver. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The waiver is not in a state this decision applies to. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RejectWaiver: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description The waiver. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GovernedWaiver'];
        };
      };
      /** @description Not allowed to decide waivers. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such waiver. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The waiver is not in a state this decision applies to. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RevokeWaiver: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description The waiver. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GovernedWaiver'];
        };
      };
      /** @description Not allowed to decide waivers. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such waiver. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The waiver is not in a state this decision applies to. */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  GetStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Status. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            queue: {
              total: number;
              due: number;
              inProgress: number;
              /**
               * Format: date-time
               * @description When the next service not yet due falls due.
               */
              nextDueAt?: string;
            };
            lastCycle?: {
              startedAt?: string;
              finishedAt?: string;
              evaluated?: number;
              failed?: number;
            };
            sources: {
              source?: string;
              entities?: number;
              errors?: number;
              lastError?: string;
            }[];
            /** @description Upstream calls of each live collector since the backend started. */
            collectors: {
              id?: string;
              source?: string;
              calls?: number;
              errors?: number;
              rateLimited?: number;
              notModified?: number;
              retries?: number;
              /** @description Requests not sent because the host's rate limit was spent. */
              deferred?: number;
              /** @description Each host's rate-limit budget, as its last answer stated it. */
              budgets?: {
                host: string;
                limit?: number;
                remaining: number;
                /** Format: date-time */
                resetAt: string;
              }[];
              lastError?: string;
              lastErrorAt?: string;
            }[];
          };
        };
      };
    };
  };
}

type Content<T> = T extends { content: infer C } ? C[keyof C] : never;
type PathParams<Op> = Op extends { parameters: { path: infer P } } ? P : never;
type QueryParams<Op> = Op extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
type RequestBody<Op> = Op extends { requestBody?: infer B }
  ? Content<NonNullable<B>>
  : never;
type ResponseBody<Op> = Op extends { responses: infer R }
  ? { [Status in keyof R]: Content<R[Status]> }[keyof R]
  : never;

/** Every operation, keyed as @backstage/backend-openapi-utils expects. */
export type EndpointMap = {
  '#get|/scorecards/{kind}/{namespace}/{name}': {
    path: PathParams<operations['GetScorecard']>;
    query: QueryParams<operations['GetScorecard']>;
    body: RequestBody<operations['GetScorecard']>;
    response: ResponseBody<operations['GetScorecard']>;
  };
  '#get|/badges/{kind}/{namespace}/{name}': {
    path: PathParams<operations['GetLevelBadge']>;
    query: QueryParams<operations['GetLevelBadge']>;
    body: RequestBody<operations['GetLevelBadge']>;
    response: ResponseBody<operations['GetLevelBadge']>;
  };
  '#get|/scorecards/{kind}/{namespace}/{name}/history': {
    path: PathParams<operations['GetScorecardHistory']>;
    query: QueryParams<operations['GetScorecardHistory']>;
    body: RequestBody<operations['GetScorecardHistory']>;
    response: ResponseBody<operations['GetScorecardHistory']>;
  };
  '#post|/scorecards/{kind}/{namespace}/{name}/refresh': {
    path: PathParams<operations['RefreshScorecard']>;
    query: QueryParams<operations['RefreshScorecard']>;
    body: RequestBody<operations['RefreshScorecard']>;
    response: ResponseBody<operations['RefreshScorecard']>;
  };
  '#post|/facts/{kind}/{namespace}/{name}': {
    path: PathParams<operations['PushFacts']>;
    query: QueryParams<operations['PushFacts']>;
    body: RequestBody<operations['PushFacts']>;
    response: ResponseBody<operations['PushFacts']>;
  };
  '#get|/checks': {
    path: PathParams<operations['ListChecks']>;
    query: QueryParams<operations['ListChecks']>;
    body: RequestBody<operations['ListChecks']>;
    response: ResponseBody<operations['ListChecks']>;
  };
  '#get|/services': {
    path: PathParams<operations['ListServices']>;
    query: QueryParams<operations['ListServices']>;
    body: RequestBody<operations['ListServices']>;
    response: ResponseBody<operations['ListServices']>;
  };
  '#get|/rollups': {
    path: PathParams<operations['GetRollups']>;
    query: QueryParams<operations['GetRollups']>;
    body: RequestBody<operations['GetRollups']>;
    response: ResponseBody<operations['GetRollups']>;
  };
  '#get|/rollups/blockers': {
    path: PathParams<operations['GetTopBlockers']>;
    query: QueryParams<operations['GetTopBlockers']>;
    body: RequestBody<operations['GetTopBlockers']>;
    response: ResponseBody<operations['GetTopBlockers']>;
  };
  '#get|/rollups/trend': {
    path: PathParams<operations['GetRollupTrend']>;
    query: QueryParams<operations['GetRollupTrend']>;
    body: RequestBody<operations['GetRollupTrend']>;
    response: ResponseBody<operations['GetRollupTrend']>;
  };
  '#get|/rollups/compare': {
    path: PathParams<operations['CompareDomains']>;
    query: QueryParams<operations['CompareDomains']>;
    body: RequestBody<operations['CompareDomains']>;
    response: ResponseBody<operations['CompareDomains']>;
  };
  '#get|/campaigns': {
    path: PathParams<operations['ListCampaigns']>;
    query: QueryParams<operations['ListCampaigns']>;
    body: RequestBody<operations['ListCampaigns']>;
    response: ResponseBody<operations['ListCampaigns']>;
  };
  '#post|/campaigns': {
    path: PathParams<operations['CreateCampaign']>;
    query: QueryParams<operations['CreateCampaign']>;
    body: RequestBody<operations['CreateCampaign']>;
    response: ResponseBody<operations['CreateCampaign']>;
  };
  '#get|/campaigns/{id}': {
    path: PathParams<operations['GetCampaign']>;
    query: QueryParams<operations['GetCampaign']>;
    body: RequestBody<operations['GetCampaign']>;
    response: ResponseBody<operations['GetCampaign']>;
  };
  '#_delete|/campaigns/{id}': {
    path: PathParams<operations['DeleteCampaign']>;
    query: QueryParams<operations['DeleteCampaign']>;
    body: RequestBody<operations['DeleteCampaign']>;
    response: ResponseBody<operations['DeleteCampaign']>;
  };
  '#post|/what-if': {
    path: PathParams<operations['PreviewRuleChange']>;
    query: QueryParams<operations['PreviewRuleChange']>;
    body: RequestBody<operations['PreviewRuleChange']>;
    response: ResponseBody<operations['PreviewRuleChange']>;
  };
  '#get|/waivers': {
    path: PathParams<operations['ListWaivers']>;
    query: QueryParams<operations['ListWaivers']>;
    body: RequestBody<operations['ListWaivers']>;
    response: ResponseBody<operations['ListWaivers']>;
  };
  '#post|/waivers': {
    path: PathParams<operations['RequestWaiver']>;
    query: QueryParams<operations['RequestWaiver']>;
    body: RequestBody<operations['RequestWaiver']>;
    response: ResponseBody<operations['RequestWaiver']>;
  };
  '#get|/waivers/{id}/events': {
    path: PathParams<operations['GetWaiverEvents']>;
    query: QueryParams<operations['GetWaiverEvents']>;
    body: RequestBody<operations['GetWaiverEvents']>;
    response: ResponseBody<operations['GetWaiverEvents']>;
  };
  '#post|/waivers/{id}/approve': {
    path: PathParams<operations['ApproveWaiver']>;
    query: QueryParams<operations['ApproveWaiver']>;
    body: RequestBody<operations['ApproveWaiver']>;
    response: ResponseBody<operations['ApproveWaiver']>;
  };
  '#post|/waivers/{id}/reject': {
    path: PathParams<operations['RejectWaiver']>;
    query: QueryParams<operations['RejectWaiver']>;
    body: RequestBody<operations['RejectWaiver']>;
    response: ResponseBody<operations['RejectWaiver']>;
  };
  '#post|/waivers/{id}/revoke': {
    path: PathParams<operations['RevokeWaiver']>;
    query: QueryParams<operations['RevokeWaiver']>;
    body: RequestBody<operations['RevokeWaiver']>;
    response: ResponseBody<operations['RevokeWaiver']>;
  };
  '#get|/status': {
    path: PathParams<operations['GetStatus']>;
    query: QueryParams<operations['GetStatus']>;
    body: RequestBody<operations['GetStatus']>;
    response: ResponseBody<operations['GetStatus']>;
  };
};
