import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** Relative to the entity page, where the tab is mounted in both frontend systems. */
const TAB_PATH = 'mlops-maturity';

/** A link to a service's MLOps maturity tab, from its entity ref. */
export function useServiceTabLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return entityRef =>
    `${entityRoute(
      entityRouteParams(entityRef, { encodeParams: true }),
    )}/${TAB_PATH}`;
}
