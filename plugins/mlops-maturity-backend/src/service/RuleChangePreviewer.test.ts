import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MaturityLevel } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { GENERATED_NOW, generateServices } from '../__testUtils__/generateServiceFacts';
import { builtinChecks } from '../checks/builtin';
import { readMlopsMaturityConfig } from '../config/MlopsMaturityConfig';
import { RollupStore } from '../database/RollupStore';
import { ScorecardStore } from '../database/ScorecardStore';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import { RuleChangePreviewer } from './RuleChangePreviewer';

const services = generateServices(60);
const refOf = (index: number) => stringifyEntityRef(services[index].entity);
/** The caller may not read the first service. */
const hiddenRef = refOf(0);

/** Levels as a fresh engine scores the services under `overrides`. */
async function levelsUnder(
  overrides: Record<string, object>,
  requireObservedLevels: Array<1 | 2> = [],
) {
  const engine = new MaturityEngine(
    CheckRegistry.create({
      checks: builtinChecks,
      overrides,
      customChecks: [],
    }),
    { levelOptions: { requireObservedLevels } },
  );
  const levels = new Map<string, MaturityLevel>();
  for (const service of services) {
    const scorecard = await engine.evaluate({ ...service, now: GENERATED_NOW });
    levels.set(scorecard.entityRef, scorecard.level);
  }
  return levels;
}

async function previewerWithStoredLevels() {
  const stored = await levelsUnder({});
  const previewer = new RuleChangePreviewer({
    checks: builtinChecks,
    config: readMlopsMaturityConfig(new ConfigReader({})),
    store: {
      getFactsOfMany: async refs =>
        new Map(
          services
            .filter(s => refs.includes(stringifyEntityRef(s.entity)))
            .map(s => [stringifyEntityRef(s.entity), s.facts]),
        ),
    } as Pick<ScorecardStore, 'getFactsOfMany'>,
    rollups: {
      campaignServices: async () =>
        [...stored].map(([entityRef, level]) => ({
          entityRef,
          level,
          statusesRecorded: true,
        })),
    } as Pick<RollupStore, 'campaignServices'>,
    catalog: catalogServiceMock.mock({
      getEntitiesByRefs: async ({ entityRefs }) => ({
        items: entityRefs.map(ref =>
          ref === hiddenRef
            ? undefined
            : services.find(s => stringifyEntityRef(s.entity) === ref)!.entity,
        ),
      }),
    }),
    liveSourcesFor: entity =>
      services.find(s => s.entity === entity)!.liveSources,
  });
  const preview = (change: unknown) =>
    previewer.preview({
      change,
      scope: { type: 'all' },
      credentials: mockCredentials.user(),
      now: GENERATED_NOW,
    });
  return { stored, preview };
}

describe('RuleChangePreviewer', () => {
  it('changes nothing when the rules do not change', async () => {
    const { preview } = await previewerWithStoredLevels();
    const result = await preview({});
    expect(result).toMatchObject({ services: 59, up: 0, down: 0, changed: [] });
  });

  it('says which services a stricter rule moves, as the changed catalogue scores them', async () => {
    const { stored, preview } = await previewerWithStoredLevels();
    const change = {
      checks: { 'deploy.containerized': { enabled: false } },
      levels: { requireObserved: [2] },
    };
    const result = await preview(change);
    const expected = await levelsUnder(change.checks, [2]);
    const moved = [...expected]
      .filter(([ref, level]) => ref !== hiddenRef && stored.get(ref) !== level)
      .map(([ref, level]) => [ref, stored.get(ref), level]);
    expect(moved.length).toBeGreaterThan(0);
    expect(result.changed.map(c => [c.entityRef, c.from, c.to])).toEqual(
      moved.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(result.down).toBe(result.changed.filter(c => c.to < c.from).length);
    expect(result.services).toBe(59);
    // Every move is counted in its domain.
    expect(result.byDomain.reduce((n, g) => n + g.up + g.down, 0)).toBe(
      result.changed.filter(c => c.domain).length,
    );
  });

  it('refuses a malformed change or an unknown check with the reason', async () => {
    const { preview } = await previewerWithStoredLevels();
    await expect(
      preview({ checks: { 'no.such': { enabled: false } } }),
    ).rejects.toThrow(
      "Invalid mlopsMaturity configuration for check 'no.such': no check has this id",
    );
    await expect(preview({ rules: {} })).rejects.toThrow(
      'A rule change has checks, customChecks and levels, not rules',
    );
    await expect(preview({ levels: { requireObserved: [3] } })).rejects.toThrow(
      'levels.requireObserved: expected a list of levels (1, 2)',
    );
    await expect(
      preview({ checks: { 'deploy.iac': { level: 5 } } }),
    ).rejects.toThrow(/deploy.iac/);
  });
});
