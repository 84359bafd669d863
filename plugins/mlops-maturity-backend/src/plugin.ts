import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mlopsMaturityPermissions } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  FactCollector,
  MaturityCheck,
  mlopsMaturityChecksExtensionPoint,
  mlopsMaturityCollectorsExtensionPoint,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { readMlopsMaturityConfig } from './config/MlopsMaturityConfig';
import { DatabaseScorecardStore } from './database/DatabaseScorecardStore';
import { DatabaseRollupStore } from './database/DatabaseRollupStore';
import { DatabaseCampaignStore } from './database/DatabaseCampaignStore';
import { DatabaseWaiverStore } from './database/DatabaseWaiverStore';
import { builtinChecks } from './checks/builtin';
import { CheckRegistry } from './engine/CheckRegistry';
import { MaturityEngine } from './engine/MaturityEngine';
import { RefreshService, hashOf } from './refresh/RefreshService';
import { withBuiltinCollectors } from './collectors/builtinCollectors';
import { RepositoryReader } from './collectors/RepositoryReader';
import { FactsIngestion } from './service/FactsIngestion';
import { Campaigns } from './service/Campaigns';
import { RuleChangePreviewer } from './service/RuleChangePreviewer';
import { VisibleServices } from './service/VisibleServices';
import { registerMaturityActions } from './service/maturityActions';
import { MaturityNotifier } from './service/MaturityNotifier';
import { loadSampleData } from './service/sampleData';
import { scheduleNotifications } from './service/scheduleNotifications';
import { createRouter } from './service/createRouter';
import { scheduleRefresh } from './service/scheduleRefresh';
import { scheduleRollupSnapshots } from './service/scheduleRollupSnapshots';
import { DatabaseSampleHistory } from './database/DatabaseSampleHistory';

/**
 * Scores the MLOps maturity of the catalog's ML services.
 *
 * @public
 */
export const mlopsMaturityPlugin = createBackendPlugin({
  pluginId: 'mlops-maturity',
  register(env) {
    const moduleCollectors: FactCollector[] = [];
    const moduleChecks: MaturityCheck[] = [];
    env.registerExtensionPoint(mlopsMaturityCollectorsExtensionPoint, {
      addCollector(...collectors) {
        moduleCollectors.push(...collectors);
      },
    });
    env.registerExtensionPoint(mlopsMaturityChecksExtensionPoint, {
      addCheck(...checks) {
        moduleChecks.push(...checks);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        urlReader: coreServices.urlReader,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, scheduler } = deps;
        // Every configuration mistake surfaces here, before anything runs.
        const config = readMlopsMaturityConfig(deps.config);
        const registry = CheckRegistry.create({
          checks: [...builtinChecks, ...moduleChecks],
          overrides: config.checkOverrides,
          customChecks: config.customChecks,
        });
        registry.warnings.forEach(warning => logger.warn(warning));
        const collectors = withBuiltinCollectors(
          RepositoryReader.create({
            urlReader: deps.urlReader,
            fileRoots: config.fileRoots,
            baseDir: process.cwd(),
            readTimeoutMs: config.repositoryReadTimeoutMs,
          }),
          moduleCollectors,
        );
        logger.info(
          `MLOps maturity: ${registry.list().length} checks, collectors: ${[
            ...new Set(collectors.map(c => `${c.source}:${c.id}`)),
          ].join(', ')}`,
        );

        deps.permissionsRegistry.addPermissions(mlopsMaturityPermissions);
        const levelOptions = {
          requireObservedLevels: config.requireObservedLevels,
        };
        // The rubric: the checks and the rules that turn them into a level. Trends mark
        // where it changed, so a stricter rule is not read as a regression.
        const rubricVersion = hashOf({
          checks: registry.definitions(),
          levelOptions,
        });
        const store = await DatabaseScorecardStore.create({
          database: deps.database,
        });
        await store.useRubric({
          version: rubricVersion,
          definitions: registry.definitions(),
        });
        const rollups = await DatabaseRollupStore.create({
          database: deps.database,
        });
        // Reads the rollup rows into memory now rather than on the first org page.
        rollups
          .scoredServices()
          .catch(error =>
            logger.warn(
              `MLOps maturity: could not read the rollup rows: ${error}`,
            ),
          );
        const waivers = await DatabaseWaiverStore.create({
          database: deps.database,
        });
        const campaigns = new Campaigns({
          configured: config.campaigns,
          store: await DatabaseCampaignStore.create({
            database: deps.database,
          }),
          rollups,
          checkExists: checkId => registry.has(checkId),
        });
        const refresh = new RefreshService({
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          engine: new MaturityEngine(registry, {
            levelOptions,
            targets: config.targets,
            maxWaiverDays: config.maxWaiverDays,
          }),
          waivers,
          collectors,
          config,
          // Targets change scorecards as the rubric does.
          scoringHash: hashOf({
            rubric: rubricVersion,
            targets: config.targets,
            maxWaiverDays: config.maxWaiverDays,
          }),
          logger,
        });
        const ingestion = new FactsIngestion(store, logger);

        await loadSampleData({
          config,
          ingestion,
          waivers,
          checkExists: checkId => registry.has(checkId),
          logger,
        });

        const sampleHistory =
          config.sampleHistory.length > 0
            ? await DatabaseSampleHistory.create({ database: deps.database })
            : undefined;
        await scheduleRollupSnapshots({
          scheduler,
          rollups,
          campaigns,
          history: store,
          waivers,
          ...(sampleHistory && {
            loadSampleHistory: (now: Date) =>
              sampleHistory.load(config.sampleHistory, now),
          }),
          schedule: config.snapshotSchedule,
          retentionDays: config.historyRetentionDays,
          logger,
        });
        await scheduleRefresh({
          scheduler,
          lifecycle: deps.lifecycle,
          refresh,
          schedule: config.schedule,
          discoverySchedule: config.discoverySchedule,
          logger,
        });

        if (config.badgesEnabled) {
          deps.httpRouter.addAuthPolicy({
            path: '/badges',
            allow: 'unauthenticated',
          });
        }
        if (config.notifications.enabled) {
          await scheduleNotifications({
            notifier: new MaturityNotifier({
              notifications: deps.notifications,
              settings: config.notifications,
              campaigns,
              rollups,
              waivers,
              scorecards: store,
              logger,
            }),
            settings: config.notifications,
            store,
            scheduler,
            logger,
          });
        }
        const visibleServices = new VisibleServices({
          permissions: deps.permissions,
          catalog: deps.catalog,
          rollups,
        });
        registerMaturityActions({
          actionsRegistry: deps.actionsRegistry,
          catalog: deps.catalog,
          store,
          rollups,
          campaigns,
          registry,
          visibleServices,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            rollups,
            refresh,
            registry,
            ingestion,
            campaigns,
            visibleServices,
            ruleChanges: new RuleChangePreviewer({
              checks: [...builtinChecks, ...moduleChecks],
              config,
              store,
              rollups,
              catalog: deps.catalog,
              liveSourcesFor: entity => refresh.liveSourcesFor(entity),
              waivers,
            }),
            waivers,
            config,
            collectors: moduleCollectors,
          }),
        );
      },
    });
  },
});
