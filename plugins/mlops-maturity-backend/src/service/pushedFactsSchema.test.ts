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
  ])('rejects %j with a located problem', (body, problem) => {
    const result = validatePushedFacts(body);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(problem);
  });
});
