import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ANNOTATIONS,
  CatalogFacts,
  CheckDefinition,
  CheckResult,
  CiFacts,
  FACT_SOURCES,
  FactSet,
  RegistryFacts,
  RepositoryFacts,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { FactsView } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { LevelOptions } from './capabilityLevels';
import { CheckRegistry } from './CheckRegistry';
import { computeMetrics } from './computeMetrics';
import { computeScorecard } from './computeScorecard';
import { resolveFlavor } from './selectServices';
import { parseWaivers } from './waivers';

class StoredFactsView implements FactsView {
  private readonly bySource: Map<string, FactSet>;

  constructor(
    factSets: FactSet[],
    private readonly liveSources: Set<string>,
  ) {
    this.bySource = new Map(factSets.map(f => [f.source, f]));
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
  /**
   * Says why this context cannot decide a check at all (the CLI on a bare checkout has no
   * catalog entity and no live sources); such checks are reported but decide nothing.
   */
  undecidable?: (definition: CheckDefinition) => string | undefined;
}

export class MaturityEngine {
  constructor(
    private readonly registry: CheckRegistry,
    private readonly options: MaturityEngineOptions = {},
  ) {}

  async evaluate(options: {
    entity: Entity;
    facts: FactSet[];
    liveSources: Set<string>;
    now: Date;
  }): Promise<Scorecard> {
    const { entity, now } = options;
    const entityRef = stringifyEntityRef(entity);
    const { flavor } = resolveFlavor(entity);
    const facts = new StoredFactsView(options.facts, options.liveSources);
    const { waivers } = parseWaivers(
      entity.metadata.annotations?.[ANNOTATIONS.waivers],
    );
    const trainsOwnModel = showsOwnTraining(facts);

    const checks: CheckResult[] = [];
    for (const check of this.registry.list()) {
      const definition = check.definition;
      const base = {
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
      };
      if (!definition.flavors.includes(flavor)) {
        checks.push({
          ...base,
          status: 'not-applicable',
          message: `Applies to ${definition.flavors.join(' and ')} services; this is a${
            flavor === 'ml' ? 'n ml' : 'n llm'
          } service.`,
          evidence: [],
        });
        continue;
      }
      if (definition.ownModelOnly && flavor === 'llm' && !trainsOwnModel) {
        checks.push({
          ...base,
          status: 'not-applicable',
          message:
            'Applies to LLM services that train or fine-tune their own model; no training pipeline, training job or model registration was found, so this service is taken to use a hosted model.',
          evidence: [],
        });
        continue;
      }
      const undecidable = this.options.undecidable?.(definition);
      if (undecidable) {
        checks.push({
          ...base,
          status: 'unknown',
          message: undecidable,
          evidence: [],
          decidable: false,
        });
        continue;
      }
      let outcome;
      try {
        outcome = await check.evaluate({ entity, flavor, facts, now });
      } catch (error) {
        // A faulty check must not sink the scorecard; it reports why it could not decide.
        outcome = {
          status: 'unknown' as const,
          message: `The check failed to evaluate: ${(error as Error).message}`,
          evidence: [],
        };
      }
      const waiver = waivers.find(
        w => w.checkId === definition.id && w.expiresAt >= now,
      );
      if (waiver && outcome.status !== 'pass' && outcome.status !== 'not-applicable') {
        checks.push({
          ...base,
          status: 'waived',
          message: `Waived until ${waiver.expiresAt
            .toISOString()
            .slice(0, 10)} (${ANNOTATIONS.waivers}); without the waiver: ${
            outcome.status
          } — ${outcome.message}`,
          evidence: outcome.evidence,
        });
        continue;
      }
      checks.push({ ...base, ...outcome });
    }

    const catalog = facts.get<CatalogFacts>('catalog')?.facts;
    return computeScorecard({
      entityRef,
      flavor,
      evaluatedAt: now,
      checks,
      levelOptions: this.options.levelOptions,
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
