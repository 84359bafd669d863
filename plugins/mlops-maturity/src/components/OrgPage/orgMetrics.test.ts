import {
  CARDS,
  domainRollup,
  domainTrend,
  PAYMENTS,
  personaRollup,
  RISK,
  SUPPORT,
} from './__testUtils__/orgFixtures';
import {
  aggregateTrend,
  countAtLeast,
  dimensionScores,
  personaDimensionHeatmap,
  summarize,
  thirtyDayChange,
  topLevelRows,
} from './orgMetrics';

describe('org metrics', () => {
  it('sums the top-level domains only, so subdomains are not counted twice', () => {
    const top = topLevelRows(domainRollup.items);
    expect(top.map(row => row.key)).toEqual([PAYMENTS, RISK, SUPPORT]);
    const summary = summarize(top);
    expect(summary).toEqual({
      services: 12,
      levelCounts: { '0': 3, '1': 6, '2': 3 },
      meanScore: 62.5,
      // payments' 3 of 4 and risk's 1 of 3; support has no targets.
      target: { services: 7, meeting: 4 },
    });
    expect(summarize([top[2]]).target).toBeUndefined();
    expect(countAtLeast(summary.levelCounts, 1)).toBe(9);
    expect(countAtLeast(summary.levelCounts, 2)).toBe(3);
  });

  it('treats a row whose parent is not listed as top level', () => {
    const orphan = domainRollup.items.filter(row => row.key !== PAYMENTS);
    expect(topLevelRows(orphan).map(row => row.key)).toContain(CARDS);
  });

  it('leaves groups without a score out of the mean', () => {
    const summary = summarize([
      { services: 2, levelCounts: { '0': 2, '1': 0, '2': 0 }, meanScore: 40 },
      { services: 3, levelCounts: { '0': 3, '1': 0, '2': 0 }, meanScore: null },
    ]);
    expect(summary.services).toBe(5);
    expect(summary.meanScore).toBe(40);
    expect(summarize([]).meanScore).toBeNull();
  });

  it('adds up the snapshots of each day, oldest first', () => {
    const trend = aggregateTrend([...domainTrend].reverse());
    expect(trend.map(point => point.date)).toEqual([
      '2026-02-01',
      '2026-02-20',
      '2026-03-14',
    ]);
    expect(trend[0]).toMatchObject({
      services: 12,
      meanScore: 45,
      shareAtLeastLevel1: 4 / 12,
    });
    expect(trend[2]).toMatchObject({
      meanScore: 62.5,
      shareAtLeastLevel1: 0.75,
    });
  });

  it('compares the latest snapshot with the newest one at least 30 days older', () => {
    const change = thirtyDayChange(aggregateTrend(domainTrend));
    expect(change?.since).toBe('2026-02-01');
    expect(change?.meanScore).toBeCloseTo(17.5);
    expect(change?.shareAtLeastLevel1).toBeCloseTo(75 - 100 / 3);
  });

  it('counts the sample services of each day, and says when a change starts from them', () => {
    // Two domains on Feb 1 come from sample history; the latest day is real.
    const withSample = domainTrend.map(point =>
      point.date === '2026-02-01' && point.key !== SUPPORT
        ? { ...point, sampleServices: point.services }
        : point,
    );
    const trend = aggregateTrend(withSample);
    expect(trend.map(point => point.sampleServices)).toEqual([10, 0, 0]);
    expect(thirtyDayChange(trend)?.fromSampleHistory).toBe(true);
    expect(
      thirtyDayChange(aggregateTrend(domainTrend))?.fromSampleHistory,
    ).toBe(false);
  });

  it('has no 30-day change without a snapshot 30 days old', () => {
    const recent = aggregateTrend(
      domainTrend.filter(point => point.date !== '2026-02-01'),
    );
    expect(recent).toHaveLength(2);
    expect(thirtyDayChange(recent)).toBeUndefined();
    expect(thirtyDayChange([])).toBeUndefined();
  });

  it('builds the heatmap from each persona row’s own cells', () => {
    const heatmap = personaDimensionHeatmap(personaRollup.items);
    expect(heatmap.personas).toEqual([
      'data-scientist',
      'ml-engineer',
      'devops',
    ]);
    expect(heatmap.dimensions).toEqual([
      'experimentation',
      'pipeline',
      'registry',
      'deployment',
      'monitoring',
    ]);
    // 8 of 10 from the ml-engineer row; the 100 of 100 in the data scientist row is ignored.
    expect(heatmap.cell('registry', 'ml-engineer')).toEqual({
      passed: 8,
      total: 10,
      rate: 0.8,
    });
    expect(heatmap.cell('monitoring', 'devops')?.rate).toBe(0);
    expect(heatmap.cell('experimentation', 'devops')).toBeUndefined();
  });

  it('scores a row per dimension over all personas', () => {
    const payments = domainRollup.items[0];
    expect(dimensionScores(payments)).toEqual([
      { dimension: 'registry', cell: { passed: 6, total: 8, rate: 0.75 } },
      { dimension: 'deployment', cell: { passed: 9, total: 12, rate: 0.75 } },
    ]);
  });
});
