import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotificationSettings } from '../config/MlopsMaturityConfig';
import { ScorecardStore } from '../database/ScorecardStore';
import { MaturityNotifier } from './MaturityNotifier';

export const REMINDER_TASK_ID = 'mlops-maturity-reminders';
export const DIGEST_TASK_ID = 'mlops-maturity-digest';

/**
 * Wires the notifier: level changes as scorecards are saved, campaign and waiver expiry
 * reminders once a day, and the digest on its schedule (one replica each, as global tasks).
 */
export async function scheduleNotifications(options: {
  notifier: MaturityNotifier;
  settings: NotificationSettings;
  store: Pick<ScorecardStore, 'onLevelChange'>;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<void> {
  const { notifier, settings, store, scheduler, logger } = options;
  // Sent after the save commits; scoring never waits for the notifications backend.
  store.onLevelChange(changes => {
    notifier
      .levelChanged(changes)
      .catch(error =>
        logger.warn(
          `MLOps maturity: level change notifications failed: ${error}`,
        ),
      );
  });
  if (settings.campaignDeadlineDays > 0 || settings.waiverExpiryDays > 0) {
    await scheduler.scheduleTask({
      id: REMINDER_TASK_ID,
      scope: 'global',
      frequency: { hours: 24 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      fn: async () => {
        const now = new Date();
        const campaignReminders = await notifier.remindCampaignDeadlines(now);
        const waiverReminders = await notifier.remindWaiverExpiries(now);
        logger.info(
          `MLOps maturity: ${campaignReminders} campaign and ${waiverReminders} waiver expiry reminders sent`,
        );
      },
    });
  }
  if (settings.digestRecipients.length > 0) {
    await scheduler.scheduleTask({
      id: DIGEST_TASK_ID,
      scope: 'global',
      ...settings.digestSchedule,
      fn: async () => {
        if (await notifier.sendDigest(new Date())) {
          logger.info(
            `MLOps maturity: digest sent to ${settings.digestRecipients.join(
              ', ',
            )}`,
          );
        }
      },
    });
  }
}
