import { validatePushedFacts } from './pushedFactsSchema';

const emptyStats = { workflows: [], runs: 0, succeeded: 0, lastRunAt: null, lastSuccessAt: null, successesLast30d: 0 };
const monitoring = {
  provider: 'prometheus',
  instance: 'prod',
  job: 'fraud',
  scraped: true,
  alertRules: ['FraudDrift'],
  series: { drift: ['fraud_drift_score'], modelQuality: [], kpi: [], tokens: [], gpu: [], gpuCost: [], feedback: [], outputQuality: [], dataQuality: [] },
  alertsFor: { drift: ['FraudDrift'], modelQuality: [], kpi: [] },
};

describe('validatePushedFacts', () => {
  it('accepts well-formed facts of every pushable source', () => {
    const result = validatePushedFacts({
      facts: [
        { source: 'monitoring', facts: monitoring, collectedAt: '2026-11-26T10:00:00Z' },
        { source: 'custom', facts: { evalPassRate: 0.92, judge: { model: 'x' } } },
      ],
    });
    expect(result).toEqual({
      ok: true,
      facts: [
        { source: 'monitoring', facts: monitoring, collectedAt: '2026-11-26T10:00:00Z' },
        { source: 'custom', facts: { evalPassRate: 0.92, judge: { model: 'x' } }, collectedAt: undefined },
      ],
    });
  });

  it.each([
    [{}, 'facts: Required'],
    [{ facts: [] }, 'facts: Array must contain at least 1'],
    [{ facts: [{ source: 'catalog', facts: {} }] }, "'catalog' cannot be pushed"],
    [{ facts: [{ source: 'monitoring', facts: { ...monitoring, scraped: 'yes' } }] }, 'facts.0.facts.scraped'],
    [{ facts: [{ source: 'monitoring', facts: { ...monitoring, extra: 1 } }] }, 'Unrecognized key'],
    [{ facts: [{ source: 'ci', facts: { provider: 'gh', deploy: { ...emptyStats, succeeded: 3 } } }] }, 'succeeded cannot exceed runs'],
    [{ facts: [{ source: 'custom', facts: {}, collectedAt: 'last tuesday' }] }, 'ISO 8601'],
    [{ facts: [{ source: 'custom', facts: {}, collectedAt: '9999-01-01T00:00:00Z' }] }, 'facts.0.collectedAt: 9999-01-01T00:00:00Z is in the future'],
    [{ facts: [{ source: 'custom', facts: {}, collectedAt: '1970-01-01T00:00:00Z' }] }, 'facts.0.collectedAt: 1970-01-01T00:00:00Z is before 2000'],
    [{ facts: [{ source: 'custom', facts: { latency: JSON.parse('1e400') } }] }, 'facts.0.facts.latency: Infinity is not a finite number'],
  ])('rejects %j with a located problem', (body, problem) => {
    const result = validatePushedFacts(body, new Date('2026-12-01T00:00:00Z'));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(problem);
  });

  it('accepts a clock a little ahead of ours', () => {
    const result = validatePushedFacts(
      { facts: [{ source: 'custom', facts: {}, collectedAt: '2026-12-01T00:30:00Z' }] },
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses facts nested thousands of levels deep without exhausting the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) {
      deep = { next: deep };
    }
    const result = validatePushedFacts({ facts: [{ source: 'custom', facts: { deep } }] });
    expect(result).toEqual({
      ok: false,
      problems: [`facts.0.facts.deep${'.next'.repeat(28)}: nested deeper than 32 levels`],
    });
    let withinLimit: unknown = 1;
    for (let i = 0; i < 28; i++) {
      withinLimit = [withinLimit];
    }
    expect(
      validatePushedFacts({ facts: [{ source: 'custom', facts: { withinLimit } }] }).ok,
    ).toBe(true);
  });
});
