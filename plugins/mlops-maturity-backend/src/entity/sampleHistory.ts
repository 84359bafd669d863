import { MaturityLevel } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** From `weeksAgo` on, the service stood at this level and score (sample data). */
export interface SampleHistoryPoint {
  weeksAgo: number;
  level: MaturityLevel;
  score: number;
}

/** How a service stood in the weeks before it was first scored, as a demo tells it. */
export interface SampleHistoryDefinition {
  entityRef: string;
  /** Oldest first. */
  points: SampleHistoryPoint[];
}
