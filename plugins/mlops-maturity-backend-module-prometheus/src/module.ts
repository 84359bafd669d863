import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mlopsMaturityCollectorsExtensionPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { PrometheusCollector } from './PrometheusCollector';

/**
 * Adds live monitoring facts from Prometheus to the MLOps maturity plugin.
 * @public
 */
export const mlopsMaturityModulePrometheus = createBackendModule({
  pluginId: 'mlops-maturity',
  moduleId: 'prometheus',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        collectors: mlopsMaturityCollectorsExtensionPoint,
      },
      async init({ config, logger, collectors }) {
        const collector = PrometheusCollector.fromConfig(config, { logger });
        if (!collector.active) {
          logger.info(
            'Prometheus collector inactive: mlopsMaturity.prometheus is not configured',
          );
        }
        collectors.addCollector(collector);
      },
    });
  },
});
