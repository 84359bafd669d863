import fs from 'fs/promises';
import path from 'path';
import YAML from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ANNOTATIONS,
  CheckDefinition,
  Flavor,
  ML_COMPONENT_TYPES,
  MaturityLevel,
  RepositoryFacts,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { buildCatalogFacts } from '../collectors/catalog/buildCatalogFacts';
import { analyzeRepository } from '@mlops-maturity/backstage-plugin-mlops-maturity-analyzer';
import { RepositoryReader, findGitRoot } from '../collectors/RepositoryReader';
import { CheckRegistry } from '../engine/CheckRegistry';
import { evaluateCapabilities, reachedLevel } from '../engine/capabilityLevels';
import { MaturityEngine } from '../engine/MaturityEngine';
import { builtinChecks } from '../checks/builtin';
import {
  CheckOverride,
  CustomCheckConfig,
  readMlopsMaturityConfig,
} from '../config/MlopsMaturityConfig';

/** Sources only a running backend has: a checkout shows none of them. */
const LIVE_SOURCES = ['ci', 'registry', 'monitoring', 'custom'];

/**
 * The parts of an app-config that change how the CLI scores.
 * @public
 */
export interface ScoringConfig {
  overrides: Record<string, CheckOverride>;
  customChecks: CustomCheckConfig[];
  requireObservedLevels: Array<1 | 2>;
}

/**
 * Reads `mlopsMaturity` from an app-config file: check overrides, custom checks, level rules.
 * @public
 */
export async function readScoringConfig(file: string): Promise<ScoringConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `Cannot read the config file ${file}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new InputError(
      `${file} is not valid YAML: ${(error as Error).message}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${file} does not hold an app-config object`);
  }
  const config = readMlopsMaturityConfig(
    new ConfigReader(data as Record<string, any>, file),
  );
  // Validate overrides and custom checks now, so a mistake is reported as bad input.
  const { warnings } = CheckRegistry.create({
    checks: builtinChecks,
    overrides: config.checkOverrides,
    customChecks: config.customChecks,
  });
  warnings.forEach(warning =>
    process.stderr.write(`mlops-maturity: ${warning}\n`),
  );
  return {
    overrides: config.checkOverrides,
    customChecks: config.customChecks,
    requireObservedLevels: config.requireObservedLevels,
  };
}

/**
 * The entity the checkout describes: the ML component of its catalog-info.yaml, or a
 * stand-in named after the directory when there is none.
 */
async function readEntity(
  dir: string,
): Promise<{ entity: Entity; from: string; bare: boolean }> {
  const file = path.join(dir, 'catalog-info.yaml');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return {
      from: 'no catalog-info.yaml: a bare checkout, named after its directory',
      bare: true,
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name:
            path
              .basename(dir)
              .toLowerCase()
              .replace(/[^a-z0-9-]/g, '-')
              .replace(/^-+|-+$/g, '') || 'checkout',
        },
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
    throw new InputError(
      `catalog-info.yaml is not valid YAML: ${(error as Error).message}`,
    );
  }
  const entities = documents.filter(
    (d): d is Entity =>
      typeof d === 'object' && d !== null && 'kind' in d && 'metadata' in d,
  );
  const component =
    entities.find(
      e =>
        e.kind.toLowerCase() === 'component' &&
        ML_COMPONENT_TYPES.includes(
          String((e.spec as { type?: unknown })?.type),
        ),
    ) ?? entities.find(e => e.kind.toLowerCase() === 'component');
  if (!component || typeof component.metadata?.name !== 'string') {
    throw new InputError(
      'catalog-info.yaml has no Component entity with a metadata.name',
    );
  }
  return { entity: component, from: 'catalog-info.yaml', bare: false };
}

/** Whether the catalog entity itself says which flavour the service is. */
function catalogNamesFlavor(entity: Entity): boolean {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return (
    entity.metadata.annotations?.[ANNOTATIONS.flavor] !== undefined ||
    ML_COMPONENT_TYPES.includes(String(type))
  );
}

/** The LLM flavour from what the code calls: LLM SDKs, frameworks and gateways. */
export function detectFlavor(repository: RepositoryFacts): {
  flavor: Flavor;
  reason: string;
} {
  const stack = repository.signals.filter(s => s.kind === 'llm-framework');
  if (stack.length === 0) {
    return {
      flavor: 'ml',
      reason:
        'detected: no LLM SDK, framework or gateway in the dependencies or imports',
    };
  }
  const shown = stack
    .slice(0, 2)
    .map(s => s.detail)
    .join('; ');
  return { flavor: 'llm', reason: `detected: ${shown}` };
}

/** @public */
export interface ScoreOptions {
  overrides?: Record<string, CheckOverride>;
  customChecks?: CustomCheckConfig[];
  requireObservedLevels?: Array<1 | 2>;
  /** Forces the flavour instead of taking it from the catalog entity or detecting it. */
  flavor?: Flavor;
  /**
   * The repository the directory belongs to. Defaults to the git work tree around it; the
   * directory is then scored as a monorepo folder with the root CI that names it.
   */
  repositoryRoot?: string;
  /** Where the files came from, when the caller knows better than the file system. */
  versionControl?: { system: string; detail: string };
  now?: Date;
}

/** @public */
export interface ScoreResult {
  scorecard: Scorecard;
  /**
   * The level without the waivers in the checkout's own catalog-info.yaml: they are
   * self-granted, so a gate counts them only when told to.
   */
  levelWithoutWaivers: MaturityLevel;
  entitySource: string;
  flavorSource: string;
  /** The service folder inside the repository, when it is not the repository's root. */
  serviceFolder?: string;
  /** Checks this checkout cannot decide, with the reason. */
  undecidable: Array<{ id: string; reason: string }>;
}

/**
 * Scores a local checkout with the same engine and checks as the backend. Only the
 * checkout is read: sources that need CI, a registry or monitoring cannot be decided, and
 * on a bare checkout (no catalog-info.yaml) neither can catalog facts such as the owner;
 * those checks decide nothing and the report lists them.
 * @public
 */
export async function scoreDirectory(
  directory: string,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const dir = path.resolve(directory);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new InputError(`${directory} is not a directory`);
  }
  const root = options.repositoryRoot
    ? path.resolve(options.repositoryRoot)
    : (await findGitRoot(dir)) ?? dir;
  const serviceFolder = path.relative(root, dir).split(path.sep).join('/');
  if (serviceFolder.startsWith('..') || path.isAbsolute(serviceFolder)) {
    throw new InputError(
      `${directory} is not inside the repository ${options.repositoryRoot}`,
    );
  }

  const { entity, from, bare } = await readEntity(dir);
  const annotations = { ...entity.metadata.annotations };
  // The checkout itself is the repository, whatever the annotation says.
  annotations[ANNOTATIONS.sourceLocation] = `file:${dir}/`;

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
    fileRoots: [root],
    baseDir: root,
  });
  const read = await reader.read(`file:${root}/`);
  if (read.notModified) {
    throw new Error('unexpected not-modified answer for a local read');
  }
  const repository = await analyzeRepository({
    location: `file:${dir}/`,
    files: read.files,
    serviceRoot: serviceFolder,
    versionControl: options.versionControl ?? read.versionControl,
  });

  let flavorSource = 'from the catalog entity';
  if (options.flavor) {
    annotations[ANNOTATIONS.flavor] = options.flavor;
    flavorSource = 'given with --flavor';
  } else if (bare || !catalogNamesFlavor(entity)) {
    const detected = detectFlavor(repository);
    annotations[ANNOTATIONS.flavor] = detected.flavor;
    flavorSource = detected.reason;
  }
  const scoredEntity: Entity = {
    ...entity,
    metadata: { ...entity.metadata, annotations },
  };

  const registry = CheckRegistry.create({
    checks: builtinChecks,
    overrides: options.overrides ?? {},
    customChecks: options.customChecks ?? [],
  });
  const undecidable = (definition: CheckDefinition): string | undefined => {
    const live = definition.sources.filter(s => LIVE_SOURCES.includes(s));
    const readable = definition.sources.filter(
      s => !LIVE_SOURCES.includes(s) && !(bare && s === 'catalog'),
    );
    if (readable.length > 0) {
      return undefined;
    }
    const needs = [
      ...(bare && definition.sources.includes('catalog')
        ? ['a catalog entity (catalog-info.yaml)']
        : []),
      ...(live.length > 0 ? [`a live ${live.join('/')} source`] : []),
    ];
    return `Not decided from a checkout: this check needs ${needs.join(
      ' or ',
    )}, which the CLI does not have.`;
  };
  const engine = new MaturityEngine(registry, {
    levelOptions: { requireObservedLevels: options.requireObservedLevels },
    undecidable,
  });
  const now = options.now ?? new Date();
  const entityRef = stringifyEntityRef(scoredEntity);
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
  return {
    scorecard,
    levelWithoutWaivers: reachedLevel(
      scorecard.flavor,
      evaluateCapabilities(scorecard.flavor, scorecard.checks, {
        requireObservedLevels: options.requireObservedLevels,
        ignoreWaivers: true,
      }),
    ),
    entitySource: from,
    flavorSource,
    ...(serviceFolder ? { serviceFolder } : {}),
    undecidable: scorecard.checks
      .filter(c => c.decidable === false)
      .map(c => ({ id: c.id, reason: c.message })),
  };
}
