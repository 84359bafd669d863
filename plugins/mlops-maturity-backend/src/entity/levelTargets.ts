import {
  LevelTarget,
  MaturityLevel,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** The level each lifecycle is expected to reach (`mlopsMaturity.targets`). */
export interface LevelTargets {
  /** Keyed by lifecycle in lower case: catalogs spell `Production` and `production` alike. */
  byLifecycle: Record<string, MaturityLevel>;
  /** For lifecycles not listed, and services without one. */
  default?: MaturityLevel;
}

export const NO_TARGETS: LevelTargets = { byLifecycle: {} };

/** The target a service of `lifecycle` at `level` is measured against, if any. */
export function targetFor(
  targets: LevelTargets,
  lifecycle: string | null | undefined,
  level: MaturityLevel,
): LevelTarget | undefined {
  const key = lifecycle?.toLowerCase();
  if (key !== undefined && Object.hasOwn(targets.byLifecycle, key)) {
    const target = targets.byLifecycle[key];
    return { level: target, lifecycle: lifecycle!, met: level >= target };
  }
  if (targets.default === undefined) {
    return undefined;
  }
  return {
    level: targets.default,
    lifecycle: null,
    met: level >= targets.default,
  };
}
