import { CheckDefinition } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CheckOutcome } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';

/**
 * `requireObserved` for every check, built-in, module or custom: a pass or fail that
 * rests on declared evidence alone becomes `unknown`, keeping what was declared in view.
 */
export function holdToObservedEvidence(
  definition: CheckDefinition,
  outcome: CheckOutcome,
): CheckOutcome {
  const verdict = outcome.status === 'pass' || outcome.status === 'fail';
  if (
    !definition.requireObserved ||
    !verdict ||
    outcome.evidence.some(e => e.strength === 'observed')
  ) {
    return outcome;
  }
  return {
    status: 'unknown',
    message: `observed evidence required (requireObserved) but only declared evidence is available (${definition.sources.join(
      ', ',
    )}); declared evidence: ${outcome.message}`,
    evidence: outcome.evidence,
  };
}
