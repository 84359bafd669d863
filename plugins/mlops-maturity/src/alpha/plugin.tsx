import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { mlopsMaturityApiFactory } from '../api';
import { isMlopsMaturityAvailable } from '../isMlopsMaturityAvailable';
import { mlopsMaturityTranslationRef } from '../translation';

/** @alpha */
export const mlopsMaturityApi = ApiBlueprint.make({
  params: defineParams => defineParams(mlopsMaturityApiFactory),
});

/** @alpha */
export const mlopsMaturityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'mlops-maturity',
    title: mlopsMaturityTranslationRef('title'),
    filter: isMlopsMaturityAvailable,
    loader: () =>
      import('../components/EntityMlopsMaturityContent').then(m => (
        <m.EntityMlopsMaturityContent />
      )),
  },
});

/** @alpha */
export const mlopsMaturityEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isMlopsMaturityAvailable,
    loader: () =>
      import('../components/EntityMlopsMaturityCard').then(m => (
        <m.EntityMlopsMaturityCard />
      )),
  },
});

/**
 * The plugin for apps on the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlops-maturity',
  title: 'MLOps maturity',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    mlopsMaturityApi,
    mlopsMaturityEntityContent,
    mlopsMaturityEntityCard,
  ],
});
