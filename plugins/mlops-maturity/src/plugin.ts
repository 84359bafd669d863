import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { mlopsMaturityApiFactory } from './api';
import { entityContentRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system; new apps use the default export
 * of `/alpha`.
 * @public
 */
export const mlopsMaturityPlugin = createPlugin({
  id: 'mlops-maturity',
  apis: [mlopsMaturityApiFactory],
  routes: { entityContent: entityContentRouteRef },
});

/**
 * The "MLOps maturity" entity tab, loaded on first visit.
 * @public
 */
export const EntityMlopsMaturityContent = mlopsMaturityPlugin.provide(
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
 * The overview card: level, score and the next three steps.
 * @public
 */
export const EntityMlopsMaturityCard = mlopsMaturityPlugin.provide(
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
