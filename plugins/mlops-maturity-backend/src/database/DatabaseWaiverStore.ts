import { randomUUID } from 'crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  GovernedWaiver,
  WaiverEvent,
  WaiverStatus,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { Waiver } from '../entity/waivers';
import { failingReasonKey } from '../entity/failingReason';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

/** `expired` is stored once the daily upkeep records the expiry in the audit log. */
type StoredStatus = WaiverStatus;

interface WaiverRow {
  id: string;
  entity_ref: string;
  check_id: string;
  reason: string;
  status: StoredStatus;
  requested_by: string;
  requested_at: Date | string;
  expires_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  failing_reason: string | null;
}

interface EventRow {
  at: Date | string;
  actor: string;
  action: WaiverEvent['action'];
  note: string | null;
}

export type WaiverDecision = 'approve' | 'reject' | 'revoke';

/** The statuses a decision may start from, and where it leads. */
const TRANSITIONS: Record<
  WaiverDecision,
  { from: StoredStatus[]; to: StoredStatus; action: WaiverEvent['action'] }
> = {
  approve: { from: ['pending'], to: 'approved', action: 'approved' },
  reject: { from: ['pending'], to: 'rejected', action: 'rejected' },
  revoke: { from: ['pending', 'approved'], to: 'revoked', action: 'revoked' },
};

const iso = (value: Date | string) => new Date(value).toISOString();

function toWaiver(row: WaiverRow, now: Date): GovernedWaiver {
  const expired = row.status === 'approved' && new Date(row.expires_at) < now;
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    reason: row.reason,
    status: expired ? 'expired' : row.status,
    requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at),
    expiresAt: iso(row.expires_at),
    ...(row.decided_by !== null && { decidedBy: row.decided_by }),
    ...(row.decided_at !== null && { decidedAt: iso(row.decided_at) }),
  };
}

/**
 * Waivers requested through the API and their audit log. A waiver is requested, then
 * approved or rejected; an approved or pending one may be revoked; an approved one past
 * its expiry reads as expired and no longer applies, and is stored as expired by the
 * daily upkeep.
 */
export class DatabaseWaiverStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseWaiverStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseWaiverStore(db);
  }

  /** For tests, which bring their own connection. */
  static async fromKnex(knex: Knex): Promise<DatabaseWaiverStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseWaiverStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  /** Throws {@link ConflictError} while a pending or approved waiver of the check exists. */
  async request(options: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: Date;
    actor: string;
    now: Date;
  }): Promise<GovernedWaiver> {
    const row: WaiverRow = {
      id: randomUUID(),
      entity_ref: options.entityRef,
      check_id: options.checkId,
      reason: options.reason,
      status: 'pending',
      requested_by: options.actor,
      requested_at: options.now,
      expires_at: options.expiresAt,
      decided_by: null,
      decided_at: null,
      failing_reason: null,
    };
    await this.db.transaction(async trx => {
      const open: WaiverRow[] = await trx('mlops_waivers')
        .where({ entity_ref: options.entityRef, check_id: options.checkId })
        .whereIn('status', ['pending', 'approved']);
      const current = open.find(
        existing =>
          existing.status === 'pending' ||
          new Date(existing.expires_at) >= options.now,
      );
      if (current) {
        throw new ConflictError(
          `A ${current.status} waiver (${current.id}) of ${options.checkId} for ${options.entityRef} exists.`,
        );
      }
      await trx('mlops_waivers').insert(row);
      await trx('mlops_waiver_events').insert({
        waiver_id: row.id,
        at: options.now,
        actor: options.actor,
        action: 'requested',
        note: options.reason,
      });
    });
    return toWaiver(row, options.now);
  }

  async decide(options: {
    id: string;
    decision: WaiverDecision;
    actor: string;
    note?: string;
    now: Date;
  }): Promise<GovernedWaiver> {
    const transition = TRANSITIONS[options.decision];
    return this.db.transaction(async trx => {
      const row: WaiverRow | undefined = await trx('mlops_waivers')
        .where('id', options.id)
        .first();
      if (!row) {
        throw new NotFoundError(`No waiver ${options.id}.`);
      }
      const current = toWaiver(row, options.now);
      if (!transition.from.includes(current.status)) {
        throw new ConflictError(
          `Waiver ${options.id} is ${
            current.status
          }; only a ${transition.from.join(' or ')} one can be ${
            transition.action
          }.`,
        );
      }
      const updated: WaiverRow = {
        ...row,
        status: transition.to,
        decided_by: options.actor,
        decided_at: options.now,
      };
      await trx('mlops_waivers').where('id', options.id).update({
        status: updated.status,
        decided_by: updated.decided_by,
        decided_at: updated.decided_at,
      });
      await trx('mlops_waiver_events').insert({
        waiver_id: options.id,
        at: options.now,
        actor: options.actor,
        action: transition.action,
        note: options.note ?? null,
      });
      return toWaiver(updated, options.now);
    });
  }

  async get(id: string, now: Date): Promise<GovernedWaiver | undefined> {
    const row: WaiverRow | undefined = await this.db('mlops_waivers')
      .where('id', id)
      .first();
    return row && toWaiver(row, now);
  }

  /** Newest first. */
  async list(
    filter: { entityRef?: string; status?: WaiverStatus },
    now: Date,
  ): Promise<GovernedWaiver[]> {
    let query = this.db<WaiverRow>('mlops_waivers').orderBy([
      { column: 'requested_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    if (filter.entityRef) {
      query = query.where('entity_ref', filter.entityRef);
    }
    const waivers = (await query).map(row => toWaiver(row, now));
    return filter.status
      ? waivers.filter(waiver => waiver.status === filter.status)
      : waivers;
  }

  async events(id: string): Promise<WaiverEvent[]> {
    const rows: EventRow[] = await this.db('mlops_waiver_events')
      .where('waiver_id', id)
      .orderBy('id');
    return rows.map(row => ({
      at: iso(row.at),
      actor: row.actor,
      action: row.action,
      ...(row.note !== null && { note: row.note }),
    }));
  }

  /**
   * Follows the service's approved waivers after it was scored: one whose check now
   * passes (or no longer applies) is closed; one whose check now fails for another reason
   * than when the waiver was first applied goes back to pending, to be approved again.
   * Returns whether any waiver stopped applying.
   */
  async reconcile(options: {
    entityRef: string;
    /** What each waived check found without its waiver; checks that pass have none. */
    outcomes: Map<string, { passes: boolean; withoutWaiver?: string }>;
    now: Date;
  }): Promise<boolean> {
    const { now } = options;
    return this.db.transaction(async trx => {
      const approved: WaiverRow[] = await trx('mlops_waivers')
        .where({ entity_ref: options.entityRef, status: 'approved' })
        .where('expires_at', '>=', now);
      let stopped = false;
      for (const waiver of approved) {
        const outcome = options.outcomes.get(waiver.check_id);
        if (!outcome) {
          continue;
        }
        let change:
          | {
              status: StoredStatus;
              action: WaiverEvent['action'];
              note: string;
            }
          | undefined;
        if (outcome.passes) {
          change = {
            status: 'closed',
            action: 'closed',
            note: 'The check passes: the waiver is no longer needed.',
          };
        } else if (outcome.withoutWaiver !== undefined) {
          if (waiver.failing_reason === null) {
            await trx('mlops_waivers')
              .where('id', waiver.id)
              .update({ failing_reason: outcome.withoutWaiver });
          } else if (
            failingReasonKey(waiver.failing_reason) !==
            failingReasonKey(outcome.withoutWaiver)
          ) {
            change = {
              status: 'pending',
              action: 'reopened',
              note: `The check now finds: ${outcome.withoutWaiver}`,
            };
          }
        }
        if (change) {
          stopped = true;
          await trx('mlops_waivers')
            .where('id', waiver.id)
            .update({ status: change.status, failing_reason: null });
          await trx('mlops_waiver_events').insert({
            waiver_id: waiver.id,
            at: now,
            actor: 'mlops-maturity',
            action: change.action,
            note: change.note,
          });
        }
      }
      return stopped;
    });
  }

  /**
   * Marks approved waivers past their expiry as expired, with an `expired` step in the
   * audit log (until then they read as expired without one). Returns them.
   */
  async recordExpiries(now: Date): Promise<GovernedWaiver[]> {
    return this.db.transaction(async trx => {
      const due: WaiverRow[] = await trx('mlops_waivers')
        .where('status', 'approved')
        .where('expires_at', '<', now);
      for (const waiver of due) {
        await trx('mlops_waivers')
          .where('id', waiver.id)
          .update({ status: 'expired' });
        await trx('mlops_waiver_events').insert({
          waiver_id: waiver.id,
          at: now,
          actor: 'mlops-maturity',
          action: 'expired',
          note: `The waiver expired on ${iso(waiver.expires_at).slice(0, 10)}.`,
        });
      }
      return due.map(row => toWaiver({ ...row, status: 'expired' }, now));
    });
  }

  /** Approved waivers that still hold but expire before `until`, soonest first. */
  async expiringBefore(until: Date, now: Date): Promise<GovernedWaiver[]> {
    const rows: WaiverRow[] = await this.db('mlops_waivers')
      .where('status', 'approved')
      .where('expires_at', '>=', now)
      .where('expires_at', '<', until)
      .orderBy([
        { column: 'expires_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => toWaiver(row, now));
  }

  /** The approved, unexpired waivers of each of the services, for scoring. */
  async approvedFor(
    entityRefs: string[],
    now: Date,
  ): Promise<Map<string, Waiver[]>> {
    const byRef = new Map<string, Waiver[]>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows: WaiverRow[] = await this.db('mlops_waivers')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .where('status', 'approved')
        .where('expires_at', '>=', now);
      for (const row of rows) {
        byRef.set(row.entity_ref, [
          ...(byRef.get(row.entity_ref) ?? []),
          { checkId: row.check_id, expiresAt: new Date(row.expires_at) },
        ]);
      }
    }
    return byRef;
  }
}
