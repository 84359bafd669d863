import { JsonObject } from '@backstage/types';
import { Persona } from './levels';

/**
 * Facts of source `catalog`: the entity, its relations and its annotations, normalised.
 * Malformed annotations are listed in `annotationErrors` (annotation → reason) so the
 * checks that need them report `unknown` with that reason.
 * @public
 */
export interface CatalogFacts extends JsonObject {
  entityRef: string;
  kind: string;
  specType: string | null;
  lifecycle: string | null;
  /** Owner entity ref; `ownerKind` is `group`, `user` or null when unresolved. */
  owner: string | null;
  ownerKind: string | null;
  /** True when the owner entity exists in the catalog. */
  ownerExists: boolean;
  /**
   * False when no catalog was consulted (the CLI): relations are then as declared in
   * catalog-info.yaml, unverified, and `ownerKind` comes from the owner ref.
   */
  relationsResolved: boolean;
  system: string | null;
  domain: string | null;
  /** Domain chain from the closest domain upward through `subdomainOf`. */
  domainPath: string[];
  /** Owner group chain from the owner upward through `spec.parent`. */
  ownerPath: string[];
  /**
   * The persona the owning team declares (`mlops-maturity.io/team-persona` on the closest
   * group of the owner chain that has it); absent when none does. Optional: facts stored
   * before team personas lack it.
   */
  ownerPersona?: Persona | null;
  annotations: Record<string, string>;
  tags: string[];
  links: { url: string; title: string | null; type: string | null }[];
  /** Link URLs keyed by link type (and by lower-cased title when it has no type). */
  linksByType: Record<string, string>;
  sourceLocation: string | null;
  sourceTemplate: string | null;
  techdocsRef: string | null;
  dataClassification: string | null;
  costCenter: string | null;
  regions: string[];
  modelProviders: string[];
  kpi: string | null;
  annotationErrors: Record<string, string>;
}
