import { Knex } from 'knex';
import { RollupState } from './rollupState';

/**
 * The scored services a caller may read, in the form that costs least to apply:
 * - `all`: every scored service (the catalog allows the caller to read any entity);
 * - `only`: these refs (refs without a scorecard are ignored);
 * - `except`: every scored service but these refs. The complement is only exact for
 *   the services that were scored when it was computed, so it carries the
 *   `membershipSeq` it was computed at, and the stores refuse it with
 *   {@link StaleScopeError} once services were added or their entities changed.
 */
export type ServiceScope =
  | { type: 'all' }
  | { type: 'only'; refs: string[] }
  | { type: 'except'; refs: string[]; membershipSeq: number };

/** An `except` scope computed before the scored services last changed: compute it again. */
export class StaleScopeError extends Error {
  constructor() {
    super(
      'The scored services changed since this visibility was computed; compute it again.',
    );
    this.name = 'StaleScopeError';
  }
}

/** Whether the scope lets the caller read the service. */
export const scopeIncludes = (scope: ServiceScope, entityRef: string) =>
  scope.type === 'all' ||
  (scope.type === 'only'
    ? scope.refs.includes(entityRef)
    : !scope.refs.includes(entityRef));

/** Throws {@link StaleScopeError} when an `except` scope no longer describes the scored services. */
export function checkScope(scope: ServiceScope, state: RollupState): void {
  if (scope.type === 'except' && scope.membershipSeq !== state.membershipSeq) {
    throw new StaleScopeError();
  }
}

/**
 * A subquery listing refs bound as ONE parameter, so the list may be any length: a
 * text array on PostgreSQL, JSON on SQLite. `IN` and `NOT IN` over it are planned as
 * hashed lookups on both.
 */
export function refList(
  db: Knex,
  refs: string[],
): { sql: string; bindings: Knex.Value[] } {
  return db.client.dialect === 'postgresql'
    ? {
        sql: 'SELECT unnest(CAST(? AS text[]))',
        // The pg driver sends a JavaScript array as one array parameter.
        bindings: [refs as unknown as Knex.Value],
      }
    : {
        sql: 'SELECT value FROM json_each(?)',
        bindings: [JSON.stringify(refs)],
      };
}

/** A condition restricting `column` to the scope; undefined for `all`. */
export function scopeCondition(
  db: Knex,
  column: string,
  scope: ServiceScope,
): { sql: string; bindings: Knex.Value[] } | undefined {
  if (scope.type === 'all') {
    return undefined;
  }
  const list = refList(db, scope.refs);
  const operator = scope.type === 'only' ? 'IN' : 'NOT IN';
  return {
    sql: `${column} ${operator} (${list.sql})`,
    bindings: list.bindings,
  };
}
