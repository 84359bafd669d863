import { ConfigReader } from '@backstage/config';
import { DEFAULT_SERIES_QUERIES, readPrometheusSettings } from './config';

function read(prometheus: unknown) {
  return readPrometheusSettings(
    new ConfigReader({ mlopsMaturity: { prometheus } } as any),
  );
}

describe('readPrometheusSettings', () => {
  it('is undefined when the section is absent, so the module stays inactive', () => {
    expect(readPrometheusSettings(new ConfigReader({}))).toBeUndefined();
    expect(
      readPrometheusSettings(
        new ConfigReader({ mlopsMaturity: { schedule: {} } }),
      ),
    ).toBeUndefined();
  });

  it('reads instances with bearer and basic credentials, and the default queries', () => {
    const settings = read({
      instances: [
        {
          name: 'prod',
          baseUrl: 'https://prometheus.example.com/',
          token: 's3cret',
        },
        {
          name: 'eu.staging',
          baseUrl: 'http://prom.internal:9090/prometheus/',
          username: 'u',
          password: 'p',
        },
        { name: 'lab', baseUrl: 'http://127.0.0.1:9090' },
      ],
    });
    expect(settings).toEqual({
      instances: [
        {
          name: 'prod',
          baseUrl: 'https://prometheus.example.com',
          authorization: 'Bearer s3cret',
        },
        {
          name: 'eu.staging',
          baseUrl: 'http://prom.internal:9090/prometheus',
          authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
        },
        { name: 'lab', baseUrl: 'http://127.0.0.1:9090' },
      ],
      queries: DEFAULT_SERIES_QUERIES,
      rulesCacheSeconds: 60,
    });
  });

  it('overrides the query templates it is given and keeps the other defaults', () => {
    const drift =
      'count by (__name__) ({job="{{job}}", __name__=~"evidently_.*"})';
    const settings = read({
      instances: [{ name: 'prod', baseUrl: 'http://prom:9090' }],
      queries: { drift },
      rulesCacheSeconds: 0,
    });
    expect(settings?.queries).toEqual({ ...DEFAULT_SERIES_QUERIES, drift });
    expect(settings?.rulesCacheSeconds).toBe(0);
  });

  it('has safe default templates for every family', () => {
    for (const template of Object.values(DEFAULT_SERIES_QUERIES)) {
      expect(template).toMatch(
        /^count by \(__name__\) \(\{job="\{\{job\}\}", __name__=~"[^"\\]+"\}\)$/,
      );
    }
  });

  it.each([
    [{}, /Missing mlopsMaturity\.prometheus\.instances/],
    [{ instances: [] }, /Missing mlopsMaturity\.prometheus\.instances/],
    [
      { instances: [{ baseUrl: 'http://p' }] },
      /mlopsMaturity\.prometheus\.instances\[0\]\.name/,
    ],
    [
      { instances: [{ name: 'prod' }] },
      /mlopsMaturity\.prometheus\.instances\[0\]\.baseUrl/,
    ],
    [
      { instances: [{ name: 'a b', baseUrl: 'http://p' }] },
      /Invalid mlopsMaturity\.prometheus\.instances\[0\]\.name 'a b'/,
    ],
    [
      { instances: [{ name: 'prod', baseUrl: 'prometheus:9090/x' }] },
      /instances\[0\]\.baseUrl: only http and https/,
    ],
    [
      { instances: [{ name: 'prod', baseUrl: 'not a url' }] },
      /instances\[0\]\.baseUrl: not an absolute URL/,
    ],
    [
      { instances: [{ name: 'prod', baseUrl: 'http://p?x=1' }] },
      /instances\[0\]\.baseUrl: must not have a query string/,
    ],
    [
      {
        instances: [
          { name: 'prod', baseUrl: 'http://p' },
          { name: 'prod', baseUrl: 'http://q' },
        ],
      },
      /instances\[1\]\.name: 'prod' is used by another instance/,
    ],
    [
      {
        instances: [
          {
            name: 'prod',
            baseUrl: 'http://p',
            token: 't',
            username: 'u',
            password: 'p',
          },
        ],
      },
      /instances\[0\]: set either token or username\/password/,
    ],
    [
      { instances: [{ name: 'prod', baseUrl: 'http://p', username: 'u' }] },
      /instances\[0\]: username and password must be set together/,
    ],
    [
      { instances: [{ name: 'prod', baseUrl: 'http://p', token: ' ' }] },
      /instances\[0\]\.token: must not be empty/,
    ],
    [
      {
        instances: [{ name: 'prod', baseUrl: 'http://p' }],
        queries: { latency: 'up{job="{{job}}"}' },
      },
      /Unknown key mlopsMaturity\.prometheus\.queries\.latency/,
    ],
    [
      {
        instances: [{ name: 'prod', baseUrl: 'http://p' }],
        queries: { drift: 'drift_score' },
      },
      /Invalid mlopsMaturity\.prometheus\.queries\.drift: must select/,
    ],
    [
      {
        instances: [{ name: 'prod', baseUrl: 'http://p' }],
        queries: { gpu: 'DCGM_FI_DEV_GPU_UTIL{job={{job}}}' },
      },
      /Invalid mlopsMaturity\.prometheus\.queries\.gpu: \{\{job\}\} must be inside/,
    ],
    [
      {
        instances: [{ name: 'prod', baseUrl: 'http://p' }],
        rulesCacheSeconds: -1,
      },
      /Invalid mlopsMaturity\.prometheus\.rulesCacheSeconds/,
    ],
  ])('rejects %j naming the key', (prometheus, message) => {
    expect(() => read(prometheus)).toThrow(message);
  });

  it('rejects credentials in the base URL without repeating them', () => {
    let message = '';
    try {
      read({
        instances: [
          { name: 'prod', baseUrl: 'https://admin:hunter2@prom.example.com' },
        ],
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/instances\[0\]\.baseUrl: put credentials in/);
    expect(message).not.toContain('hunter2');
  });
});
