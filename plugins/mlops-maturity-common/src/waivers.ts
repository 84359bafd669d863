/**
 * `expired` is an approved waiver past its expiry; it is never stored as such.
 * @public
 */
export type WaiverStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'revoked'
  | 'expired';

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
  action: 'requested' | 'approved' | 'rejected' | 'revoked';
  note?: string;
}
