import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DEFAULT_PRODUCTION_ALIASES, readMlflowConfig } from './config';

function read(mlflow: JsonObject) {
  return readMlflowConfig(new ConfigReader({ mlopsMaturity: { mlflow } }));
}

describe('readMlflowConfig', () => {
  it('is undefined when the section is absent, so the module stays inactive', () => {
    expect(readMlflowConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readMlflowConfig(new ConfigReader({ mlopsMaturity: { schedule: {} } })),
    ).toBeUndefined();
  });

  it('reads instances with bearer, basic or no credentials', () => {
    expect(
      read({
        instances: [
          {
            name: 'prod',
            baseUrl: 'https://mlflow.example.com/',
            token: ' t0ken ',
          },
          {
            name: 'research',
            baseUrl: 'http://mlflow.internal:5000/tracking/',
            username: 'svc',
            password: 'pw',
          },
          { name: 'local_dev.1', baseUrl: 'http://localhost:5000' },
        ],
      }),
    ).toEqual({
      instances: [
        {
          name: 'prod',
          baseUrl: 'https://mlflow.example.com',
          authorization: 'Bearer t0ken',
        },
        {
          name: 'research',
          baseUrl: 'http://mlflow.internal:5000/tracking',
          authorization: `Basic ${Buffer.from('svc:pw').toString('base64')}`,
        },
        {
          name: 'local_dev.1',
          baseUrl: 'http://localhost:5000',
          authorization: undefined,
        },
      ],
      productionAliases: DEFAULT_PRODUCTION_ALIASES,
    });
  });

  it('reads production aliases in order, in lower case', () => {
    expect(
      read({ instances: [], productionAliases: ['Live', 'champion'] })
        ?.productionAliases,
    ).toEqual(['live', 'champion']);
  });

  it.each<[string, JsonObject, string | RegExp]>([
    ['no instances', {}, /mlopsMaturity\.mlflow\.instances/],
    [
      'a missing base URL',
      { instances: [{ name: 'prod' }] },
      /mlopsMaturity\.mlflow\.instances\[0\]\.baseUrl/,
    ],
    [
      'a base URL that is not http(s)',
      {
        instances: [
          { name: 'a', baseUrl: 'http://a' },
          { name: 'b', baseUrl: 'file:///etc/passwd' },
        ],
      },
      "mlopsMaturity.mlflow.instances[1].baseUrl must be an http(s) URL, got protocol 'file:'",
    ],
    [
      'a relative base URL',
      { instances: [{ name: 'prod', baseUrl: 'mlflow.example.com' }] },
      'mlopsMaturity.mlflow.instances[0].baseUrl must be an absolute http(s) URL',
    ],
    [
      'credentials in the base URL',
      {
        instances: [
          { name: 'prod', baseUrl: 'https://svc:secret@mlflow.example.com' },
        ],
      },
      'mlopsMaturity.mlflow.instances[0].baseUrl must not contain credentials; use the token or username/password keys',
    ],
    [
      'a query string in the base URL',
      {
        instances: [
          { name: 'prod', baseUrl: 'https://mlflow.example.com/?o=1' },
        ],
      },
      'mlopsMaturity.mlflow.instances[0].baseUrl must not contain a query string or fragment',
    ],
    [
      'a duplicate name',
      {
        instances: [
          { name: 'prod', baseUrl: 'http://a' },
          { name: 'prod', baseUrl: 'http://b' },
        ],
      },
      "mlopsMaturity.mlflow.instances[1].name 'prod' is already used by mlopsMaturity.mlflow.instances[0]",
    ],
    [
      'a name that could pass for a URL',
      { instances: [{ name: 'http://a', baseUrl: 'http://a' }] },
      "mlopsMaturity.mlflow.instances[0].name 'http://a' must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
    ],
    [
      'a token together with basic auth',
      {
        instances: [
          {
            name: 'prod',
            baseUrl: 'http://a',
            token: 't',
            username: 'u',
            password: 'p',
          },
        ],
      },
      'mlopsMaturity.mlflow.instances[0].token cannot be combined with username/password; configure one of them',
    ],
    [
      'a username without a password',
      { instances: [{ name: 'prod', baseUrl: 'http://a', username: 'u' }] },
      'mlopsMaturity.mlflow.instances[0].password is required when a username is configured',
    ],
    [
      'a password without a username',
      { instances: [{ name: 'prod', baseUrl: 'http://a', password: 'p' }] },
      'mlopsMaturity.mlflow.instances[0].username is required when a password is configured',
    ],
    [
      'an empty token',
      { instances: [{ name: 'prod', baseUrl: 'http://a', token: ' ' }] },
      'mlopsMaturity.mlflow.instances[0].token must not be empty',
    ],
    [
      'an empty production alias',
      { instances: [], productionAliases: ['champion', '  '] },
      'mlopsMaturity.mlflow.productionAliases[1] must not be empty',
    ],
  ])('rejects %s, naming the key', (_, mlflow, message) => {
    expect(() => read(mlflow)).toThrow(message);
  });

  it('never puts a secret in its errors', () => {
    expect(() =>
      read({
        instances: [
          {
            name: 'prod',
            baseUrl: 'http://a',
            token: 'sup3r-secret',
            username: 'u',
          },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('sup3r-secret'),
      }),
    );
  });
});
