import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'mlops-maturity:entity-content',
});
