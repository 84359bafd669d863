import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { StaleScopeError } from '../database/ServiceScope';
import { VisibleServices } from './VisibleServices';

const ref = (i: number) => `component:default/svc-${i}`;
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

const ownedByAlice: PolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ['group:default/team'] },
  },
};

describe('VisibleServices', () => {
  let decision: PolicyDecision;
  let scored: { refs: string[]; membershipSeq: number };
  let readable: (entityRef: string) => boolean;
  let now: number;
  const permissions = mockServices.permissions.mock();
  const catalog = catalogServiceMock.mock();
  let visible: VisibleServices;

  beforeEach(() => {
    jest.resetAllMocks();
    decision = ownedByAlice;
    scored = {
      refs: Array.from({ length: 1_200 }, (_, i) => ref(i)),
      membershipSeq: 7,
    };
    readable = entityRef => !entityRef.endsWith('-3');
    now = 0;
    permissions.authorizeConditional.mockImplementation(async () => [decision]);
    catalog.getEntitiesByRefs.mockImplementation(async ({ entityRefs }) => ({
      items: entityRefs.map(entityRef =>
        readable(entityRef)
          ? {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: entityRef },
            }
          : undefined,
      ),
    }));
    visible = new VisibleServices({
      permissions,
      catalog,
      rollups: { scoredServices: async () => scored },
      now: () => now,
    });
  });

  it('reads every service when the policy allows reading any entity, and none when it denies', async () => {
    decision = { result: AuthorizeResult.ALLOW };
    await expect(visible.scope(alice)).resolves.toEqual({ type: 'all' });
    decision = { result: AuthorizeResult.DENY };
    await expect(visible.scope(alice)).resolves.toEqual({
      type: 'only',
      refs: [],
    });
    expect(catalog.getEntitiesByRefs).not.toHaveBeenCalled();
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'catalog.entity.read',
            resourceType: 'catalog-entity',
          }),
        },
      ],
      { credentials: alice },
    );
  });

  it('asks the catalog on a conditional decision, with the caller, and keeps the shorter list', async () => {
    await expect(visible.scope(alice)).resolves.toEqual({
      type: 'except',
      refs: [ref(3)],
      membershipSeq: 7,
    });
    // 1,200 refs: three requests of at most 500, each with the caller's credentials.
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);
    expect(
      catalog.getEntitiesByRefs.mock.calls.map(([request, options]) => [
        request.entityRefs.length,
        options && 'credentials' in options ? options.credentials : undefined,
      ]),
    ).toEqual([
      [500, alice],
      [500, alice],
      [200, alice],
    ]);

    readable = entityRef => entityRef === ref(5) || entityRef === ref(8);
    await expect(visible.scope(bob)).resolves.toEqual({
      type: 'only',
      refs: [ref(5), ref(8)],
    });
  });

  it('reuses an answer for the same caller and decision while the scored services stay', async () => {
    await visible.scope(alice);
    await visible.scope(alice);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);

    // Another caller, or another decision for the same caller, is asked anew.
    await visible.scope(bob);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(6);
    decision = {
      ...ownedByAlice,
      conditions: { ...ownedByAlice.conditions, params: { claims: [] } },
    } as PolicyDecision;
    await visible.scope(alice);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(9);
    decision = ownedByAlice;
    await visible.scope(alice);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(9);

    // A service scored since, or a changed entity, moves the membership seq.
    scored = { refs: [...scored.refs, ref(1_200)], membershipSeq: 8 };
    readable = entityRef => entityRef !== ref(1_200);
    await expect(visible.scope(alice)).resolves.toEqual({
      type: 'except',
      refs: [ref(1_200)],
      membershipSeq: 8,
    });
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(12);

    // And the catalog is asked again after a minute, whatever else happened.
    now += 59_000;
    await visible.scope(alice);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(12);
    now += 2_000;
    await visible.scope(alice);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(15);
  });

  it('keeps the answers of the 200 most recent callers, evicting the least recently used', async () => {
    const caller = (i: number) => mockCredentials.user(`user:default/u${i}`);
    const asked = () => catalog.getEntitiesByRefs.mock.calls.length;
    for (let i = 0; i < 200; i++) {
      await visible.scope(caller(i));
    }
    expect(asked()).toBe(600);
    // Caller 0 reads again, so caller 1 is now the least recently used.
    await visible.scope(caller(0));
    expect(asked()).toBe(600);
    await visible.scope(caller(200));
    expect(asked()).toBe(603);

    await visible.scope(caller(0));
    await visible.scope(caller(2));
    expect(asked()).toBe(603);
    await visible.scope(caller(1));
    expect(asked()).toBe(606);
  });

  it('asks the catalog once for concurrent requests of the same caller', async () => {
    const scopes = await Promise.all([
      visible.scope(alice),
      visible.scope(alice),
      visible.scope(alice),
    ]);
    expect(scopes[1]).toEqual(scopes[0]);
    expect(scopes[2]).toEqual(scopes[0]);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);
  });

  it('computes the scope again and retries once when it went stale', async () => {
    const query = jest
      .fn()
      .mockImplementationOnce(async () => {
        scored = { refs: scored.refs, membershipSeq: 9 };
        throw new StaleScopeError();
      })
      .mockImplementationOnce(async scope => scope);
    await expect(visible.withScope(alice, query)).resolves.toEqual({
      type: 'except',
      refs: [ref(3)],
      membershipSeq: 9,
    });
    expect(query).toHaveBeenCalledTimes(2);

    const failing = jest.fn(async () => {
      throw new Error('database is down');
    });
    await expect(visible.withScope(alice, failing)).rejects.toThrow(
      'database is down',
    );
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
