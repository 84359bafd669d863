import { ResponseError } from '@backstage/errors';

/**
 * Why the backend has no scorecard for an entity (the `reason` of its 404 body).
 * @public
 */
export type ScorecardNotFoundReason =
  | 'unknown-entity'
  | 'not-ml-service'
  | 'not-evaluated';

const NOT_FOUND_REASONS: readonly string[] = [
  'unknown-entity',
  'not-ml-service',
  'not-evaluated',
];

/**
 * The reason of a scorecard 404, or undefined for any other error.
 * @public
 */
export function getScorecardNotFoundReason(
  error: unknown,
): ScorecardNotFoundReason | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 404) {
    return undefined;
  }
  const reason = (error.body as { reason?: unknown }).reason;
  return typeof reason === 'string' && NOT_FOUND_REASONS.includes(reason)
    ? (reason as ScorecardNotFoundReason)
    : undefined;
}

/** True for a 403: the user may not do what was asked. */
export function isForbidden(error: unknown): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}

/** The server's own message (e.g. "… is not an ML service: spec.type website."). */
export function serverMessage(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}
