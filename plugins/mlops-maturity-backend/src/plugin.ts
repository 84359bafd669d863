import path from 'path';
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
import { RepositoryCollector } from './collectors/RepositoryCollector';
import { RepositoryReader } from './collectors/repository/RepositoryReader';
import { FactsIngestion } from './service/FactsIngestion';
import { Campaigns } from './service/Campaigns';
import { RuleChangePreviewer } from './service/RuleChangePreviewer';
import { VisibleServices } from './service/VisibleServices';
import { registerMaturityActions } from './service/maturityActions';
import { MaturityNotifier } from './service/MaturityNotifier';
import { loadSampleWaivers } from './service/loadSampleWaivers';
import { scheduleNotifications } from './service/scheduleNotifications';
import { createRouter } from './service/createRouter';
import { scheduleDiscovery } from './service/scheduleDiscovery';
import {
  scheduleRollupSnapshots,
  triggerRollupSnapshot,
} from './service/scheduleRollupSnapshots';

const REFRESH_TASK_ID = 'mlops-maturity-refresh';
const SCHEDULER_RELEASE_MS = 500;

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
        const sources = new Set(
          moduleCollectors.map(c => `${c.source}:${c.id}`),
        );
        logger.info(
          `MLOps maturity: ${
            registry.list().length
          } checks, collectors: catalog, repository${
            sources.size ? `, ${[...sources].join(', ')}` : ''
          }`,
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
          repositoryCollector: new RepositoryCollector(
            RepositoryReader.create({
              urlReader: deps.urlReader,
              fileRoots: config.fileRoots,
              baseDir: process.cwd(),
              readTimeoutMs: config.repositoryReadTimeoutMs,
            }),
          ),
          collectors: moduleCollectors,
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

        if (config.sampleFactsDirectory) {
          const directory = path.resolve(config.sampleFactsDirectory);
          const { loaded, failed } = await ingestion.loadSampleFacts(directory);
          logger.info(
            `Loaded sample facts for ${loaded.length} services (${failed.length} files failed) from mlopsMaturity.sampleFacts.directory`,
          );
        }
        if (config.sampleWaivers.length > 0) {
          const count = await loadSampleWaivers({
            definitions: config.sampleWaivers,
            waivers,
            checkExists: checkId => registry.has(checkId),
            maxWaiverDays: config.maxWaiverDays,
            now: new Date(),
          });
          logger.info(
            `Loaded ${count} sample waivers from mlopsMaturity.sampleWaivers`,
          );
        }

        await scheduleRollupSnapshots({
          scheduler,
          rollups,
          campaigns,
          history: store,
          waivers,
          schedule: config.snapshotSchedule,
          retentionDays: config.historyRetentionDays,
          logger,
        });
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          scope: 'global',
          ...config.schedule,
          fn: async signal => {
            const cycle = await refresh.runCycle(new Date(), signal);
            if (cycle.rescored > 0) {
              await triggerRollupSnapshot(scheduler);
            }
          },
        });
        // Before the scheduler stops: a replica that stops hands its unstarted services back.
        deps.lifecycle.addShutdownHook(async () => {
          if (await refresh.shutdown()) {
            // The scheduler records the end of the run after its function returns; without
            // a moment for that write, the task stays locked for its whole timeout and no
            // other replica could take up the services handed back.
            await new Promise(resolve =>
              setTimeout(resolve, SCHEDULER_RELEASE_MS),
            );
          }
        });
        await scheduleDiscovery({
          scheduler,
          refresh,
          schedule: config.discoverySchedule,
          refreshTaskId: REFRESH_TASK_ID,
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
