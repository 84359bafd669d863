import { CiFacts } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CheckContext } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  decide,
  defineCheck,
  evidenceFrom,
  fail,
  matchesPattern,
  matchesPrefixPattern,
  normalizeDependency,
  pass,
  withRepository,
} from './evidence';
import { ContextOptions, makeContext } from './testHelpers';

/** A decision over CI facts: passes when a deploy succeeded, declared evidence otherwise. */
function decideDeploy(ctx: CheckContext) {
  return decide<CiFacts>({
    ctx,
    observedSource: 'ci',
    observed: (ci, set) =>
      ci.deploy.succeeded > 0
        ? pass('deployed', [
            evidenceFrom(set, 'declared', 'a deploy succeeded'),
          ])
        : undefined,
    declared: () =>
      fail('declared says no', [
        { source: 'repository', strength: 'declared', detail: 'no deploy job' },
      ]),
  });
}

const succeeded: ContextOptions['ci'] = {
  deploy: {
    workflows: ['deploy.yml'],
    runs: 1,
    succeeded: 1,
    lastRunAt: null,
    lastSuccessAt: null,
    successesLast30d: 1,
  },
};

describe('decide', () => {
  it('lets observed facts decide and marks their evidence observed', () => {
    const outcome = decideDeploy(makeContext({ ci: succeeded }));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toEqual([
      { source: 'ci', strength: 'observed', detail: 'a deploy succeeded' },
    ]);
  });

  it('labels stale and sample observed facts, and says why they are stale', () => {
    const outcome = decideDeploy(
      makeContext({
        ci: succeeded,
        sets: {
          ci: {
            error: 'rate limited',
            sample: true,
            collectedAt: '2025-06-01T00:00:00Z',
          },
        },
      }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      stale: true,
      sample: true,
      strength: 'observed',
    });
    expect(outcome.message).toContain(
      'last known ci facts from 2025-06-01T00:00:00Z',
    );
    expect(outcome.message).toContain('rate limited');
  });

  it('is unknown, quoting the error, when the observed source failed before it had facts', () => {
    const outcome = decideDeploy(
      makeContext({
        ci: succeeded,
        sets: { ci: { facts: {}, error: 'HTTP 401 Bad credentials' } },
      }),
    );
    expect(outcome).toMatchObject({
      status: 'unknown',
      message: 'ci could not be read: HTTP 401 Bad credentials',
    });
    expect(outcome.evidence).toHaveLength(1);
  });

  it('falls back to declared evidence when the live source cannot see the practice', () => {
    const outcome = decideDeploy(
      makeContext({
        ci: { deploy: { ...succeeded.deploy!, runs: 0, succeeded: 0 } },
      }),
    );
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'declared says no',
    });
  });

  it('uses declared evidence when no live source is configured', () => {
    expect(decideDeploy(makeContext({})).message).toBe('declared says no');
  });

  it('is unknown when a live source applies but has not collected yet', () => {
    const outcome = decideDeploy(makeContext({ liveSources: ['ci'] }));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'the ci source is configured for this service but has not collected facts yet',
    );
  });

  it('is unknown under requireObserved without a live source, keeping the declared findings', () => {
    const outcome = decideDeploy(makeContext({ requireObserved: true }));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'observed evidence required (requireObserved) but no ci source is configured for this service; declared evidence: declared says no',
    );
    expect(outcome.evidence.map(e => e.detail)).toEqual([
      'no ci facts for this service',
      'no deploy job',
    ]);
  });

  it('is unknown under requireObserved when the live source shows nothing', () => {
    const outcome = decideDeploy(
      makeContext({
        requireObserved: true,
        ci: { deploy: { ...succeeded.deploy!, runs: 0, succeeded: 0 } },
      }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toMatch(
      /^observed evidence required .* the ci source shows nothing/,
    );
  });
});

describe('defineCheck', () => {
  const check = defineCheck({
    id: 'test.declared-only',
    title: 'Declared only',
    description: 'Verifies something only the repository shows.',
    dimension: 'data',
    level: 1,
    required: false,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation: 'Add it.',
    evaluate: ctx =>
      withRepository(ctx, repo =>
        repo.signals('data-schema').length > 0
          ? pass('found', [repo.about('schema')])
          : fail('missing', [repo.missing('schema')]),
      ),
  });

  it('derives the docs link from the id', () => {
    expect(check.docsUrl).toBe(
      'https://github.com/mlops-maturity/backstage-plugins/blob/main/docs/checks.md#test-declared-only',
    );
  });
});

describe('withRepository', () => {
  const evaluate = (ctx: CheckContext) =>
    withRepository(ctx, repo =>
      pass(`read ${repo.facts.fileCount} files`, [repo.about('read')]),
    );

  it('explains a missing source-location annotation', () => {
    const outcome = evaluate(
      makeContext({ repository: null, catalog: { sourceLocation: null } }),
    );
    expect(outcome).toMatchObject({
      status: 'unknown',
      message:
        'no backstage.io/source-location annotation: the repository cannot be inspected',
    });
  });

  it('explains a repository that has not been read yet', () => {
    const outcome = evaluate(makeContext({ repository: null }));
    expect(outcome.message).toBe(
      'the repository at https://github.com/acme/fraud-detector/tree/main/ has not been read yet',
    );
  });

  it('uses the last known facts of a failed read, marked stale', () => {
    const outcome = evaluate(
      makeContext({ sets: { repository: { error: 'timeout' } } }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence[0]).toMatchObject({
      stale: true,
      strength: 'declared',
    });
  });

  it('reports truncated listings in what was not found', () => {
    const outcome = withRepository(
      makeContext({ repository: { truncated: true, fileCount: 5000 } }),
      repo => fail('missing', [repo.missing('Dockerfile')]),
    );
    expect(outcome.evidence[0].detail).toBe(
      'no Dockerfile among 5000 files of the repository (the file listing was truncated, so some files were not inspected)',
    );
  });
});

describe('matching helpers', () => {
  it.each([
    ['python:3.12-slim', 'python:3.*-slim', true],
    ['python:3.12-slim-bookworm', 'python:3.*-slim', true],
    ['python:3.12', 'python:3.*-slim', false],
    ['python:3.12', 'python:3.1', false],
    ['gcr.io/distroless/python3-debian12:nonroot', 'gcr.io/distroless/*', true],
    ['nvcr.io/nvidia/tritonserver:24.05-py3', 'nvcr.io/nvidia/*', true],
    ['evil.io/nvcr.io/nvidia/x', 'nvcr.io/nvidia/*', false],
    ['pytorch/pytorch:2.3.0-cuda12.1', 'pytorch/pytorch', true],
    ['pytorch/pytorchx', 'pytorch/pytorch', false],
  ])('%s against %s → %s', (value, pattern, expected) => {
    expect(matchesPrefixPattern(value, pattern)).toBe(expected);
  });

  it('matches whole values with wildcards', () => {
    expect(matchesPattern('cc-4711', 'cc-*')).toBe(true);
    expect(matchesPattern('xcc-4711', 'cc-*')).toBe(false);
  });

  it('normalises dependency names like PyPI', () => {
    expect(normalizeDependency('Azure_AI.ML[extras]')).toBe('azure-ai-ml');
  });
});
