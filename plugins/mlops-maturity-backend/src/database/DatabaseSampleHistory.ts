import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { SampleHistoryDefinition } from '../entity/sampleHistory';
import { toDate } from './dbTimestamp';
import { sumSnapshotDay } from './snapshotDays';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/backstage-plugin-mlops-maturity-backend',
  'migrations',
);

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** Snapshot rows per insert: eight columns each, well below SQLite's bound variables. */
const ROWS_PER_INSERT = 100;

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

interface ScoredService {
  coverage: number;
  domain_chain: number | string | null;
  owner_chain: number | string | null;
  system_chain: number | string | null;
}

/**
 * Writes a demo's sample history (`mlopsMaturity.sampleHistory`): history points and
 * daily snapshots before a service was first scored, each marked as sample data.
 */
export class DatabaseSampleHistory {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSampleHistory> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSampleHistory(db);
  }

  /** For tests, which bring their own connection. */
  static async fromKnex(knex: Knex): Promise<DatabaseSampleHistory> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseSampleHistory(knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Loads the history of each service that is scored and has no sample history yet,
   * so it is loaded once and a restart changes nothing. Points on or after the day of
   * the service's first real evaluation are left out, and a day that already has a
   * real snapshot keeps it. Returns the entity refs loaded.
   */
  async load(
    definitions: SampleHistoryDefinition[],
    now: Date,
  ): Promise<string[]> {
    const today = Date.parse(isoDay(now.getTime()));
    return this.db.transaction(async trx => {
      const loaded: string[] = [];
      const days = new Set<string>();
      for (const definition of definitions) {
        const entityRef = stringifyEntityRef(
          parseEntityRef(definition.entityRef, { defaultKind: 'component' }),
        );
        const service: ScoredService | undefined = await trx(
          'mlops_rollup_services',
        )
          .select('coverage', 'domain_chain', 'owner_chain', 'system_chain')
          .where('entity_ref', entityRef)
          .first();
        const hasSample = await trx('mlops_scorecard_history')
          .where({ entity_ref: entityRef, sample: true })
          .first('id');
        if (!service || hasSample) {
          continue;
        }
        const [{ first }] = await trx('mlops_scorecard_history')
          .where('entity_ref', entityRef)
          .min({ first: 'evaluated_at' });
        const end = Math.min(
          today,
          first ? Date.parse(isoDay(toDate(first).getTime())) : today,
        );
        const points = definition.points
          .map(point => ({ ...point, from: today - point.weeksAgo * WEEK_MS }))
          .filter(point => point.from < end);
        if (points.length === 0) {
          continue;
        }

        await trx('mlops_scorecard_history').insert(
          points.map(point => ({
            entity_ref: entityRef,
            // Midday, so the point falls on its day in every time zone near UTC.
            evaluated_at: new Date(point.from + DAY_MS / 2),
            level: point.level,
            score: point.score,
            coverage: service.coverage,
            dimensions: '[]',
            personas: '[]',
            sample: true,
          })),
        );

        const snapshots = [];
        let current = 0;
        for (let day = points[0].from; day < end; day += DAY_MS) {
          while (
            current + 1 < points.length &&
            points[current + 1].from <= day
          ) {
            current += 1;
          }
          const date = isoDay(day);
          days.add(date);
          snapshots.push({
            entity_ref: entityRef,
            snapshot_date: date,
            level: points[current].level,
            score: points[current].score,
            domain_chain: service.domain_chain,
            owner_chain: service.owner_chain,
            system_chain: service.system_chain,
            sample: true,
          });
        }
        for (let at = 0; at < snapshots.length; at += ROWS_PER_INSERT) {
          await trx('mlops_service_snapshots')
            .insert(snapshots.slice(at, at + ROWS_PER_INSERT))
            .onConflict(['entity_ref', 'snapshot_date'])
            .ignore();
        }
        loaded.push(entityRef);
      }
      for (const date of [...days].sort()) {
        await sumSnapshotDay(trx, date);
      }
      return loaded;
    });
  }
}
