import { JsonValue } from '@backstage/types';
import {
  ANNOTATIONS,
  CheckStatus,
  FactSet,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
// The benchmark's comparison only: json-rules-engine stays out of the plugin's dependencies.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  Almanac,
  ConditionProperties,
  Engine,
  TopLevelCondition,
} from 'json-rules-engine';
import { builtinChecks } from '../src/checks/builtin';
import { GeneratedService } from '../src/__testUtils__/generateServiceFacts';

/**
 * Rules for json-rules-engine (the engine behind Backstage Tech Insights) that decide a
 * subset of the built-in checks as they do, over the same stored facts: checks that pass
 * on declared signals of a kind, catalog annotation and ownership checks, an observed CI
 * count and an observed-or-declared monitoring check. Each check is two rules: whether it
 * can be decided (the facts it reads were collected and are usable) and whether it
 * passes, so both engines report pass, fail or unknown. Allowed values are the checks'
 * parameter defaults.
 */

function defaultParam(checkId: string, name: string): JsonValue {
  const check = builtinChecks.find(c => c.id === checkId);
  const spec = check?.parameters?.[name];
  if (!spec) {
    throw new Error(`No parameter ${name} on check ${checkId}`);
  }
  return spec.default;
}

const usableRule = (fact: string): TopLevelCondition => ({
  all: [{ fact, operator: 'equal', value: true }],
});

/** Catalog checks that report a malformed annotation as unknown. */
const catalogWithAnnotation = (annotation: string): TopLevelCondition => ({
  all: [
    { fact: 'catalogUsable', operator: 'equal', value: true },
    {
      fact: 'malformedAnnotations',
      operator: 'doesNotContain',
      value: annotation,
    },
  ],
});

/** Whether a check can be decided, by rule name. */
const DECIDED: Record<string, TopLevelCondition> = {
  repository: usableRule('repositoryUsable'),
  catalog: usableRule('catalogUsable'),
  ci: usableRule('ciUsable'),
  costCenter: catalogWithAnnotation(ANNOTATIONS.costCenter),
  dataClassification: catalogWithAnnotation(ANNOTATIONS.dataClassification),
  sourceTemplate: catalogWithAnnotation(ANNOTATIONS.sourceTemplate),
  // Observed alert rules decide; without a monitoring source, the repository does.
  monitoringOrRepository: {
    any: [
      { fact: 'monitoringUsable', operator: 'equal', value: true },
      {
        all: [
          { fact: 'monitoringCollected', operator: 'equal', value: false },
          {
            fact: 'liveSources',
            operator: 'doesNotContain',
            value: 'monitoring',
          },
          { fact: 'repositoryUsable', operator: 'equal', value: true },
        ],
      },
    ],
  },
};

const signalOf = (kind: string): ConditionProperties => ({
  fact: 'signalKinds',
  operator: 'contains',
  value: kind,
});

const hasSignal = (kind: string): TopLevelCondition => ({
  all: [signalOf(kind)],
});

const catalogValue = (
  path: string,
  operator: string,
  value: JsonValue,
): ConditionProperties => ({
  fact: 'catalog',
  path: `$.facts.${path}`,
  operator,
  value,
});

interface EquivalentCheck {
  id: string;
  decidedBy: keyof typeof DECIDED;
  passes: TopLevelCondition;
}

/** The checks decided by both engines, with the conditions under which they pass. */
export const EQUIVALENT_CHECKS: EquivalentCheck[] = [
  {
    id: 'exp.config-as-code',
    decidedBy: 'repository',
    passes: hasSignal('config-as-code'),
  },
  {
    id: 'exp.reproducible-env',
    decidedBy: 'repository',
    passes: hasSignal('reproducible-env'),
  },
  {
    id: 'data.schema',
    decidedBy: 'repository',
    passes: hasSignal('data-schema'),
  },
  {
    id: 'data.lineage',
    decidedBy: 'repository',
    passes: hasSignal('data-lineage'),
  },
  { id: 'pipeline.tests', decidedBy: 'repository', passes: hasSignal('tests') },
  {
    id: 'deploy.containerized',
    decidedBy: 'repository',
    passes: hasSignal('container-image'),
  },
  { id: 'deploy.iac', decidedBy: 'repository', passes: hasSignal('iac') },
  {
    id: 'gov.model-card',
    decidedBy: 'repository',
    passes: hasSignal('model-card'),
  },
  {
    id: 'gov.lifecycle',
    decidedBy: 'catalog',
    passes: {
      all: [
        catalogValue(
          'lifecycle',
          'in',
          defaultParam('gov.lifecycle', 'allowedLifecycles'),
        ),
      ],
    },
  },
  {
    id: 'gov.cost-center',
    decidedBy: 'costCenter',
    passes: { all: [catalogValue('costCenter', 'nonEmptyString', true)] },
  },
  {
    id: 'gov.data-classification',
    decidedBy: 'dataClassification',
    passes: {
      all: [
        catalogValue(
          'dataClassification',
          'inIgnoringCase',
          defaultParam('gov.data-classification', 'allowedClassifications'),
        ),
      ],
    },
  },
  {
    id: 'pipeline.standard-template',
    decidedBy: 'sourceTemplate',
    passes: { all: [catalogValue('sourceTemplate', 'nonEmptyString', true)] },
  },
  {
    id: 'gov.owner',
    decidedBy: 'catalog',
    // A Group that exists, or one as declared when no catalog was consulted.
    passes: {
      all: [
        catalogValue('owner', 'nonEmptyString', true),
        catalogValue('ownerKind', 'equal', 'group'),
        {
          any: [
            catalogValue('relationsResolved', 'equal', false),
            catalogValue('ownerExists', 'equal', true),
          ],
        },
      ],
    },
  },
  {
    id: 'deploy.frequency',
    decidedBy: 'ci',
    passes: {
      all: [
        {
          fact: 'ci',
          path: '$.facts.deploy.successesLast30d',
          operator: 'greaterThanInclusive',
          value: defaultParam('deploy.frequency', 'minDeploysLast30d'),
        },
      ],
    },
  },
  {
    id: 'monitoring.alerting',
    decidedBy: 'monitoringOrRepository',
    passes: {
      any: [
        {
          all: [
            { fact: 'monitoringUsable', operator: 'equal', value: true },
            {
              fact: 'monitoring',
              path: '$.facts.alertRules.length',
              operator: 'greaterThan',
              value: 0,
            },
          ],
        },
        {
          all: [
            { fact: 'monitoringCollected', operator: 'equal', value: false },
            {
              any: [
                signalOf('alert-rules'),
                {
                  fact: 'k8sResourceKinds',
                  operator: 'contains',
                  value: 'PrometheusRule',
                },
              ],
            },
          ],
        },
      ],
    },
  },
];

const isEmptyFacts = (facts: unknown) =>
  facts === null ||
  typeof facts !== 'object' ||
  Object.keys(facts as object).length === 0;

/** Facts derived from the stored fact sets, computed once per run by the almanac. */
function derivedFacts(engine: Engine) {
  const factSet = (almanac: Almanac, source: string) =>
    almanac.factValue<FactSet | undefined>(source);
  const usable = (source: string) => async (_: unknown, almanac: Almanac) => {
    const set = await factSet(almanac, source);
    // A source that failed before it ever produced facts cannot be evaluated.
    return set !== undefined && !(set.error && isEmptyFacts(set.facts));
  };
  for (const source of ['catalog', 'repository', 'ci', 'monitoring']) {
    engine.addFact(`${source}Usable`, usable(source));
  }
  engine.addFact(
    'monitoringCollected',
    async (_, almanac) => (await factSet(almanac, 'monitoring')) !== undefined,
  );
  const signals = async (almanac: Almanac) =>
    (
      (await factSet(almanac, 'repository'))?.facts as
        | RepositoryFacts
        | undefined
    )?.signals ?? [];
  engine.addFact('signalKinds', async (_, almanac) =>
    (await signals(almanac)).map(s => s.kind),
  );
  engine.addFact('k8sResourceKinds', async (_, almanac) =>
    (await signals(almanac))
      .filter(s => s.kind === 'k8s-resource')
      .map(s => String(s.attributes?.resourceKind ?? '')),
  );
  engine.addFact('malformedAnnotations', async (_, almanac) =>
    Object.keys(
      ((await factSet(almanac, 'catalog'))?.facts?.annotationErrors as
        | object
        | undefined) ?? {},
    ),
  );
}

/** A json-rules-engine with the equivalent rules, operators and derived facts. */
export function createJsonRulesEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator<unknown, boolean>(
    'nonEmptyString',
    (value, expected) =>
      (typeof value === 'string' && value.length > 0) === expected,
  );
  engine.addOperator<unknown, string[]>(
    'inIgnoringCase',
    (value, allowed) =>
      typeof value === 'string' &&
      allowed.map(a => a.toLowerCase()).includes(value.toLowerCase()),
  );
  derivedFacts(engine);
  for (const [name, conditions] of Object.entries(DECIDED)) {
    engine.addRule({
      name: `decided:${name}`,
      conditions,
      event: { type: name },
    });
  }
  for (const check of EQUIVALENT_CHECKS) {
    engine.addRule({
      name: `passes:${check.id}`,
      conditions: check.passes,
      event: { type: check.id },
    });
  }
  return engine;
}

/** The status of each equivalent check for one service, as json-rules-engine decides it. */
export async function decideWithJsonRules(
  engine: Engine,
  service: GeneratedService,
): Promise<Map<string, CheckStatus>> {
  const facts: Record<string, unknown> = {
    liveSources: [...service.liveSources],
  };
  for (const set of service.facts) {
    facts[set.source] = set;
  }
  const { results, failureResults } = await engine.run(facts);
  const outcome = new Map<string, boolean>();
  for (const result of results) {
    outcome.set(result.name, true);
  }
  for (const result of failureResults) {
    outcome.set(result.name, false);
  }
  return new Map(
    EQUIVALENT_CHECKS.map(check => {
      if (!outcome.get(`decided:${check.decidedBy}`)) {
        return [check.id, 'unknown'];
      }
      return [check.id, outcome.get(`passes:${check.id}`) ? 'pass' : 'fail'];
    }),
  );
}
