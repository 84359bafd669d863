import express from 'express';
import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  mlopsMaturityWaiverApprovePermission,
  mlopsMaturityWaiverRequestPermission,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  DatabaseWaiverStore,
  WaiverDecision,
} from '../database/DatabaseWaiverStore';
import { scopeIncludes } from '../database/ServiceScope';
import { principalOf } from './principal';
import { isDay } from '../config/campaignDefinition';
import { RefreshService } from '../refresh/RefreshService';
import { VisibleServices } from './VisibleServices';
import { MlopsMaturityRouter } from '../schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Governed waivers: a service's team requests one (permission
 * `mlops-maturity.waiver.request`, per entity) with a reason and an expiry within the
 * configured maximum; a platform team approves, rejects or revokes it
 * (`mlops-maturity.waiver.approve`). Every step is in the audit log, and the service is
 * scored again as soon as a decision changes what applies.
 */
export function createWaiverRoutes(
  router: MlopsMaturityRouter,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    catalog: CatalogService;
    waivers: DatabaseWaiverStore;
    refresh: RefreshService;
    visibleServices: VisibleServices;
    checkExists: (checkId: string) => boolean;
    maxWaiverDays: number;
    resolveService: (
      params: { kind: string; namespace: string; name: string },
      credentials: BackstageCredentials,
    ) => Promise<Entity>;
    authorizeFor: (
      permission: ResourcePermission<'catalog-entity'>,
      entity: Entity,
      credentials: BackstageCredentials,
      action: string,
    ) => Promise<void>;
  },
): void {
  const { httpAuth, permissions, catalog, waivers, refresh } = options;

  router.post('/waivers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    // The spec has made sure each field is a string.
    const { entityRef, checkId, reason, expiresAt } = req.body;
    let ref;
    try {
      ref = parseEntityRef(entityRef, { defaultKind: 'component' });
    } catch (error) {
      throw new InputError(`entityRef: ${(error as Error).message}`);
    }
    const entity = await options.resolveService(ref, credentials);
    await options.authorizeFor(
      mlopsMaturityWaiverRequestPermission,
      entity,
      credentials,
      'request a waiver for',
    );
    if (!options.checkExists(checkId)) {
      throw new InputError(
        `checkId: ${JSON.stringify(checkId)} is not an enabled check`,
      );
    }
    if (reason.trim().length < 10) {
      throw new InputError(
        'reason: say why the check cannot pass yet, in at least 10 characters',
      );
    }
    const now = new Date();
    const until = isDay(expiresAt)
      ? new Date(`${expiresAt}T23:59:59.999Z`)
      : undefined;
    if (!until || until < now) {
      throw new InputError(
        `expiresAt: expected a day (YYYY-MM-DD) from today on, got ${JSON.stringify(
          expiresAt,
        )}`,
      );
    }
    if (until.getTime() - now.getTime() > options.maxWaiverDays * DAY_MS) {
      throw new InputError(
        `expiresAt: a waiver may run at most ${options.maxWaiverDays} days (mlopsMaturity.waivers.maxDays)`,
      );
    }
    const waiver = await waivers.request({
      entityRef: stringifyEntityRef(entity),
      checkId,
      reason: reason.trim(),
      expiresAt: until,
      actor: principalOf(credentials),
      now,
    });
    res.status(201).json(waiver);
  });

  router.get('/waivers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef, status } = req.query;
    const items = await options.visibleServices.withScope(
      credentials,
      async scope =>
        (
          await waivers.list({ entityRef, status }, new Date())
        ).filter(waiver => scopeIncludes(scope, waiver.entityRef)),
    );
    res.json({ items });
  });

  router.get('/waivers/:id/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const waiver = await waivers.get(req.params.id, new Date());
    const visible =
      waiver &&
      (await catalog.getEntityByRef(waiver.entityRef, { credentials }));
    if (!visible) {
      throw new NotFoundError(`No waiver ${req.params.id}.`);
    }
    res.json({ items: await waivers.events(req.params.id) });
  });

  const decide = async (
    decision: WaiverDecision,
    req: express.Request,
    id: string,
    note: string | undefined,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const [allowed] = await permissions.authorize(
      [{ permission: mlopsMaturityWaiverApprovePermission }],
      { credentials },
    );
    if (allowed.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${decision} waivers (permission ${mlopsMaturityWaiverApprovePermission.name}).`,
      );
    }
    const waiver = await waivers.decide({
      id,
      decision,
      actor: principalOf(credentials),
      note,
      now: new Date(),
    });
    // Approving or revoking changes what applies: the service is scored again now.
    const entity =
      decision !== 'reject'
        ? await catalog.getEntityByRef(waiver.entityRef, { credentials })
        : undefined;
    if (entity) {
      await refresh.rescoreFromStoredFacts(entity);
    }
    return waiver;
  };

  router.post('/waivers/:id/approve', async (req, res) => {
    res.json(await decide('approve', req, req.params.id, req.body?.note));
  });
  router.post('/waivers/:id/reject', async (req, res) => {
    res.json(await decide('reject', req, req.params.id, req.body?.note));
  });
  router.post('/waivers/:id/revoke', async (req, res) => {
    res.json(await decide('revoke', req, req.params.id, req.body?.note));
  });
}
