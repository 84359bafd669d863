import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { evalCases, gatewayAuth, llmChecks, providerOf } from './llmChecks';
import {
  ciJob,
  k8s,
  rejection,
  runCheck,
  runStats,
  signal,
  successfulRuns,
} from './testHelpers';

const check = (id: string): MaturityCheck => llmChecks.find(c => c.id === id)!;

describe('llm.access-control', () => {
  const access = check('llm.access-control');

  it('fails a gateway without authentication, with that reason', async () => {
    const outcome = await runCheck(access, {
      repository: {
        signals: [
          signal('llm-gateway', 'litellm/config.yaml', {
            tool: 'litellm',
            attributes: { authEnforced: false },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'LLM gateway without enforced authentication: litellm/config.yaml (litellm) does not enforce authentication',
    );
  });

  it('does not take a gateway that does not say whether auth is enforced for one that does', async () => {
    const outcome = await runCheck(access, {
      repository: {
        signals: [signal('llm-gateway', 'gateway.yaml', { tool: 'litellm' })],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'does not show that authentication is enforced',
    );
  });

  it('fails without a gateway, citing rejected look-alikes', async () => {
    const outcome = await runCheck(access, {
      repository: {
        rejections: [
          rejection(
            'llm-gateway',
            'docs/gateway.md',
            'describes a gateway in docs only',
          ),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '`docs/gateway.md` describes a gateway in docs only',
    );
  });

  it('reads the auth flag whatever the analyzer names it', () => {
    expect(
      gatewayAuth(signal('llm-gateway', 'a', { attributes: { auth: true } })),
    ).toBe(true);
    expect(
      gatewayAuth(
        signal('llm-gateway', 'a', { attributes: { authEnabled: false } }),
      ),
    ).toBe(false);
    expect(
      gatewayAuth(signal('llm-gateway', 'a', { attributes: { port: 4000 } })),
    ).toBeUndefined();
  });
});

describe('llm.data-privacy', () => {
  const privacy = check('llm.data-privacy');

  it('passes data classified as not needing a filter, from the catalog alone', async () => {
    const outcome = await runCheck(privacy, {
      repository: null,
      catalog: { dataClassification: 'internal' },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].source).toBe('catalog');
  });

  it('fails unclassified data without a filter', async () => {
    const outcome = await runCheck(privacy, {});
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^No mlops-maturity.io\/data-classification annotation and no privacy filter/,
    );
  });

  it('follows the classificationsRequiringFilter parameter', async () => {
    const outcome = await runCheck(privacy, {
      catalog: { dataClassification: 'confidential' },
      params: {
        classificationsRequiringFilter: ['confidential', 'restricted'],
      },
    });
    expect(outcome.status).toBe('fail');
  });

  it('is unknown for restricted data when the repository cannot be read', async () => {
    const outcome = await runCheck(privacy, {
      catalog: { dataClassification: 'restricted' },
      sets: { repository: { facts: {}, error: 'HTTP 403' } },
    });
    expect(outcome).toMatchObject({
      status: 'unknown',
      message:
        'data classified as restricted, and repository could not be read: HTTP 403',
    });
  });
});

describe('llm.region and llm.third-party-model', () => {
  it('fails without the region annotation', async () => {
    const outcome = await runCheck(check('llm.region'), {});
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'No mlops-maturity.io/region annotation',
    });
  });

  it('uses the allowedRegions parameter', async () => {
    const outcome = await runCheck(check('llm.region'), {
      catalog: { regions: ['ap-south-1'] },
      params: { allowedRegions: ['ap-south-1'] },
    });
    expect(outcome.status).toBe('pass');
  });

  it('judges providers, not the model names after them', async () => {
    expect(providerOf('Azure-OpenAI/gpt-4o')).toBe('azure-openai');
    expect(providerOf('openai:gpt-4o-mini')).toBe('openai');
    const outcome = await runCheck(check('llm.third-party-model'), {
      catalog: { modelProviders: ['openai/gpt-4o', 'deepseek/r1'] },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('not on the allow-list: deepseek/r1');
  });
});

describe('llm.gpu-cost', () => {
  const gpu = check('llm.gpu-cost');

  it('does not apply to a service that only calls hosted models', async () => {
    const outcome = await runCheck(gpu, {
      catalog: { modelProviders: ['azure-openai/gpt-4o'] },
    });
    expect(outcome.status).toBe('not-applicable');
    expect(outcome.message).toContain(
      'hosted models only (azure-openai/gpt-4o)',
    );
  });

  it('applies when the service runs GPU workloads of its own', async () => {
    const outcome = await runCheck(gpu, {
      catalog: { modelProviders: ['azure-openai/gpt-4o'] },
      repository: { signals: [k8s('k8s/vllm.yaml', { gpu: true })] },
    });
    expect(outcome.status).toBe('fail');
  });

  it('passes on declared DCGM or Kubecost without a monitoring source', async () => {
    const outcome = await runCheck(gpu, {
      repository: {
        signals: [
          signal('gpu-cost', 'k8s/dcgm-exporter.yaml', { tool: 'dcgm' }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });

  it('fails declared DCGM when Prometheus has no GPU series, citing the config', async () => {
    const outcome = await runCheck(gpu, {
      repository: {
        signals: [
          signal('gpu-cost', 'k8s/dcgm-exporter.yaml', { tool: 'dcgm' }),
        ],
      },
      monitoring: {},
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'although k8s/dcgm-exporter.yaml (dcgm) is configured',
    );
  });
});

describe('llm.eval-suite', () => {
  it('counts a suite whose cases were not counted, and names the count when known', async () => {
    const suite = check('llm.eval-suite');
    expect(
      evalCases(signal('llm-eval', 'a', { attributes: { testCases: 3 } })),
    ).toBe(3);
    const outcome = await runCheck(suite, {
      repository: {
        signals: [signal('llm-eval', 'evals/ragas.py', { tool: 'ragas' })],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('llm.eval-in-ci', () => {
  const inCi = check('llm.eval-in-ci');
  const job = ciJob('.github/workflows/eval.yml', {
    triggers: ['pull-request'],
    activities: ['llm-eval'],
  });

  it('passes on observed successful evaluation runs', async () => {
    const outcome = await runCheck(inCi, {
      ci: { llmEval: successfulRuns('eval.yml', 3) },
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0].strength).toBe('observed');
  });

  it('fails a declared evaluation job whose runs all fail', async () => {
    const outcome = await runCheck(inCi, {
      repository: { signals: [job] },
      ci: { llmEval: runStats({ runs: 2 }) },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      '0 of 2 LLM evaluation runs succeeded: no LLM evaluation run has succeeded',
    );
  });
});

describe('llm.user-feedback and llm.output-quality', () => {
  it('take results pushed by a job as observed evidence', async () => {
    for (const [id, key] of [
      ['llm.user-feedback', 'userFeedback'],
      ['llm.output-quality', 'outputQuality'],
    ]) {
      const outcome = await runCheck(check(id), {
        custom: { [key]: { thumbsUpRate: 0.82 } },
        sets: { custom: { origin: 'push' } },
      });
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence[0]).toMatchObject({
        source: 'custom',
        strength: 'observed',
      });
      expect(outcome.message).toContain('"thumbsUpRate":0.82');
    }
  });

  it('output quality is unknown without monitoring or pushed facts, saying how to provide them', async () => {
    const outcome = await runCheck(check('llm.output-quality'), {
      repository: { signals: [signal('guardrails', 'rails/config.yml')] },
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('push results under `outputQuality`');
  });

  it('user feedback falls back to declared capture without monitoring', async () => {
    const outcome = await runCheck(check('llm.user-feedback'), {
      custom: { other: 1 },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/^No user feedback capture/);
  });
});
