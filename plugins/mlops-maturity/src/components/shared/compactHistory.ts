import { ScorecardHistoryPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** Whether the rubric (checks and level rules) changed between two points, as far as both say. */
export function rubricChanged(
  previous: ScorecardHistoryPoint,
  point: ScorecardHistoryPoint,
): boolean {
  return (
    previous.rubricVersion !== undefined &&
    point.rubricVersion !== undefined &&
    previous.rubricVersion !== point.rubricVersion
  );
}

/**
 * The points where level, score, coverage, the rubric or being sample history changed,
 * plus the latest. Services are
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
      point.coverage !== previous.coverage ||
      Boolean(point.sample) !== Boolean(previous.sample) ||
      rubricChanged(previous, point)
    );
  });
}
