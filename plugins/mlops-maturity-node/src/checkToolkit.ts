import { JsonObject } from '@backstage/types';
import {
  Evidence,
  EvidenceStrength,
  FactSet,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CheckContext, CheckOutcome } from './checks';

// The toolkit the built-in checks are written with, for module and custom check authors:
// outcomes, evidence that carries its fact set's staleness and sample flags, observed
// evidence deciding over declared evidence, and typed parameters.

/**
 * The note a finding gets when its facts are the last known ones: the latest collection
 * failed, or has not run since they went stale.
 * @public
 */
export function staleNote(
  source: string,
  collectedAt: string,
  error?: string,
): string {
  return error
    ? ` (last known ${source} facts from ${collectedAt}; the latest collection failed: ${error})`
    : ` (last known ${source} facts from ${collectedAt})`;
}

/** The check passes, for the reason `message` gives. @public */
export function pass(message: string, evidence: Evidence[]): CheckOutcome {
  return { status: 'pass', message, evidence };
}

/** The check fails; `message` says what is missing. @public */
export function fail(message: string, evidence: Evidence[]): CheckOutcome {
  return { status: 'fail', message, evidence };
}

/**
 * `unknown` must always say why the check could not be evaluated.
 * @public
 */
export function unknown(reason: string, evidence: Evidence[]): CheckOutcome {
  return { status: 'unknown', message: reason, evidence };
}

/** The practice does not apply to this service (for example training, to a hosted LLM). @public */
export function notApplicable(
  message: string,
  evidence: Evidence[],
): CheckOutcome {
  return { status: 'not-applicable', message, evidence };
}

function isStale(set: FactSet<unknown>): boolean {
  return Boolean(set.stale || set.error);
}

/**
 * Evidence taken from a fact set, carrying its staleness and sample-data flags.
 * @public
 */
export function evidenceFrom(
  set: FactSet<unknown>,
  strength: EvidenceStrength,
  detail: string,
  location?: string,
): Evidence {
  // Literals rather than spreads: this runs for every piece of evidence.
  const evidence: Evidence = location
    ? { source: set.source, strength, detail, location }
    : { source: set.source, strength, detail };
  if (set.sample) {
    evidence.sample = true;
  }
  if (isStale(set)) {
    evidence.stale = true;
  }
  return evidence;
}

function isEmptyFacts(facts: unknown): boolean {
  return (
    facts === null ||
    typeof facts !== 'object' ||
    Object.keys(facts as object).length === 0
  );
}

/**
 * Why a fact set cannot be evaluated: it failed before it ever produced facts. Undefined
 * for a usable set.
 * @public
 */
export function unusableSetReason(set: FactSet<unknown>): string | undefined {
  if (set.error && isEmptyFacts(set.facts)) {
    return `${set.source} could not be read: ${set.error}`;
  }
  return undefined;
}

/** The stale note for a set whose facts are the last known ones; empty otherwise. @public */
export function staleSuffix(set: FactSet<unknown>): string {
  if (!isStale(set)) {
    return '';
  }
  return staleNote(set.source, set.collectedAt, set.error);
}

/** Marks what an observed source said as observed, stale or sample, as the fact set is. */
function asObserved(
  outcome: CheckOutcome,
  set: FactSet<unknown>,
): CheckOutcome {
  const suffix = staleSuffix(set);
  const marked = outcome.evidence.map(item =>
    item.source === set.source ? markedObserved(item, set) : item,
  );
  // Observed outcomes mostly cite evidence made from the set itself, already marked.
  if (!suffix && marked.every((item, i) => item === outcome.evidence[i])) {
    return outcome;
  }
  return { ...outcome, message: outcome.message + suffix, evidence: marked };
}

/** The evidence marked observed, stale and sample as the set is; itself when it already is. */
function markedObserved(item: Evidence, set: FactSet<unknown>): Evidence {
  const stale = isStale(set);
  if (
    item.strength === 'observed' &&
    (!set.sample || item.sample === true) &&
    (!stale || item.stale === true)
  ) {
    return item;
  }
  const copy: Evidence = { ...item, strength: 'observed' };
  if (set.sample) {
    copy.sample = true;
  }
  if (stale) {
    copy.stale = true;
  }
  return copy;
}

/** What {@link decide} weighs. @public */
export interface DecideOptions<T> {
  ctx: CheckContext;
  /** The live source whose facts, when present, decide the check. */
  observedSource: string;
  /**
   * Decides from the live facts. Returns undefined only when the source cannot see this
   * practice at all (e.g. a schedule that runs outside CI); declared evidence then decides.
   */
  observed: (facts: T, set: FactSet<T>) => CheckOutcome | undefined;
  /** Decides from what the repository and catalog declare. */
  declared: () => CheckOutcome;
}

/**
 * Observed evidence over declared evidence (DESIGN §2): when the live source has facts for
 * the service, they decide; without a live source, declared evidence may pass the check,
 * unless the operator demands observed evidence (`requireObserved`).
 * @public
 */
export function decide<T extends JsonObject>(
  options: DecideOptions<T>,
): CheckOutcome {
  const { ctx, observedSource } = options;
  const set = ctx.facts.get<T>(observedSource);
  if (set) {
    const unusable = unusableSetReason(set);
    if (unusable) {
      return unknown(unusable, [evidenceFrom(set, 'observed', unusable)]);
    }
    const outcome = options.observed(set.facts, set);
    if (outcome) {
      return asObserved(outcome, set);
    }
    if (ctx.definition.requireObserved) {
      return requireObservedUnknown(
        `observed evidence required (requireObserved) but the ${observedSource} source shows nothing about this practice`,
        options.declared(),
        evidenceFrom(set, 'observed', `${observedSource} facts inspected`),
      );
    }
    return options.declared();
  }
  if (ctx.facts.hasLiveSource(observedSource)) {
    const reason = `the ${observedSource} source is configured for this service but has not collected facts yet`;
    return unknown(reason, [
      { source: observedSource, strength: 'observed', detail: reason },
    ]);
  }
  if (ctx.definition.requireObserved) {
    return requireObservedUnknown(
      `observed evidence required (requireObserved) but no ${observedSource} source is configured for this service`,
      options.declared(),
      {
        source: observedSource,
        strength: 'observed',
        detail: `no ${observedSource} facts for this service`,
      },
    );
  }
  return options.declared();
}

/** Keeps the declared findings visible so the user sees what would have counted. */
function requireObservedUnknown(
  reason: string,
  declared: CheckOutcome,
  observedEvidence: Evidence,
): CheckOutcome {
  return unknown(`${reason}; declared evidence: ${declared.message}`, [
    observedEvidence,
    ...declared.evidence,
  ]);
}

/**
 * For practices only a live source can show (deploy frequency, model age).
 * @public
 */
export function observedOnly<T extends JsonObject>(
  ctx: CheckContext,
  observedSource: string,
  observed: (facts: T, set: FactSet<T>) => CheckOutcome,
  howToConfigure: string,
): CheckOutcome {
  return decide<T>({
    ctx,
    observedSource,
    observed,
    declared: () => {
      const reason = `no ${observedSource} source is configured for this service, and only observed evidence can show this: ${howToConfigure}`;
      return unknown(reason, [
        {
          source: observedSource,
          strength: 'observed',
          detail: `no ${observedSource} facts for this service`,
        },
      ]);
    },
  });
}

/** A `string[]` parameter of the check; throws, naming the check, when it is not one. @public */
export function stringsParam(ctx: CheckContext, name: string): string[] {
  const value = ctx.params[name];
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new Error(
      `Check ${ctx.definition.id}: parameter ${name} must be a list of strings`,
    );
  }
  return value as string[];
}

/** A `number` parameter of the check; throws, naming the check, when it is not one. @public */
export function numberParam(ctx: CheckContext, name: string): number {
  const value = ctx.params[name];
  if (typeof value !== 'number') {
    throw new Error(
      `Check ${ctx.definition.id}: parameter ${name} must be a number`,
    );
  }
  return value;
}

/** A `boolean` parameter of the check; throws, naming the check, when it is not one. @public */
export function booleanParam(ctx: CheckContext, name: string): boolean {
  const value = ctx.params[name];
  if (typeof value !== 'boolean') {
    throw new Error(
      `Check ${ctx.definition.id}: parameter ${name} must be a boolean`,
    );
  }
  return value;
}

/** A `string` parameter of the check; throws, naming the check, when it is not one. @public */
export function stringParam(ctx: CheckContext, name: string): string {
  const value = ctx.params[name];
  if (typeof value !== 'string') {
    throw new Error(
      `Check ${ctx.definition.id}: parameter ${name} must be a string`,
    );
  }
  return value;
}
