import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Campaign,
  CampaignDefinition,
  CampaignProgressPoint,
  CheckStatus,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { Knex } from 'knex';
import { insertRows } from './insertRows';
import { readTransaction } from './rollupState';
import { ServiceScope, scopeCondition } from './ServiceScope';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

interface CampaignRow {
  id: string;
  title: string;
  description: string | null;
  scope: string;
  goal: string;
  deadline: string;
  created_by: string;
  created_at: Date | string;
}

/** Figures from `count` and `sum` arrive as strings from PostgreSQL. */
type DbNumber = number | string;

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  title: row.title,
  ...(row.description !== null && { description: row.description }),
  scope: JSON.parse(row.scope),
  goal: JSON.parse(row.goal),
  deadline: row.deadline,
  source: 'api',
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
});

/**
 * Campaigns created through the API, the statuses campaigns with a check goal read, and
 * each campaign's daily progress per service.
 */
export class DatabaseCampaignStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseCampaignStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCampaignStore(db);
  }

  /** For tests and benchmarks, which bring their own connection. */
  static async fromKnex(knex: Knex): Promise<DatabaseCampaignStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseCampaignStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  async list(): Promise<Campaign[]> {
    const rows: CampaignRow[] = await this.db('mlops_campaigns').orderBy('id');
    return rows.map(toCampaign);
  }

  /** Throws {@link ConflictError} when a campaign with the id exists. */
  async add(
    definition: CampaignDefinition,
    createdBy: string,
    now: Date,
  ): Promise<Campaign> {
    const row: CampaignRow = {
      id: definition.id,
      title: definition.title,
      description: definition.description ?? null,
      scope: JSON.stringify(definition.scope),
      goal: JSON.stringify(definition.goal),
      deadline: definition.deadline,
      created_by: createdBy,
      created_at: now,
    };
    const inserted = await this.db('mlops_campaigns')
      .insert(row)
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length === 0) {
      throw new ConflictError(`A campaign with id ${definition.id} exists.`);
    }
    return toCampaign(row);
  }

  /** Deletes the campaign and its history; false when there was none. */
  async remove(id: string): Promise<boolean> {
    return this.db.transaction(async trx => {
      await trx('mlops_campaign_snapshots').where('campaign_id', id).delete();
      return (await trx('mlops_campaigns').where('id', id).delete()) > 0;
    });
  }

  /**
   * The status of a check for the services that do not pass it (of `refs`, when given);
   * the others pass.
   */
  async unpassed(
    checkId: string,
    refs?: string[],
  ): Promise<Map<string, CheckStatus>> {
    let query = this.db('mlops_check_statuses')
      .select('entity_ref', 'status')
      .where('check_id', checkId);
    if (refs) {
      query = query.whereIn('entity_ref', refs);
    }
    const rows: { entity_ref: string; status: CheckStatus }[] = await query;
    return new Map(rows.map(row => [row.entity_ref, row.status]));
  }

  /** Records, for a UTC day, each service in the campaign and whether it met the goal. */
  async saveSnapshot(
    campaignId: string,
    date: string,
    services: Array<{ entityRef: string; met: boolean }>,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx('mlops_campaign_snapshots')
        .where({ campaign_id: campaignId, snapshot_date: date })
        .delete();
      await insertRows(
        trx,
        'mlops_campaign_snapshots',
        {
          campaign_id: 'text',
          snapshot_date: 'text',
          entity_ref: 'text',
          met: 'boolean',
        },
        services.map(s => [campaignId, date, s.entityRef, s.met]),
      );
    });
  }

  /** Deletes the snapshots of days before `date`, and of campaigns no longer defined. */
  async pruneSnapshots(before: string, campaignIds: string[]): Promise<number> {
    return this.db('mlops_campaign_snapshots')
      .where('snapshot_date', '<', before)
      .orWhereNotIn('campaign_id', campaignIds)
      .delete();
  }

  /** Daily progress between `from` and `to` (inclusive), of the services in the scope. */
  async history(options: {
    campaignId: string;
    from: string;
    to: string;
    scope: ServiceScope;
  }): Promise<CampaignProgressPoint[]> {
    const rows: { date: string; services: DbNumber; met: DbNumber }[] =
      await readTransaction(this.db, async trx => {
        let query = trx('mlops_campaign_snapshots')
          .select(
            trx.raw(
              'snapshot_date AS date, COUNT(*) AS services, SUM(CASE WHEN met THEN 1 ELSE 0 END) AS met',
            ),
          )
          .where('campaign_id', options.campaignId)
          .whereBetween('snapshot_date', [options.from, options.to])
          .groupBy('snapshot_date')
          .orderBy('snapshot_date');
        const condition = scopeCondition(trx, 'entity_ref', options.scope);
        if (condition) {
          query = query.whereRaw(condition.sql, condition.bindings);
        }
        return query;
      });
    return rows.map(row => ({
      date: row.date,
      services: Number(row.services),
      met: Number(row.met),
    }));
  }
}
