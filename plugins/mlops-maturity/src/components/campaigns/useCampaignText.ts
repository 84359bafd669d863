import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CampaignGoal,
  CampaignScope,
  CampaignSummary,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { displayRef, formatDay } from '../OrgPage/orgFormat';

const SCOPE_KINDS = {
  domain: 'domain',
  owner: 'group',
  system: 'system',
} as const;

/** A campaign's goal, scope and deadline as sentences, shared by the org page and the tab. */
export function useCampaignText() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);

  const goal = (value: CampaignGoal) =>
    'level' in value
      ? t('campaigns.goalLevel', { level: String(value.level) })
      : t('campaigns.goalCheck', { check: value.check });

  const scope = (value: CampaignScope) => {
    const parts = (
      ['domain', 'owner', 'system', 'flavor', 'lifecycle'] as const
    ).flatMap(field => {
      const fieldValue = value[field];
      if (!fieldValue) {
        return [];
      }
      let shown: string = fieldValue;
      if (field === 'flavor') {
        shown = fieldValue.toUpperCase();
      } else if (field !== 'lifecycle') {
        shown = displayRef(fieldValue, SCOPE_KINDS[field]);
      }
      return [t(`campaigns.scopePart.${field}`, { value: shown })];
    });
    return parts.length === 0
      ? t('campaigns.scopeAll')
      : t('campaigns.scope', { parts: parts.join(' · ') });
  };

  const deadline = (summary: CampaignSummary) => {
    let left: string;
    if (summary.daysLeft > 0) {
      left = t('campaigns.daysLeft', { count: summary.daysLeft });
    } else if (summary.daysLeft === 0) {
      left = t('campaigns.dueToday');
    } else {
      left = t('campaigns.overdue', { count: -summary.daysLeft });
    }
    return `${t('campaigns.deadline', {
      date: formatDay(summary.deadline),
    })} (${left})`;
  };

  return { goal, scope, deadline };
}
