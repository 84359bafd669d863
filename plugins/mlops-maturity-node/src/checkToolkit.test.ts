import { JsonObject } from '@backstage/types';
import { MaturityCheck } from './checks';
import {
  decide,
  evidenceFrom,
  fail,
  numberParam,
  pass,
  unknown,
} from './checkToolkit';
import { mockCheckContext } from './testUtils/mockCheckContext';

interface EvalFacts extends JsonObject {
  passRate: number;
}

/** A check a module author could write: observed eval results over a declared eval config. */
const evalCheck: MaturityCheck = {
  id: 'acme.evals-pass',
  title: 'Evaluations pass',
  description: 'The latest evaluation run passes the bar.',
  dimension: 'llm-evaluation',
  level: 2,
  persona: 'ml-engineer',
  weight: 1,
  flavors: ['llm'],
  sources: ['acme-evals', 'repository'],
  remediation: 'Run the evaluation suite in CI and publish its pass rate.',
  docsUrl: 'https://example.com/checks#acme-evals-pass',
  parameters: {
    minimumPassRate: {
      type: 'number',
      default: 0.8,
      description: 'Lowest pass rate that passes',
    },
  },
  evaluate: ctx =>
    decide<EvalFacts>({
      ctx,
      observedSource: 'acme-evals',
      observed: (facts, set) => {
        const minimum = numberParam(ctx, 'minimumPassRate');
        const evidence = [
          evidenceFrom(set, 'observed', `pass rate ${facts.passRate}`),
        ];
        return facts.passRate >= minimum
          ? pass(`evaluations pass at ${facts.passRate}`, evidence)
          : fail(
              `evaluations pass at ${facts.passRate}, below ${minimum}`,
              evidence,
            );
      },
      declared: () => unknown('no evaluation results were collected', []),
    }),
};

describe('the check toolkit', () => {
  it('lets observed facts decide, with the parameter as configured', async () => {
    const passing = await evalCheck.evaluate(
      mockCheckContext({
        check: evalCheck,
        facts: { 'acme-evals': { passRate: 0.85 } },
      }),
    );
    expect(passing).toMatchObject({
      status: 'pass',
      evidence: [{ source: 'acme-evals', strength: 'observed' }],
    });
    const stricter = await evalCheck.evaluate(
      mockCheckContext({
        check: evalCheck,
        facts: { 'acme-evals': { passRate: 0.85 } },
        params: { minimumPassRate: 0.9 },
      }),
    );
    expect(stricter).toMatchObject({
      status: 'fail',
      message: 'evaluations pass at 0.85, below 0.9',
    });
  });

  it('says when the facts are the last known ones, and marks sample data', async () => {
    const outcome = await evalCheck.evaluate(
      mockCheckContext({
        check: evalCheck,
        facts: { 'acme-evals': { passRate: 0.85 } },
        sets: {
          'acme-evals': {
            error: 'HTTP 503',
            sample: true,
            collectedAt: '2026-01-14T08:00:00Z',
          },
        },
      }),
    );
    expect(outcome.message).toBe(
      'evaluations pass at 0.85 (last known acme-evals facts from 2026-01-14T08:00:00Z; the latest collection failed: HTTP 503)',
    );
    expect(outcome.evidence[0]).toMatchObject({ stale: true, sample: true });
  });

  it('is unknown while a live source has not collected, and when observed evidence is required', async () => {
    const waiting = await evalCheck.evaluate(
      mockCheckContext({ check: evalCheck, liveSources: ['acme-evals'] }),
    );
    expect(waiting).toMatchObject({
      status: 'unknown',
      message:
        'the acme-evals source is configured for this service but has not collected facts yet',
    });
    const required = await evalCheck.evaluate(
      mockCheckContext({ check: evalCheck, requireObserved: true }),
    );
    expect(required.status).toBe('unknown');
    expect(required.message).toMatch(
      /^observed evidence required \(requireObserved\) but no acme-evals source is configured/,
    );
  });

  it('refuses a parameter of the wrong type, naming the check', () => {
    const ctx = mockCheckContext({
      check: evalCheck,
      params: { minimumPassRate: 'high' },
    });
    expect(() => numberParam(ctx, 'minimumPassRate')).toThrow(
      'Check acme.evals-pass: parameter minimumPassRate must be a number',
    );
  });
});
