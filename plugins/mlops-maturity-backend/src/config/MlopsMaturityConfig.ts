import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  FilterPredicate,
  parseFilterPredicate,
} from '@backstage/filter-predicates';
import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { InputError } from '@backstage/errors';
import {
  CampaignDefinition,
  MaturityLevel,
  ML_COMPONENT_TYPES,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { parseCampaignDefinition } from './campaignDefinition';
import { LevelTargets } from '../entity/levelTargets';
import { SampleHistoryDefinition } from '../entity/sampleHistory';

export const DEFAULT_SELECTOR: FilterPredicate = {
  kind: 'component',
  'spec.type': {
    $in: [...ML_COMPONENT_TYPES],
  },
};

/**
 * An operator's override of one check, as written in app-config.
 * @public
 */
export interface CheckOverride {
  enabled?: boolean;
  level?: 1 | 2;
  required?: boolean;
  capabilities?: string[];
  weight?: number;
  persona?: string;
  requireObserved?: boolean;
  params?: Record<string, JsonValue>;
}

/**
 * A check defined in app-config by a rule over the facts.
 * @public
 */
export interface CustomCheckConfig {
  id: string;
  title: string;
  description?: string;
  dimension: string;
  level: number;
  persona: string;
  required?: boolean;
  capabilities?: string[];
  weight?: number;
  flavors?: string[];
  remediation?: string;
  docsUrl?: string;
  rule: Record<string, JsonValue>;
}

/** What the plugin tells people through Backstage notifications. */
export interface NotificationSettings {
  enabled: boolean;
  /** Tell a service's owners when its level changes. */
  levelChanges: boolean;
  /** Remind owners of services behind in a campaign this many days before its deadline (0: never). */
  campaignDeadlineDays: number;
  /** Warn a service's owners this many days before an approved waiver expires (0: never). */
  waiverExpiryDays: number;
  /** Entity refs (groups, users) that get the weekly digest; none: no digest. */
  digestRecipients: string[];
  digestSchedule: SchedulerServiceTaskScheduleDefinition;
}

export interface SampleWaiverDefinition {
  entityRef: string;
  checkId: string;
  reason: string;
  /** Days from the startup that loads it. */
  expiresInDays: number;
  approved: boolean;
}

export interface MlopsMaturityConfig {
  selector: FilterPredicate;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How often the catalog is checked for new and changed ML services. */
  discoverySchedule: SchedulerServiceTaskScheduleDefinition;
  recollectAfterHours: number;
  retryFailedAfterMinutes: number;
  batchSize: number;
  concurrency: number;
  fileRoots: string[];
  /** How long a repository read through an SCM integration may take. */
  repositoryReadTimeoutMs: number;
  checkOverrides: Record<string, CheckOverride>;
  customChecks: CustomCheckConfig[];
  /** Levels whose capabilities count only when shown by observed evidence. */
  requireObservedLevels: Array<1 | 2>;
  /** The level expected of each lifecycle. */
  targets: LevelTargets;
  /** Campaigns defined as code; their check goals are checked against the registry. */
  campaigns: CampaignDefinition[];
  notifications: NotificationSettings;
  /** The longest a waiver may run, from its request or from today for an annotation. */
  maxWaiverDays: number;
  sampleFactsDirectory?: string;
  /** Waivers the demo requests (and approves) at startup, labelled as sample data. */
  sampleWaivers: SampleWaiverDefinition[];
  /** Past levels and scores the demo loads once per service, labelled as sample data. */
  sampleHistory: SampleHistoryDefinition[];
  /** Whether level badges are served, without sign-in. */
  badgesEnabled: boolean;
  /** Days of history points and rollup snapshots kept. */
  historyRetentionDays: number;
  snapshotSchedule: SchedulerServiceTaskScheduleDefinition;
}

const DEFAULT_DISCOVERY_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 30 },
};

const DEFAULT_SNAPSHOT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

/**
 * Reads `mlopsMaturity` from app-config. Shape errors name the key; semantic validation
 * of check overrides happens in the check registry, which knows the checks.
 */
export function readMlopsMaturityConfig(
  rootConfig: Config,
): MlopsMaturityConfig {
  const config = rootConfig.getOptionalConfig('mlopsMaturity');

  let selector = DEFAULT_SELECTOR;
  const rawFilter = config?.getOptional('selector.filter');
  if (rawFilter !== undefined) {
    try {
      selector = parseFilterPredicate(rawFilter);
    } catch (error) {
      throw new InputError(
        `Invalid mlopsMaturity.selector.filter: ${(error as Error).message}`,
      );
    }
  }

  const schedule = config?.has('schedule')
    ? {
        ...DEFAULT_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        ),
      }
    : DEFAULT_SCHEDULE;

  const discoverySchedule = config?.has('discoverySchedule')
    ? {
        ...DEFAULT_DISCOVERY_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('discoverySchedule'),
        ),
      }
    : DEFAULT_DISCOVERY_SCHEDULE;

  const historyRetentionDays = positiveNumber(
    config,
    'history.retentionDays',
    400,
  );
  const snapshotSchedule = config?.has('history.snapshotSchedule')
    ? {
        ...DEFAULT_SNAPSHOT_SCHEDULE,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('history.snapshotSchedule'),
        ),
      }
    : DEFAULT_SNAPSHOT_SCHEDULE;

  const checkOverrides: Record<string, CheckOverride> = {};
  // Check ids contain dots, which config paths treat as nesting: read the raw object.
  const rawChecks = (config?.getOptional('checks') ?? {}) as Record<
    string,
    unknown
  >;
  for (const [id, value] of Object.entries(rawChecks)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(
        `Invalid mlopsMaturity.checks.${id}: expected an object with enabled, level, required, capabilities, weight, persona, requireObserved or params`,
      );
    }
    checkOverrides[id] = value as CheckOverride;
  }

  const customChecks = (
    config?.getOptionalConfigArray('customChecks') ?? []
  ).map(c => c.get() as unknown as CustomCheckConfig);

  const requireObservedLevels = (config?.getOptional(
    'levels.requireObserved',
  ) ?? []) as unknown;
  if (
    !Array.isArray(requireObservedLevels) ||
    requireObservedLevels.some(level => level !== 1 && level !== 2)
  ) {
    throw new InputError(
      `Invalid mlopsMaturity.levels.requireObserved: expected a list of levels (1, 2), got ${JSON.stringify(
        requireObservedLevels,
      )}`,
    );
  }

  return {
    selector,
    targets: readTargets(config),
    campaigns: readCampaigns(config),
    notifications: readNotifications(config),
    maxWaiverDays: positiveNumber(config, 'waivers.maxDays', 365),
    schedule,
    discoverySchedule,
    requireObservedLevels: requireObservedLevels as Array<1 | 2>,
    recollectAfterHours: positiveNumber(config, 'recollectAfterHours', 6),
    retryFailedAfterMinutes: positiveNumber(
      config,
      'retryFailedAfterMinutes',
      10,
    ),
    batchSize: positiveNumber(config, 'batchSize', 200),
    concurrency: positiveNumber(config, 'concurrency', 4),
    fileRoots: config?.getOptionalStringArray('repositories.fileRoots') ?? [],
    repositoryReadTimeoutMs:
      positiveNumber(config, 'repositories.readTimeoutSeconds', 120) * 1000,
    checkOverrides,
    customChecks,
    sampleFactsDirectory: config?.getOptionalString('sampleFacts.directory'),
    sampleWaivers: readSampleWaivers(config),
    sampleHistory: readSampleHistory(config, historyRetentionDays),
    badgesEnabled: config?.getOptionalBoolean('badges.enabled') ?? false,
    historyRetentionDays,
    snapshotSchedule,
  };
}

const DEFAULT_DIGEST_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { days: 7 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

function readNotificationDays(
  config: Config | undefined,
  key: 'campaignDeadlineDays' | 'waiverExpiryDays',
): number {
  const days = config?.getOptionalNumber(`notifications.${key}`);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0)) {
    throw new InputError(
      `Invalid mlopsMaturity.notifications.${key}: expected a whole number of days (0 turns reminders off), got ${days}`,
    );
  }
  return days ?? 7;
}

function readNotifications(config: Config | undefined): NotificationSettings {
  return {
    enabled: config?.getOptionalBoolean('notifications.enabled') ?? false,
    levelChanges:
      config?.getOptionalBoolean('notifications.levelChanges') ?? true,
    campaignDeadlineDays: readNotificationDays(config, 'campaignDeadlineDays'),
    waiverExpiryDays: readNotificationDays(config, 'waiverExpiryDays'),
    digestRecipients:
      config?.getOptionalStringArray('notifications.digest.recipients') ?? [],
    digestSchedule: config?.has('notifications.digest.schedule')
      ? {
          ...DEFAULT_DIGEST_SCHEDULE,
          ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
            config.getConfig('notifications.digest.schedule'),
          ),
        }
      : DEFAULT_DIGEST_SCHEDULE,
  };
}

function readCampaigns(config: Config | undefined): CampaignDefinition[] {
  const raw = config?.getOptional('campaigns') ?? [];
  if (!Array.isArray(raw)) {
    throw new InputError(
      'Invalid mlopsMaturity.campaigns: expected a list of campaigns',
    );
  }
  const campaigns = raw.map((value, index) =>
    parseCampaignDefinition(
      value,
      `mlopsMaturity.campaigns[${index}]`,
      () => true,
    ),
  );
  const ids = campaigns.map(c => c.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) {
    throw new InputError(
      `Invalid mlopsMaturity.campaigns: the id ${repeated} is used twice`,
    );
  }
  return campaigns;
}

const isLevel = (value: unknown): value is MaturityLevel =>
  value === 0 || value === 1 || value === 2;

function readTargets(config: Config | undefined): LevelTargets {
  // Lifecycle names may contain dots, which config paths treat as nesting: read the raw object.
  const raw = config?.getOptional('targets.lifecycles') ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      `Invalid mlopsMaturity.targets.lifecycles: expected an object of lifecycle: level, got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  const byLifecycle: Record<string, MaturityLevel> = {};
  for (const [lifecycle, level] of Object.entries(raw)) {
    if (!isLevel(level)) {
      throw new InputError(
        `Invalid mlopsMaturity.targets.lifecycles.${lifecycle}: expected a level (0, 1 or 2), got ${JSON.stringify(
          level,
        )}`,
      );
    }
    byLifecycle[lifecycle.toLowerCase()] = level;
  }
  const fallback = config?.getOptional('targets.default');
  if (fallback !== undefined && !isLevel(fallback)) {
    throw new InputError(
      `Invalid mlopsMaturity.targets.default: expected a level (0, 1 or 2), got ${JSON.stringify(
        fallback,
      )}`,
    );
  }
  return fallback === undefined
    ? { byLifecycle }
    : { byLifecycle, default: fallback };
}

function readSampleWaivers(
  config: Config | undefined,
): SampleWaiverDefinition[] {
  return (config?.getOptionalConfigArray('sampleWaivers') ?? []).map(
    (entry, index) => {
      const days = entry.getNumber('expiresInDays');
      if (!(Number.isInteger(days) && days > 0)) {
        throw new InputError(
          `Invalid mlopsMaturity.sampleWaivers[${index}].expiresInDays: expected a whole number of days above 0, got ${days}`,
        );
      }
      return {
        entityRef: entry.getString('entityRef'),
        checkId: entry.getString('checkId'),
        reason: entry.getString('reason'),
        expiresInDays: days,
        approved: entry.getOptionalBoolean('approved') ?? false,
      };
    },
  );
}

function readSampleHistory(
  config: Config | undefined,
  retentionDays: number,
): SampleHistoryDefinition[] {
  return (config?.getOptionalConfigArray('sampleHistory') ?? []).map(
    (entry, index) => {
      const where = `mlopsMaturity.sampleHistory[${index}]`;
      const points = entry.getConfigArray('points').map((point, at) => {
        const invalid = (key: string, expected: string, value: unknown) =>
          new InputError(
            `Invalid ${where}.points[${at}].${key}: expected ${expected}, got ${value}`,
          );
        const weeksAgo = point.getNumber('weeksAgo');
        // Older points would be pruned at the next snapshot.
        if (
          !Number.isInteger(weeksAgo) ||
          weeksAgo < 1 ||
          weeksAgo * 7 > retentionDays
        ) {
          throw invalid(
            'weeksAgo',
            `a whole number of weeks from 1 to ${Math.floor(
              retentionDays / 7,
            )} (mlopsMaturity.history.retentionDays)`,
            weeksAgo,
          );
        }
        const level = point.getNumber('level');
        if (!isLevel(level)) {
          throw invalid('level', '0, 1 or 2', level);
        }
        const score = point.getNumber('score');
        if (!(score >= 0 && score <= 100)) {
          throw invalid('score', 'a score from 0 to 100', score);
        }
        return { weeksAgo, level, score };
      });
      if (points.length === 0) {
        throw new InputError(`Invalid ${where}.points: expected at least one`);
      }
      // Checked at startup: the snapshot task that loads the history runs later.
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(
          parseEntityRef(entry.getString('entityRef'), {
            defaultKind: 'component',
          }),
        );
      } catch (error) {
        throw new InputError(
          `Invalid ${where}.entityRef: ${(error as Error).message}`,
        );
      }
      return {
        entityRef,
        points: points.sort((a, b) => b.weeksAgo - a.weeksAgo),
      };
    },
  );
}

function positiveNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!(value > 0)) {
    throw new InputError(
      `Invalid mlopsMaturity.${key}: expected a positive number, got ${value}`,
    );
  }
  return value;
}
