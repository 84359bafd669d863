import { ScorecardHistoryPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * The points where level, score or coverage changed, plus the latest. Services are
 * re-evaluated every few minutes, so most points repeat the one before; a step chart
 * of the changes shows exactly the same series.
 */
export function compactHistory(
  points: ScorecardHistoryPoint[],
): ScorecardHistoryPoint[] {
  return points.filter((point, index) => {
    if (index === 0 || index === points.length - 1) {
      return true;
    }
    const previous = points[index - 1];
    return (
      point.level !== previous.level ||
      point.score !== previous.score ||
      point.coverage !== previous.coverage
    );
  });
}
