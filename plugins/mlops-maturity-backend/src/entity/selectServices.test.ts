import { Entity } from '@backstage/catalog-model';
import { DEFAULT_SELECTOR } from '../config/MlopsMaturityConfig';
import {
  describeNotSelected,
  isMlService,
  resolveFlavor,
} from './selectServices';
import { parseWaivers } from './waivers';

const entity = (
  type: string,
  annotations: Record<string, string> = {},
  kind = 'Component',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
  spec: { type },
});

describe('isMlService', () => {
  it.each(['ml-service', 'ml-model', 'ml-pipeline', 'llm-service'])(
    'selects components of type %s',
    type => {
      expect(isMlService(entity(type), DEFAULT_SELECTOR)).toBe(true);
    },
  );

  it('skips other types and kinds unless they opt in', () => {
    expect(isMlService(entity('website'), DEFAULT_SELECTOR)).toBe(false);
    expect(
      isMlService(entity('ml-service', {}, 'Resource'), DEFAULT_SELECTOR),
    ).toBe(false);
    expect(
      isMlService(
        entity('service', { 'mlops-maturity.io/enabled': 'true' }),
        DEFAULT_SELECTOR,
      ),
    ).toBe(true);
    expect(
      isMlService(
        entity('ml-service', { 'mlops-maturity.io/enabled': 'false' }),
        DEFAULT_SELECTOR,
      ),
    ).toBe(false);
  });

  it('honours a configured predicate', () => {
    const selector = { 'metadata.tags': { $contains: 'ml' } } as any;
    expect(
      isMlService(
        { ...entity('service'), metadata: { name: 'x', tags: ['ml'] } },
        selector,
      ),
    ).toBe(true);
    expect(isMlService(entity('ml-service'), selector)).toBe(false);
  });

  it('explains how to opt in', () => {
    expect(describeNotSelected(entity('website'))).toMatch(
      /spec.type website.*mlops-maturity.io\/enabled/,
    );
  });
});

describe('resolveFlavor', () => {
  it('derives llm from the type and lets the annotation override it', () => {
    expect(resolveFlavor(entity('llm-service'))).toEqual({ flavor: 'llm' });
    expect(
      resolveFlavor(
        entity('ml-service', { 'mlops-maturity.io/flavor': 'LLM' }),
      ),
    ).toEqual({ flavor: 'llm' });
    expect(
      resolveFlavor(
        entity('ml-service', { 'mlops-maturity.io/flavor': 'genai' }),
      ),
    ).toEqual({
      flavor: 'ml',
      error: expect.stringContaining('"genai"'),
    });
  });
});

describe('parseWaivers', () => {
  it('parses waivers with expiry and reports malformed entries', () => {
    const { waivers, errors } = parseWaivers(
      'deploy.rollback:2027-01-31, bad, gov.model-card:31-01-2027',
    );
    expect(waivers).toEqual([
      {
        checkId: 'deploy.rollback',
        expiresAt: new Date('2027-01-31T23:59:59.999Z'),
      },
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('"bad"');
  });
});
