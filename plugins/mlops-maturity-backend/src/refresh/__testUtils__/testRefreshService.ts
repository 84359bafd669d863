import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  FactCollector,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { builtinChecks } from '../../checks/builtin';
import { withBuiltinCollectors } from '../../collectors/builtinCollectors';
import { RepositoryReader } from '../../collectors/RepositoryReader';
import { readMlopsMaturityConfig } from '../../config/MlopsMaturityConfig';
import { ScorecardStore } from '../../database/ScorecardStore';
import { DatabaseWaiverStore } from '../../database/DatabaseWaiverStore';
import { CheckRegistry } from '../../engine/CheckRegistry';
import { MaturityEngine } from '../../engine/MaturityEngine';
import { RefreshService, hashOf } from '../RefreshService';

/**
 * A RefreshService over a static catalog, the built-in checks (plus any given) and the
 * given collectors, reading local repositories only under `repositoryRoot` (none
 * without): for tests of the refresh cycle itself.
 */
export function testRefreshService(options: {
  store: ScorecardStore;
  entities: Entity[];
  collectors: FactCollector[];
  /** The `mlopsMaturity` app-config. */
  config: JsonObject;
  checks?: MaturityCheck[];
  waivers?: DatabaseWaiverStore;
  /** A directory whose repositories `file:` source locations may point into. */
  repositoryRoot?: string;
}) {
  const registry = CheckRegistry.create({
    checks: [...builtinChecks, ...(options.checks ?? [])],
    overrides: {},
    customChecks: [],
  });
  const logger = mockServices.logger.mock();
  const refresh = new RefreshService({
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    store: options.store,
    engine: new MaturityEngine(registry),
    collectors: withBuiltinCollectors(
      RepositoryReader.create({
        urlReader: mockServices.urlReader.mock(),
        fileRoots: options.repositoryRoot ? [options.repositoryRoot] : [],
        baseDir: options.repositoryRoot ?? '.',
      }),
      options.collectors,
    ),
    waivers: options.waivers,
    config: readMlopsMaturityConfig(
      new ConfigReader({ mlopsMaturity: options.config }),
    ),
    scoringHash: hashOf(registry.definitions()),
    logger,
  });
  return { refresh, logger };
}
