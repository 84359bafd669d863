import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'mlops-maturity:entity-content',
});

/** Where the legacy app mounts the tab of a group, domain or system. */
export const rollupContentRouteRef = createRouteRef({
  id: 'mlops-maturity:rollup-content',
});

/** The org page (`/mlops-maturity` by default) in both frontend systems. */
export const orgPageRouteRef = createRouteRef({
  id: 'mlops-maturity:org-page',
});
