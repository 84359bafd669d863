import { Entity } from '@backstage/catalog-model';
import { isMlopsMaturityRollupAvailable } from './isMlopsMaturityRollupAvailable';

const entity = (
  kind: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', ...(annotations && { annotations }) },
  spec: { type: 'team' },
});

describe('isMlopsMaturityRollupAvailable', () => {
  it('holds for groups, domains and systems, whatever the case of the kind', () => {
    expect(isMlopsMaturityRollupAvailable(entity('Group'))).toBe(true);
    expect(isMlopsMaturityRollupAvailable(entity('Domain'))).toBe(true);
    expect(isMlopsMaturityRollupAvailable(entity('system'))).toBe(true);
  });

  it('does not hold for other kinds, nor for an entity opted in as an ML service', () => {
    expect(isMlopsMaturityRollupAvailable(entity('Component'))).toBe(false);
    expect(isMlopsMaturityRollupAvailable(entity('User'))).toBe(false);
    expect(
      isMlopsMaturityRollupAvailable(
        entity('System', { 'mlops-maturity.io/enabled': 'true' }),
      ),
    ).toBe(false);
  });
});
