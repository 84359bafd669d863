import YAML from 'yaml';

/** Key under which a GitLab `!reference [job, key]` tag is kept until it is resolved. */
export const GITLAB_REFERENCE = '!reference';

const gitlabReferenceTag: YAML.CollectionTag = {
  tag: '!reference',
  collection: 'seq',
  resolve: value => ({ [GITLAB_REFERENCE]: value.toJSON() }),
};

/**
 * Parses every document of a YAML stream. A document that does not parse is left out
 * rather than failing the whole analysis; unknown tags (CloudFormation `!Ref`, ...)
 * resolve to their plain value.
 */
export function parseYamlDocuments(text: string): unknown[] {
  let documents: YAML.Document.Parsed[];
  try {
    documents = YAML.parseAllDocuments(text, {
      merge: true,
      uniqueKeys: false,
      logLevel: 'silent',
      customTags: [gitlabReferenceTag],
    }) as YAML.Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(documents)) {
    return [];
  }
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      continue;
    }
    try {
      const value = document.toJS({ maxAliasCount: 1000 });
      if (value !== null && value !== undefined) {
        values.push(value);
      }
    } catch {
      // An alias bomb or a broken anchor: skip this document.
    }
  }
  return values;
}

export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asMap(value: unknown): YamlMap {
  return isMap(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value === undefined || value === null ? [] : [value];
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

export function asStrings(value: unknown): string[] {
  return asArray(value)
    .map(asString)
    .filter((item): item is string => item !== undefined);
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return null;
}

/** Reads a nested value by a dotted path, e.g. `spec.template.spec`. */
export function getPath(value: unknown, dottedPath: string): unknown {
  let current: unknown = value;
  for (const key of dottedPath.split('.')) {
    if (!isMap(current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

export function toYamlText(value: unknown): string {
  return YAML.stringify(value, { lineWidth: 0 });
}
