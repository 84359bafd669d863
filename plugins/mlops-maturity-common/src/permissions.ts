import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type: both permissions are about one catalog entity, so a policy
 * can decide them with the catalog's rules (e.g. "owners may refresh their own services").
 */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Triggers a re-evaluation of one service; authorized per entity.
 * @public
 */
export const mlopsMaturityRefreshPermission = createPermission({
  name: 'mlops-maturity.scorecard.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Pushes facts about a service (CI jobs, external sources); authorized per entity.
 * @public
 */
export const mlopsMaturityFactsPushPermission = createPermission({
  name: 'mlops-maturity.facts.push',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Creates and deletes campaigns through the API: a platform team's decision, not one
 * about a single entity, hence a basic permission.
 * @public
 */
export const mlopsMaturityCampaignManagePermission = createPermission({
  name: 'mlops-maturity.campaign.manage',
  attributes: { action: 'create' },
});

/**
 * Requests a waiver for one check of a service; authorized per entity, so a policy can
 * let a service's owners ask for their own.
 * @public
 */
export const mlopsMaturityWaiverRequestPermission = createPermission({
  name: 'mlops-maturity.waiver.request',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Approves, rejects and revokes waivers: meant for a platform team, not the service's
 * owners, hence a basic permission.
 * @public
 */
export const mlopsMaturityWaiverApprovePermission = createPermission({
  name: 'mlops-maturity.waiver.approve',
  attributes: { action: 'update' },
});

/** @public */
export const mlopsMaturityPermissions = [
  mlopsMaturityRefreshPermission,
  mlopsMaturityFactsPushPermission,
  mlopsMaturityCampaignManagePermission,
  mlopsMaturityWaiverRequestPermission,
  mlopsMaturityWaiverApprovePermission,
];
