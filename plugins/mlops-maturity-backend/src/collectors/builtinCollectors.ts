import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { CatalogCollector } from './catalog/CatalogCollector';
import { RepositoryCollector } from './RepositoryCollector';
import { RepositoryReader } from './RepositoryReader';

/**
 * The built-in collectors, then the modules'. A module's collector may not write a
 * source a built-in one writes: it would replace the facts every check reads.
 */
export function withBuiltinCollectors(
  reader: RepositoryReader,
  moduleCollectors: FactCollector[],
): FactCollector[] {
  const builtins = [new CatalogCollector(), new RepositoryCollector(reader)];
  for (const collector of moduleCollectors) {
    const builtin = builtins.find(b => b.source === collector.source);
    if (builtin) {
      throw new Error(
        `MLOps maturity collector '${collector.id}' writes the '${collector.source}' source, which the built-in '${builtin.id}' collector writes; give it a source of its own`,
      );
    }
  }
  return [...builtins, ...moduleCollectors];
}
