import path from 'path';
import { calibrate, readLabels, spearman } from './calibrate';

const FIXTURES = path.join(__dirname, '__fixtures__', 'calibration');

describe('calibrate', () => {
  it('agrees with the labels of the offline fixture repositories', async () => {
    const labels = await readLabels(path.join(FIXTURES, 'labels.json'));
    const report = await calibrate(labels, path.join(FIXTURES, 'repos'));
    const levels = report.rows.map(row => [
      row.subdir ? `${row.repo}/${row.subdir}` : row.repo,
      row.level,
      row.flavor,
    ]);
    expect(levels).toEqual([
      ['acme/churn-notebooks', 0, 'ml'],
      ['acme/pdf-chat', 0, 'llm'],
      ['acme/platform/services/legacy-scorer', 0, 'ml'],
      ['acme/fraud-dvc', 1, 'ml'],
      ['acme/support-bot', 1, 'llm'],
      ['acme/platform/services/demand-forecast', 2, 'ml'],
    ]);
    expect(report.withinBand).toBe(report.total);
    expect(report.levelZeroAtTwo).toBe(0);
    expect(report.spearman).toBeGreaterThanOrEqual(0.8);
  });

  it('explains each row by capability and what the next level needs', async () => {
    const labels = await readLabels(path.join(FIXTURES, 'labels.json'));
    const report = await calibrate(
      labels.filter(label => label.repo === 'acme/fraud-dvc'),
      path.join(FIXTURES, 'repos'),
    );
    expect(report.rows[0].capabilities).toEqual(
      expect.arrayContaining([
        'training-pipeline',
        'model-versioning',
        'model-packaging',
        'automated-testing',
      ]),
    );
    expect(report.rows[0].blockers).toEqual(
      expect.arrayContaining(['continuous-delivery', 'triggered-retraining']),
    );
  });

  it('computes Spearman with ties as the correlation of average ranks', () => {
    expect(spearman([10, 20, 30], [0, 1, 2])).toBeCloseTo(1);
    expect(spearman([30, 20, 10], [0, 1, 2])).toBeCloseTo(-1);
    // Ranks of x: 1, 2.5, 2.5, 4; of y: 1.5, 1.5, 3.5, 3.5.
    expect(spearman([1, 2, 2, 3], [0, 0, 1, 1])).toBeCloseTo(0.7071, 3);
    expect(spearman([5, 5], [0, 1])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
  });
});
