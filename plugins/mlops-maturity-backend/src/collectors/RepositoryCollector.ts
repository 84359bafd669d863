import path from 'path';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  FactSet,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
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
export class RepositoryCollector {
  readonly source = 'repository';

  constructor(private readonly reader: RepositoryReader) {}

  appliesTo(entity: Entity): boolean {
    return Boolean(entity.metadata.annotations?.[ANNOTATIONS.sourceLocation]);
  }

  /** Returns undefined when the tree is unchanged since `previous` (keep those facts). */
  async collect(
    entity: Entity,
    previous: FactSet<RepositoryFacts> | undefined,
    signal?: AbortSignal,
  ): Promise<RepositoryFacts | undefined> {
    const location = resolveSourceLocation(entity)!;
    const previousEtag =
      previous && !previous.error ? previous.facts.etag : undefined;
    const result = await this.reader.read(location, {
      etag: previousEtag,
      signal,
    });
    if (result.notModified) {
      return undefined;
    }
    const facts = await analyzeRepository({
      location: result.location,
      files: result.files,
      versionControl: result.versionControl,
    });
    return result.etag ? { ...facts, etag: result.etag } : facts;
  }
}
