import {
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { levelBadgeSvg } from './levelBadge';

const scorecardAt = (level: 0 | 1 | 2, score: number) =>
  ({ level, levelName: levelName(level), score } as Scorecard);

describe('levelBadgeSvg', () => {
  it('shows the level in the colour of how far the service has come', () => {
    const colours = ([0, 1, 2] as const).map(level => {
      const svg = levelBadgeSvg(scorecardAt(level, 40 * level));
      expect(svg).toContain(`>Level ${level}</text>`);
      return svg.match(
        /<rect x="\d+" width="\d+" height="20" fill="(#[0-9a-f]+)"/,
      )?.[1];
    });
    expect(colours).toEqual(['#e05d44', '#dfb317', '#44cc11']);
  });

  it('names the level and score for screen readers', () => {
    const svg = levelBadgeSvg(scorecardAt(2, 88));
    expect(svg).toContain(
      'aria-label="MLOps maturity: Level 2 (Fully automated), score 88"',
    );
    expect(svg).toContain(
      '<title>MLOps maturity: Level 2 (Fully automated), score 88</title>',
    );
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
  });

  it('is grey and says "not evaluated" for a service without a scorecard', () => {
    const svg = levelBadgeSvg(undefined);
    expect(svg).toContain('>not evaluated</text>');
    expect(svg).toContain('fill="#9f9f9f"');
    expect(svg).not.toContain('Level');
  });

  it('grows with its text, so that the value never overflows', () => {
    const width = (svg: string) =>
      Number(svg.match(/^<svg [^>]*width="(\d+)"/)?.[1]);
    expect(width(levelBadgeSvg(undefined))).toBeGreaterThan(
      width(levelBadgeSvg(scorecardAt(1, 50))),
    );
  });
});
