import { compactHistory, rubricChanged } from './compactHistory';

const point = (day: number, level: 0 | 1 | 2, score: number) => ({
  evaluatedAt: `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`,
  level,
  score,
  coverage: 0.9,
});

describe('compactHistory', () => {
  it('keeps the first point, every change and the latest point', () => {
    const history = [
      point(1, 0, 40),
      point(2, 0, 40),
      point(3, 0, 40),
      point(4, 1, 62),
      point(5, 1, 62),
      point(6, 1, 70),
      point(7, 1, 70),
    ];
    expect(
      compactHistory(history).map(p => p.evaluatedAt.slice(8, 10)),
    ).toEqual(['01', '04', '06', '07']);
  });

  it('leaves short series alone', () => {
    expect(compactHistory([])).toEqual([]);
    expect(compactHistory([point(1, 1, 50)])).toHaveLength(1);
  });

  it('keeps a point where the rubric changed, even with the same figures', () => {
    const history = [
      { ...point(1, 1, 50), rubricVersion: 'a' },
      { ...point(2, 1, 50), rubricVersion: 'a' },
      { ...point(3, 1, 50), rubricVersion: 'b' },
      { ...point(4, 1, 50), rubricVersion: 'b' },
      { ...point(5, 1, 50), rubricVersion: 'b' },
    ];
    expect(
      compactHistory(history).map(p => p.evaluatedAt.slice(8, 10)),
    ).toEqual(['01', '03', '05']);
    // Points recorded before rubrics were stored say nothing about a change.
    expect(
      rubricChanged(point(1, 1, 50), {
        ...point(2, 1, 50),
        rubricVersion: 'a',
      }),
    ).toBe(false);
  });
});
