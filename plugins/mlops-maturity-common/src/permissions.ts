import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Triggers a re-evaluation of one service.
 * @public
 */
export const mlopsMaturityRefreshPermission = createPermission({
  name: 'mlops-maturity.scorecard.refresh',
  attributes: { action: 'update' },
});

/**
 * Pushes facts about a service (CI jobs, external sources).
 * @public
 */
export const mlopsMaturityFactsPushPermission = createPermission({
  name: 'mlops-maturity.facts.push',
  attributes: { action: 'create' },
});

/** @public */
export const mlopsMaturityPermissions = [
  mlopsMaturityRefreshPermission,
  mlopsMaturityFactsPushPermission,
];
