import {
  CapabilityResult,
  CheckResult,
  DIMENSIONS,
  MATURITY_LEVELS,
  PERSONAS,
  describeLevelRule,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { ScoreResult } from '@mlops-maturity/backstage-plugin-mlops-maturity-backend/scoring';

const STATUS_LABEL: Record<CheckResult['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'UNVERIFIED',
  waived: 'WAIVED',
  'not-applicable': 'N/A',
};

const CAPABILITY_MARK: Record<CapabilityResult['status'], string> = {
  demonstrated: '✔',
  missing: '✘',
  unverified: '?',
  'not-applicable': '-',
};

/** Whether a check's evidence was seen happening or only defined in files. */
function strengthOf(check: CheckResult): string {
  if (check.status === 'not-applicable' || check.decidable === false) {
    return '';
  }
  return check.evidence.some(e => e.strength === 'observed')
    ? ' [observed]'
    : ' [declared]';
}

function describeCapability(
  capability: CapabilityResult,
  byId: Map<string, CheckResult>,
): string[] {
  const head = `  [${CAPABILITY_MARK[capability.status]}] ${capability.title}${
    capability.core ? ' (core)' : ''
  }`;
  if (capability.status === 'demonstrated') {
    const check = byId.get(capability.demonstratedBy[0])!;
    return [
      `${head} — by ${check.id} [${capability.strength}${
        capability.waived ? ', waived' : ''
      }]: ${check.message}`,
    ];
  }
  if (capability.status === 'not-applicable') {
    return [`${head} — not decided here`];
  }
  return [
    `${head} — ${
      capability.status === 'unverified' ? 'unverified' : 'missing'
    }; could be shown by ${capability.alternatives.join(', ')}${
      capability.note ? ` (${capability.note})` : ''
    }`,
  ];
}

/** A plain-text report for terminals and CI logs. */
export function formatReport(result: ScoreResult): string {
  const { scorecard } = result;
  const byId = new Map(scorecard.checks.map(c => [c.id, c]));
  const lines: string[] = [];
  const level = MATURITY_LEVELS[scorecard.level];
  lines.push(`MLOps maturity of ${scorecard.entityRef}`);
  lines.push(`  entity: ${result.entitySource}`);
  lines.push(`  flavour: ${scorecard.flavor} (${result.flavorSource})`);
  if (result.serviceFolder) {
    lines.push(
      `  folder: ${result.serviceFolder} of its repository, with the root CI definitions that name it`,
    );
  }
  lines.push('');
  const basis = scorecard.levelBasis
    ? ` (rests on ${scorecard.levelBasis} evidence${
        scorecard.levelRestsOnWaivers ? ' and waivers' : ''
      })`
    : '';
  lines.push(`Level ${level.level} — ${level.name}${basis}: ${level.meaning}`);
  lines.push(
    `Score ${scorecard.score}/100, coverage ${Math.round(
      scorecard.coverage * 100,
    )}% of the checks this checkout can decide`,
  );

  for (const capabilityLevel of [1, 2] as const) {
    const capabilities = (scorecard.capabilities ?? []).filter(
      c => c.level === capabilityLevel,
    );
    lines.push('');
    lines.push(
      `Level ${capabilityLevel} needs ${describeLevelRule(
        scorecard.flavor,
        capabilityLevel,
      )}`,
    );
    capabilities.forEach(c => lines.push(...describeCapability(c, byId)));
  }

  const next = scorecard.nextLevel;
  if (next?.missingCapabilities?.length) {
    lines.push('');
    const more = next.moreOptionalNeeded
      ? ` (${next.moreOptionalNeeded} more of the non-core ones)`
      : '';
    lines.push(`To reach Level ${next.level}${more}:`);
    for (const persona of PERSONAS) {
      const ids = next.capabilitiesByPersona?.[persona.id] ?? [];
      if (ids.length === 0) continue;
      lines.push(`  ${persona.title}:`);
      for (const id of ids) {
        const capability = scorecard.capabilities!.find(c => c.id === id)!;
        lines.push(`    - ${capability.title}`);
        for (const checkId of capability.alternatives) {
          const check = byId.get(checkId)!;
          if (check.status === 'pass' || check.status === 'waived') continue;
          lines.push(`        ${check.id}: ${check.remediation}`);
        }
      }
    }
  }

  for (const dimension of DIMENSIONS) {
    const checks = scorecard.checks.filter(
      c =>
        c.dimension === dimension.id &&
        c.status !== 'not-applicable' &&
        c.decidable !== false,
    );
    if (checks.length === 0) continue;
    const row = scorecard.dimensions.find(d => d.id === dimension.id);
    lines.push('');
    lines.push(
      `${dimension.title}${row ? ` — ${row.passed}/${row.total} passing` : ''}`,
    );
    for (const check of checks) {
      lines.push(
        `  [${STATUS_LABEL[check.status].padEnd(10)}] L${check.level} ${
          check.id
        }${strengthOf(check)}: ${check.message}`,
      );
    }
  }

  if (result.undecidable.length > 0) {
    lines.push('');
    lines.push(
      'Not decided from this checkout (they count neither in the level nor in the score):',
    );
    for (const { id, reason } of result.undecidable) {
      lines.push(
        `  ${id}: ${reason.replace(/^Not decided from a checkout: /, '')}`,
      );
    }
  }
  lines.push('');
  lines.push(
    '[declared]: the repository defines it; [observed]: a live source saw it happen. UNVERIFIED never passes.',
  );
  return lines.join('\n');
}
