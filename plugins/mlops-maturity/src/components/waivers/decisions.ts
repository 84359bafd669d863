import { GovernedWaiver } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export type WaiverDecision = 'approve' | 'reject' | 'revoke';

/** What can still be decided about a waiver in each state (the backend's transitions). */
const DECISIONS: Partial<Record<GovernedWaiver['status'], WaiverDecision[]>> = {
  pending: ['approve', 'reject', 'revoke'],
  approved: ['revoke'],
};

export const decisionsFor = (waiver: GovernedWaiver): WaiverDecision[] =>
  DECISIONS[waiver.status] ?? [];
