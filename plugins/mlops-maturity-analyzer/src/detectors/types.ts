import { JsonObject } from '@backstage/types';
import {
  RepoRejection,
  RepoSignal,
  RepoSignalKind,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';

export interface DetectorResult {
  signals: RepoSignal[];
  rejections: RepoRejection[];
  /**
   * Repository files that automation runs (scripts invoked by CI jobs and pipeline
   * steps), so evidence found in them can be marked as run by a pipeline.
   */
  invokedPaths?: string[];
}

/** Recognises one area of declared evidence in the repository's files. */
export type Detector = (files: RepoFileSet) => DetectorResult;

/** Collects the signals and rejections of one detector. */
export class Findings {
  private readonly signals: RepoSignal[] = [];
  private readonly rejections: RepoRejection[] = [];
  private readonly invoked = new Set<string>();

  signal(
    kind: RepoSignalKind,
    tool: string,
    path: string,
    detail: string,
    attributes: JsonObject = {},
  ): void {
    this.signals.push({ kind, tool, path, detail, attributes });
  }

  reject(
    kind: RepoSignalKind,
    tool: string,
    path: string,
    reason: string,
  ): void {
    this.rejections.push({ kind, tool, path, reason });
  }

  invokes(...paths: string[]): void {
    paths.forEach(path => this.invoked.add(path));
  }

  result(): DetectorResult {
    return {
      signals: this.signals,
      rejections: this.rejections,
      invokedPaths: [...this.invoked],
    };
  }
}

/** Joins names for a message: `a`, `b` and `c`. */
export function listForHumans(items: string[], max = 5): string {
  const shown = items.slice(0, max);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (shown.length <= 1) {
    return `${shown.join('')}${more}`;
  }
  return more
    ? `${shown.join(', ')}${more}`
    : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function code(text: string): string {
  return `\`${text}\``;
}
