import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Server } from 'http';
import { Knex } from 'knex';
import { DatabaseScorecardStore } from '../../database/DatabaseScorecardStore';
import {
  FIXTURE_SCORECARDS,
  HIDDEN_REF,
} from '../../database/rollupTestFixtures';
import { mlopsMaturityPlugin } from '../../plugin';

export const ADMIN = 'user:default/admin';
export const OUTSIDER = 'user:default/outsider';
export const asAdmin = mockCredentials.user.header(ADMIN);
export const asOutsider = mockCredentials.user.header(OUTSIDER);

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/**
 * A policy that lets the admin read every entity, the outsider none, and anyone else
 * what the catalog filters with a condition: every fixture service but E. The outsider
 * is refused every basic permission; everyone else is allowed.
 */
export const permissions = mockServices.permissions.mock({
  authorize: async (requests, options) =>
    requests.map(() => ({
      result:
        userOf(options.credentials) === OUTSIDER
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  authorizeConditional: async (requests, options) =>
    requests.map(() => {
      const user = userOf(options.credentials);
      if (user === ADMIN) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (user === OUTSIDER) {
        return { result: AuthorizeResult.DENY };
      }
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          not: {
            rule: 'HAS_LABEL',
            resourceType: 'catalog-entity',
            params: { label: 'restricted' },
          },
        },
      };
    }),
});

/** An entity as the catalog shows it to the caller of `options`: undefined if hidden. */
function readableEntity(
  ref: string,
  options: { credentials: BackstageCredentials } | object | undefined,
) {
  const user =
    options && 'credentials' in options
      ? userOf(options.credentials)
      : undefined;
  if (user === OUTSIDER || (ref === HIDDEN_REF && user !== ADMIN)) {
    return undefined;
  }
  const { kind, namespace, name } = parseEntityRef(ref);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { namespace, name },
    // The fixture services are ML services to the routes that check it.
    ...(kind.toLowerCase() === 'component' && { spec: { type: 'ml-service' } }),
  };
}

/**
 * The catalog applying that policy: it answers `undefined` for entities the caller
 * may not read, as the real catalog does.
 */
export const catalog = catalogServiceMock.mock({
  getEntitiesByRefs: async ({ entityRefs }, options) => ({
    items: entityRefs.map(ref => readableEntity(ref, options)),
  }),
  getEntityByRef: async (ref, options) =>
    readableEntity(
      typeof ref === 'string' ? ref : stringifyEntityRef(ref),
      options,
    ),
});

/** Config that keeps the refresh cycle from running: the saved fixtures are the scorecards. */
const IDLE_SCHEDULE = {
  frequency: { hours: 24 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 24 },
};

/**
 * The plugin on `knex` with the fixture scorecards saved, the policy and catalog above,
 * no refresh cycle, and `mlopsMaturity` config added to that.
 */
export async function startFixtureBackend(
  knex: Knex,
  mlopsMaturity: Record<string, unknown> = {},
): Promise<{ server: Server; store: DatabaseScorecardStore }> {
  const store = await DatabaseScorecardStore.fromKnex(knex);
  for (const scorecard of FIXTURE_SCORECARDS) {
    await store.saveScorecard(scorecard, 'hash');
  }
  const backend = await startTestBackend({
    features: [
      mlopsMaturityPlugin,
      mockServices.database.factory({ knex }),
      catalog.factory,
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          mlopsMaturity: { schedule: IDLE_SCHEDULE, ...mlopsMaturity },
        },
      }),
    ],
  });
  return { server: backend.server, store };
}
