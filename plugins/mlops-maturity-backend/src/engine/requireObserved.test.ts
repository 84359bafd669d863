import { Entity } from '@backstage/catalog-model';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { CheckRegistry } from './CheckRegistry';
import { MaturityEngine } from './MaturityEngine';

// A module's check as its author writes it: no built-in helper that knew about requireObserved.
const moduleCheck = (strength: 'declared' | 'observed'): MaturityCheck => ({
  id: 'acme.feature-store',
  title: 'Features come from the feature store',
  description: 'The service reads its features from the company feature store.',
  dimension: 'data',
  level: 1,
  required: false,
  persona: 'ml-engineer',
  sources: ['custom'],
  remediation: 'Read features through the feature store client.',
  docsUrl: 'https://example.com/feature-store',
  evaluate: async () => ({
    status: 'pass',
    message: 'features are read from the store',
    evidence: [{ source: 'custom', strength, detail: 'feature store client' }],
  }),
});

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'churn', namespace: 'default' },
  spec: {
    type: 'ml-service',
    owner: 'group:default/ml',
    lifecycle: 'production',
  },
};

async function statusOf(check: MaturityCheck, requireObserved: boolean) {
  const registry = CheckRegistry.create({
    checks: [check],
    overrides: { [check.id]: { requireObserved } },
    customChecks: [],
  });
  const scorecard = await new MaturityEngine(registry).evaluate({
    entity,
    facts: [],
    liveSources: new Set(),
    now: new Date('2026-12-05T00:00:00Z'),
  });
  return scorecard.checks.find(c => c.id === check.id)!;
}

describe('requireObserved', () => {
  it("holds a module check's declared-only verdict to unknown, keeping what it declared", async () => {
    expect((await statusOf(moduleCheck('declared'), false)).status).toBe(
      'pass',
    );
    const held = await statusOf(moduleCheck('declared'), true);
    expect(held).toMatchObject({
      status: 'unknown',
      message:
        'observed evidence required (requireObserved) but only declared evidence is available (custom); declared evidence: features are read from the store',
      evidence: [expect.objectContaining({ detail: 'feature store client' })],
    });
  });

  it('lets a verdict on observed evidence stand', async () => {
    expect((await statusOf(moduleCheck('observed'), true)).status).toBe('pass');
  });
});
