import {
  CapabilityResult,
  CheckResult,
  Persona,
  PERSONAS,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

export interface PersonaBlockers {
  persona: Persona;
  checks: CheckResult[];
}

/** A capability the next level still needs, with the checks that could show it. */
export interface CapabilityBlocker {
  capability: CapabilityResult;
  checks: CheckResult[];
}

export interface PersonaCapabilityBlockers {
  persona: Persona;
  capabilities: CapabilityBlocker[];
}

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';

function checksById(scorecard: Scorecard): Map<string, CheckResult> {
  return new Map(scorecard.checks.map(check => [check.id, check]));
}

function resolve(ids: string[], byId: Map<string, CheckResult>) {
  return ids.flatMap(id => {
    const check = byId.get(id);
    return check ? [check] : [];
  });
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
      checks: resolve(nextLevel.blockersByPersona[p.id] ?? [], byId),
    }))
    .filter(group => group.checks.length > 0);
}

/** The alternatives of a capability that would close it. */
function openAlternatives(
  capability: CapabilityResult,
  byId: Map<string, CheckResult>,
): CheckResult[] {
  const alternatives = resolve(capability.alternatives, byId);
  const open = alternatives.filter(check => !isPassing(check));
  // Every alternative passes when the level demands observed evidence and they only
  // declare it (the capability's note says so): those are the checks to back with a
  // live source.
  return open.length > 0 ? open : alternatives;
}

/**
 * The capabilities the next level still needs, grouped by the persona who closes them, in
 * persona order; only `persona` when given. Undefined for a scorecard stored before
 * capability levels, which only lists blocking checks.
 */
export function capabilityBlockersByPersona(
  scorecard: Scorecard,
  persona?: Persona,
): PersonaCapabilityBlockers[] | undefined {
  const nextLevel = scorecard.nextLevel;
  if (!nextLevel?.missingCapabilities || !scorecard.capabilities) {
    return undefined;
  }
  const byId = checksById(scorecard);
  const capabilities = new Map(scorecard.capabilities.map(c => [c.id, c]));
  return PERSONAS.filter(p => !persona || p.id === persona)
    .map(p => ({
      persona: p.id,
      capabilities: (nextLevel.capabilitiesByPersona?.[p.id] ?? []).flatMap(
        id => {
          const capability = capabilities.get(id);
          return capability
            ? [{ capability, checks: openAlternatives(capability, byId) }]
            : [];
        },
      ),
    }))
    .filter(group => group.capabilities.length > 0);
}

/** The blockers in the server's order, resolved to their check results. */
export function blockerChecks(scorecard: Scorecard): CheckResult[] {
  return resolve(scorecard.nextLevel?.blockers ?? [], checksById(scorecard));
}
