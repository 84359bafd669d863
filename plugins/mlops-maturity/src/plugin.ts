import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { mlopsMaturityApiFactory } from './api';
import {
  entityContentRouteRef,
  orgPageRouteRef,
  rollupContentRouteRef,
} from './routes';

/**
 * The plugin for apps on the legacy frontend system; new apps use the default export
 * of `/alpha`.
 * @public
 */
export const mlopsMaturityPlugin = createPlugin({
  id: 'mlops-maturity',
  apis: [mlopsMaturityApiFactory],
  routes: {
    entityContent: entityContentRouteRef,
    rollupContent: rollupContentRouteRef,
    orgPage: orgPageRouteRef,
  },
});

/**
 * The "MLOps maturity" entity tab, loaded on first visit.
 * @public
 */
export const EntityMlopsMaturityContent: () => JSX.Element =
  mlopsMaturityPlugin.provide(
    createRoutableExtension({
      name: 'EntityMlopsMaturityContent',
      component: () =>
        import('./components/EntityMlopsMaturityContent').then(
          m => m.EntityMlopsMaturityContent,
        ),
      mountPoint: entityContentRouteRef,
    }),
  );

/**
 * The tab of a Group, Domain or System page: the maturity of the ML services it holds.
 * @public
 */
export const EntityMlopsMaturityRollupContent: () => JSX.Element =
  mlopsMaturityPlugin.provide(
    createRoutableExtension({
      name: 'EntityMlopsMaturityRollupContent',
      component: () =>
        import('./components/EntityMlopsMaturityRollupContent').then(
          m => m.EntityMlopsMaturityRollupContent,
        ),
      mountPoint: rollupContentRouteRef,
    }),
  );

/**
 * The overview card: level, score and the next three steps.
 * @public
 */
export const EntityMlopsMaturityCard: () => JSX.Element =
  mlopsMaturityPlugin.provide(
    createComponentExtension({
      name: 'EntityMlopsMaturityCard',
      component: {
        lazy: () =>
          import('./components/EntityMlopsMaturityCard').then(
            m => m.EntityMlopsMaturityCard,
          ),
      },
    }),
  );

/**
 * The org page: key figures, level distributions, pass rates, top blockers, trend,
 * the services list and a domain comparison tab. Mount it with a route, e.g.
 * `<Route path="/mlops-maturity" element={<MlopsMaturityOrgPage />} />`.
 * @public
 */
export const MlopsMaturityOrgPage: () => JSX.Element =
  mlopsMaturityPlugin.provide(
    createRoutableExtension({
      name: 'MlopsMaturityOrgPage',
      component: () =>
        import('./components/OrgPage').then(m => m.MlopsMaturityOrgPage),
      mountPoint: orgPageRouteRef,
    }),
  );
