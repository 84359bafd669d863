import express from 'express';
import {
  HttpAuthService,
  PermissionsService,
  BackstageCredentials,
  AuthService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  mlopsMaturityFactsPushPermission,
  mlopsMaturityRefreshPermission,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { createOpenApiRouter } from '../schema';
import { ScorecardStore } from '../database/ScorecardStore';
import { RefreshService } from '../refresh/RefreshService';
import { CheckRegistry } from '../engine/CheckRegistry';
import { describeNotSelected, isMlService } from '../entity/selectServices';
import { MlopsMaturityConfig } from '../config/MlopsMaturityConfig';
import { FactsIngestion } from './FactsIngestion';
import { RollupStore } from '../database/RollupStore';
import { createRollupRoutes } from './createRollupRoutes';
import { createCampaignRoutes } from './createCampaignRoutes';
import { Campaigns } from './Campaigns';
import { RuleChangePreviewer } from './RuleChangePreviewer';
import { createWaiverRoutes } from './createWaiverRoutes';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { levelBadgeSvg } from './levelBadge';
import { servicesCsv } from './servicesCsv';
import { sendCsv } from './csv';
import { VisibleServices } from './VisibleServices';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';

/** Pushed facts of 20 sources with long histories fit well within this. */
export const MAX_REQUEST_BODY = '1mb';

/** A body over the limit is 413, where the validator's error transformer would say 400. */
const tooLarge: express.ErrorRequestHandler = (error, req, res, next) => {
  if ((error as { type?: string }).type !== 'entity.too.large') {
    next(error);
    return;
  }
  res.status(413).json({
    error: {
      name: 'PayloadTooLargeError',
      message: `The request body is larger than ${MAX_REQUEST_BODY}; nothing was stored.`,
    },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 413 },
  });
};

// Express tells error handlers by their arity; the router option's type names only plain ones.
const jsonBodies = [
  express.json({ limit: MAX_REQUEST_BODY }),
  tooLarge as unknown as express.RequestHandler,
];

type NotFoundReason = 'unknown-entity' | 'not-ml-service' | 'not-evaluated';

/** A 404 whose body says why, so clients can tell "not an ML service" from "not yet". */
class ScorecardNotFound extends Error {
  constructor(readonly reason: NotFoundReason, message: string) {
    super(message);
  }
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: ScorecardStore;
  rollups: RollupStore;
  refresh: RefreshService;
  registry: CheckRegistry;
  ingestion: FactsIngestion;
  campaigns: Campaigns;
  /** The caller's readable services, shared with the actions. */
  visibleServices: VisibleServices;
  ruleChanges: RuleChangePreviewer;
  waivers: DatabaseWaiverStore;
  config: MlopsMaturityConfig;
  /** Live collectors from modules, for their upstream counters in /status. */
  collectors: FactCollector[];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auth,
    permissions,
    catalog,
    store,
    rollups,
    refresh,
    registry,
    ingestion,
    campaigns,
    visibleServices,
    ruleChanges,
    waivers,
    config,
    collectors,
  } = options;
  // The spec validates every request and types every handler.
  const router = createOpenApiRouter({
    middleware: jsonBodies,
    validatorOptions: {
      validateRequests: {
        coerceTypes: true,
        allowUnknownQueryParameters: false,
      },
    },
  });

  /** The ML service the caller may read; the catalog applies read permissions. */
  const resolveService = async (
    params: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<Entity> => {
    const ref = stringifyEntityRef({
      kind: params.kind,
      namespace: params.namespace,
      name: params.name,
    });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new ScorecardNotFound(
        'unknown-entity',
        `No entity ${ref} in the catalog, or you may not read it.`,
      );
    }
    if (!isMlService(entity, config.selector)) {
      throw new ScorecardNotFound(
        'not-ml-service',
        `${ref} is not an ML service: ${describeNotSelected(entity)}.`,
      );
    }
    return entity;
  };

  /** Per entity, so that a policy can use the catalog's rules such as ownership. */
  const authorizeFor = async (
    permission: ResourcePermission<'catalog-entity'>,
    entity: Entity,
    credentials: BackstageCredentials,
    action: string,
  ) => {
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${action} ${entityRef}.`,
      );
    }
  };

  router.get('/scorecards/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entity = await resolveService(req.params, credentials);
    const scorecard = await store.getScorecard(stringifyEntityRef(entity));
    if (!scorecard) {
      throw new ScorecardNotFound(
        'not-evaluated',
        `${stringifyEntityRef(
          entity,
        )} has not been evaluated yet; it is queued for the next refresh, or POST .../refresh to evaluate it now.`,
      );
    }
    res.json(scorecard);
  });

  // Without credentials when enabled (the plugin opens the path): README renderers send none.
  router.get('/badges/:kind/:namespace/:name', async (req, res) => {
    if (!config.badgesEnabled) {
      throw new NotFoundError(
        'Level badges are off; set mlopsMaturity.badges.enabled to serve them.',
      );
    }
    const scorecard = await store.getScorecard(
      stringifyEntityRef({
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      }),
    );
    res
      .status(200)
      .type('image/svg+xml')
      .set('Cache-Control', 'max-age=300')
      .send(levelBadgeSvg(scorecard));
  });

  router.get('/scorecards/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entity = await resolveService(req.params, credentials);
    const from = req.query.from ? new Date(String(req.query.from)) : undefined;
    const to = req.query.to ? new Date(String(req.query.to)) : undefined;
    if (from && to && from > to) {
      throw new InputError('from must not be after to');
    }
    res.json(
      await store.getHistory(stringifyEntityRef(entity), {
        from,
        to,
        limit: req.query.limit ? Number(req.query.limit) : undefined,
        cursor: req.query.cursor ? String(req.query.cursor) : undefined,
      }),
    );
  });

  router.post(
    '/scorecards/:kind/:namespace/:name/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const entity = await resolveService(req.params, credentials);
      await authorizeFor(
        mlopsMaturityRefreshPermission,
        entity,
        credentials,
        'refresh the scorecard of',
      );
      res.json(await refresh.refreshEntity(entity));
    },
  );

  router.post('/facts/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['service', 'user'],
    });
    const entity = await resolveService(req.params, credentials);
    await authorizeFor(
      mlopsMaturityFactsPushPermission,
      entity,
      credentials,
      'push facts about',
    );
    let pushedBy = 'unknown';
    if (auth.isPrincipal(credentials, 'service')) {
      pushedBy = credentials.principal.subject;
    } else if (auth.isPrincipal(credentials, 'user')) {
      pushedBy = credentials.principal.userEntityRef;
    }
    await ingestion.ingest(stringifyEntityRef(entity), req.body, {
      sample: false,
      pushedBy,
    });
    res.json(await refresh.rescoreFromStoredFacts(entity));
  });

  router.get('/checks', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({
      items: registry.list().map(check => ({
        ...check.definition,
        parameters: Object.fromEntries(
          Object.entries(check.parameters).map(([name, parameter]) => [
            name,
            {
              type: parameter.type,
              description: parameter.description,
              value: check.params[name],
            },
          ]),
        ),
      })),
    });
  });

  router.get('/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { query } = req;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const filter = {
      level: query.level,
      owner: query.owner,
      domain: query.domain,
      system: query.system,
      flavor: query.flavor,
      failing: query.failing,
      orderBy: query.orderBy ?? 'entityRef',
      order: query.order ?? 'asc',
    };
    if (query.format === 'csv') {
      const csv = await visibleServices.withScope(credentials, scope =>
        servicesCsv(store, { ...filter, scope }),
      );
      sendCsv(res, 'mlops-maturity-services.csv', csv);
      return;
    }
    const result = await visibleServices.withScope(credentials, scope =>
      store.listServices({ ...filter, scope, page, pageSize }),
    );
    res.json({ ...result, page, pageSize });
  });

  createRollupRoutes(router, { httpAuth, rollups, visibleServices });
  // A preview reads only: it needs no permission beyond reading the services it counts.
  router.post('/what-if', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const preview = await visibleServices.withScope(credentials, scope =>
      ruleChanges.preview({
        change: req.body,
        scope,
        credentials,
        now: new Date(),
      }),
    );
    res.json(preview);
  });

  createWaiverRoutes(router, {
    httpAuth,
    permissions,
    catalog,
    waivers,
    refresh,
    visibleServices,
    checkExists: checkId => registry.has(checkId),
    maxWaiverDays: config.maxWaiverDays,
    resolveService,
    authorizeFor,
  });

  createCampaignRoutes(router, {
    httpAuth,
    permissions,
    campaigns,
    visibleServices,
  });

  router.get('/status', async (req, res) => {
    await httpAuth.credentials(req);
    const now = new Date();
    const [status, lastCycle] = await Promise.all([
      store.getStatus(now),
      store.getLastCycle(),
    ]);
    res.json({
      ...status,
      collectors: collectors.map(collector => ({
        id: collector.id,
        source: collector.source,
        // A collector that does not count its calls reports no numbers rather than zeros.
        ...collector.stats?.(),
      })),
      ...(lastCycle
        ? {
            lastCycle: {
              startedAt: lastCycle.startedAt.toISOString(),
              ...(lastCycle.finishedAt
                ? { finishedAt: lastCycle.finishedAt.toISOString() }
                : {}),
              evaluated: lastCycle.evaluated,
              failed: lastCycle.failed,
            },
          }
        : {}),
    });
  });

  router.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof ScorecardNotFound) {
        res.status(404).json({
          error: { name: 'NotFoundError', message: error.message },
          reason: error.reason,
          response: { statusCode: 404 },
        });
        return;
      }
      next(error);
    },
  );

  return router;
}
