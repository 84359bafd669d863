import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ANNOTATIONS,
  CatalogFacts,
  CheckDefinition,
  CheckResult,
  CiFacts,
  Evidence,
  FACT_SOURCES,
  FactSet,
  RegistryFacts,
  RepositoryFacts,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckOutcome,
  FactsView,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { LevelOptions } from './capabilityLevels';
import { LevelTargets } from '../entity/levelTargets';
import { CheckRegistry, EffectiveCheck } from './CheckRegistry';
import { computeMetrics } from './computeMetrics';
import { computeScorecard } from './computeScorecard';
import { holdToObservedEvidence } from './requireObserved';
import { resolveFlavor } from '../entity/selectServices';
import { Waiver, parseWaivers } from '../entity/waivers';

class StoredFactsView implements FactsView {
  private readonly bySource: Map<string, FactSet>;

  constructor(factSets: FactSet[], private readonly liveSources: Set<string>) {
    this.bySource = new Map();
    for (const factSet of factSets) {
      this.bySource.set(factSet.source, factSet);
    }
  }

  get<T = JsonObject>(source: string): FactSet<T> | undefined {
    return this.bySource.get(source) as FactSet<T> | undefined;
  }

  hasLiveSource(source: string): boolean {
    return this.liveSources.has(source);
  }
}

/**
 * Whether the service trains or fine-tunes a model itself: a registry holds its model, or
 * the repository declares a training step, training job or model registration.
 */
function showsOwnTraining(facts: FactsView): boolean {
  if (facts.get<RegistryFacts>(FACT_SOURCES.registry)?.facts.model?.exists) {
    return true;
  }
  const signals = facts.get<RepositoryFacts>(FACT_SOURCES.repository)?.facts
    .signals;
  return (signals ?? []).some(
    signal =>
      signal.kind === 'model-registration' ||
      ((signal.kind === 'pipeline' || signal.kind === 'ci-job') &&
        Array.isArray(signal.attributes?.activities) &&
        signal.attributes.activities.includes('train')),
  );
}

/**
 * Turns stored facts into a scorecard. Pure with respect to I/O: it never fetches,
 * so a config change or a waiver re-scores from stored facts.
 */
export interface MaturityEngineOptions {
  levelOptions?: LevelOptions;
  /** The level expected of each lifecycle; none by default. */
  targets?: LevelTargets;
  /**
   * Days ahead a waiver in the annotation may run; one that runs longer is not applied
   * (approved waivers are held to it when requested). No limit by default.
   */
  maxWaiverDays?: number;
  /**
   * Says why this context cannot decide a check at all (the CLI on a bare checkout has no
   * catalog entity and no live sources); such checks are reported but decide nothing.
   */
  undecidable?: (definition: CheckDefinition) => string | undefined;
}

/**
 * A check's result without the outcome: the definition's fields, and placeholders for
 * status, message and evidence so that a result is one copy of it with those three
 * replaced. Built once per check; results built field by field or spread together from
 * definition and outcome took several allocations each and many hidden classes, which
 * made every later read of them slow.
 */
function resultTemplate(definition: CheckDefinition): CheckResult {
  return {
    id: definition.id,
    title: definition.title,
    dimension: definition.dimension,
    level: definition.level,
    required: definition.required,
    weight: definition.weight,
    persona: definition.persona,
    remediation: definition.remediation,
    ...(definition.docsUrl ? { docsUrl: definition.docsUrl } : {}),
    ...(definition.capabilities
      ? { capabilities: definition.capabilities }
      : {}),
    status: 'unknown',
    message: '',
    evidence: [],
  };
}

const resultOf = (
  template: CheckResult,
  status: CheckResult['status'],
  message: string,
  evidence: Evidence[],
): CheckResult => ({ ...template, status, message, evidence });

/** Between a waived check's waiver and what the check found without it. */
const WITHOUT_WAIVER = '; without the waiver: ';

/** What a waived check found without its waiver ("fail — No Dockerfile ..."). */
export function outcomeBehindWaiver(result: CheckResult): string | undefined {
  if (result.status !== 'waived') {
    return undefined;
  }
  const at = result.message.indexOf(WITHOUT_WAIVER);
  return at < 0 ? undefined : result.message.slice(at + WITHOUT_WAIVER.length);
}

const isPromise = (
  value: CheckOutcome | Promise<CheckOutcome>,
): value is Promise<CheckOutcome> =>
  typeof (value as Promise<CheckOutcome>).then === 'function';

export class MaturityEngine {
  /** The registry's checks with their result templates; the registry does not change. */
  private readonly checks: Array<{
    check: EffectiveCheck;
    template: CheckResult;
    /** "ml and llm", for the not-applicable message. */
    flavors: string;
  }>;

  constructor(
    registry: CheckRegistry,
    private readonly options: MaturityEngineOptions = {},
  ) {
    this.checks = registry.list().map(check => ({
      check,
      template: resultTemplate(check.definition),
      flavors: check.definition.flavors.join(' and '),
    }));
  }

  async evaluate(options: {
    entity: Entity;
    facts: FactSet[];
    liveSources: Set<string>;
    now: Date;
    /** Waivers approved through the API that hold now. */
    approvedWaivers?: Waiver[];
  }): Promise<Scorecard> {
    const { entity, now } = options;
    const entityRef = stringifyEntityRef(entity);
    const { flavor } = resolveFlavor(entity);
    const facts = new StoredFactsView(options.facts, options.liveSources);
    const annotated = parseWaivers(
      entity.metadata.annotations?.[ANNOTATIONS.waivers],
    ).waivers;
    const { maxWaiverDays } = this.options;
    const latestExpiry =
      maxWaiverDays === undefined
        ? Infinity
        : now.getTime() + maxWaiverDays * 24 * 60 * 60 * 1000;
    // Approved waivers first: where both exist, the approved one is the one shown.
    const waivers: Array<Waiver & { approved: boolean }> = [
      ...(options.approvedWaivers ?? []).map(w => ({ ...w, approved: true })),
      ...annotated.map(w => ({ ...w, approved: false })),
    ];
    // Only LLM services ask whether they train their own model.
    const trainsOwnModel = flavor === 'llm' && showsOwnTraining(facts);
    const context = { entity, flavor, facts, now };

    const checks: CheckResult[] = [];
    // An index rather than for-of: across the await below, for-of allocates a step per check.
    for (let i = 0; i < this.checks.length; i++) {
      const { check, template, flavors } = this.checks[i];
      const definition = check.definition;
      if (!definition.flavors.includes(flavor)) {
        checks.push(
          resultOf(
            template,
            'not-applicable',
            `Applies to ${flavors} services; this is a${
              flavor === 'ml' ? 'n ml' : 'n llm'
            } service.`,
            [],
          ),
        );
        continue;
      }
      if (definition.ownModelOnly && flavor === 'llm' && !trainsOwnModel) {
        checks.push(
          resultOf(
            template,
            'not-applicable',
            'Applies to LLM services that train or fine-tune their own model; no training pipeline, training job or model registration was found, so this service is taken to use a hosted model.',
            [],
          ),
        );
        continue;
      }
      const undecidable = this.options.undecidable?.(definition);
      if (undecidable) {
        checks.push({
          ...resultOf(template, 'unknown', undecidable, []),
          decidable: false,
        });
        continue;
      }
      let outcome: CheckOutcome;
      try {
        const result = check.evaluate(context);
        // Built-in checks answer synchronously; awaiting each would cost a microtask per check.
        outcome = holdToObservedEvidence(
          definition,
          isPromise(result) ? await result : result,
        );
      } catch (error) {
        // A faulty check must not sink the scorecard; it reports why it could not decide.
        outcome = {
          status: 'unknown' as const,
          message: `The check failed to evaluate: ${(error as Error).message}`,
          evidence: [],
        };
      }
      const waiver =
        waivers.length > 0
          ? waivers.find(w => w.checkId === definition.id && w.expiresAt >= now)
          : undefined;
      if (
        waiver &&
        outcome.status !== 'pass' &&
        outcome.status !== 'not-applicable'
      ) {
        const until = waiver.expiresAt.toISOString().slice(0, 10);
        if (waiver.approved || waiver.expiresAt.getTime() <= latestExpiry) {
          checks.push(
            resultOf(
              template,
              'waived',
              `Waived until ${until} (${
                waiver.approved
                  ? 'approved waiver'
                  : `${ANNOTATIONS.waivers}, not approved`
              })${WITHOUT_WAIVER}${outcome.status} — ${outcome.message}`,
              outcome.evidence,
            ),
          );
          continue;
        }
        outcome = {
          ...outcome,
          message: `${outcome.message} (The waiver until ${until} in ${ANNOTATIONS.waivers} runs past the ${maxWaiverDays}-day maximum and is not applied.)`,
        };
      }
      checks.push(
        resultOf(template, outcome.status, outcome.message, outcome.evidence),
      );
    }

    const catalog = facts.get<CatalogFacts>('catalog')?.facts;
    return computeScorecard({
      entityRef,
      flavor,
      evaluatedAt: now,
      checks,
      levelOptions: this.options.levelOptions,
      targets: this.options.targets,
      lifecycle:
        catalog?.lifecycle ??
        (typeof entity.spec?.lifecycle === 'string'
          ? entity.spec.lifecycle
          : null),
      teamPersona: catalog?.ownerPersona,
      metrics: computeMetrics(
        {
          ci: facts.get<CiFacts>('ci'),
          registry: facts.get<RegistryFacts>('registry'),
        },
        now,
      ),
      owner: catalog?.owner ?? undefined,
      system: catalog?.system ?? undefined,
      domain: catalog?.domain ?? undefined,
      domainPath: catalog?.domainPath,
      ownerPath: catalog?.ownerPath,
    });
  }
}
