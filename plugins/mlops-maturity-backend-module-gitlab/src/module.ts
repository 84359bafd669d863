import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mlopsMaturityCollectorsExtensionPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GitlabCiCollector } from './GitlabCiCollector';

/**
 * Adds live CI facts from GitLab CI, with the credentials of Backstage's
 * `integrations.gitlab`.
 *
 * @public
 */
export const mlopsMaturityModuleGitlab = createBackendModule({
  pluginId: 'mlops-maturity',
  moduleId: 'gitlab',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        collectors: mlopsMaturityCollectorsExtensionPoint,
      },
      async init({ config, logger, collectors }) {
        const collector = GitlabCiCollector.fromConfig(config, { logger });
        if (!collector.isActive()) {
          logger.info(
            'GitLab CI collector inactive: no integrations.gitlab entry has a token',
          );
        }
        collectors.addCollector(collector);
      },
    });
  },
});
