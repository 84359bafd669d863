import {
  CollectContext,
  FactCollector,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { CatalogFacts } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { buildCatalogFacts } from './buildCatalogFacts';

/** The entity, its relations and annotations, read from the catalog on every refresh. */
export class CatalogCollector implements FactCollector {
  readonly id = 'catalog';
  readonly source = 'catalog';

  appliesTo(): boolean {
    return true;
  }

  collect({ entity, lookupEntity }: CollectContext): Promise<CatalogFacts> {
    return buildCatalogFacts(entity, lookupEntity);
  }
}
