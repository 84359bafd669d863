import { Entity } from '@backstage/catalog-model';
import { isMlopsMaturityAvailable } from './isMlopsMaturityAvailable';

function entity(
  kind: string,
  type?: string,
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec: type ? { type, owner: 'team-a', lifecycle: 'production' } : {},
  };
}

describe('isMlopsMaturityAvailable', () => {
  it.each(['ml-service', 'ml-model', 'ml-pipeline', 'llm-service'])(
    'accepts components of type %s',
    type => {
      expect(isMlopsMaturityAvailable(entity('Component', type))).toBe(true);
    },
  );

  it('rejects other component types and other kinds', () => {
    expect(isMlopsMaturityAvailable(entity('Component', 'website'))).toBe(
      false,
    );
    expect(isMlopsMaturityAvailable(entity('Component'))).toBe(false);
    expect(isMlopsMaturityAvailable(entity('Resource', 'ml-service'))).toBe(
      false,
    );
  });

  it('honours the opt-in and opt-out annotation', () => {
    expect(
      isMlopsMaturityAvailable(
        entity('Component', 'service', { 'mlops-maturity.io/enabled': 'true' }),
      ),
    ).toBe(true);
    expect(
      isMlopsMaturityAvailable(
        entity('Component', 'ml-service', {
          'mlops-maturity.io/enabled': 'false',
        }),
      ),
    ).toBe(false);
  });
});
