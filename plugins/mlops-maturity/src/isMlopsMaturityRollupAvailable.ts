import { Entity } from '@backstage/catalog-model';
import { isMlopsMaturityAvailable } from './isMlopsMaturityAvailable';

/** The rollup each entity kind with a maturity rollup is counted in. */
export const ROLLUP_BY_KIND = {
  group: 'owner',
  domain: 'domain',
  system: 'system',
} as const;

export type RollupEntityKind = keyof typeof ROLLUP_BY_KIND;

/** The entity's kind when it is a group, domain or system. */
export function rollupKindOf(entity: Entity): RollupEntityKind | undefined {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kind in ROLLUP_BY_KIND ? (kind as RollupEntityKind) : undefined;
}

/**
 * Whether a Group, Domain or System page should show the maturity of the ML services
 * it holds. An entity opted in as an ML service itself shows the service tab instead.
 * @public
 */
export function isMlopsMaturityRollupAvailable(entity: Entity): boolean {
  return (
    rollupKindOf(entity) !== undefined && !isMlopsMaturityAvailable(entity)
  );
}
