import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  evalCases,
  gatewayAuth,
  llmChecks,
  providerOf,
  pushedScore,
} from './llmChecks';
import {
  ciJob,
  daysAgo,
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
        sets: { custom: { origin: 'push', collectedAt: daysAgo(2) } },
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

describe('llm.output-validation', () => {
  const validation = check('llm.output-validation');

  it("does not take a content filter on the user's prompt for output validation", async () => {
    const outcome = await runCheck(validation, {
      repository: {
        signals: [
          signal('guardrails', 'app/safety.py', {
            tool: 'azure-content-safety',
            attributes: {
              call: 'analyze_text',
              appliesTo: ['input'],
              runtime: true,
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      "not counted: `app/safety.py` (azure-content-safety) checks only the user's input; nothing validates the model's output",
    );
  });

  it('does not take validation that runs only in evaluation code', async () => {
    const outcome = await runCheck(validation, {
      repository: {
        signals: [
          signal('guardrails', 'steps/judge.py', {
            tool: 'pydantic',
            attributes: { appliesTo: ['output'], runtime: false },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '`steps/judge.py` (pydantic) runs only in code the service does not execute',
    );
  });

  it('passes on moderation of the completion in the service, and on output rails', async () => {
    for (const attributes of [
      { appliesTo: ['input', 'output'], runtime: true },
      { flows: ['output: self check output'], outputRails: true },
    ]) {
      const outcome = await runCheck(validation, {
        repository: {
          signals: [signal('guardrails', 'app/guard.py', { attributes })],
        },
      });
      expect(outcome.status).toBe('pass');
    }
  });

  it('does not take NeMo rails that only check the input', async () => {
    const outcome = await runCheck(validation, {
      repository: {
        signals: [
          signal('guardrails', 'rails/config.yml', {
            tool: 'nemo-guardrails',
            attributes: { outputRails: false, appliesTo: ['input'] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
  });
});

describe('llm.prompt-versioning', () => {
  const versioning = check('llm.prompt-versioning');

  it('passes on prompts the service loads from versioned files', async () => {
    const outcome = await runCheck(versioning, {
      repository: {
        signals: [
          signal('prompt-template', 'api/chat.prompty', {
            tool: 'prompty',
            attributes: { loadedBy: ['api/chat.py'] },
          }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Prompts are versioned: api/chat.prompty (prompty)',
    });
  });

  it('fails when prompts live only in code, citing prompt files nothing loads', async () => {
    const outcome = await runCheck(versioning, {
      repository: {
        rejections: [
          rejection(
            'prompt-template',
            'api/old.prompty',
            'is a Prompty prompt, but nothing in the running service loads it',
          ),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/^No prompts kept in versioned files/);
    expect(outcome.message).toContain(
      '`api/old.prompty` is a Prompty prompt, but nothing in the running service loads it',
    );
  });
});

describe('llm.output-quality from pushed results', () => {
  const quality = check('llm.output-quality');
  const pushed = (value: unknown, collectedAt = daysAgo(1)) => ({
    custom: { outputQuality: value as never },
    sets: { custom: { origin: 'push' as const, collectedAt } },
  });

  it('reads a number, a score on another scale, or the weakest of named scores', () => {
    expect(pushedScore(0.9)).toEqual({ score: 0.9 });
    expect(pushedScore({ score: 4, max: 5 })).toMatchObject({ score: 0.8 });
    expect(
      pushedScore({ faithfulness: 0.92, relevancy: 0.64, samples: 200 }),
    ).toMatchObject({ score: 0.64, metric: 'relevancy' });
  });

  it('passes a recent score above the threshold', async () => {
    const outcome = await runCheck(quality, pushed({ score: 0.86 }));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'score 0.86 meets the threshold 0.7, measured 1 day ago (limit 7)',
    );
  });

  it('fails a score below the threshold, saying so', async () => {
    const outcome = await runCheck(quality, pushed({ score: 0.55 }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'score 0.55 is below the threshold 0.7 (minimumScore)',
    );
    expect(outcome.message).not.toContain('maxAgeDays');
  });

  it('fails a result older than the age limit, saying so', async () => {
    const outcome = await runCheck(
      quality,
      pushed({ score: 0.9, measuredAt: daysAgo(30) }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'it was measured 30 days ago, more than the 7-day limit (maxAgeDays)',
    );
    expect(outcome.message).not.toContain('minimumScore');
  });

  it('follows the threshold and age parameters', async () => {
    const outcome = await runCheck(quality, {
      ...pushed({ score: 0.55 }, daysAgo(20)),
      params: { minimumScore: 0.5, maxAgeDays: 30 },
    });
    expect(outcome.status).toBe('pass');
  });

  it('fails a pushed value without a score', async () => {
    const outcome = await runCheck(quality, pushed({ status: 'ok' }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('has no numeric score');
  });
});
