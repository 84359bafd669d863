import { InputError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import {
  CAPABILITIES,
  CheckDefinition,
  isDimension,
  isPersona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckContext,
  CheckOutcome,
  CheckParameterSpec,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  CheckOverride,
  CustomCheckConfig,
} from '../config/MlopsMaturityConfig';
import { createCustomCheck } from './customCheck';

/** A check as the engine runs it: the definition after overrides, with its parameters. */
export interface EffectiveCheck {
  definition: CheckDefinition;
  params: Record<string, JsonValue>;
  parameters: Record<string, CheckParameterSpec>;
  evaluate(
    context: Omit<CheckContext, 'params' | 'definition'>,
  ): CheckOutcome | Promise<CheckOutcome>;
}

const OVERRIDE_FIELDS = new Set([
  'enabled',
  'level',
  'required',
  'capabilities',
  'weight',
  'persona',
  'requireObserved',
  'params',
]);

function configError(checkId: string, field: string, problem: string): never {
  throw new InputError(
    `Invalid mlopsMaturity configuration for check '${checkId}', field '${field}': ${problem}`,
  );
}

function validateParam(
  checkId: string,
  name: string,
  spec: CheckParameterSpec | undefined,
  value: JsonValue,
): JsonValue {
  const field = `params.${name}`;
  if (!spec) {
    configError(checkId, field, 'the check has no such parameter');
  }
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string')
        configError(checkId, field, 'expected a string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean')
        configError(checkId, field, 'expected true or false');
      return value;
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) {
        configError(checkId, field, 'expected a number');
      }
      if (spec.min !== undefined && value < spec.min) {
        configError(checkId, field, `must be at least ${spec.min}`);
      }
      if (spec.max !== undefined && value > spec.max) {
        configError(checkId, field, `must be at most ${spec.max}`);
      }
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
        configError(checkId, field, 'expected a list of strings');
      }
      return value;
    default:
      return configError(checkId, field, 'unsupported parameter type');
  }
}

function validCapabilities(
  checkId: string,
  field: string,
  value: unknown,
): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    configError(checkId, field, 'expected a list of capability ids');
  }
  for (const capability of value as string[]) {
    if (!CAPABILITIES.some(c => c.id === capability)) {
      configError(
        checkId,
        field,
        `unknown capability '${capability}'; use one of ${CAPABILITIES.map(
          c => c.id,
        ).join(', ')}`,
      );
    }
  }
  return value as string[];
}

function applyOverride(
  check: MaturityCheck,
  override: CheckOverride | undefined,
  warn: (message: string) => void,
): EffectiveCheck | undefined {
  const id = check.id;
  const parameters = check.parameters ?? {};
  const params: Record<string, JsonValue> = Object.fromEntries(
    Object.entries(parameters).map(([name, spec]) => [name, spec.default]),
  );
  const definition: CheckDefinition = {
    id,
    title: check.title,
    description: check.description,
    dimension: check.dimension,
    level: check.level,
    required: false,
    weight: check.weight ?? 1,
    persona: check.persona,
    flavors: check.flavors ?? ['ml', 'llm'],
    ...(check.ownModelOnly ? { ownModelOnly: true } : {}),
    sources: check.sources,
    remediation: check.remediation,
    docsUrl: check.docsUrl,
  };
  let capabilities = validCapabilities(id, 'capabilities', check.capabilities);

  if (override) {
    for (const field of Object.keys(override)) {
      if (!OVERRIDE_FIELDS.has(field)) {
        configError(
          id,
          field,
          `unknown field; use one of ${[...OVERRIDE_FIELDS].join(', ')}`,
        );
      }
    }
    if (
      override.enabled !== undefined &&
      typeof override.enabled !== 'boolean'
    ) {
      configError(id, 'enabled', 'expected true or false');
    }
    if (override.enabled === false) {
      return undefined;
    }
    if (override.level !== undefined) {
      if (override.level !== 1 && override.level !== 2) {
        configError(id, 'level', 'expected 1 or 2');
      }
      definition.level = override.level;
    }
    if (override.capabilities !== undefined) {
      capabilities = [
        ...new Set([
          ...capabilities,
          ...validCapabilities(id, 'capabilities', override.capabilities),
        ]),
      ];
    }
    if (override.required !== undefined) {
      if (typeof override.required !== 'boolean') {
        configError(id, 'required', 'expected true or false');
      }
    }
    if (override.weight !== undefined) {
      if (typeof override.weight !== 'number' || !(override.weight >= 0)) {
        configError(id, 'weight', 'expected a number of 0 or more');
      }
      definition.weight = override.weight;
    }
    if (override.persona !== undefined) {
      if (!isPersona(override.persona)) {
        configError(
          id,
          'persona',
          'expected data-scientist, ml-engineer or devops',
        );
      }
      definition.persona = override.persona;
    }
    if (override.requireObserved !== undefined) {
      if (typeof override.requireObserved !== 'boolean') {
        configError(id, 'requireObserved', 'expected true or false');
      }
      definition.requireObserved = override.requireObserved;
    }
    if (override.params !== undefined) {
      if (typeof override.params !== 'object' || override.params === null) {
        configError(id, 'params', 'expected an object');
      }
      for (const [name, value] of Object.entries(override.params)) {
        const retired = check.retiredParameters?.[name];
        if (retired !== undefined && !parameters[name]) {
          warn(
            `MLOps maturity check '${id}' no longer takes params.${name}, so the setting is ignored: ${retired}`,
          );
          continue;
        }
        params[name] = validateParam(id, name, parameters[name], value);
      }
    }
  }

  // A check decides the level when it can demonstrate a capability; `required: false`
  // keeps it in the score only.
  const inTable = CAPABILITIES.some(c => c.checks.includes(id));
  definition.required =
    override?.required ??
    check.required ??
    (inTable || capabilities.length > 0);
  if (definition.required && !inTable && capabilities.length === 0) {
    configError(
      id,
      'required',
      'a check counts toward the level through a capability: also set capabilities (see docs/checks.md)',
    );
  }
  if (capabilities.length > 0) {
    definition.capabilities = capabilities;
  }

  return {
    definition,
    params,
    parameters,
    // One literal rather than a spread: it is built for every check of every evaluation.
    evaluate: ({ entity, flavor, facts, now }) =>
      check.evaluate({ entity, flavor, facts, now, params, definition }),
  };
}

/**
 * The effective check catalogue: built-in and module checks with operator overrides
 * applied, plus declarative custom checks. Construction validates all configuration,
 * so a mistake stops startup with the check id and field.
 */
export class CheckRegistry {
  private constructor(
    private readonly checks: EffectiveCheck[],
    /** Settings that were ignored rather than refused, for the caller to log. */
    readonly warnings: string[],
  ) {}

  static create(options: {
    checks: MaturityCheck[];
    overrides: Record<string, CheckOverride>;
    customChecks: CustomCheckConfig[];
  }): CheckRegistry {
    const seen = new Set<string>();
    const effective: EffectiveCheck[] = [];
    const warnings: string[] = [];
    const all = [
      ...options.checks,
      ...options.customChecks.map((c, index) => createCustomCheck(c, index)),
    ];
    for (const check of all) {
      if (seen.has(check.id)) {
        throw new InputError(
          `Duplicate MLOps maturity check id '${check.id}': check ids must be unique`,
        );
      }
      seen.add(check.id);
      if (!isDimension(check.dimension)) {
        configError(
          check.id,
          'dimension',
          `unknown dimension '${check.dimension}'`,
        );
      }
      const result = applyOverride(
        check,
        options.overrides[check.id],
        message => warnings.push(message),
      );
      if (result) {
        effective.push(result);
      }
    }
    for (const id of Object.keys(options.overrides)) {
      if (!seen.has(id)) {
        throw new InputError(
          `Invalid mlopsMaturity configuration for check '${id}': no check has this id (see GET /api/mlops-maturity/checks for the catalogue)`,
        );
      }
    }
    return new CheckRegistry(effective, warnings);
  }

  list(): EffectiveCheck[] {
    return this.checks;
  }

  definitions(): CheckDefinition[] {
    return this.checks.map(c => c.definition);
  }

  /** Whether an enabled check has this id. */
  has(checkId: string): boolean {
    return this.checks.some(check => check.definition.id === checkId);
  }
}
