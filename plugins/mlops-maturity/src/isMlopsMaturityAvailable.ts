import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  ML_COMPONENT_TYPES,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * Whether the entity page should show MLOps maturity: components whose spec.type is
 * an ML type, or any entity opted in with `mlops-maturity.io/enabled: "true"`.
 * `"false"` opts an entity out even when its type matches.
 *
 * This mirrors the backend's default selector; an operator who changes the selector
 * still gets a clear "not an ML service" message from the tab.
 * @public
 */
export function isMlopsMaturityAvailable(entity: Entity): boolean {
  const optIn = entity.metadata.annotations?.[ANNOTATIONS.enabled];
  if (optIn === 'false') {
    return false;
  }
  if (optIn === 'true') {
    return true;
  }
  const type = entity.spec?.type;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    typeof type === 'string' &&
    ML_COMPONENT_TYPES.includes(type)
  );
}
