import { InputError } from '@backstage/errors';
import { getJsonValueAtPath } from '@backstage/filter-predicates';
import { JsonValue } from '@backstage/types';
import {
  Evidence,
  Flavor,
  isDimension,
  isPersona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { CustomCheckConfig } from '../config/MlopsMaturityConfig';

type RuleOperator = 'exists' | 'equals' | 'in' | 'matches' | 'gte' | 'lte';
const OPERATORS: RuleOperator[] = [
  'exists',
  'equals',
  'in',
  'matches',
  'gte',
  'lte',
];

/** Sources whose facts describe what a repository or catalog declares rather than what happened. */
const DECLARED_SOURCES = new Set(['catalog', 'repository']);

function fail(where: string, field: string, problem: string): never {
  throw new InputError(
    `Invalid mlopsMaturity.customChecks entry ${where}, field '${field}': ${problem}`,
  );
}

function describe(value: JsonValue | undefined): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/**
 * Turns a declarative `customChecks` entry into a check. The rule reads one fact path,
 * `<source>.<path>`, and applies exactly one operator.
 */
export function createCustomCheck(
  config: CustomCheckConfig,
  index: number,
): MaturityCheck {
  const where = `#${index}${config?.id ? ` ('${config.id}')` : ''}`;
  if (
    typeof config?.id !== 'string' ||
    !/^[a-z0-9][a-z0-9.-]*$/.test(config.id)
  ) {
    fail(where, 'id', 'expected lower-case letters, digits, dots and dashes');
  }
  if (typeof config.title !== 'string' || !config.title) {
    fail(where, 'title', 'expected a non-empty string');
  }
  if (!isDimension(config.dimension)) {
    fail(where, 'dimension', `unknown dimension '${config.dimension}'`);
  }
  if (config.level !== 1 && config.level !== 2) {
    fail(where, 'level', 'expected 1 or 2');
  }
  if (!isPersona(config.persona)) {
    fail(where, 'persona', 'expected data-scientist, ml-engineer or devops');
  }
  const flavors = (config.flavors ?? ['ml', 'llm']) as Flavor[];
  if (flavors.some(f => f !== 'ml' && f !== 'llm')) {
    fail(where, 'flavors', 'expected a list of ml and llm');
  }
  const rule = config.rule;
  if (typeof rule?.fact !== 'string' || !rule.fact.includes('.')) {
    fail(
      where,
      'rule.fact',
      "expected '<source>.<path>', e.g. catalog.linksByType.runbook",
    );
  }
  const operators = OPERATORS.filter(op => rule[op] !== undefined);
  if (operators.length !== 1) {
    fail(where, 'rule', `expected exactly one of ${OPERATORS.join(', ')}`);
  }
  const operator = operators[0];
  const operand = rule[operator]!;
  let pattern: RegExp | undefined;
  if (operator === 'matches') {
    try {
      pattern = new RegExp(String(operand));
    } catch (error) {
      fail(where, 'rule.matches', (error as Error).message);
    }
  }
  if (
    (operator === 'gte' || operator === 'lte') &&
    typeof operand !== 'number'
  ) {
    fail(where, `rule.${operator}`, 'expected a number');
  }
  if (operator === 'in' && !Array.isArray(operand)) {
    fail(where, 'rule.in', 'expected a list');
  }

  const factPath = rule.fact as string;
  const [source, ...rest] = factPath.split('.');
  const path = rest.join('.');

  const test = (value: JsonValue | undefined): boolean => {
    switch (operator) {
      case 'exists':
        return (value !== undefined && value !== null) === operand;
      case 'equals':
        return value === operand;
      case 'in':
        return (operand as JsonValue[]).includes(value as JsonValue);
      case 'matches':
        return typeof value === 'string' && pattern!.test(value);
      case 'gte':
        return typeof value === 'number' && value >= (operand as number);
      case 'lte':
        return typeof value === 'number' && value <= (operand as number);
      default:
        return false;
    }
  };

  return {
    id: config.id,
    title: config.title,
    description:
      config.description ??
      `${factPath} ${operator} ${JSON.stringify(operand)}`,
    dimension: config.dimension as MaturityCheck['dimension'],
    level: config.level,
    ...(config.required !== undefined ? { required: config.required } : {}),
    ...(config.capabilities ? { capabilities: config.capabilities } : {}),
    weight: config.weight,
    persona: config.persona as MaturityCheck['persona'],
    flavors,
    sources: [source],
    remediation:
      config.remediation ??
      `Make ${factPath} satisfy ${operator} ${JSON.stringify(operand)}.`,
    docsUrl: config.docsUrl,
    evaluate(context): CheckOutcome {
      const factSet = context.facts.get(source);
      if (!factSet) {
        return {
          status: 'unknown',
          message: `No facts from source '${source}' for this service.`,
          evidence: [],
        };
      }
      if (factSet.error && Object.keys(factSet.facts).length === 0) {
        return {
          status: 'unknown',
          message: `Source '${source}' failed: ${factSet.error}`,
          evidence: [],
        };
      }
      const value = getJsonValueAtPath(factSet.facts, path);
      const evidence: Evidence = {
        source,
        strength: DECLARED_SOURCES.has(source) ? 'declared' : 'observed',
        detail: `${factPath} is ${describe(value)}`,
        ...(factSet.sample ? { sample: true } : {}),
        ...(factSet.stale ? { stale: true } : {}),
      };
      const passed = test(value);
      return {
        status: passed ? 'pass' : 'fail',
        message: `${factPath} is ${describe(
          value,
        )}; the rule needs ${operator} ${JSON.stringify(operand)}.`,
        evidence: [evidence],
      };
    },
  };
}
