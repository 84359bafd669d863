import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MaturityLevel,
  RuleChange,
  RuleChangeGroup,
  RuleChangePreview,
  RuleChangeService,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  CheckOverride,
  CustomCheckConfig,
  MlopsMaturityConfig,
} from '../config/MlopsMaturityConfig';
import { RollupStore } from '../database/RollupStore';
import { ScorecardStore } from '../database/ScorecardStore';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import { ServiceScope } from '../database/ServiceScope';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';

/** Entities asked of the catalog, and facts read, per batch. */
const BATCH = 500;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The change, checked for shape; the registry then validates its content. */
function parseChange(body: unknown): RuleChange {
  if (!isObject(body)) {
    throw new InputError(
      'A rule change is an object with checks, customChecks or levels',
    );
  }
  const unknownKeys = Object.keys(body).filter(
    key => !['checks', 'customChecks', 'levels'].includes(key),
  );
  if (unknownKeys.length > 0) {
    throw new InputError(
      `A rule change has checks, customChecks and levels, not ${unknownKeys.join(
        ', ',
      )}`,
    );
  }
  if (body.checks !== undefined && !isObject(body.checks)) {
    throw new InputError('checks: expected an object of check id: override');
  }
  if (body.customChecks !== undefined && !Array.isArray(body.customChecks)) {
    throw new InputError('customChecks: expected a list of custom checks');
  }
  const requireObserved = isObject(body.levels)
    ? body.levels.requireObserved
    : undefined;
  if (
    body.levels !== undefined &&
    (!isObject(body.levels) ||
      (requireObserved !== undefined &&
        (!Array.isArray(requireObserved) ||
          requireObserved.some(level => level !== 1 && level !== 2))))
  ) {
    throw new InputError(
      'levels.requireObserved: expected a list of levels (1, 2)',
    );
  }
  return body as RuleChange;
}

class Groups {
  private readonly groups = new Map<string, RuleChangeGroup>();

  add(key: string | undefined, from: MaturityLevel, to: MaturityLevel) {
    if (key === undefined) {
      return;
    }
    const group = this.groups.get(key) ?? { key, services: 0, up: 0, down: 0 };
    group.services += 1;
    group.up += to > from ? 1 : 0;
    group.down += to < from ? 1 : 0;
    this.groups.set(key, group);
  }

  /** The groups where something moves, most moves first. */
  moving(): RuleChangeGroup[] {
    return [...this.groups.values()]
      .filter(group => group.up + group.down > 0)
      .sort(
        (a, b) => b.up + b.down - (a.up + a.down) || (a.key < b.key ? -1 : 1),
      );
  }
}

/**
 * Previews a change of the check catalogue: every service the caller may read is scored
 * again from its stored facts under the changed catalogue, in memory, and compared with
 * its stored level. Nothing is fetched and nothing is saved.
 */
export class RuleChangePreviewer {
  constructor(
    private readonly options: {
      checks: MaturityCheck[];
      config: MlopsMaturityConfig;
      store: Pick<ScorecardStore, 'getFactsOfMany'>;
      rollups: Pick<RollupStore, 'campaignServices'>;
      catalog: CatalogService;
      liveSourcesFor: (entity: Entity) => Set<string>;
      waivers?: Pick<DatabaseWaiverStore, 'approvedFor'>;
    },
  ) {}

  async preview(options: {
    change: unknown;
    scope: ServiceScope;
    credentials: BackstageCredentials;
    now: Date;
  }): Promise<RuleChangePreview> {
    const { config } = this.options;
    const change = parseChange(options.change);
    let registry: CheckRegistry;
    try {
      registry = CheckRegistry.create({
        checks: this.options.checks,
        overrides: {
          ...config.checkOverrides,
          ...(change.checks as Record<string, CheckOverride> | undefined),
        },
        customChecks: [
          ...config.customChecks,
          ...((change.customChecks ?? []) as CustomCheckConfig[]),
        ],
      });
    } catch (error) {
      // The registry names the check and field; a malformed entry may break it otherwise.
      throw new InputError(isError(error) ? error.message : String(error));
    }
    const engine = new MaturityEngine(registry, {
      levelOptions: {
        requireObservedLevels:
          change.levels?.requireObserved ?? config.requireObservedLevels,
      },
      targets: config.targets,
      maxWaiverDays: config.maxWaiverDays,
    });

    const current = await this.options.rollups.campaignServices({
      campaign: {},
      scope: options.scope,
    });
    const byDomain = new Groups();
    const byOwner = new Groups();
    const changed: RuleChangeService[] = [];
    let services = 0;
    for (let i = 0; i < current.length; i += BATCH) {
      const batch = current.slice(i, i + BATCH);
      const refs = batch.map(service => service.entityRef);
      const [{ items: entities }, facts, approved] = await Promise.all([
        this.options.catalog.getEntitiesByRefs(
          { entityRefs: refs },
          { credentials: options.credentials },
        ),
        this.options.store.getFactsOfMany(refs),
        this.options.waivers?.approvedFor(refs, options.now),
      ]);
      for (const [index, entity] of entities.entries()) {
        if (!entity) {
          continue;
        }
        const from = batch[index].level;
        const scorecard = await engine.evaluate({
          entity,
          facts: facts.get(stringifyEntityRef(entity)) ?? [],
          liveSources: this.options.liveSourcesFor(entity),
          now: options.now,
          approvedWaivers: approved?.get(stringifyEntityRef(entity)),
        });
        services += 1;
        byDomain.add(scorecard.domain, from, scorecard.level);
        byOwner.add(scorecard.owner, from, scorecard.level);
        if (scorecard.level !== from) {
          changed.push({
            entityRef: scorecard.entityRef,
            from,
            to: scorecard.level,
            ...(scorecard.domain && { domain: scorecard.domain }),
            ...(scorecard.owner && { owner: scorecard.owner }),
          });
        }
      }
    }
    changed.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
    return {
      services,
      up: changed.filter(c => c.to > c.from).length,
      down: changed.filter(c => c.to < c.from).length,
      byDomain: byDomain.moving(),
      byOwner: byOwner.moving(),
      changed,
      warnings: registry.warnings,
    };
  }
}
