import path from 'path';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CollectContext,
  FactCollector,
  factsUnchanged,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { analyzeRepository } from '@mlops-maturity/backstage-plugin-mlops-maturity-analyzer';
import { RepositoryReader } from './RepositoryReader';
import { parseSourceLocation } from './parseSourceLocation';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/**
 * Resolves a relative `file:` source location against the catalog file the entity came
 * from, the way a reader of that file would; other locations pass through.
 */
export function resolveSourceLocation(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const raw = annotations[ANNOTATIONS.sourceLocation];
  if (!raw) {
    return undefined;
  }
  const parsed = parseSourceLocation(raw);
  if (parsed.type !== 'file' || path.isAbsolute(parsed.target)) {
    return raw;
  }
  const managedBy = annotations[MANAGED_BY_LOCATION];
  if (managedBy?.startsWith('file:')) {
    const catalogFile = managedBy.slice('file:'.length);
    return `file:${path.resolve(path.dirname(catalogFile), parsed.target)}`;
  }
  return raw;
}

/** Reads the linked repository and turns its files into declared evidence. */
export class RepositoryCollector implements FactCollector {
  readonly id = 'repository';
  readonly source = 'repository';

  constructor(private readonly reader: RepositoryReader) {}

  appliesTo(entity: Entity): boolean {
    return Boolean(entity.metadata.annotations?.[ANNOTATIONS.sourceLocation]);
  }

  async collect({
    entity,
    previous,
    signal,
  }: CollectContext): Promise<RepositoryFacts | typeof factsUnchanged> {
    const location = resolveSourceLocation(entity)!;
    const previousEtag =
      previous && !previous.error
        ? (previous.facts as RepositoryFacts).etag
        : undefined;
    const result = await this.reader.read(location, {
      etag: previousEtag,
      signal,
    });
    if (result.notModified) {
      return factsUnchanged;
    }
    const facts = await analyzeRepository({
      location: result.location,
      files: result.files,
      versionControl: result.versionControl,
    });
    return result.etag ? { ...facts, etag: result.etag } : facts;
  }
}
