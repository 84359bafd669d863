import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScorecardStore } from '../database/ScorecardStore';

/** Gives the refs of the scored services that the caller may read in the catalog. */
export type VisibleServiceRefs = (
  credentials: BackstageCredentials,
) => Promise<string[]>;

/** Scored services that the caller may read; the catalog applies read permissions. */
export function createVisibleServiceRefs(options: {
  store: Pick<ScorecardStore, 'listScoredEntityRefs'>;
  catalog: CatalogService;
}): VisibleServiceRefs {
  const { store, catalog } = options;
  return async credentials => {
    const all = await store.listScoredEntityRefs();
    const visible: string[] = [];
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, index) => {
        if (item) {
          visible.push(chunk[index]);
        }
      });
    }
    return visible;
  };
}
