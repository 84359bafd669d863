import {
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { levelBadgeSvg } from './levelBadge';

const scorecardAt = (level: 0 | 1 | 2) =>
  ({ level, levelName: levelName(level), score: 40 * level } as Scorecard);

/** The fill of the badge's right-hand part, which carries the value. */
const valueColour = (svg: string) =>
  svg.match(
    /<rect x="\d+" width="\d+" height="20" fill="(#[0-9a-f]+)"\/>/,
  )?.[1];

describe('levelBadgeSvg', () => {
  it('shows the level in the colour of how far the service has come', () => {
    const badges = ([0, 1, 2] as const).map(level =>
      levelBadgeSvg(scorecardAt(level)),
    );
    expect(badges.map(valueColour)).toEqual(['#e05d44', '#dfb317', '#44cc11']);
    badges.forEach((svg, level) =>
      expect(svg).toContain(`aria-label="MLOps maturity: Level ${level}"`),
    );
  });

  it('is grey and says "not evaluated" for a service without a scorecard', () => {
    const svg = levelBadgeSvg(undefined);
    expect(svg).toContain('aria-label="MLOps maturity: not evaluated"');
    expect(valueColour(svg)).toBe('#9f9f9f');
  });
});
