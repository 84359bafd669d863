import { mockServices } from '@backstage/backend-test-utils';
import {
  CampaignDetails,
  CampaignSummary,
  GovernedWaiver,
  RollupRow,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { NotificationSettings } from '../config/MlopsMaturityConfig';
import { FIXTURE_SCORECARDS, serviceRef } from '../database/rollupTestFixtures';
import { RollupStore } from '../database/RollupStore';
import { Campaigns } from './Campaigns';
import { MaturityNotifier } from './MaturityNotifier';

const settings: NotificationSettings = {
  enabled: true,
  levelChanges: true,
  campaignDeadlineDays: 7,
  waiverExpiryDays: 7,
  digestRecipients: ['group:default/ml-platform'],
  digestSchedule: { frequency: { days: 7 }, timeout: { minutes: 10 } },
};

const summary = (id: string, daysLeft: number): CampaignSummary => ({
  id,
  title: `Campaign ${id}`,
  scope: {},
  goal: { level: 2 },
  deadline: '2026-12-10',
  source: 'config',
  progress: { services: 3, met: 1, behind: 2, waived: 0, unknown: 0 },
  daysLeft,
});

const row = (
  key: string,
  levels: [number, number, number],
  parent?: string,
): RollupRow => ({
  key,
  ...(parent && { parent }),
  services: levels[0] + levels[1] + levels[2],
  levelCounts: { 0: levels[0], 1: levels[1], 2: levels[2] },
  meanScore: 50,
  medianScore: 50,
  coverage: 1,
  passRates: [],
  metricMedians: {},
  target: { services: levels[0] + levels[1] + levels[2], meeting: levels[2] },
});

const approvedWaiver = (name: string, expiresAt: string): GovernedWaiver => ({
  id: `waiver-${name}`,
  entityRef: serviceRef(name),
  checkId: 'deploy.rollback',
  reason: 'Rollback waits for the new serving platform',
  status: 'approved',
  requestedBy: 'user:default/owner',
  requestedAt: '2026-11-01T10:00:00.000Z',
  expiresAt,
});

function notifierWith(options: {
  settings?: Partial<NotificationSettings>;
  campaigns?: CampaignSummary[];
  expiringWaivers?: GovernedWaiver[];
  send?: jest.Mock;
}) {
  const notifications = { send: options.send ?? jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const campaigns = {
    summaries: async () => options.campaigns ?? [],
    details: async (id: string): Promise<CampaignDetails> => ({
      ...summary(id, 3),
      notMet: [
        {
          entityRef: serviceRef('a'),
          status: 'behind',
          level: 0,
          owner: 'group:default/fraud-team',
        },
        {
          entityRef: serviceRef('c'),
          status: 'behind',
          level: 1,
          owner: 'group:default/fraud-team',
        },
        {
          entityRef: serviceRef('f'),
          status: 'waived',
          level: 0,
          owner: 'user:default/alice',
        },
        { entityRef: serviceRef('x'), status: 'unknown', level: 0 },
      ],
      behindByOwner: [],
      history: [],
    }),
  } as unknown as Campaigns;
  const rollups = {
    rollup: async () => [
      row('domain:default/commerce', [1, 2, 1]),
      row('domain:default/payments', [1, 1, 0], 'domain:default/commerce'),
      row('domain:default/search', [0, 1, 1]),
    ],
  } as unknown as RollupStore;
  const waivers = {
    expiringBefore: jest.fn(async () => options.expiringWaivers ?? []),
  };
  const scorecards = {
    getScorecard: async (entityRef: string) =>
      FIXTURE_SCORECARDS.find(card => card.entityRef === entityRef),
  };
  const notifier = new MaturityNotifier({
    notifications,
    settings: { ...settings, ...options.settings },
    campaigns,
    rollups,
    waivers,
    scorecards,
    logger,
  });
  return { notifier, send: notifications.send, logger, waivers };
}

describe('MaturityNotifier', () => {
  const now = new Date('2026-12-04T08:00:00Z');
  const [a, b] = FIXTURE_SCORECARDS;

  it("tells a service's owner when its level goes up or down, and skips services without one", async () => {
    const { notifier, send } = notifierWith({});
    await notifier.levelChanged([
      { scorecard: b, previousLevel: 0 },
      { scorecard: a, previousLevel: 1 },
      { scorecard: { ...a, owner: undefined }, previousLevel: 1 },
    ]);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/ml-platform' },
      payload: {
        title: 'b rose to MLOps maturity Level 1',
        description:
          'Level 0 → 1 (score 60). 1 check stands between it and Level 2.',
        link: '/catalog/default/component/b/mlops-maturity',
        severity: 'normal',
        topic: 'MLOps maturity',
        scope: `mlops-maturity:level:${serviceRef('b')}`,
      },
    });
    expect(send.mock.calls[1][0].payload).toMatchObject({
      title: 'a dropped to MLOps maturity Level 0',
      severity: 'high',
    });
  });

  it('sends nothing on level changes when they are turned off, and logs a failed send', async () => {
    const off = notifierWith({ settings: { levelChanges: false } });
    await off.notifier.levelChanged([{ scorecard: b, previousLevel: 0 }]);
    expect(off.send).not.toHaveBeenCalled();

    const failing = notifierWith({
      send: jest.fn(async () => {
        throw new Error('notifications backend unreachable');
      }),
    });
    await expect(
      failing.notifier.levelChanged([{ scorecard: b, previousLevel: 0 }]),
    ).resolves.toBeUndefined();
    expect(failing.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('notifications backend unreachable'),
    );
  });

  it('reminds the owners of services behind in a campaign due within the configured days', async () => {
    const { notifier, send } = notifierWith({
      campaigns: [
        summary('soon', 3),
        summary('later', 30),
        summary('past', -1),
      ],
    });
    await expect(notifier.remindCampaignDeadlines(now)).resolves.toBe(2);
    expect(send.mock.calls.map(call => call[0])).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/fraud-team' },
        payload: expect.objectContaining({
          title: 'Campaign "Campaign soon" is due in 3 days',
          description:
            '2 of your services do not meet its goal yet: a, c. Deadline 2026-12-10.',
          link: '/mlops-maturity/campaigns',
          scope: 'mlops-maturity:campaign:soon:group:default/fraud-team',
        }),
      },
      {
        recipients: { type: 'entity', entityRef: 'user:default/alice' },
        payload: expect.objectContaining({
          description:
            '1 of your services does not meet its goal yet: f. Deadline 2026-12-10.',
        }),
      },
    ]);
  });

  it("warns a service's owners of an approved waiver expiring within the configured days", async () => {
    const { notifier, send, waivers } = notifierWith({
      expiringWaivers: [
        approvedWaiver('a', '2026-12-04T23:59:59.999Z'),
        approvedWaiver('b', '2026-12-09T23:59:59.999Z'),
        // Not scored yet: no owner to tell.
        approvedWaiver('unscored', '2026-12-05T23:59:59.999Z'),
      ],
    });
    await expect(notifier.remindWaiverExpiries(now)).resolves.toBe(2);
    expect(waivers.expiringBefore).toHaveBeenCalledWith(
      new Date('2026-12-11T08:00:00Z'),
      now,
    );
    expect(send.mock.calls.map(call => call[0])).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/fraud-team' },
        payload: {
          title: 'The waiver of deploy.rollback on a expires today',
          description:
            'After 2026-12-04 the check counts as failing again. Make it pass, or ask for a new waiver with its reason.',
          link: '/catalog/default/component/a/mlops-maturity',
          severity: 'high',
          topic: 'MLOps maturity',
          scope: 'mlops-maturity:waiver:waiver-a',
        },
      },
      {
        recipients: { type: 'entity', entityRef: 'group:default/ml-platform' },
        payload: expect.objectContaining({
          title: 'The waiver of deploy.rollback on b expires in 5 days',
          severity: 'normal',
        }),
      },
    ]);

    const off = notifierWith({
      settings: { waiverExpiryDays: 0 },
      expiringWaivers: [approvedWaiver('a', '2026-12-04T23:59:59.999Z')],
    });
    await expect(off.notifier.remindWaiverExpiries(now)).resolves.toBe(0);
    expect(off.send).not.toHaveBeenCalled();
  });

  it('sends no campaign reminders when they are turned off', async () => {
    const { notifier, send } = notifierWith({
      settings: { campaignDeadlineDays: 0 },
      campaigns: [summary('today', 0)],
    });
    await expect(notifier.remindCampaignDeadlines(now)).resolves.toBe(0);
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the digest of the top-level domains and the campaigns to the recipients', async () => {
    const { notifier, send } = notifierWith({
      campaigns: [summary('soon', 3)],
    });
    await expect(notifier.sendDigest(now)).resolves.toBe(true);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/ml-platform'],
      },
      payload: {
        title: 'MLOps maturity digest of 2026-12-04',
        // commerce (with payments inside it) and search: 6 services.
        description:
          '6 ML services in domains: 1 at Level 0, 3 at Level 1, 2 at Level 2. 2 of 6 meet the target of their lifecycle. Campaign Campaign soon: 1 of 3 (3 days left).',
        link: '/mlops-maturity',
        topic: 'MLOps maturity',
        scope: 'mlops-maturity:digest:2026-12-04',
      },
    });
    const none = notifierWith({ settings: { digestRecipients: [] } });
    await expect(none.notifier.sendDigest(now)).resolves.toBe(false);
    expect(none.send).not.toHaveBeenCalled();
  });
});
