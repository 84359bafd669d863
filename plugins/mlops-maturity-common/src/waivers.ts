/**
 * `expired` is an approved waiver past its expiry; `closed`, one whose check started to
 * pass.
 * @public
 */
export type WaiverStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'revoked'
  | 'expired'
  | 'closed';

/** A waiver requested through the API. @public */
export interface GovernedWaiver {
  id: string;
  entityRef: string;
  checkId: string;
  reason: string;
  status: WaiverStatus;
  requestedBy: string;
  requestedAt: string;
  /** End of the last day the waiver holds (UTC). */
  expiresAt: string;
  decidedBy?: string;
  decidedAt?: string;
}

/** One step in a waiver's audit log. @public */
export interface WaiverEvent {
  at: string;
  actor: string;
  /** `reopened`: the check now fails for another reason, so the waiver needs approval again. */
  action:
    | 'requested'
    | 'approved'
    | 'rejected'
    | 'revoked'
    | 'closed'
    | 'reopened'
    | 'expired';
  note?: string;
}
