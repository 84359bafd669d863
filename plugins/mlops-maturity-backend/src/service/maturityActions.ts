import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RollupRow,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RollupStore } from '../database/RollupStore';
import { ScorecardStore } from '../database/ScorecardStore';
import { CheckRegistry } from '../engine/CheckRegistry';
import { Campaigns } from './Campaigns';
import { VisibleServices } from './VisibleServices';

/** What the actions read; the same stores and caller scopes as the REST API. */
export interface MaturityActionsOptions {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  store: ScorecardStore;
  rollups: RollupStore;
  campaigns: Campaigns;
  registry: CheckRegistry;
  visibleServices: VisibleServices;
}

/** The zod the registry hands to schema builders (it may be another copy than ours). */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** A rollup row as an assistant needs it: counts and means, not every pass-rate cell. */
const summarizeRow = (row: RollupRow) => ({
  key: row.key,
  ...(row.parent !== undefined && { parent: row.parent }),
  services: row.services,
  level0: row.levelCounts[0],
  level1: row.levelCounts[1],
  level2: row.levelCounts[2],
  meanScore: row.meanScore,
  ...(row.target !== undefined && {
    meetingTarget: row.target.meeting,
    withTarget: row.target.services,
  }),
});

/**
 * Registers the plugin's actions for assistants (Backstage's actions registry, served
 * over MCP by the mcp-actions backend). Each action reads as the caller: a service the
 * caller may not read in the catalog is unknown to it, and rollups count only the
 * services the caller may read.
 */
export function registerMaturityActions(options: MaturityActionsOptions): void {
  const {
    actionsRegistry,
    catalog,
    store,
    rollups,
    campaigns,
    registry,
    visibleServices,
  } = options;

  /** The caller's scorecard of a service, by ref or bare component name. */
  const readableScorecard = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Scorecard> => {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
    }
    const entity = await catalog.getEntityByRef(ref, { credentials });
    const scorecard = entity && (await store.getScorecard(ref));
    if (!scorecard) {
      throw new NotFoundError(
        `No MLOps maturity scorecard for ${ref}: it is not in the catalog, you may not read it, or it is not an evaluated ML service.`,
      );
    }
    return scorecard;
  };

  const levelSchema = (z: Zod) => z.number().int().min(0).max(2);

  actionsRegistry.register({
    name: 'get-scorecard',
    title: 'Get an ML service’s MLOps maturity scorecard',
    description:
      'The MLOps maturity level (0 manual, 1 semi-automated, 2 fully automated), score, coverage and target of an ML service in the catalog, with each dimension’s score and the checks that fail or could not be verified.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref of the service, e.g. component:default/fraud-scoring-service, or its name',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          flavor: z.enum(['ml', 'llm']),
          level: levelSchema(z),
          levelName: z.string(),
          score: z.number(),
          coverage: z.number(),
          evaluatedAt: z.string(),
          target: z
            .object({ level: levelSchema(z), met: z.boolean() })
            .optional(),
          containsSampleData: z.boolean(),
          dimensions: z.array(
            z.object({
              id: z.string(),
              score: z.number(),
              passed: z.number(),
              total: z.number(),
            }),
          ),
          notPassing: z.array(
            z.object({ id: z.string(), title: z.string(), status: z.string() }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const scorecard = await readableScorecard(input.entityRef, credentials);
      return {
        output: {
          entityRef: scorecard.entityRef,
          flavor: scorecard.flavor,
          level: scorecard.level,
          levelName: scorecard.levelName,
          score: scorecard.score,
          coverage: scorecard.coverage,
          evaluatedAt: scorecard.evaluatedAt,
          ...(scorecard.target && {
            target: {
              level: scorecard.target.level,
              met: scorecard.target.met,
            },
          }),
          containsSampleData: scorecard.containsSampleData,
          dimensions: scorecard.dimensions,
          notPassing: scorecard.checks
            .filter(c => c.status === 'fail' || c.status === 'unknown')
            .map(c => ({ id: c.id, title: c.title, status: c.status })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'explain-next-level',
    title: 'Explain what blocks an ML service’s next maturity level',
    description:
      'The capabilities an ML service misses for its next MLOps maturity level, and for each the checks that would demonstrate it: their status, how to fix them and which persona (data scientist, ML engineer, DevOps) usually does.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ entityRef: z.string() }),
      output: z =>
        z.object({
          entityRef: z.string(),
          level: levelSchema(z),
          nextLevel: levelSchema(z).nullable(),
          moreOptionalNeeded: z.number().optional(),
          missingCapabilities: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              core: z.boolean(),
              checks: z.array(
                z.object({
                  id: z.string(),
                  title: z.string(),
                  status: z.string(),
                  persona: z.string(),
                  remediation: z.string(),
                  docsUrl: z.string().optional(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const scorecard = await readableScorecard(input.entityRef, credentials);
      const next = scorecard.nextLevel;
      const missing = new Set(next?.missingCapabilities ?? []);
      const checksById = new Map(scorecard.checks.map(c => [c.id, c]));
      return {
        output: {
          entityRef: scorecard.entityRef,
          level: scorecard.level,
          nextLevel: next?.level ?? null,
          ...(next?.moreOptionalNeeded !== undefined && {
            moreOptionalNeeded: next.moreOptionalNeeded,
          }),
          missingCapabilities: (scorecard.capabilities ?? [])
            .filter(capability => missing.has(capability.id))
            .map(capability => ({
              id: capability.id,
              title: capability.title,
              core: capability.core,
              checks: capability.alternatives.flatMap(id => {
                const check = checksById.get(id);
                return check
                  ? [
                      {
                        id,
                        title: check.title,
                        status: check.status,
                        persona: check.persona,
                        remediation: check.remediation,
                        ...(check.docsUrl && { docsUrl: check.docsUrl }),
                      },
                    ]
                  : [];
              }),
            })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'explain-check',
    title: 'Explain an MLOps maturity check',
    description:
      'What a check of the MLOps maturity catalogue looks for, the level and dimension it counts toward, who usually fixes it, how, and its parameters as configured here.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ checkId: z.string() }),
      output: z =>
        z.object({
          id: z.string(),
          title: z.string(),
          description: z.string(),
          dimension: z.string(),
          level: z.number(),
          persona: z.string(),
          flavors: z.array(z.string()),
          sources: z.array(z.string()),
          remediation: z.string(),
          docsUrl: z.string().optional(),
          parameters: z.record(z.unknown()),
        }),
    },
    action: async ({ input }) => {
      const check = registry
        .list()
        .find(candidate => candidate.definition.id === input.checkId);
      if (!check) {
        throw new NotFoundError(
          `No enabled check ${input.checkId}; list them with GET /api/mlops-maturity/checks.`,
        );
      }
      const { definition } = check;
      return {
        output: {
          id: definition.id,
          title: definition.title,
          description: definition.description,
          dimension: definition.dimension,
          level: definition.level,
          persona: definition.persona,
          flavors: definition.flavors,
          sources: definition.sources,
          remediation: definition.remediation,
          ...(definition.docsUrl && { docsUrl: definition.docsUrl }),
          parameters: check.params,
        },
      };
    },
  });

  const rowSchema = (z: Zod) =>
    z.object({
      key: z.string(),
      parent: z.string().optional(),
      services: z.number(),
      level0: z.number(),
      level1: z.number(),
      level2: z.number(),
      meanScore: z.number().nullable(),
      meetingTarget: z.number().optional(),
      withTarget: z.number().optional(),
    });

  actionsRegistry.register({
    name: 'get-rollup',
    title:
      'Roll up MLOps maturity by domain, team, system, persona or dimension',
    description:
      'Services per maturity level, mean score and how many meet their target, per domain, owning team, system, persona, dimension or the persona of the owning team (data-science-led, ML-engineering or platform teams), over the ML services you may read. Parents include their subdomains or child teams.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          by: z.enum([
            'domain',
            'owner',
            'system',
            'persona',
            'dimension',
            'team-persona',
          ]),
          domain: z
            .string()
            .optional()
            .describe('Only this domain (entity ref) and its subdomains'),
          owner: z
            .string()
            .optional()
            .describe('Only this group (entity ref) and its child groups'),
          flavor: z.enum(['ml', 'llm']).optional(),
          teamPersona: z
            .enum(['data-scientist', 'ml-engineer', 'devops'])
            .optional()
            .describe('Only services whose owning team declares this persona'),
        }),
      output: z => z.object({ items: z.array(rowSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      const { by, ...filters } = input;
      const rows = await visibleServices.withScope(credentials, scope =>
        rollups.rollup({ by, scope, filters }),
      );
      return { output: { items: rows.map(summarizeRow) } };
    },
  });

  actionsRegistry.register({
    name: 'compare-domains',
    title: 'Compare the MLOps maturity of domains',
    description:
      'Two to four domains side by side: services per level, mean score and targets met, over the ML services you may read.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          domains: z
            .array(z.string())
            .min(2)
            .max(4)
            .describe('Entity refs of domains, e.g. domain:default/payments'),
        }),
      output: z => z.object({ items: z.array(rowSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      const rows = await visibleServices.withScope(credentials, scope =>
        rollups.compare({ domains: input.domains, scope }),
      );
      return { output: { items: rows.map(summarizeRow) } };
    },
  });

  actionsRegistry.register({
    name: 'list-campaign-services',
    title: 'List the services behind in an MLOps maturity campaign',
    description:
      'A campaign’s goal, deadline and progress, the services not meeting its goal with their status and owner, and who is behind, over the ML services you may read. Without campaignId, every campaign with its progress.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ campaignId: z.string().optional() }),
      output: z =>
        z.object({
          campaigns: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              deadline: z.string(),
              daysLeft: z.number(),
              services: z.number(),
              met: z.number(),
              notMet: z
                .array(
                  z.object({
                    entityRef: z.string(),
                    status: z.string(),
                    level: z.number(),
                    owner: z.string().optional(),
                  }),
                )
                .optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const now = new Date();
      if (input.campaignId === undefined) {
        const all = await visibleServices.withScope(credentials, scope =>
          campaigns.summaries(scope, now),
        );
        return {
          output: {
            campaigns: all.map(c => ({
              id: c.id,
              title: c.title,
              deadline: c.deadline,
              daysLeft: c.daysLeft,
              services: c.progress.services,
              met: c.progress.met,
            })),
          },
        };
      }
      const details = await visibleServices.withScope(credentials, scope =>
        campaigns.details(input.campaignId!, scope, now),
      );
      return {
        output: {
          campaigns: [
            {
              id: details.id,
              title: details.title,
              deadline: details.deadline,
              daysLeft: details.daysLeft,
              services: details.progress.services,
              met: details.progress.met,
              notMet: details.notMet,
            },
          ],
        },
      };
    },
  });
}
