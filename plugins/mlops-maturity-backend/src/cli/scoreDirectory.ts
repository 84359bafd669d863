import fs from 'fs/promises';
import path from 'path';
import YAML from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { buildCatalogFacts } from '../collectors/catalog/buildCatalogFacts';
import { analyzeRepository } from '../collectors/repository/analyzeRepository';
import { RepositoryReader } from '../collectors/repository/RepositoryReader';
import { CheckRegistry } from '../engine/CheckRegistry';
import { MaturityEngine } from '../engine/MaturityEngine';
import { builtinChecks } from '../checks/builtin';
import { CheckOverride, CustomCheckConfig } from '../config/MlopsMaturityConfig';

const ML_TYPES = ['ml-service', 'ml-model', 'ml-pipeline', 'llm-service'];

/**
 * The entity the checkout describes: the ML component of its catalog-info.yaml, or a
 * stand-in named after the directory when there is none.
 */
async function readEntity(dir: string): Promise<{ entity: Entity; from: string }> {
  const file = path.join(dir, 'catalog-info.yaml');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return {
      from: 'no catalog-info.yaml; scored as an ml-service named after the directory',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: path.basename(dir).toLowerCase().replace(/[^a-z0-9-]/g, '-') },
        spec: { type: 'ml-service' },
      },
    };
  }
  let documents: unknown[];
  try {
    documents = YAML.parseAllDocuments(text).map(d => {
      if (d.errors.length > 0) {
        throw d.errors[0];
      }
      return d.toJSON();
    });
  } catch (error) {
    throw new InputError(`catalog-info.yaml is not valid YAML: ${(error as Error).message}`);
  }
  const entities = documents.filter(
    (d): d is Entity =>
      typeof d === 'object' && d !== null && 'kind' in d && 'metadata' in d,
  );
  const component =
    entities.find(
      e =>
        e.kind.toLowerCase() === 'component' &&
        ML_TYPES.includes(String((e.spec as { type?: unknown })?.type)),
    ) ?? entities.find(e => e.kind.toLowerCase() === 'component');
  if (!component || typeof component.metadata?.name !== 'string') {
    throw new InputError('catalog-info.yaml has no Component entity with a metadata.name');
  }
  return { entity: component, from: 'catalog-info.yaml' };
}

/**
 * Scores a local checkout with the same engine and checks as the backend. Only the
 * checkout is read: sources that need CI, a registry or monitoring are unknown or
 * decided by what the repository declares.
 */
export async function scoreDirectory(
  directory: string,
  options: {
    overrides?: Record<string, CheckOverride>;
    customChecks?: CustomCheckConfig[];
    now?: Date;
  } = {},
): Promise<{ scorecard: Scorecard; entitySource: string }> {
  const dir = path.resolve(directory);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new InputError(`${directory} is not a directory`);
  }
  const { entity, from } = await readEntity(dir);
  const annotations = { ...entity.metadata.annotations };
  // The checkout itself is the repository, whatever the annotation says.
  annotations['backstage.io/source-location'] = `file:${dir}/`;
  const scoredEntity: Entity = {
    ...entity,
    metadata: { ...entity.metadata, annotations },
  };

  const registry = CheckRegistry.create({
    checks: builtinChecks,
    overrides: options.overrides ?? {},
    customChecks: options.customChecks ?? [],
  });
  const reader = RepositoryReader.create({
    urlReader: {
      readUrl: async () => {
        throw new Error('the CLI reads local checkouts only');
      },
      readTree: async () => {
        throw new Error('the CLI reads local checkouts only');
      },
      search: async () => {
        throw new Error('the CLI reads local checkouts only');
      },
    },
    fileRoots: [dir],
    baseDir: dir,
  });
  const now = options.now ?? new Date();
  const entityRef = stringifyEntityRef(scoredEntity);
  const read = await reader.read(`file:${dir}/`);
  if (read.notModified) {
    throw new Error('unexpected not-modified answer for a local read');
  }
  const repository = await analyzeRepository({ location: read.location, files: read.files });
  const engine = new MaturityEngine(registry);
  const scorecard = await engine.evaluate({
    entity: scoredEntity,
    facts: [
      {
        source: 'catalog',
        entityRef,
        facts: await buildCatalogFacts(scoredEntity, 'no-catalog'),
        collectedAt: now.toISOString(),
        origin: 'collector',
      },
      {
        source: 'repository',
        entityRef,
        facts: repository,
        collectedAt: now.toISOString(),
        origin: 'collector',
      },
    ],
    liveSources: new Set(['catalog', 'repository']),
    now,
  });
  return { scorecard, entitySource: from };
}
