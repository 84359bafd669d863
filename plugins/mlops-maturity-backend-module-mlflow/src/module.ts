import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  UpstreamHttpClient,
  readUpstreamClientOptions,
  mlopsMaturityCollectorsExtensionPoint,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { readMlflowConfig } from './config';
import { MlflowCollector } from './MlflowCollector';

/**
 * Adds live model registry facts from MLflow to MLOps maturity scoring.
 *
 * @public
 */
export const mlopsMaturityModuleMlflow = createBackendModule({
  pluginId: 'mlops-maturity',
  moduleId: 'mlflow',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        collectors: mlopsMaturityCollectorsExtensionPoint,
      },
      async init({ config, logger, collectors }) {
        // Invalid configuration stops startup here, naming the key.
        const mlflowConfig = readMlflowConfig(config);
        if (!mlflowConfig) {
          logger.info(
            'MLflow collector inactive: mlopsMaturity.mlflow is not configured',
          );
        }
        collectors.addCollector(
          new MlflowCollector({
            config: mlflowConfig,
            client: new UpstreamHttpClient({
              name: 'mlflow',
              logger,
              ...readUpstreamClientOptions(config),
            }),
          }),
        );
      },
    });
  },
});
