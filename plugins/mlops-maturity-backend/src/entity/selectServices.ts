import { Entity } from '@backstage/catalog-model';
import {
  FilterPredicate,
  evaluateFilterPredicate,
} from '@backstage/filter-predicates';
import {
  ANNOTATIONS,
  Flavor,
  LLM_COMPONENT_TYPE,
  describeMlComponentTypes,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * Whether an entity is an ML service: the explicit annotation wins either way,
 * otherwise the configured filter predicate decides.
 */
export function isMlService(
  entity: Entity,
  selector: FilterPredicate,
): boolean {
  const optIn = entity.metadata.annotations?.[ANNOTATIONS.enabled];
  if (optIn === 'true') {
    return true;
  }
  if (optIn === 'false') {
    return false;
  }
  return evaluateFilterPredicate(selector, entity);
}

/** Explains why an entity was not selected, for 404 responses. */
export function describeNotSelected(entity: Entity): string {
  const optIn = entity.metadata.annotations?.[ANNOTATIONS.enabled];
  if (optIn === 'false') {
    return `it opts out with the annotation ${ANNOTATIONS.enabled}: "false"`;
  }
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return `it does not match mlopsMaturity.selector (kind ${entity.kind}${
    typeof type === 'string' ? `, spec.type ${type}` : ''
  }); give it spec.type ${describeMlComponentTypes()}, or the annotation ${
    ANNOTATIONS.enabled
  }: "true"`;
}

/**
 * `llm` for spec.type llm-service or the flavour annotation; a malformed flavour
 * annotation is reported and ignored.
 */
export function resolveFlavor(entity: Entity): {
  flavor: Flavor;
  error?: string;
} {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  const derived: Flavor = type === LLM_COMPONENT_TYPE ? 'llm' : 'ml';
  const annotation = entity.metadata.annotations?.[ANNOTATIONS.flavor];
  if (annotation === undefined) {
    return { flavor: derived };
  }
  const value = annotation.trim().toLowerCase();
  if (value === 'ml' || value === 'llm') {
    return { flavor: value };
  }
  return {
    flavor: derived,
    error: `annotation ${ANNOTATIONS.flavor} is "${annotation}"; expected ml or llm`,
  };
}
