import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  CatalogFacts,
  Persona,
  isPersona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { resolveFlavor } from '../../entity/selectServices';
import { parseWaivers } from '../../entity/waivers';

/** Looks an entity up by ref; undefined when it does not exist (or is not visible). */
export type EntityLookup = (entityRef: string) => Promise<Entity | undefined>;

const LIST_ITEM = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
const IDENTIFIER = /^[a-z][a-z0-9-]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function splitList(value: string): string[] {
  return value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

function safeRef(
  value: string | undefined,
  defaultKind: string,
  namespace: string,
): string | null {
  if (!value) {
    return null;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return null;
  }
}

/** The owner's kind: from the catalog, or from the ref when no catalog was consulted. */
function ownerKindOf(
  ownerEntity: Entity | undefined,
  ownerRef: string | null,
  relationsResolved: boolean,
): string | null {
  if (ownerEntity) {
    return ownerEntity.kind.toLowerCase();
  }
  if (!relationsResolved && ownerRef) {
    return parseEntityRef(ownerRef).kind.toLowerCase();
  }
  return null;
}

/**
 * Normalises the entity, its relations (owner, system, domain chain) and annotations.
 * Malformed annotations land in `annotationErrors` instead of throwing, so only the
 * checks that need them become `unknown`.
 */
export async function buildCatalogFacts(
  entity: Entity,
  lookup: EntityLookup | 'no-catalog',
): Promise<CatalogFacts> {
  const relationsResolved = lookup !== 'no-catalog';
  const find: EntityLookup = relationsResolved ? lookup : async () => undefined;
  const namespace = entity.metadata.namespace ?? 'default';
  const annotations = entity.metadata.annotations ?? {};
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const annotationErrors: Record<string, string> = {};

  const ownerRef =
    entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
    safeRef(
      typeof spec.owner === 'string' ? spec.owner : undefined,
      'group',
      namespace,
    );
  const ownerEntity = ownerRef ? await find(ownerRef) : undefined;

  const systemRef =
    entity.relations?.find(
      r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
    )?.targetRef ??
    safeRef(
      typeof spec.system === 'string' ? spec.system : undefined,
      'system',
      namespace,
    );
  const systemEntity = systemRef ? await find(systemRef) : undefined;

  const domainPath: string[] = [];
  const systemSpec = (systemEntity?.spec ?? {}) as Record<string, unknown>;
  let domainRef = safeRef(
    typeof systemSpec.domain === 'string' ? systemSpec.domain : undefined,
    'domain',
    systemEntity?.metadata.namespace ?? namespace,
  );
  // Follow subdomainOf upward; the guard stops cycles in a misconfigured catalog.
  while (
    domainRef &&
    !domainPath.includes(domainRef) &&
    domainPath.length < 10
  ) {
    domainPath.push(domainRef);
    const domainEntity = await find(domainRef);
    const parent = (domainEntity?.spec as Record<string, unknown> | undefined)
      ?.subdomainOf;
    domainRef = safeRef(
      typeof parent === 'string' ? parent : undefined,
      'domain',
      domainEntity?.metadata.namespace ?? namespace,
    );
  }

  const ownerPath: string[] = [];
  let ownerPersona: Persona | null = null;
  let groupRef: string | null =
    ownerEntity?.kind.toLowerCase() === 'group' ? ownerRef : null;
  let group = ownerEntity;
  // Parents include their children's services in rollups; the guard stops cycles.
  while (
    groupRef &&
    group &&
    !ownerPath.includes(groupRef) &&
    ownerPath.length < 20
  ) {
    ownerPath.push(groupRef);
    // The closest group that says its persona speaks for the team; others are ignored.
    const declared = group.metadata.annotations?.[ANNOTATIONS.teamPersona];
    if (ownerPersona === null && isPersona(declared)) {
      ownerPersona = declared;
    }
    const parent = (group.spec as Record<string, unknown> | undefined)?.parent;
    groupRef = safeRef(
      typeof parent === 'string' ? parent : undefined,
      'group',
      group.metadata.namespace ?? namespace,
    );
    group = groupRef ? await find(groupRef) : undefined;
  }

  const listAnnotation = (key: string): string[] => {
    const value = annotations[key];
    if (value === undefined) {
      return [];
    }
    const items = splitList(value);
    const bad = items.filter(item => !LIST_ITEM.test(item));
    if (items.length === 0 || bad.length > 0) {
      annotationErrors[
        key
      ] = `"${value}" is not a comma-separated list of names`;
      return [];
    }
    return items;
  };

  const identifierAnnotation = (
    key: string,
    normalise: boolean,
  ): string | null => {
    const raw = annotations[key];
    if (raw === undefined) {
      return null;
    }
    const value = normalise ? raw.trim().toLowerCase() : raw.trim();
    if (!(normalise ? IDENTIFIER : LIST_ITEM).test(value)) {
      annotationErrors[
        key
      ] = `"${raw}" is not a valid value (letters, digits and dashes)`;
      return null;
    }
    return value;
  };

  let kpi: string | null = null;
  if (annotations[ANNOTATIONS.kpi] !== undefined) {
    const value = annotations[ANNOTATIONS.kpi].trim();
    if (/^https?:\/\/\S+$/.test(value) || METRIC_NAME.test(value)) {
      kpi = value;
    } else {
      annotationErrors[
        ANNOTATIONS.kpi
      ] = `"${value}" is neither an http(s) URL nor a metric name`;
    }
  }

  const sourceLocation = annotations[ANNOTATIONS.sourceLocation] ?? null;
  if (sourceLocation !== null && !/^(url:|file:)?\S+$/.test(sourceLocation)) {
    annotationErrors[
      ANNOTATIONS.sourceLocation
    ] = `"${sourceLocation}" is not a location`;
  }
  const flavor = resolveFlavor(entity);
  if (flavor.error) {
    annotationErrors[ANNOTATIONS.flavor] = flavor.error;
  }
  const waivers = parseWaivers(annotations[ANNOTATIONS.waivers]);
  if (waivers.errors.length > 0) {
    annotationErrors[ANNOTATIONS.waivers] = waivers.errors.join('; ');
  }

  const links = (entity.metadata.links ?? []).map(link => ({
    url: link.url,
    title: link.title ?? null,
    type: link.type ?? null,
  }));
  const linksByType: Record<string, string> = {};
  for (const link of links) {
    const key = link.type ?? link.title?.toLowerCase();
    if (key && !(key in linksByType)) {
      linksByType[key] = link.url;
    }
  }

  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind.toLowerCase(),
    specType: typeof spec.type === 'string' ? spec.type : null,
    lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : null,
    owner: ownerRef,
    ownerKind: ownerKindOf(ownerEntity, ownerRef, relationsResolved),
    ownerExists: ownerEntity !== undefined,
    relationsResolved,
    system: systemEntity ? stringifyEntityRef(systemEntity) : systemRef,
    domain: domainPath[0] ?? null,
    domainPath,
    ownerPath,
    ownerPersona,
    annotations,
    tags: entity.metadata.tags ?? [],
    links,
    linksByType,
    sourceLocation,
    sourceTemplate: annotations[ANNOTATIONS.sourceTemplate] ?? null,
    techdocsRef: annotations[ANNOTATIONS.techdocsRef] ?? null,
    dataClassification: identifierAnnotation(
      ANNOTATIONS.dataClassification,
      true,
    ),
    costCenter: identifierAnnotation(ANNOTATIONS.costCenter, false),
    regions: listAnnotation(ANNOTATIONS.region),
    modelProviders: listAnnotation(ANNOTATIONS.modelProvider),
    kpi,
    annotationErrors,
  };
}
