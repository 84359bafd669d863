import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const LABEL = 'MLOps maturity';
/** Red, yellow and green as READMEs' other badges colour bad, fair and good. */
const LEVEL_COLOURS = ['#e05d44', '#dfb317', '#44cc11'] as const;
const NOT_EVALUATED_COLOUR = '#9f9f9f';

/** Width of text at 11 px Verdana, near enough for a badge: average glyph plus padding. */
const textWidth = (text: string) => Math.round(text.length * 6.5) + 10;

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    char =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[
        char
      ]!),
  );

/**
 * A flat two-part badge, "MLOps maturity | Level 2", for a service's README. A service
 * that is unknown or not yet scored gets the same grey badge, so that a badge, which
 * anyone may fetch, does not tell which services exist.
 */
export function levelBadgeSvg(scorecard: Scorecard | undefined): string {
  const value = scorecard ? `Level ${scorecard.level}` : 'not evaluated';
  const colour = scorecard
    ? LEVEL_COLOURS[scorecard.level]
    : NOT_EVALUATED_COLOUR;
  const title = scorecard
    ? `${LABEL}: Level ${scorecard.level} (${scorecard.levelName}), score ${scorecard.score}`
    : `${LABEL}: not evaluated`;
  const labelWidth = textWidth(LABEL);
  const valueWidth = textWidth(value);
  const width = labelWidth + valueWidth;
  const text = (x: number, content: string) =>
    `<text x="${x}" y="14" fill="#010101" fill-opacity=".3">${content}</text><text x="${x}" y="13">${content}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(
      title,
    )}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${labelWidth}" height="20" fill="#555"/>`,
    `<rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${colour}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">`,
    text(labelWidth / 2, escapeXml(LABEL)),
    text(labelWidth + valueWidth / 2, escapeXml(value)),
    '</g>',
    '</svg>',
  ].join('');
}
