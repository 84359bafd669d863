import {
  CheckResult,
  Persona,
  PERSONAS,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export interface PersonaBlockers {
  persona: Persona;
  checks: CheckResult[];
}

function checksById(scorecard: Scorecard): Map<string, CheckResult> {
  return new Map(scorecard.checks.map(check => [check.id, check]));
}

/**
 * The checks that block the next level, grouped by the persona who fixes them, in
 * persona order; only `persona` when given. Ids without a check result are skipped.
 */
export function blockersByPersona(
  scorecard: Scorecard,
  persona?: Persona,
): PersonaBlockers[] {
  const nextLevel = scorecard.nextLevel;
  if (!nextLevel) {
    return [];
  }
  const byId = checksById(scorecard);
  return PERSONAS.filter(p => !persona || p.id === persona)
    .map(p => ({
      persona: p.id,
      checks: (nextLevel.blockersByPersona[p.id] ?? []).flatMap(id => {
        const check = byId.get(id);
        return check ? [check] : [];
      }),
    }))
    .filter(group => group.checks.length > 0);
}

/** The blockers in the server's order, resolved to their check results. */
export function blockerChecks(scorecard: Scorecard): CheckResult[] {
  const byId = checksById(scorecard);
  return (scorecard.nextLevel?.blockers ?? []).flatMap(id => {
    const check = byId.get(id);
    return check ? [check] : [];
  });
}
