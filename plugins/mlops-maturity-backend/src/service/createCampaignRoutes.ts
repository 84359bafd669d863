import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlopsMaturityCampaignManagePermission } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Campaigns } from './Campaigns';
import { principalOf } from './principal';
import { VisibleServices } from './VisibleServices';
import { MlopsMaturityRouter } from '../schema';

/**
 * Campaign routes. Reading counts only the services the caller may read; creating and
 * deleting needs `mlops-maturity.campaign.manage`.
 */
export function createCampaignRoutes(
  router: MlopsMaturityRouter,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    campaigns: Campaigns;
    visibleServices: VisibleServices;
  },
): void {
  const { httpAuth, permissions, campaigns, visibleServices } = options;

  const authorizeManage = async (
    credentials: BackstageCredentials,
    action: string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission: mlopsMaturityCampaignManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${action} campaigns (permission ${mlopsMaturityCampaignManagePermission.name}).`,
      );
    }
  };

  router.get('/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = req.query.entityRef;
    const now = new Date();
    const items = await visibleServices.withScope(credentials, scope =>
      entityRef === undefined
        ? campaigns.summaries(scope, now)
        : campaigns.forService(String(entityRef), scope, now),
    );
    res.json({ items });
  });

  router.get('/campaigns/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const details = await visibleServices.withScope(credentials, scope =>
      campaigns.details(req.params.id, scope, new Date()),
    );
    res.json(details);
  });

  router.post('/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeManage(credentials, 'create');
    const campaign = await campaigns.create(
      req.body,
      principalOf(credentials),
      new Date(),
    );
    res.status(201).json(campaign);
  });

  router.delete('/campaigns/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeManage(credentials, 'delete');
    await campaigns.remove(req.params.id);
    res.status(204).end();
  });
}
