import { makeBadge } from 'badge-maker';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** Red, yellow and green, as READMEs' other badges colour bad, fair and good. */
const LEVEL_COLOURS = ['#e05d44', '#dfb317', '#44cc11'] as const;

/**
 * "MLOps maturity | Level 2" for a service's README, drawn by badge-maker (shields.io's
 * renderer, as Backstage's badges plugin uses). A service that is unknown or not yet
 * scored gets the same grey badge, so that a badge, which anyone may fetch, does not tell
 * which services exist.
 */
export function levelBadgeSvg(scorecard: Scorecard | undefined): string {
  return makeBadge(
    scorecard
      ? {
          label: 'MLOps maturity',
          message: `Level ${scorecard.level}`,
          color: LEVEL_COLOURS[scorecard.level],
        }
      : {
          label: 'MLOps maturity',
          message: 'not evaluated',
          color: 'lightgrey',
        },
  );
}
