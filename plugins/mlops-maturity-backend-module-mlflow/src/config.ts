import { Config } from '@backstage/config';

/** One MLflow tracking server from app-config. */
export interface MlflowInstance {
  name: string;
  /** Origin plus optional path prefix, without a trailing slash. */
  baseUrl: string;
  /** The `Authorization` header value, when the server needs credentials. Never logged. */
  authorization?: string;
}

export interface MlflowModuleConfig {
  instances: MlflowInstance[];
  /** Aliases (lower case) that mark the production version, in order of preference. */
  productionAliases: string[];
}

export const CONFIG_KEY = 'mlopsMaturity.mlflow';

export const DEFAULT_PRODUCTION_ALIASES = ['champion', 'production', 'prod'];

/** Instance names are plain identifiers, so an annotation can never be mistaken for a URL. */
export const INSTANCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function readBaseUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: it may hold credentials.
    throw new Error(`${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${key} must be an http(s) URL, got protocol '${url.protocol}'`,
    );
  }
  // Credentials in the URL would travel wherever the URL is shown.
  if (url.username || url.password) {
    throw new Error(
      `${key} must not contain credentials; use the token or username/password keys`,
    );
  }
  if (url.search || url.hash) {
    throw new Error(`${key} must not contain a query string or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function readAuthorization(config: Config, key: string): string | undefined {
  const token = config.getOptionalString('token');
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  if (
    token !== undefined &&
    (username !== undefined || password !== undefined)
  ) {
    throw new Error(
      `${key}.token cannot be combined with username/password; configure one of them`,
    );
  }
  if (token !== undefined) {
    if (!token.trim()) {
      throw new Error(`${key}.token must not be empty`);
    }
    return `Bearer ${token.trim()}`;
  }
  if (username === undefined && password === undefined) {
    return undefined;
  }
  if (!username) {
    throw new Error(
      `${key}.username is required when a password is configured`,
    );
  }
  if (!password) {
    throw new Error(
      `${key}.password is required when a username is configured`,
    );
  }
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * Reads and validates `mlopsMaturity.mlflow`. Returns undefined when the section is
 * absent (the module is then inactive); throws an Error naming the key otherwise.
 */
export function readMlflowConfig(root: Config): MlflowModuleConfig | undefined {
  const section = root.getOptionalConfig(CONFIG_KEY);
  if (!section) {
    return undefined;
  }
  const instances = section.getConfigArray('instances').map((config, index) => {
    const key = `${CONFIG_KEY}.instances[${index}]`;
    const name = config.getString('name');
    if (!INSTANCE_NAME_PATTERN.test(name)) {
      throw new Error(
        `${key}.name '${name}' must start with a letter or digit and contain only letters, digits, '.', '_' and '-'`,
      );
    }
    return {
      name,
      baseUrl: readBaseUrl(config.getString('baseUrl'), `${key}.baseUrl`),
      authorization: readAuthorization(config, key),
    };
  });
  instances.forEach((instance, index) => {
    const first = instances.findIndex(other => other.name === instance.name);
    if (first !== index) {
      throw new Error(
        `${CONFIG_KEY}.instances[${index}].name '${instance.name}' is already used by ${CONFIG_KEY}.instances[${first}]`,
      );
    }
  });

  const aliases = section.getOptionalStringArray('productionAliases');
  aliases?.forEach((alias, index) => {
    if (!alias.trim()) {
      throw new Error(
        `${CONFIG_KEY}.productionAliases[${index}] must not be empty`,
      );
    }
  });
  return {
    instances,
    // Compared case-insensitively: `Champion` is meant as much as `champion`.
    productionAliases: (aliases ?? DEFAULT_PRODUCTION_ALIASES).map(alias =>
      alias.trim().toLowerCase(),
    ),
  };
}
