import {
  Dimension,
  DIMENSIONS,
  MaturityLevel,
  PassRateCell,
  Persona,
  PERSONAS,
  RollupRow,
  RollupTrendPoint,
  TargetCounts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export const LEVELS: readonly MaturityLevel[] = [0, 1, 2];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Counts and mean score of a set of services. */
export interface LevelSummary {
  services: number;
  levelCounts: Record<`${MaturityLevel}`, number>;
  /** Mean over the services that have a score; null when none has. */
  meanScore: number | null;
  /** Absent when no service has a target level. */
  target?: TargetCounts;
}

/** An org-wide daily snapshot. */
export interface OrgTrendPoint extends LevelSummary {
  date: string;
  /** Share of services at level 1 or above, 0..1; null without services. */
  shareAtLeastLevel1: number | null;
  /** Services counted from sample history (a demo's); 0 for a real snapshot. */
  sampleServices: number;
}

/**
 * The rows no other row contains. Hierarchical rollups count a parent's descendants,
 * so summing every row would count a subdomain's services twice.
 */
export function topLevelRows(rows: RollupRow[]): RollupRow[] {
  const keys = new Set(rows.map(row => row.key));
  return rows.filter(row => !row.parent || !keys.has(row.parent));
}

type Counted = Pick<
  RollupRow,
  'services' | 'levelCounts' | 'meanScore' | 'target'
>;

/** Adds up disjoint groups; the mean score is weighted by their services. */
export function summarize(groups: Counted[]): LevelSummary {
  const levelCounts = { '0': 0, '1': 0, '2': 0 };
  let services = 0;
  let scoreSum = 0;
  let scored = 0;
  let target: TargetCounts | undefined;
  for (const group of groups) {
    services += group.services;
    if (group.target) {
      target = {
        services: (target?.services ?? 0) + group.target.services,
        meeting: (target?.meeting ?? 0) + group.target.meeting,
      };
    }
    for (const level of LEVELS) {
      levelCounts[level] += group.levelCounts[level] ?? 0;
    }
    if (group.meanScore !== null && group.services > 0) {
      scoreSum += group.meanScore * group.services;
      scored += group.services;
    }
  }
  return {
    services,
    levelCounts,
    meanScore: scored > 0 ? scoreSum / scored : null,
    ...(target && { target }),
  };
}

/** Services at `level` or above. */
export function countAtLeast(
  counts: LevelSummary['levelCounts'],
  level: MaturityLevel,
): number {
  return LEVELS.filter(l => l >= level).reduce(
    (sum: number, l) => sum + counts[l],
    0,
  );
}

/** `part / whole`, or null when there is nothing to divide. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Adds up the snapshots of disjoint keys per day, oldest first. */
export function aggregateTrend(points: RollupTrendPoint[]): OrgTrendPoint[] {
  const byDate = new Map<string, RollupTrendPoint[]>();
  for (const point of points) {
    byDate.set(point.date, [...(byDate.get(point.date) ?? []), point]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([date, dayPoints]) => {
      const summary = summarize(dayPoints);
      return {
        date,
        ...summary,
        shareAtLeastLevel1: share(
          countAtLeast(summary.levelCounts, 1),
          summary.services,
        ),
        sampleServices: dayPoints.reduce(
          (sum, point) => sum + (point.sampleServices ?? 0),
          0,
        ),
      };
    });
}

/** How the org moved between a snapshot ~30 days ago and the latest one. */
export interface ThirtyDayChange {
  since: string;
  /** Points of mean score; null when either snapshot has no score. */
  meanScore: number | null;
  /** Percentage points of the share at level ≥ 1. */
  shareAtLeastLevel1: number | null;
  /** Whether the earlier snapshot counts sample history. */
  fromSampleHistory: boolean;
}

/**
 * Compares the latest snapshot with the newest one at least 30 days older;
 * undefined while the history is shorter than that.
 */
export function thirtyDayChange(
  trend: OrgTrendPoint[],
): ThirtyDayChange | undefined {
  const latest = trend[trend.length - 1];
  if (!latest) {
    return undefined;
  }
  const cutoff = Date.parse(latest.date) - 30 * DAY_MS;
  const baseline = [...trend]
    .reverse()
    .find(point => Date.parse(point.date) <= cutoff);
  if (!baseline) {
    return undefined;
  }
  const difference = (a: number | null, b: number | null) =>
    a === null || b === null ? null : a - b;
  return {
    since: baseline.date,
    fromSampleHistory: baseline.sampleServices > 0,
    meanScore: difference(latest.meanScore, baseline.meanScore),
    shareAtLeastLevel1: difference(
      latest.shareAtLeastLevel1 === null
        ? null
        : latest.shareAtLeastLevel1 * 100,
      baseline.shareAtLeastLevel1 === null
        ? null
        : baseline.shareAtLeastLevel1 * 100,
    ),
  };
}

/** One persona × dimension cell summed over rows. */
export type HeatmapCell = Omit<PassRateCell, 'dimension' | 'persona'>;

export interface Heatmap {
  dimensions: Dimension[];
  personas: Persona[];
  cell(dimension: Dimension, persona: Persona): HeatmapCell | undefined;
}

const cellKey = (dimension: Dimension, persona: Persona) =>
  `${dimension}|${persona}`;

function sumCells(cells: PassRateCell[]): Map<string, HeatmapCell> {
  const sums = new Map<string, { passed: number; total: number }>();
  for (const cell of cells) {
    const key = cellKey(cell.dimension, cell.persona);
    const sum = sums.get(key) ?? { passed: 0, total: 0 };
    sums.set(key, {
      passed: sum.passed + cell.passed,
      total: sum.total + cell.total,
    });
  }
  return new Map(
    [...sums.entries()].map(([key, sum]) => [
      key,
      { ...sum, rate: sum.total > 0 ? sum.passed / sum.total : null },
    ]),
  );
}

/**
 * The org-wide persona × dimension pass rates from the `by=persona` rows: each row
 * contributes its own persona's cells, so no service is counted twice.
 */
export function personaDimensionHeatmap(personaRows: RollupRow[]): Heatmap {
  const cells = sumCells(
    personaRows.flatMap(row =>
      row.passRates.filter(cell => cell.persona === row.key),
    ),
  );
  const present = (dimension: Dimension) =>
    PERSONAS.some(p => cells.has(cellKey(dimension, p.id)));
  return {
    dimensions: DIMENSIONS.map(d => d.id).filter(present),
    personas: PERSONAS.map(p => p.id).filter(persona =>
      DIMENSIONS.some(d => cells.has(cellKey(d.id, persona))),
    ),
    cell: (dimension, persona) => cells.get(cellKey(dimension, persona)),
  };
}

/** A row's pass rate per dimension over all personas, in catalogue order. */
export function dimensionScores(
  row: RollupRow,
): { dimension: Dimension; cell: HeatmapCell }[] {
  const byDimension = new Map<Dimension, PassRateCell[]>();
  for (const cell of row.passRates) {
    byDimension.set(cell.dimension, [
      ...(byDimension.get(cell.dimension) ?? []),
      cell,
    ]);
  }
  return DIMENSIONS.flatMap(({ id }) => {
    const cells = byDimension.get(id);
    if (!cells) {
      return [];
    }
    const passed = cells.reduce((sum, cell) => sum + cell.passed, 0);
    const total = cells.reduce((sum, cell) => sum + cell.total, 0);
    return [
      {
        dimension: id,
        cell: { passed, total, rate: total > 0 ? passed / total : null },
      },
    ];
  });
}
