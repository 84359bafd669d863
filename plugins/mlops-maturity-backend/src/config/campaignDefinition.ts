import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CampaignDefinition,
  CampaignGoal,
  CampaignScope,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

const CAMPAIGN_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day as YYYY-MM-DD (not 2027-02-30). */
export function isDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return (
    DAY.test(value) &&
    !Number.isNaN(time) &&
    new Date(time).toISOString().slice(0, 10) === value
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scope fields that name an entity, with the kind a bare name means. */
const ENTITY_FIELDS = { domain: 'domain', owner: 'group', system: 'system' };

function parseScope(value: unknown, where: string): CampaignScope {
  if (value === undefined) {
    return {};
  }
  if (!isObject(value)) {
    throw new InputError(`Invalid ${where}.scope: expected an object`);
  }
  const scope: CampaignScope = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    if (typeof fieldValue !== 'string' || fieldValue.length === 0) {
      throw new InputError(
        `Invalid ${where}.scope.${field}: expected a non-empty string`,
      );
    }
    if (field in ENTITY_FIELDS) {
      const defaultKind = ENTITY_FIELDS[field as keyof typeof ENTITY_FIELDS];
      let ref: string;
      try {
        // "payments" and "domain:default/payments" name the same domain.
        ref = stringifyEntityRef(parseEntityRef(fieldValue, { defaultKind }));
      } catch (error) {
        throw new InputError(
          `Invalid ${where}.scope.${field}: ${(error as Error).message}`,
        );
      }
      scope[field as keyof typeof ENTITY_FIELDS] = ref;
    } else if (field === 'flavor') {
      if (fieldValue !== 'ml' && fieldValue !== 'llm') {
        throw new InputError(
          `Invalid ${where}.scope.flavor: expected ml or llm, got ${fieldValue}`,
        );
      }
      scope.flavor = fieldValue;
    } else if (field === 'lifecycle') {
      scope.lifecycle = fieldValue;
    } else {
      throw new InputError(
        `Invalid ${where}.scope.${field}: a scope has domain, owner, system, flavor and lifecycle`,
      );
    }
  }
  return scope;
}

function parseGoal(
  value: unknown,
  where: string,
  checkExists: (checkId: string) => boolean,
): CampaignGoal {
  const keys = isObject(value) ? Object.keys(value) : [];
  if (!isObject(value) || keys.length !== 1) {
    throw new InputError(
      `Invalid ${where}.goal: expected either { level: 0, 1 or 2 } or { check: <check id> }`,
    );
  }
  if ('level' in value) {
    const level = value.level;
    if (level !== 0 && level !== 1 && level !== 2) {
      throw new InputError(
        `Invalid ${where}.goal.level: expected 0, 1 or 2, got ${JSON.stringify(
          level,
        )}`,
      );
    }
    return { level };
  }
  if ('check' in value) {
    const check = value.check;
    if (typeof check !== 'string' || !checkExists(check)) {
      throw new InputError(
        `Invalid ${where}.goal.check: ${JSON.stringify(
          check,
        )} is not an enabled check (see GET /checks)`,
      );
    }
    return { check };
  }
  throw new InputError(
    `Invalid ${where}.goal: expected either { level: 0, 1 or 2 } or { check: <check id> }`,
  );
}

/**
 * A campaign from app-config or an API request, validated whole; `where` names it in
 * the errors ("mlopsMaturity.campaigns[0]", "request body").
 */
export function parseCampaignDefinition(
  value: unknown,
  where: string,
  checkExists: (checkId: string) => boolean,
): CampaignDefinition {
  if (!isObject(value)) {
    throw new InputError(`Invalid ${where}: expected an object`);
  }
  const { id, title, description, deadline } = value;
  if (typeof id !== 'string' || !CAMPAIGN_ID.test(id) || id.length > 128) {
    throw new InputError(
      `Invalid ${where}.id: expected lower-case letters, digits and dashes (at most 128), got ${JSON.stringify(
        id,
      )}`,
    );
  }
  if (typeof title !== 'string' || title.trim() === '') {
    throw new InputError(`Invalid ${where}.title: expected a non-empty string`);
  }
  if (description !== undefined && typeof description !== 'string') {
    throw new InputError(`Invalid ${where}.description: expected a string`);
  }
  if (typeof deadline !== 'string' || !isDay(deadline)) {
    throw new InputError(
      `Invalid ${where}.deadline: expected a date as YYYY-MM-DD, got ${JSON.stringify(
        deadline,
      )}`,
    );
  }
  return {
    id,
    title: title.trim(),
    ...(description !== undefined && { description }),
    scope: parseScope(value.scope, where),
    goal: parseGoal(value.goal, where, checkExists),
    deadline,
  };
}
