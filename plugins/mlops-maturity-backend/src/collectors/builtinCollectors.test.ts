import { mockServices } from '@backstage/backend-test-utils';
import { FactCollector } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { RepositoryReader } from './RepositoryReader';
import { withBuiltinCollectors } from './builtinCollectors';

const reader = RepositoryReader.create({
  urlReader: mockServices.urlReader.mock(),
  fileRoots: [],
  baseDir: '.',
});

const moduleCollector = (source: string): FactCollector => ({
  id: 'acme-ci',
  source,
  appliesTo: () => true,
  collect: async () => ({}),
});

describe('withBuiltinCollectors', () => {
  it('runs the catalog and repository collectors first, then the modules', () => {
    expect(
      withBuiltinCollectors(reader, [moduleCollector('ci')]).map(c => c.id),
    ).toEqual(['catalog', 'repository', 'acme-ci']);
  });

  it("refuses a module's collector that would replace a built-in source", () => {
    expect(() =>
      withBuiltinCollectors(reader, [moduleCollector('catalog')]),
    ).toThrow(
      "MLOps maturity collector 'acme-ci' writes the 'catalog' source, which the built-in 'catalog' collector writes; give it a source of its own",
    );
  });
});
