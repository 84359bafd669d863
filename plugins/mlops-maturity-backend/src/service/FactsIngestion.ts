import fs from 'fs/promises';
import path from 'path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ScorecardStore } from '../database/ScorecardStore';
import { validatePushedFacts } from './pushedFactsSchema';

/**
 * The one path by which facts arrive from outside the backend: the push endpoint and
 * the demo's sample files. Everything is validated before anything is stored.
 */
export class FactsIngestion {
  constructor(
    private readonly store: ScorecardStore,
    private readonly logger: LoggerService,
  ) {}

  async ingest(
    entityRef: string,
    body: unknown,
    options: { sample: boolean; pushedBy: string },
  ): Promise<number> {
    const validation = validatePushedFacts(body);
    if (!validation.ok) {
      throw new InputError(
        `Malformed facts for ${entityRef}; nothing was stored. ${validation.problems.join(
          '; ',
        )}`,
      );
    }
    const receivedAt = new Date().toISOString();
    const kept: string[] = [];
    for (const entry of validation.facts) {
      const stored = await this.store.putFacts({
        source: entry.source,
        entityRef,
        facts: entry.facts as JsonObject,
        collectedAt: entry.collectedAt ?? receivedAt,
        origin: 'push',
        ...(options.sample ? { sample: true } : {}),
      });
      if (!stored) {
        kept.push(entry.source);
      }
    }
    const storedCount = validation.facts.length - kept.length;
    this.logger.info(
      `Stored ${storedCount} pushed fact set(s) for ${entityRef} from ${
        options.pushedBy
      }${options.sample ? ' (sample data)' : ''}${
        kept.length
          ? `; kept the pushed or collected ${kept.join(
              ', ',
            )} facts already stored`
          : ''
      }`,
    );
    return storedCount;
  }

  /**
   * Loads `*.json` files of `{ entityRef, facts: [...] }` as sample data. A bad file is
   * reported and skipped; the others still load.
   */
  async loadSampleFacts(
    directory: string,
  ): Promise<{ loaded: string[]; failed: string[] }> {
    const loaded: string[] = [];
    const failed: string[] = [];
    const names = (await fs.readdir(directory))
      .filter(n => n.endsWith('.json'))
      .sort();
    for (const name of names) {
      const file = path.join(directory, name);
      try {
        const content = JSON.parse(await fs.readFile(file, 'utf8'));
        if (typeof content?.entityRef !== 'string') {
          throw new InputError('missing "entityRef"');
        }
        const entityRef = stringifyEntityRef(parseEntityRef(content.entityRef));
        await this.ingest(
          entityRef,
          { facts: content.facts },
          { sample: true, pushedBy: `sample file ${name}` },
        );
        loaded.push(entityRef);
      } catch (error) {
        failed.push(name);
        this.logger.error(
          `Sample facts file ${name} was not loaded: ${
            (error as Error).message
          }`,
        );
      }
    }
    return { loaded, failed };
  }
}
