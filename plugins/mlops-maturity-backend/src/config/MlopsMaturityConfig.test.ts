import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SELECTOR,
  readMlopsMaturityConfig,
} from './MlopsMaturityConfig';

describe('readMlopsMaturityConfig', () => {
  it('uses defaults when the key is absent', () => {
    const config = readMlopsMaturityConfig(new ConfigReader({}));
    expect(config.selector).toEqual(DEFAULT_SELECTOR);
    expect(config.schedule.frequency).toEqual({ minutes: 30 });
    expect(config.fileRoots).toEqual([]);
    expect(config.checkOverrides).toEqual({});
    expect(config.requireObservedLevels).toEqual([]);
    expect(config.historyRetentionDays).toBe(400);
    expect(config.retryFailedAfterMinutes).toBe(10);
    expect(config.discoverySchedule.frequency).toEqual({ minutes: 1 });
    expect(config.snapshotSchedule).toEqual({
      frequency: { hours: 24 },
      timeout: { minutes: 10 },
    });
  });

  it('reads when failed services are tried again, and refuses a time that is not positive', () => {
    expect(
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { retryFailedAfterMinutes: 0.5 } }),
      ).retryFailedAfterMinutes,
    ).toBe(0.5);
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { retryFailedAfterMinutes: 0 } }),
      ),
    ).toThrow(
      'Invalid mlopsMaturity.retryFailedAfterMinutes: expected a positive number, got 0',
    );
  });

  it('reads the history retention and snapshot schedule, and refuses a retention that is not positive', () => {
    const config = readMlopsMaturityConfig(
      new ConfigReader({
        mlopsMaturity: {
          history: {
            retentionDays: 90,
            snapshotSchedule: {
              frequency: { hours: 6 },
              timeout: { minutes: 20 },
            },
          },
        },
      }),
    );
    expect(config.historyRetentionDays).toBe(90);
    expect(config.snapshotSchedule).toEqual({
      frequency: { hours: 6 },
      timeout: { minutes: 20 },
    });
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { history: { retentionDays: 0 } } }),
      ),
    ).toThrow(
      'Invalid mlopsMaturity.history.retentionDays: expected a positive number, got 0',
    );
  });

  it('reads the levels that demand observed evidence, and refuses anything but 1 and 2', () => {
    expect(
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: { levels: { requireObserved: [2] } },
        }),
      ).requireObservedLevels,
    ).toEqual([2]);
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: { levels: { requireObserved: [3] } },
        }),
      ),
    ).toThrow(
      'Invalid mlopsMaturity.levels.requireObserved: expected a list of levels (1, 2), got [3]',
    );
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: { levels: { requireObserved: 'all' } },
        }),
      ),
    ).toThrow(/mlopsMaturity.levels.requireObserved/);
  });

  it('reads the target level of each lifecycle, and refuses anything but a level', () => {
    const read = (targets: unknown) =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { targets } } as any),
      ).targets;
    expect(readMlopsMaturityConfig(new ConfigReader({})).targets).toEqual({
      byLifecycle: {},
    });
    expect(
      read({ lifecycles: { Production: 2, experimental: 0 }, default: 1 }),
    ).toEqual({ byLifecycle: { production: 2, experimental: 0 }, default: 1 });
    expect(() => read({ lifecycles: { production: 3 } })).toThrow(
      'Invalid mlopsMaturity.targets.lifecycles.production: expected a level (0, 1 or 2), got 3',
    );
    expect(() => read({ lifecycles: { production: 'high' } })).toThrow(
      'Invalid mlopsMaturity.targets.lifecycles.production: expected a level (0, 1 or 2), got "high"',
    );
    expect(() => read({ lifecycles: ['production'] })).toThrow(
      /Invalid mlopsMaturity.targets.lifecycles: expected an object of lifecycle: level/,
    );
    expect(() => read({ default: -1 })).toThrow(
      'Invalid mlopsMaturity.targets.default: expected a level (0, 1 or 2), got -1',
    );
  });

  it('reads campaigns as code, naming the entry and field of a mistake', () => {
    const read = (campaigns: unknown) =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { campaigns } } as any),
      ).campaigns;
    const campaign = {
      id: 'payments-level-2',
      title: 'Payments production services at Level 2',
      scope: { domain: 'payments', lifecycle: 'production' },
      goal: { level: 2 },
      deadline: '2027-03-31',
    };
    expect(read([campaign])).toEqual([
      {
        ...campaign,
        scope: { ...campaign.scope, domain: 'domain:default/payments' },
      },
    ]);
    expect(() => read([{ ...campaign, id: 'Payments L2' }])).toThrow(
      /^Invalid mlopsMaturity.campaigns\[0\].id: expected lower-case letters, digits and dashes/,
    );
    expect(() => read([{ ...campaign, goal: { level: 3 } }])).toThrow(
      'Invalid mlopsMaturity.campaigns[0].goal.level: expected 0, 1 or 2, got 3',
    );
    expect(() => read([{ ...campaign, scope: { team: 'payments' } }])).toThrow(
      'Invalid mlopsMaturity.campaigns[0].scope.team: a scope has domain, owner, system, flavor and lifecycle',
    );
    expect(() => read([campaign, campaign])).toThrow(
      'Invalid mlopsMaturity.campaigns: the id payments-level-2 is used twice',
    );
    expect(() => read([{ ...campaign, deadline: '31.03.2027' }])).toThrow(
      'Invalid mlopsMaturity.campaigns[0].deadline: expected a date as YYYY-MM-DD, got "31.03.2027"',
    );
  });

  it('reads the notification settings, off by default, and refuses a bad reminder period', () => {
    const read = (notifications: unknown) =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { notifications } } as any),
      ).notifications;
    expect(
      readMlopsMaturityConfig(new ConfigReader({})).notifications,
    ).toMatchObject({
      enabled: false,
      levelChanges: true,
      campaignDeadlineDays: 7,
      waiverExpiryDays: 7,
      digestRecipients: [],
      digestSchedule: { frequency: { days: 7 } },
    });
    expect(
      read({
        enabled: true,
        campaignDeadlineDays: 0,
        waiverExpiryDays: 3,
        digest: {
          recipients: ['group:default/ml-platform'],
          schedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
        },
      }),
    ).toMatchObject({
      enabled: true,
      campaignDeadlineDays: 0,
      waiverExpiryDays: 3,
      digestRecipients: ['group:default/ml-platform'],
      digestSchedule: { frequency: { hours: 1 }, timeout: { minutes: 1 } },
    });
    expect(() => read({ campaignDeadlineDays: 2.5 })).toThrow(
      'Invalid mlopsMaturity.notifications.campaignDeadlineDays: expected a whole number of days (0 turns reminders off), got 2.5',
    );
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: {
            sampleWaivers: [
              {
                entityRef: 'component:default/a',
                checkId: 'deploy.rollback',
                reason: 'Sample waiver',
                expiresInDays: 0,
              },
            ],
          },
        }),
      ),
    ).toThrow(
      'Invalid mlopsMaturity.sampleWaivers[0].expiresInDays: expected a whole number of days above 0, got 0',
    );
    const sampleHistory = (points: object[], history = {}) =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: {
            history,
            sampleHistory: [{ entityRef: 'component:default/a', points }],
          },
        }),
      ).sampleHistory;
    expect(
      sampleHistory([
        { weeksAgo: 2, level: 1, score: 55 },
        { weeksAgo: 8, level: 0, score: 20 },
      ]),
    ).toEqual([
      {
        entityRef: 'component:default/a',
        points: [
          { weeksAgo: 8, level: 0, score: 20 },
          { weeksAgo: 2, level: 1, score: 55 },
        ],
      },
    ]);
    expect(() => sampleHistory([{ weeksAgo: 2, level: 3, score: 55 }])).toThrow(
      'Invalid mlopsMaturity.sampleHistory[0].points[0].level: expected 0, 1 or 2, got 3',
    );
    expect(() =>
      sampleHistory([{ weeksAgo: 2, level: 1, score: 101 }]),
    ).toThrow(
      'Invalid mlopsMaturity.sampleHistory[0].points[0].score: expected a score from 0 to 100, got 101',
    );
    // Older points would be pruned by the next snapshot.
    expect(() =>
      sampleHistory([{ weeksAgo: 5, level: 1, score: 50 }], {
        retentionDays: 30,
      }),
    ).toThrow(
      'Invalid mlopsMaturity.sampleHistory[0].points[0].weeksAgo: expected a whole number of weeks from 1 to 4 (mlopsMaturity.history.retentionDays), got 5',
    );
    expect(() => sampleHistory([])).toThrow(
      'Invalid mlopsMaturity.sampleHistory[0].points: expected at least one',
    );
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: {
            sampleHistory: [
              {
                entityRef: 'component:',
                points: [{ weeksAgo: 1, level: 0, score: 10 }],
              },
            ],
          },
        }),
      ),
    ).toThrow(/^Invalid mlopsMaturity\.sampleHistory\[0\]\.entityRef: /);
    expect(() => read({ waiverExpiryDays: -1 })).toThrow(
      'Invalid mlopsMaturity.notifications.waiverExpiryDays: expected a whole number of days (0 turns reminders off), got -1',
    );
  });

  it('reads selector, schedule, roots, overrides and custom checks', () => {
    const config = readMlopsMaturityConfig(
      new ConfigReader({
        mlopsMaturity: {
          selector: { filter: { 'spec.type': 'ml-service' } },
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
          repositories: { fileRoots: ['./repos'] },
          checks: { 'deploy.rollback': { required: false } },
          customChecks: [
            {
              id: 'org.x',
              title: 'X',
              dimension: 'governance',
              level: 1,
              persona: 'devops',
              rule: { fact: 'catalog.lifecycle', equals: 'production' },
            },
          ],
          sampleFacts: { directory: './facts' },
        },
      }),
    );
    expect(config.selector).toEqual({ 'spec.type': 'ml-service' });
    expect(config.schedule.frequency).toEqual({ minutes: 5 });
    expect(config.fileRoots).toEqual(['./repos']);
    expect(config.checkOverrides).toEqual({
      'deploy.rollback': { required: false },
    });
    expect(config.customChecks[0].id).toBe('org.x');
    expect(config.sampleFactsDirectory).toBe('./facts');
  });

  it('stops on an invalid selector or a malformed override, naming the key', () => {
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: { selector: { filter: { $all: 'nope' } } },
        }),
      ),
    ).toThrow(/mlopsMaturity.selector.filter/);
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({
          mlopsMaturity: { checks: { 'deploy.rollback': 'off' } },
        }),
      ),
    ).toThrow(/mlopsMaturity.checks.deploy.rollback/);
    expect(() =>
      readMlopsMaturityConfig(
        new ConfigReader({ mlopsMaturity: { batchSize: -3 } }),
      ),
    ).toThrow(/mlopsMaturity.batchSize/);
  });
});
