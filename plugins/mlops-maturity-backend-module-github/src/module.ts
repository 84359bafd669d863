import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mlopsMaturityCollectorsExtensionPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GithubActionsCollector } from './GithubActionsCollector';

/**
 * Adds live CI facts from GitHub Actions to the MLOps maturity plugin.
 * @public
 */
export const mlopsMaturityModuleGithub = createBackendModule({
  pluginId: 'mlops-maturity',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: {
        collectors: mlopsMaturityCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ collectors, config, logger }) {
        collectors.addCollector(
          GithubActionsCollector.fromConfig(config, { logger }),
        );
      },
    });
  },
});
