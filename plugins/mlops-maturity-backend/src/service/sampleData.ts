import path from 'path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  MlopsMaturityConfig,
  SampleWaiverDefinition,
} from '../config/MlopsMaturityConfig';
import { DatabaseWaiverStore } from '../database/DatabaseWaiverStore';
import { FactsIngestion } from './FactsIngestion';

/** Who requests and approves sample waivers: shown wherever the waiver is, so it reads as sample data. */
export const SAMPLE_WAIVER_ACTOR = 'sample-data';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Requests each configured sample waiver through the governed path, and approves it when
 * asked, once: a sample waiver that was ever loaded for the check (and since revoked,
 * closed or expired) is not loaded again, so a restart keeps what people decided.
 * Returns how many were loaded now.
 */
export async function loadSampleWaivers(options: {
  definitions: SampleWaiverDefinition[];
  waivers: Pick<DatabaseWaiverStore, 'list' | 'request' | 'decide'>;
  checkExists: (checkId: string) => boolean;
  maxWaiverDays: number;
  now: Date;
}): Promise<number> {
  const { waivers, now } = options;
  const definitions = options.definitions.map((definition, index) => {
    const where = `mlopsMaturity.sampleWaivers[${index}]`;
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(definition.entityRef, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(
        `Invalid ${where}.entityRef: ${(error as Error).message}`,
      );
    }
    if (!options.checkExists(definition.checkId)) {
      throw new InputError(
        `Invalid ${where}.checkId: ${definition.checkId} is not an enabled check`,
      );
    }
    if (definition.expiresInDays > options.maxWaiverDays) {
      throw new InputError(
        `Invalid ${where}.expiresInDays: at most ${options.maxWaiverDays} days (mlopsMaturity.waivers.maxDays), got ${definition.expiresInDays}`,
      );
    }
    return { ...definition, entityRef };
  });
  let loaded = 0;
  for (const definition of definitions) {
    const existing = await waivers.list(
      { entityRef: definition.entityRef },
      now,
    );
    if (
      existing.some(
        waiver =>
          waiver.checkId === definition.checkId &&
          waiver.requestedBy === SAMPLE_WAIVER_ACTOR,
      )
    ) {
      continue;
    }
    const waiver = await waivers.request({
      entityRef: definition.entityRef,
      checkId: definition.checkId,
      reason: definition.reason,
      // The end of the day, as for a waiver requested through the API.
      expiresAt: new Date(
        Date.UTC(
          now.getUTCFullYear(),
          now.getUTCMonth(),
          now.getUTCDate() + definition.expiresInDays,
        ) +
          DAY_MS -
          1,
      ),
      actor: SAMPLE_WAIVER_ACTOR,
      now,
    });
    if (definition.approved) {
      await waivers.decide({
        id: waiver.id,
        decision: 'approve',
        actor: SAMPLE_WAIVER_ACTOR,
        note: 'Sample data: approved by the demo at startup',
        now,
      });
    }
    loaded += 1;
  }
  return loaded;
}

/** Loads the configured sample facts and sample waivers (the demo's), each labelled as sample data. */
export async function loadSampleData(options: {
  config: Pick<
    MlopsMaturityConfig,
    'sampleFactsDirectory' | 'sampleWaivers' | 'maxWaiverDays'
  >;
  ingestion: Pick<FactsIngestion, 'loadSampleFacts'>;
  waivers: Pick<DatabaseWaiverStore, 'list' | 'request' | 'decide'>;
  checkExists: (checkId: string) => boolean;
  logger: LoggerService;
}): Promise<void> {
  const { config, logger } = options;
  if (config.sampleFactsDirectory) {
    const { loaded, failed } = await options.ingestion.loadSampleFacts(
      path.resolve(config.sampleFactsDirectory),
    );
    logger.info(
      `Loaded sample facts for ${loaded.length} services (${failed.length} files failed) from mlopsMaturity.sampleFacts.directory`,
    );
  }
  if (config.sampleWaivers.length > 0) {
    const count = await loadSampleWaivers({
      definitions: config.sampleWaivers,
      waivers: options.waivers,
      checkExists: options.checkExists,
      maxWaiverDays: config.maxWaiverDays,
      now: new Date(),
    });
    logger.info(
      `Loaded ${count} sample waivers from mlopsMaturity.sampleWaivers`,
    );
  }
}
