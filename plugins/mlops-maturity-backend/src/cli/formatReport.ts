import {
  CheckResult,
  DIMENSIONS,
  MATURITY_LEVELS,
  PERSONAS,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const STATUS_LABEL: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'UNVERIFIED',
  waived: 'WAIVED',
  'not-applicable': 'N/A',
};

/** A plain-text report for terminals and CI logs. */
export function formatReport(scorecard: Scorecard, entitySource: string): string {
  const lines: string[] = [];
  const level = MATURITY_LEVELS[scorecard.level];
  lines.push(`MLOps maturity of ${scorecard.entityRef} (${scorecard.flavor}; entity from ${entitySource})`);
  lines.push('');
  lines.push(`Level ${level.level} — ${level.name}: ${level.meaning}`);
  lines.push(
    `Score ${scorecard.score}/100, coverage ${Math.round(scorecard.coverage * 100)}% of applicable checks evaluated`,
  );
  if (scorecard.nextLevel) {
    lines.push('');
    lines.push(`To reach Level ${scorecard.nextLevel.level}:`);
    for (const persona of PERSONAS) {
      const ids = scorecard.nextLevel.blockersByPersona[persona.id] ?? [];
      if (ids.length === 0) continue;
      lines.push(`  ${persona.title}:`);
      for (const id of ids) {
        const check = scorecard.checks.find(c => c.id === id)!;
        lines.push(`    - ${check.id} (${STATUS_LABEL[check.status]}): ${check.message}`);
        lines.push(`      fix: ${check.remediation}`);
      }
    }
  }
  for (const dimension of DIMENSIONS) {
    const checks = scorecard.checks.filter(
      c => c.dimension === dimension.id && c.status !== 'not-applicable',
    );
    if (checks.length === 0) continue;
    const row = scorecard.dimensions.find(d => d.id === dimension.id);
    lines.push('');
    lines.push(`${dimension.title}${row ? ` — ${row.passed}/${row.total} passing` : ''}`);
    for (const check of checks) {
      lines.push(
        `  [${STATUS_LABEL[check.status].padEnd(10)}] L${check.level}${check.required ? '*' : ' '} ${check.id}: ${check.message}`,
      );
    }
  }
  lines.push('');
  lines.push('* required for its level. UNVERIFIED means no evidence could be read; it never passes.');
  return lines.join('\n');
}
