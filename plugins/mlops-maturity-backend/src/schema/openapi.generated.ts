// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { EndpointMap } from './openapi.types.generated';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'mlops-maturity',
    version: '1',
    description:
      'MLOps maturity scorecards for the ML services in the Backstage catalog: levels 0 (manual), 1 (semi-automated) and 2 (fully automated), every check with its evidence, what blocks the next level, and history.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9-]*$',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
        },
      },
      rollupDomain: {
        name: 'domain',
        in: 'query',
        description:
          'Only services in this domain or its subdomains (entity ref).',
        schema: {
          type: 'string',
        },
      },
      rollupOwner: {
        name: 'owner',
        in: 'query',
        description:
          'Only services owned by this group or its child groups (entity ref).',
        schema: {
          type: 'string',
        },
      },
      rollupSystem: {
        name: 'system',
        in: 'query',
        description: 'Only services that are part of this system (entity ref).',
        schema: {
          type: 'string',
        },
      },
      rollupFlavor: {
        name: 'flavor',
        in: 'query',
        schema: {
          type: 'string',
          enum: ['ml', 'llm'],
        },
      },
      rollupTeamPersona: {
        name: 'teamPersona',
        in: 'query',
        description:
          'Only services whose owning team declares this persona (mlops-maturity.io/team-persona).',
        schema: {
          type: 'string',
          enum: ['data-scientist', 'ml-engineer', 'devops'],
        },
      },
      trendFrom: {
        name: 'from',
        in: 'query',
        description:
          'First day (UTC) of the trend, as a date or a date-time; defaults to 89 days before `to`.',
        schema: {
          anyOf: [
            {
              type: 'string',
              format: 'date',
            },
            {
              type: 'string',
              format: 'date-time',
            },
          ],
        },
      },
      trendTo: {
        name: 'to',
        in: 'query',
        description:
          'Last day (UTC) of the trend, as a date or a date-time; defaults to today.',
        schema: {
          anyOf: [
            {
              type: 'string',
              format: 'date',
            },
            {
              type: 'string',
              format: 'date-time',
            },
          ],
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          reason: {
            type: 'string',
            description: 'Why a scorecard is missing.',
            enum: ['unknown-entity', 'not-ml-service', 'not-evaluated'],
          },
        },
      },
      Evidence: {
        type: 'object',
        required: ['source', 'strength', 'detail'],
        properties: {
          source: {
            type: 'string',
          },
          strength: {
            type: 'string',
            enum: ['observed', 'declared'],
          },
          detail: {
            type: 'string',
          },
          location: {
            type: 'string',
          },
          sample: {
            type: 'boolean',
          },
          stale: {
            type: 'boolean',
          },
        },
      },
      CheckResult: {
        type: 'object',
        required: [
          'id',
          'title',
          'dimension',
          'level',
          'required',
          'weight',
          'persona',
          'status',
          'message',
          'evidence',
          'remediation',
        ],
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          dimension: {
            type: 'string',
          },
          level: {
            type: 'integer',
            enum: [1, 2],
          },
          required: {
            type: 'boolean',
          },
          weight: {
            type: 'number',
          },
          persona: {
            type: 'string',
            enum: ['data-scientist', 'ml-engineer', 'devops'],
          },
          status: {
            type: 'string',
            enum: ['pass', 'fail', 'unknown', 'waived', 'not-applicable'],
          },
          message: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Evidence',
            },
          },
          remediation: {
            type: 'string',
          },
          docsUrl: {
            type: 'string',
          },
          decidable: {
            type: 'boolean',
            enum: [false],
            description:
              'Present (false) when this context cannot decide the check; it then counts neither in the level nor in the score.',
          },
          capabilities: {
            type: 'array',
            description:
              'Capabilities this check demonstrates besides those the capability table names it for.',
            items: {
              type: 'string',
            },
          },
        },
      },
      Capability: {
        type: 'object',
        description:
          'A capability of a level, demonstrated when any of its alternative checks passes (DESIGN §2).',
        required: [
          'id',
          'title',
          'level',
          'core',
          'persona',
          'status',
          'demonstratedBy',
          'alternatives',
        ],
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          level: {
            type: 'integer',
            enum: [1, 2],
          },
          core: {
            type: 'boolean',
          },
          persona: {
            type: 'string',
            enum: ['data-scientist', 'ml-engineer', 'devops'],
          },
          status: {
            type: 'string',
            enum: ['demonstrated', 'missing', 'unverified', 'not-applicable'],
          },
          demonstratedBy: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          alternatives: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          strength: {
            type: 'string',
            enum: ['observed', 'declared'],
          },
          waived: {
            type: 'boolean',
          },
          note: {
            type: 'string',
          },
        },
      },
      Breakdown: {
        type: 'object',
        required: ['id', 'score', 'passed', 'total'],
        properties: {
          id: {
            type: 'string',
          },
          score: {
            type: 'number',
          },
          passed: {
            type: 'integer',
          },
          total: {
            type: 'integer',
          },
        },
      },
      Scorecard: {
        type: 'object',
        required: [
          'entityRef',
          'flavor',
          'level',
          'levelName',
          'score',
          'coverage',
          'evaluatedAt',
          'checks',
          'dimensions',
          'personas',
          'metrics',
          'containsSampleData',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          flavor: {
            type: 'string',
            enum: ['ml', 'llm'],
          },
          level: {
            type: 'integer',
            enum: [0, 1, 2],
          },
          levelName: {
            type: 'string',
          },
          score: {
            type: 'number',
            minimum: 0,
            maximum: 100,
          },
          coverage: {
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
          evaluatedAt: {
            type: 'string',
            format: 'date-time',
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CheckResult',
            },
          },
          dimensions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Breakdown',
            },
          },
          personas: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Breakdown',
            },
          },
          capabilities: {
            type: 'array',
            description:
              "Every capability of the flavour's levels; absent on scorecards stored before capability levels.",
            items: {
              $ref: '#/components/schemas/Capability',
            },
          },
          levelBasis: {
            type: 'string',
            enum: ['observed', 'declared'],
            description:
              'Whether every capability the level rests on was observed by a live source; absent at Level 0.',
          },
          levelRestsOnWaivers: {
            type: 'boolean',
          },
          nextLevel: {
            type: 'object',
            required: ['level', 'blockers', 'blockersByPersona'],
            properties: {
              level: {
                type: 'integer',
                enum: [1, 2],
              },
              blockers: {
                type: 'array',
                description:
                  'Checks that would demonstrate a missing capability.',
                items: {
                  type: 'string',
                },
              },
              blockersByPersona: {
                type: 'object',
                additionalProperties: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
              missingCapabilities: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              capabilitiesByPersona: {
                type: 'object',
                additionalProperties: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
              moreOptionalNeeded: {
                type: 'integer',
                minimum: 0,
              },
            },
          },
          target: {
            type: 'object',
            description:
              "The level expected of the service's lifecycle (mlopsMaturity.targets); absent when none is configured for it.",
            required: ['level', 'lifecycle', 'met'],
            properties: {
              level: {
                type: 'integer',
                enum: [0, 1, 2],
              },
              lifecycle: {
                type: 'string',
                nullable: true,
                description:
                  'The lifecycle the target was chosen by; null when the default target applied.',
              },
              met: {
                type: 'boolean',
              },
            },
          },
          metrics: {
            type: 'object',
            properties: {
              timeToProductionDays: {
                type: 'number',
              },
              deploysLast30d: {
                type: 'number',
              },
              modelAgeDays: {
                type: 'number',
              },
              ciSuccessRate: {
                type: 'number',
              },
            },
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          domain: {
            type: 'string',
          },
          lifecycle: {
            type: 'string',
          },
          teamPersona: {
            type: 'string',
            enum: ['data-scientist', 'ml-engineer', 'devops'],
          },
          containsSampleData: {
            type: 'boolean',
          },
        },
      },
      CheckDefinition: {
        type: 'object',
        required: [
          'id',
          'title',
          'description',
          'dimension',
          'level',
          'required',
          'weight',
          'persona',
          'flavors',
          'sources',
          'remediation',
        ],
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          dimension: {
            type: 'string',
          },
          level: {
            type: 'integer',
            enum: [1, 2],
          },
          required: {
            type: 'boolean',
          },
          weight: {
            type: 'number',
          },
          persona: {
            type: 'string',
          },
          flavors: {
            type: 'array',
            items: {
              type: 'string',
              enum: ['ml', 'llm'],
            },
          },
          sources: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          remediation: {
            type: 'string',
          },
          docsUrl: {
            type: 'string',
          },
          custom: {
            type: 'boolean',
          },
          requireObserved: {
            type: 'boolean',
          },
          ownModelOnly: {
            type: 'boolean',
          },
          capabilities: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          parameters: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                type: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                },
                value: {},
              },
            },
          },
        },
      },
      ServiceSummary: {
        type: 'object',
        required: [
          'entityRef',
          'flavor',
          'level',
          'levelName',
          'score',
          'coverage',
          'evaluatedAt',
          'failingChecks',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          flavor: {
            type: 'string',
            enum: ['ml', 'llm'],
          },
          level: {
            type: 'integer',
            enum: [0, 1, 2],
          },
          levelName: {
            type: 'string',
          },
          score: {
            type: 'number',
          },
          coverage: {
            type: 'number',
          },
          evaluatedAt: {
            type: 'string',
            format: 'date-time',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          domain: {
            type: 'string',
          },
          failingChecks: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      BusinessMetrics: {
        type: 'object',
        properties: {
          timeToProductionDays: {
            type: 'number',
          },
          deploysLast30d: {
            type: 'number',
          },
          modelAgeDays: {
            type: 'number',
          },
          ciSuccessRate: {
            type: 'number',
          },
        },
      },
      LevelCounts: {
        type: 'object',
        required: ['0', '1', '2'],
        properties: {
          '0': {
            type: 'integer',
          },
          '1': {
            type: 'integer',
          },
          '2': {
            type: 'integer',
          },
        },
      },
      PassRateCell: {
        type: 'object',
        required: ['dimension', 'persona', 'passed', 'total', 'rate'],
        properties: {
          dimension: {
            type: 'string',
          },
          persona: {
            type: 'string',
          },
          passed: {
            type: 'integer',
            description: 'Checks that pass or are waived.',
          },
          total: {
            type: 'integer',
            description:
              'Applicable checks (not not-applicable), summed over the services.',
          },
          rate: {
            type: 'number',
            nullable: true,
            description: 'passed / total, 0..1.',
          },
        },
      },
      RollupRow: {
        type: 'object',
        required: [
          'key',
          'services',
          'levelCounts',
          'meanScore',
          'medianScore',
          'coverage',
          'passRates',
          'metricMedians',
        ],
        description:
          "One aggregated row. Domains and groups count their descendants' services (a parent group also its own). Persona and dimension rows use only that persona's (dimension's) applicable checks: the level its required checks allow, its score and coverage.",
        properties: {
          key: {
            type: 'string',
            description:
              'Entity ref of a domain, group or system; or a persona or dimension id.',
          },
          parent: {
            type: 'string',
            description: 'Parent domain (subdomainOf) or parent group.',
          },
          services: {
            type: 'integer',
          },
          levelCounts: {
            $ref: '#/components/schemas/LevelCounts',
          },
          meanScore: {
            type: 'number',
            nullable: true,
          },
          medianScore: {
            type: 'number',
            nullable: true,
            description:
              'For an even count, the mean of the two middle scores.',
          },
          coverage: {
            type: 'number',
            nullable: true,
            description: 'Mean coverage of the services, 0..1.',
          },
          passRates: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PassRateCell',
            },
          },
          metricMedians: {
            $ref: '#/components/schemas/BusinessMetrics',
          },
          target: {
            type: 'object',
            description:
              "The services with a target level and how many meet it (for a persona or dimension, by their level on its checks); absent when none of the row's services has a target.",
            required: ['services', 'meeting'],
            properties: {
              services: {
                type: 'integer',
              },
              meeting: {
                type: 'integer',
              },
            },
          },
        },
      },
      RollupResponse: {
        type: 'object',
        required: ['by', 'items'],
        properties: {
          by: {
            type: 'string',
            enum: [
              'domain',
              'owner',
              'persona',
              'system',
              'dimension',
              'team-persona',
            ],
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RollupRow',
            },
          },
        },
      },
      TopBlocker: {
        type: 'object',
        required: [
          'checkId',
          'title',
          'dimension',
          'persona',
          'level',
          'remediation',
          'services',
        ],
        properties: {
          checkId: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          dimension: {
            type: 'string',
          },
          persona: {
            type: 'string',
          },
          level: {
            type: 'integer',
            enum: [1, 2],
          },
          remediation: {
            type: 'string',
          },
          docsUrl: {
            type: 'string',
          },
          services: {
            type: 'integer',
            description: 'Services whose next level this check blocks.',
          },
        },
      },
      RollupTrendPoint: {
        type: 'object',
        required: ['date', 'key', 'services', 'levelCounts', 'meanScore'],
        properties: {
          date: {
            type: 'string',
            format: 'date',
          },
          key: {
            type: 'string',
          },
          services: {
            type: 'integer',
          },
          levelCounts: {
            $ref: '#/components/schemas/LevelCounts',
          },
          meanScore: {
            type: 'number',
            nullable: true,
          },
          sampleServices: {
            type: 'integer',
            description:
              'How many of the services were counted from sample history (mlopsMaturity.sampleHistory); absent when none was.',
          },
        },
      },
      CampaignDefinition: {
        type: 'object',
        required: ['id', 'title', 'goal', 'deadline'],
        properties: {
          id: {
            type: 'string',
            description: 'Lower-case letters, digits and dashes.',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          scope: {
            type: 'object',
            description:
              'Every field given must hold; a domain or owner includes its descendants. A bare name means the default kind and namespace.',
            properties: {
              domain: {
                type: 'string',
              },
              owner: {
                type: 'string',
              },
              system: {
                type: 'string',
              },
              flavor: {
                type: 'string',
                enum: ['ml', 'llm'],
              },
              lifecycle: {
                type: 'string',
              },
            },
          },
          goal: {
            type: 'object',
            description:
              'Exactly one of: level (reach it or above), check (pass it).',
            properties: {
              level: {
                type: 'integer',
                enum: [0, 1, 2],
              },
              check: {
                type: 'string',
              },
            },
          },
          deadline: {
            type: 'string',
            description: 'YYYY-MM-DD.',
          },
        },
      },
      Campaign: {
        allOf: [
          {
            $ref: '#/components/schemas/CampaignDefinition',
          },
          {
            type: 'object',
            required: ['source'],
            properties: {
              source: {
                type: 'string',
                enum: ['config', 'api'],
                description: 'config: defined in app-config, read-only.',
              },
              createdBy: {
                type: 'string',
              },
              createdAt: {
                type: 'string',
                format: 'date-time',
              },
            },
          },
        ],
      },
      CampaignSummary: {
        allOf: [
          {
            $ref: '#/components/schemas/Campaign',
          },
          {
            type: 'object',
            required: ['progress', 'daysLeft'],
            properties: {
              progress: {
                type: 'object',
                description:
                  'Services in scope the caller may read; a check goal leaves out those the check does not apply to. Waived and unknown count apart.',
                required: ['services', 'met', 'behind', 'waived', 'unknown'],
                properties: {
                  services: {
                    type: 'integer',
                  },
                  met: {
                    type: 'integer',
                  },
                  behind: {
                    type: 'integer',
                  },
                  waived: {
                    type: 'integer',
                  },
                  unknown: {
                    type: 'integer',
                  },
                },
              },
              daysLeft: {
                type: 'integer',
                description:
                  'Days until the deadline; negative once it has passed.',
              },
              service: {
                $ref: '#/components/schemas/CampaignService',
              },
            },
          },
        ],
      },
      CampaignService: {
        type: 'object',
        required: ['entityRef', 'status', 'level'],
        properties: {
          entityRef: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['met', 'behind', 'waived', 'unknown'],
          },
          level: {
            type: 'integer',
            enum: [0, 1, 2],
          },
          owner: {
            type: 'string',
          },
        },
      },
      RuleChangeGroup: {
        type: 'object',
        required: ['key', 'services', 'up', 'down'],
        properties: {
          key: {
            type: 'string',
          },
          services: {
            type: 'integer',
          },
          up: {
            type: 'integer',
          },
          down: {
            type: 'integer',
          },
        },
      },
      GovernedWaiver: {
        type: 'object',
        required: [
          'id',
          'entityRef',
          'checkId',
          'reason',
          'status',
          'requestedBy',
          'requestedAt',
          'expiresAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          checkId: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: [
              'pending',
              'approved',
              'rejected',
              'revoked',
              'expired',
              'closed',
            ],
          },
          requestedBy: {
            type: 'string',
          },
          requestedAt: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          decidedBy: {
            type: 'string',
          },
          decidedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      PushedFacts: {
        type: 'object',
        required: ['facts'],
        additionalProperties: false,
        properties: {
          facts: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              type: 'object',
              required: ['source', 'facts'],
              additionalProperties: false,
              properties: {
                source: {
                  type: 'string',
                  enum: ['ci', 'registry', 'monitoring', 'custom'],
                  description:
                    'ci, registry and monitoring must match the CiFacts, RegistryFacts and MonitoringFacts shapes of the common package; custom takes any JSON object.',
                },
                collectedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                facts: {
                  type: 'object',
                },
              },
            },
          },
        },
      },
    },
  },
  paths: {
    '/scorecards/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetScorecard',
        description: 'The latest scorecard of an ML service.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The scorecard.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Scorecard',
                },
              },
            },
          },
          '404': {
            description:
              'Unknown entity, not an ML service, or not evaluated yet; `reason` says which.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/badges/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetLevelBadge',
        description:
          'An SVG badge of the service\'s level for its README, served without sign-in when mlopsMaturity.badges.enabled is set. Unknown and not yet evaluated services get the same grey "not evaluated" badge.',
        security: [],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The badge.',
            content: {
              'image/svg+xml': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '404': {
            description: 'Badges are off.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/scorecards/{kind}/{namespace}/{name}/history': {
      get: {
        operationId: 'GetScorecardHistory',
        description: 'Level and score over time.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Points per page, at most 1000 (the default).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'The `nextCursor` of the previous page.',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description:
              'History points, oldest first; a point is recorded only when the level, score, coverage or a breakdown changed. `nextCursor` is present when more points follow.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    nextCursor: {
                      type: 'string',
                    },
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['evaluatedAt', 'level', 'score', 'coverage'],
                        properties: {
                          evaluatedAt: {
                            type: 'string',
                            format: 'date-time',
                          },
                          level: {
                            type: 'integer',
                          },
                          score: {
                            type: 'number',
                          },
                          coverage: {
                            type: 'number',
                          },
                          rubricVersion: {
                            type: 'string',
                            description:
                              'The rubric (checks and level rules) the point was scored with; absent on points recorded before rubrics were stored.',
                          },
                          sample: {
                            type: 'boolean',
                            description:
                              "True for a point of sample history (mlopsMaturity.sampleHistory, a demo's); absent otherwise.",
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '404': {
            description: 'Unknown entity or not an ML service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/scorecards/{kind}/{namespace}/{name}/refresh': {
      post: {
        operationId: 'RefreshScorecard',
        description:
          'Collects every source for the service now and re-scores it.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The new scorecard.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Scorecard',
                },
              },
            },
          },
          '403': {
            description: 'The caller may not refresh scorecards.',
          },
          '404': {
            description: 'Unknown entity or not an ML service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/facts/{kind}/{namespace}/{name}': {
      post: {
        operationId: 'PushFacts',
        description:
          'Pushes facts about an ML service from CI jobs or systems without a collector. Everything is validated before anything is stored; the service is re-scored.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PushedFacts',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Stored; the re-scored scorecard.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Scorecard',
                },
              },
            },
          },
          '400': {
            description:
              'Malformed facts, values nested deeper than 32 levels, numbers that are not finite, or a collectedAt in the future or before 2000; nothing was stored.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '401': {
            description: 'No valid credentials.',
          },
          '403': {
            description: 'The caller may not push facts.',
          },
          '404': {
            description: 'Unknown entity or not an ML service.',
          },
          '413': {
            description: 'The body is larger than 1 MB; nothing was stored.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/checks': {
      get: {
        operationId: 'ListChecks',
        description:
          'The effective check catalogue (built-in, module and custom checks after overrides).',
        responses: {
          '200': {
            description: 'Check definitions.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CheckDefinition',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/services': {
      get: {
        operationId: 'ListServices',
        description:
          'Evaluated ML services with level and score, filterable and paged.',
        parameters: [
          {
            name: 'level',
            in: 'query',
            schema: {
              type: 'integer',
              enum: [0, 1, 2],
            },
          },
          {
            $ref: '#/components/parameters/rollupOwner',
          },
          {
            $ref: '#/components/parameters/rollupDomain',
          },
          {
            $ref: '#/components/parameters/rollupSystem',
          },
          {
            $ref: '#/components/parameters/rollupFlavor',
          },
          {
            name: 'failing',
            in: 'query',
            description: 'Only services where this check id fails.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'page',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              default: 1,
            },
          },
          {
            name: 'pageSize',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 50,
            },
          },
          {
            name: 'orderBy',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['entityRef', 'score', 'level'],
              default: 'entityRef',
            },
          },
          {
            name: 'order',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
              default: 'asc',
            },
          },
          {
            name: 'format',
            in: 'query',
            description:
              'csv answers every matching service (not a page) as a CSV download.',
            schema: {
              type: 'string',
              enum: ['json', 'csv'],
              default: 'json',
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of services, or all of them as CSV.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'totalCount', 'page', 'pageSize'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ServiceSummary',
                      },
                    },
                    totalCount: {
                      type: 'integer',
                    },
                    page: {
                      type: 'integer',
                    },
                    pageSize: {
                      type: 'integer',
                    },
                  },
                },
              },
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
    },
    '/rollups': {
      get: {
        operationId: 'GetRollups',
        description:
          "Org-wide rollups of the services the caller may read: level counts, mean and median score, coverage, pass rate per dimension × persona and business metric medians, per domain, owner group, system, persona or dimension. With a domain (owner) filter, by-domain (by-owner) rows are that domain (group) and those below it; with a system filter, the rows count that system's services only.",
        parameters: [
          {
            name: 'by',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'domain',
                'owner',
                'persona',
                'system',
                'dimension',
                'team-persona',
              ],
              default: 'domain',
            },
          },
          {
            $ref: '#/components/parameters/rollupDomain',
          },
          {
            $ref: '#/components/parameters/rollupOwner',
          },
          {
            $ref: '#/components/parameters/rollupSystem',
          },
          {
            $ref: '#/components/parameters/rollupFlavor',
          },
          {
            $ref: '#/components/parameters/rollupTeamPersona',
          },
          {
            name: 'format',
            in: 'query',
            description:
              'csv answers the rows as a CSV download, one pass-rate column per cell.',
            schema: {
              type: 'string',
              enum: ['json', 'csv'],
              default: 'json',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Rows ordered by key.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RollupResponse',
                },
              },
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            description: 'Invalid parameters.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/rollups/blockers': {
      get: {
        operationId: 'GetTopBlockers',
        description:
          "The checks that keep the most services from their next level (from each scorecard's next-level blockers), where a golden path pays off most.",
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 10,
            },
          },
          {
            $ref: '#/components/parameters/rollupDomain',
          },
          {
            $ref: '#/components/parameters/rollupOwner',
          },
          {
            $ref: '#/components/parameters/rollupSystem',
          },
          {
            $ref: '#/components/parameters/rollupFlavor',
          },
          {
            $ref: '#/components/parameters/rollupTeamPersona',
          },
        ],
        responses: {
          '200': {
            description: 'Most blocked services first, then by check id.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/TopBlocker',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/rollups/trend': {
      get: {
        operationId: 'GetRollupTrend',
        description:
          'Daily snapshots (UTC) of domains, owner groups or systems: the services in the key that day, descendants included, that the caller may read today.',
        parameters: [
          {
            name: 'by',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              enum: ['domain', 'owner', 'system'],
            },
          },
          {
            name: 'key',
            in: 'query',
            required: true,
            description:
              'Entity ref of a domain, group or system, URL-encoded; repeat for several.',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: {
                type: 'string',
              },
            },
          },
          {
            $ref: '#/components/parameters/trendFrom',
          },
          {
            $ref: '#/components/parameters/trendTo',
          },
        ],
        responses: {
          '200': {
            description:
              'Points ordered by date, then key; days without a snapshot are absent.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['by', 'from', 'to', 'items'],
                  properties: {
                    by: {
                      type: 'string',
                      enum: ['domain', 'owner', 'system'],
                    },
                    from: {
                      type: 'string',
                      format: 'date',
                    },
                    to: {
                      type: 'string',
                      format: 'date',
                    },
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RollupTrendPoint',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            description: 'Invalid parameters, or from after to.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/rollups/compare': {
      get: {
        operationId: 'CompareDomains',
        description:
          'Two to four domains side by side, in the order given, with their daily trend; a domain without services the caller may read gets a row with zero services.',
        parameters: [
          {
            name: 'domain',
            in: 'query',
            required: true,
            description: 'Entity ref of a domain, URL-encoded; give 2 to 4.',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              minItems: 2,
              maxItems: 4,
              items: {
                type: 'string',
              },
            },
          },
          {
            $ref: '#/components/parameters/trendFrom',
          },
          {
            $ref: '#/components/parameters/trendTo',
          },
        ],
        responses: {
          '200': {
            description:
              'One row per domain, and the trend points of the domains.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['by', 'items', 'trend'],
                  properties: {
                    by: {
                      type: 'string',
                      enum: ['domain'],
                    },
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RollupRow',
                      },
                    },
                    trend: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RollupTrendPoint',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            description:
              'Fewer than 2 or more than 4 domains, or one given twice.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/campaigns': {
      get: {
        operationId: 'ListCampaigns',
        description:
          'Every campaign with its progress over the services the caller may read. With entityRef, only the campaigns that service is in, each with where it stands (service).',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Campaigns, ordered by id.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CampaignSummary',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      post: {
        operationId: 'CreateCampaign',
        description:
          'Creates a campaign (permission mlops-maturity.campaign.manage).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CampaignDefinition',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The campaign.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Campaign',
                },
              },
            },
          },
          '400': {
            description:
              'Invalid definition (unknown check, bad deadline, scope or goal).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '403': {
            description: 'Not allowed to manage campaigns.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description: 'A campaign with the id exists.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/campaigns/{id}': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'GetCampaign',
        description:
          "A campaign's progress, the services not meeting its goal and their owners, and its daily progress over the last 90 days, all over the services the caller may read.",
        responses: {
          '200': {
            description: 'The campaign.',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/CampaignSummary',
                    },
                    {
                      type: 'object',
                      required: ['notMet', 'behindByOwner', 'history'],
                      properties: {
                        notMet: {
                          type: 'array',
                          items: {
                            $ref: '#/components/schemas/CampaignService',
                          },
                        },
                        behindByOwner: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['owner', 'services'],
                            properties: {
                              owner: {
                                type: 'string',
                                nullable: true,
                              },
                              services: {
                                type: 'integer',
                              },
                            },
                          },
                        },
                        history: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['date', 'services', 'met'],
                            properties: {
                              date: {
                                type: 'string',
                              },
                              services: {
                                type: 'integer',
                              },
                              met: {
                                type: 'integer',
                              },
                            },
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
          '404': {
            description: 'No such campaign.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
      delete: {
        operationId: 'DeleteCampaign',
        description:
          'Deletes a campaign created through the API, with its history (permission mlops-maturity.campaign.manage).',
        responses: {
          '204': {
            description: 'Deleted.',
          },
          '403': {
            description: 'Not allowed to manage campaigns.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '404': {
            description: 'No such campaign.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description: 'The campaign is defined in app-config.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/what-if': {
      post: {
        operationId: 'PreviewRuleChange',
        description:
          'Scores every service the caller may read again from its stored facts under a changed check catalogue (overrides and custom checks added to the configured ones, level rules), without saving, and says which would change level, per domain and owner.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  checks: {
                    type: 'object',
                    description:
                      'Overrides by check id, as mlopsMaturity.checks.',
                    additionalProperties: {
                      type: 'object',
                    },
                  },
                  customChecks: {
                    type: 'array',
                    description:
                      'Custom checks, as mlopsMaturity.customChecks.',
                    items: {
                      type: 'object',
                    },
                  },
                  levels: {
                    type: 'object',
                    properties: {
                      requireObserved: {
                        type: 'array',
                        items: {
                          type: 'integer',
                          enum: [1, 2],
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'What would change.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: [
                    'services',
                    'up',
                    'down',
                    'byDomain',
                    'byOwner',
                    'changed',
                    'warnings',
                  ],
                  properties: {
                    services: {
                      type: 'integer',
                    },
                    up: {
                      type: 'integer',
                    },
                    down: {
                      type: 'integer',
                    },
                    byDomain: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RuleChangeGroup',
                      },
                    },
                    byOwner: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RuleChangeGroup',
                      },
                    },
                    changed: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['entityRef', 'from', 'to'],
                        properties: {
                          entityRef: {
                            type: 'string',
                          },
                          from: {
                            type: 'integer',
                            enum: [0, 1, 2],
                          },
                          to: {
                            type: 'integer',
                            enum: [0, 1, 2],
                          },
                          domain: {
                            type: 'string',
                          },
                          owner: {
                            type: 'string',
                          },
                        },
                      },
                    },
                    warnings: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            description:
              'The change is malformed or names an unknown check or field.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/waivers': {
      get: {
        operationId: 'ListWaivers',
        description:
          'Waivers requested through the API, newest first, of services the caller may read.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'pending',
                'approved',
                'rejected',
                'revoked',
                'expired',
                'closed',
              ],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The waivers.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/GovernedWaiver',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      post: {
        operationId: 'RequestWaiver',
        description:
          'Requests a waiver of one check for a service (permission mlops-maturity.waiver.request, per entity), with a reason and an expiry within mlopsMaturity.waivers.maxDays.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['entityRef', 'checkId', 'reason', 'expiresAt'],
                properties: {
                  entityRef: {
                    type: 'string',
                  },
                  checkId: {
                    type: 'string',
                  },
                  reason: {
                    type: 'string',
                  },
                  expiresAt: {
                    type: 'string',
                    description: 'YYYY-MM-DD: the last day the waiver holds.',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The pending waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GovernedWaiver',
                },
              },
            },
          },
          '400': {
            description:
              'Unknown check, a short reason, or an expiry in the past or beyond the maximum.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '403': {
            description: 'Not allowed to request waivers for this service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description: 'A pending or approved waiver of the check exists.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/waivers/{id}/events': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'GetWaiverEvents',
        description: 'The audit log of a waiver, oldest first.',
        responses: {
          '200': {
            description: 'The events.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['at', 'actor', 'action'],
                        properties: {
                          at: {
                            type: 'string',
                            format: 'date-time',
                          },
                          actor: {
                            type: 'string',
                          },
                          action: {
                            type: 'string',
                            enum: [
                              'requested',
                              'approved',
                              'rejected',
                              'revoked',
                              'closed',
                              'reopened',
                              'expired',
                            ],
                          },
                          note: {
                            type: 'string',
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '404': {
            description:
              'No such waiver, or of a service the caller may not read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/waivers/{id}/approve': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'ApproveWaiver',
        description:
          'Approves a pending waiver (permission mlops-maturity.waiver.approve); the service is scored again.',
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  note: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GovernedWaiver',
                },
              },
            },
          },
          '403': {
            description: 'Not allowed to decide waivers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '404': {
            description: 'No such waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description:
              'The waiver is not in a state this decision applies to.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/waivers/{id}/reject': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'RejectWaiver',
        description:
          'Rejects a pending waiver (permission mlops-maturity.waiver.approve); the service is scored again.',
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  note: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GovernedWaiver',
                },
              },
            },
          },
          '403': {
            description: 'Not allowed to decide waivers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '404': {
            description: 'No such waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description:
              'The waiver is not in a state this decision applies to.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/waivers/{id}/revoke': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      post: {
        operationId: 'RevokeWaiver',
        description:
          'Revokes a pending or approved waiver (permission mlops-maturity.waiver.approve); the service is scored again.',
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  note: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GovernedWaiver',
                },
              },
            },
          },
          '403': {
            description: 'Not allowed to decide waivers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '404': {
            description: 'No such waiver.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description:
              'The waiver is not in a state this decision applies to.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/status': {
      get: {
        operationId: 'GetStatus',
        description:
          'Queue progress, the last cycle and per-source collection errors.',
        responses: {
          '200': {
            description: 'Status.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['queue', 'sources', 'collectors'],
                  properties: {
                    queue: {
                      type: 'object',
                      required: ['total', 'due', 'inProgress'],
                      properties: {
                        total: {
                          type: 'integer',
                        },
                        due: {
                          type: 'integer',
                        },
                        inProgress: {
                          type: 'integer',
                        },
                        nextDueAt: {
                          type: 'string',
                          format: 'date-time',
                          description:
                            'When the next service not yet due falls due.',
                        },
                      },
                    },
                    lastCycle: {
                      type: 'object',
                      properties: {
                        startedAt: {
                          type: 'string',
                        },
                        finishedAt: {
                          type: 'string',
                        },
                        evaluated: {
                          type: 'integer',
                        },
                        failed: {
                          type: 'integer',
                        },
                      },
                    },
                    sources: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          source: {
                            type: 'string',
                          },
                          entities: {
                            type: 'integer',
                          },
                          errors: {
                            type: 'integer',
                          },
                          lastError: {
                            type: 'string',
                          },
                        },
                      },
                    },
                    collectors: {
                      type: 'array',
                      description:
                        'Upstream calls of each live collector since the backend started.',
                      items: {
                        type: 'object',
                        properties: {
                          id: {
                            type: 'string',
                          },
                          source: {
                            type: 'string',
                          },
                          calls: {
                            type: 'integer',
                          },
                          errors: {
                            type: 'integer',
                          },
                          rateLimited: {
                            type: 'integer',
                          },
                          notModified: {
                            type: 'integer',
                          },
                          retries: {
                            type: 'integer',
                          },
                          deferred: {
                            type: 'integer',
                            description:
                              "Requests not sent because the host's rate limit was spent.",
                          },
                          budgets: {
                            type: 'array',
                            description:
                              "Each host's rate-limit budget, as its last answer stated it.",
                            items: {
                              type: 'object',
                              required: ['host', 'remaining', 'resetAt'],
                              properties: {
                                host: {
                                  type: 'string',
                                },
                                limit: {
                                  type: 'integer',
                                },
                                remaining: {
                                  type: 'integer',
                                },
                                resetAt: {
                                  type: 'string',
                                  format: 'date-time',
                                },
                              },
                            },
                          },
                          lastError: {
                            type: 'string',
                          },
                          lastErrorAt: {
                            type: 'string',
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** An express router that validates requests against the spec, typed by it. */
export const createOpenApiRouter = (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >[1],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
