import { FactSet } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { createCustomCheck } from './customCheck';

const factsView = (sets: FactSet[]) => ({
  get: (source: string) => sets.find(s => s.source === source) as any,
  hasLiveSource: () => false,
});

const catalogFacts = (
  facts: object,
  extra: Partial<FactSet> = {},
): FactSet => ({
  source: 'catalog',
  entityRef: 'component:default/x',
  facts: facts as any,
  collectedAt: '2026-11-26T00:00:00Z',
  origin: 'collector',
  ...extra,
});

const evaluate = async (rule: object, sets: FactSet[]) =>
  createCustomCheck(
    {
      id: 'org.rule',
      title: 'Rule',
      dimension: 'governance',
      level: 1,
      persona: 'devops',
      rule,
    } as any,
    0,
  ).evaluate({ facts: factsView(sets) } as any);

describe('createCustomCheck', () => {
  it('passes and fails on the fact path', async () => {
    const rule = { fact: 'catalog.linksByType.runbook', exists: true };
    await expect(
      evaluate(rule, [catalogFacts({ linksByType: { runbook: 'https://r' } })]),
    ).resolves.toMatchObject({
      status: 'pass',
      evidence: [{ source: 'catalog', strength: 'declared' }],
    });
    await expect(
      evaluate(rule, [catalogFacts({ linksByType: {} })]),
    ).resolves.toMatchObject({
      status: 'fail',
      message: expect.stringContaining('catalog.linksByType.runbook is absent'),
    });
  });

  it('supports in, matches, gte and lte', async () => {
    const facts = [
      {
        ...catalogFacts({}),
        source: 'custom',
        facts: { passRate: 0.93, tier: 'gold' },
      } as FactSet,
    ];
    await expect(
      evaluate({ fact: 'custom.passRate', gte: 0.9 }, facts),
    ).resolves.toMatchObject({
      status: 'pass',
      evidence: [{ strength: 'observed' }],
    });
    await expect(
      evaluate({ fact: 'custom.passRate', lte: 0.5 }, facts),
    ).resolves.toMatchObject({ status: 'fail' });
    await expect(
      evaluate({ fact: 'custom.tier', in: ['gold', 'silver'] }, facts),
    ).resolves.toMatchObject({ status: 'pass' });
    await expect(
      evaluate({ fact: 'custom.tier', matches: '^go' }, facts),
    ).resolves.toMatchObject({ status: 'pass' });
  });

  it('is unknown with the reason when the source is missing or failed', async () => {
    await expect(
      evaluate({ fact: 'ci.successRate', gte: 0.9 }, []),
    ).resolves.toMatchObject({
      status: 'unknown',
      message: "No facts from source 'ci' for this service.",
    });
    await expect(
      evaluate({ fact: 'catalog.x', exists: true }, [
        catalogFacts({}, { error: 'boom' }),
      ]),
    ).resolves.toMatchObject({
      status: 'unknown',
      message: "Source 'catalog' failed: boom",
    });
  });

  it('rejects an invalid regular expression at startup', () => {
    expect(() =>
      createCustomCheck(
        {
          id: 'org.re',
          title: 'Re',
          dimension: 'governance',
          level: 1,
          persona: 'devops',
          rule: { fact: 'catalog.x', matches: '(' },
        } as any,
        3,
      ),
    ).toThrow(/#3 \('org.re'\), field 'rule.matches'/);
  });
});
