import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { CampaignService } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { NotificationSettings } from '../config/MlopsMaturityConfig';
import { RollupStore } from '../database/RollupStore';
import { LevelChange, ScorecardStore } from '../database/ScorecardStore';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { Campaigns } from './Campaigns';

const TOPIC = 'MLOps maturity';
const ORG_PAGE = '/mlops-maturity';

/** The tab of a service, relative to the app. */
function tabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/mlops-maturity`;
}

const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tells people through Backstage notifications: a service's owners when its level
 * changes, owners of services behind in a campaign as its deadline nears, and the
 * configured platform teams in a weekly digest. A failed send is logged and never
 * fails the scoring that caused it.
 */
export class MaturityNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      settings: NotificationSettings;
      campaigns: Campaigns;
      rollups: RollupStore;
      waivers: Pick<DatabaseWaiverStore, 'expiringBefore'>;
      scorecards: Pick<ScorecardStore, 'getScorecard'>;
      logger: LoggerService;
    },
  ) {}

  private async send(notification: NotificationSendOptions): Promise<boolean> {
    try {
      await this.options.notifications.send(notification);
      return true;
    } catch (error) {
      this.options.logger.warn(
        `MLOps maturity: could not send the notification "${notification.payload.title}": ${error}`,
      );
      return false;
    }
  }

  /** Tells each changed service's owner; returns when every send has been tried. */
  async levelChanged(changes: LevelChange[]): Promise<void> {
    if (!this.options.settings.levelChanges) {
      return;
    }
    await Promise.all(
      changes.map(({ scorecard, previousLevel }) => {
        if (!scorecard.owner) {
          return Promise.resolve(false);
        }
        const rose = scorecard.level > previousLevel;
        const target = scorecard.target
          ? ` Its target is Level ${scorecard.target.level}${
              scorecard.target.met ? ', which it meets' : ''
            }.`
          : '';
        const blockerCount = scorecard.nextLevel?.blockers.length ?? 0;
        const blockers =
          scorecard.nextLevel && blockerCount > 0
            ? ` ${blockerCount} ${
                blockerCount === 1 ? 'check stands' : 'checks stand'
              } between it and Level ${scorecard.nextLevel.level}.`
            : '';
        return this.send({
          recipients: { type: 'entity', entityRef: scorecard.owner },
          payload: {
            title: `${nameOf(scorecard.entityRef)} ${
              rose ? 'rose' : 'dropped'
            } to MLOps maturity Level ${scorecard.level}`,
            description: `Level ${previousLevel} → ${scorecard.level} (score ${scorecard.score}).${target}${blockers}`,
            link: tabLink(scorecard.entityRef),
            severity: rose ? 'normal' : 'high',
            topic: TOPIC,
            // A later change of the same service replaces this one.
            scope: `mlops-maturity:level:${scorecard.entityRef}`,
          },
        });
      }),
    );
  }

  /**
   * For each campaign due within the configured days, tells each owner which of their
   * services do not meet its goal yet. Returns the notifications sent.
   */
  async remindCampaignDeadlines(now: Date): Promise<number> {
    const days = this.options.settings.campaignDeadlineDays;
    if (days <= 0) {
      return 0;
    }
    const { campaigns } = this.options;
    let sent = 0;
    for (const summary of await campaigns.summaries({ type: 'all' }, now)) {
      if (summary.daysLeft < 0 || summary.daysLeft > days) {
        continue;
      }
      const details = await campaigns.details(summary.id, { type: 'all' }, now);
      const byOwner = new Map<string, CampaignService[]>();
      for (const service of details.notMet) {
        if (service.owner) {
          byOwner.set(service.owner, [
            ...(byOwner.get(service.owner) ?? []),
            service,
          ]);
        }
      }
      const due =
        summary.daysLeft === 0 ? 'today' : `in ${summary.daysLeft} days`;
      for (const [owner, services] of byOwner) {
        const ok = await this.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            title: `Campaign "${summary.title}" is due ${due}`,
            description: `${services.length} of your services ${
              services.length === 1 ? 'does' : 'do'
            } not meet its goal yet: ${services
              .map(s => nameOf(s.entityRef))
              .join(', ')}. Deadline ${summary.deadline}.`,
            link: `${ORG_PAGE}/campaigns`,
            severity: summary.daysLeft <= 1 ? 'high' : 'normal',
            topic: TOPIC,
            // The next day's reminder replaces this one.
            scope: `mlops-maturity:campaign:${summary.id}:${owner}`,
          },
        });
        sent += ok ? 1 : 0;
      }
    }
    return sent;
  }

  /**
   * Tells the owners of each service whose approved waiver expires within the configured
   * days: once it expires, the check counts as failing again. Returns the notifications sent.
   */
  async remindWaiverExpiries(now: Date): Promise<number> {
    const days = this.options.settings.waiverExpiryDays;
    if (days <= 0) {
      return 0;
    }
    const expiring = await this.options.waivers.expiringBefore(
      new Date(now.getTime() + days * DAY_MS),
      now,
    );
    let sent = 0;
    for (const waiver of expiring) {
      const owner = (
        await this.options.scorecards.getScorecard(waiver.entityRef)
      )?.owner;
      if (!owner) {
        continue;
      }
      const expiryDay = waiver.expiresAt.slice(0, 10);
      const daysLeft = Math.floor(
        (Date.parse(waiver.expiresAt) - now.getTime()) / DAY_MS,
      );
      const ok = await this.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title: `The waiver of ${waiver.checkId} on ${nameOf(
            waiver.entityRef,
          )} expires ${daysLeft === 0 ? 'today' : `in ${daysLeft} days`}`,
          description: `After ${expiryDay} the check counts as failing again. Make it pass, or ask for a new waiver with its reason.`,
          link: tabLink(waiver.entityRef),
          severity: daysLeft <= 1 ? 'high' : 'normal',
          topic: TOPIC,
          // The next day's reminder replaces this one.
          scope: `mlops-maturity:waiver:${waiver.id}`,
        },
      });
      sent += ok ? 1 : 0;
    }
    return sent;
  }

  /** The organisation's standing and the campaigns' progress, to the digest recipients. */
  async sendDigest(now: Date): Promise<boolean> {
    const recipients = this.options.settings.digestRecipients;
    if (recipients.length === 0) {
      return false;
    }
    const domains = await this.options.rollups.rollup({
      by: 'domain',
      scope: { type: 'all' },
    });
    // Top-level domains: their services add up to the organisation's.
    const keys = new Set(domains.map(row => row.key));
    const top = domains.filter(row => !row.parent || !keys.has(row.parent));
    const sum = (pick: (row: (typeof top)[number]) => number) =>
      top.reduce((total, row) => total + pick(row), 0);
    const services = sum(row => row.services);
    const withTarget = sum(row => row.target?.services ?? 0);
    const meeting = sum(row => row.target?.meeting ?? 0);
    const campaignLines = (
      await this.options.campaigns.summaries({ type: 'all' }, now)
    ).map(
      c =>
        `${c.title}: ${c.progress.met} of ${c.progress.services} (${
          c.daysLeft >= 0 ? `${c.daysLeft} days left` : 'deadline passed'
        })`,
    );
    return this.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload: {
        title: `MLOps maturity digest of ${now.toISOString().slice(0, 10)}`,
        description: [
          `${services} ML services in domains: ${sum(
            row => row.levelCounts[0],
          )} at Level 0, ${sum(row => row.levelCounts[1])} at Level 1, ${sum(
            row => row.levelCounts[2],
          )} at Level 2.`,
          withTarget > 0
            ? `${meeting} of ${withTarget} meet the target of their lifecycle.`
            : '',
          ...campaignLines.map(line => `Campaign ${line}.`),
        ]
          .filter(Boolean)
          .join(' '),
        link: ORG_PAGE,
        topic: TOPIC,
        scope: `mlops-maturity:digest:${now.toISOString().slice(0, 10)}`,
      },
    });
  }
}
