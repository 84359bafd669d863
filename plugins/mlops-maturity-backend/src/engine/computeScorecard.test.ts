import { CheckResult } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { LevelOptions } from './capabilityLevels';
import { computeScorecard } from './computeScorecard';

function check(id: string, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    title: id,
    dimension: 'deployment',
    level: 1,
    required: true,
    weight: 1,
    persona: 'devops',
    status: 'pass',
    message: '',
    evidence: [],
    remediation: `fix ${id}`,
    ...overrides,
  };
}

function score(list: CheckResult[], levelOptions?: LevelOptions) {
  return computeScorecard({
    entityRef: 'component:default/svc',
    flavor: 'ml',
    evaluatedAt: new Date('2026-11-26T00:00:00Z'),
    checks: list,
    metrics: {},
    levelOptions,
  });
}

/** Passing checks that demonstrate every Level 1 capability of a classic ML service. */
const LEVEL_1 = [
  'pipeline.defined',
  'exp.tracking',
  'deploy.containerized',
  'gov.documentation',
];
/** One check for each Level 2 capability of a classic ML service. */
const LEVEL_2 = [
  'pipeline.ci-on-pr',
  'deploy.cd-on-merge',
  'pipeline.retrain-trigger',
  'monitoring.drift',
  'deploy.iac',
];

function checks(
  passing: string[],
  others: Record<string, Partial<CheckResult>> = {},
): CheckResult[] {
  return [
    ...passing.map(id => check(id)),
    ...Object.entries(others).map(([id, overrides]) => check(id, overrides)),
  ];
}

const observed = {
  evidence: [{ source: 'ci', strength: 'observed' as const, detail: 'd' }],
};

describe('computeScorecard levels', () => {
  it('reaches Level 1 when every core capability and one other are demonstrated', () => {
    const card = score(checks(LEVEL_1));
    expect(card.level).toBe(1);
    expect(card.levelBasis).toBe('declared');
    const packaging = card.capabilities!.find(c => c.id === 'model-packaging')!;
    expect(packaging).toMatchObject({
      status: 'demonstrated',
      demonstratedBy: ['deploy.containerized'],
      strength: 'declared',
    });
  });

  it('lets any alternative demonstrate a capability: one missed detector does not drop the level', () => {
    const card = score(
      checks(
        [
          'pipeline.defined',
          'registry.model-registered',
          'serving.infra',
          'exp.reproducible-env',
        ],
        {
          'exp.tracking': { status: 'fail' },
          'deploy.containerized': { status: 'fail' },
        },
      ),
    );
    expect(card.level).toBe(1);
  });

  it('stays at Level 0 while a core capability is missing, whatever Level 2 shows', () => {
    const card = score(
      checks(
        [
          ...LEVEL_2,
          'exp.tracking',
          'deploy.containerized',
          'gov.documentation',
        ],
        {
          'pipeline.defined': { status: 'fail', persona: 'data-scientist' },
        },
      ),
    );
    expect(card.level).toBe(0);
    expect(card.nextLevel).toMatchObject({
      level: 1,
      missingCapabilities: ['training-pipeline'],
      capabilitiesByPersona: { 'data-scientist': ['training-pipeline'] },
      blockers: ['pipeline.defined'],
      blockersByPersona: { 'data-scientist': ['pipeline.defined'] },
      moreOptionalNeeded: 0,
    });
  });

  it('never lets unknown demonstrate a capability: all-unknown alternatives are unverified and block', () => {
    const card = score(
      checks(['exp.tracking', 'deploy.containerized', 'gov.documentation'], {
        'pipeline.defined': { status: 'unknown' },
      }),
    );
    expect(card.level).toBe(0);
    expect(
      card.capabilities!.find(c => c.id === 'training-pipeline')!.status,
    ).toBe('unverified');
  });

  it('needs three of the five Level 2 capabilities and says how many more', () => {
    const failing = Object.fromEntries(
      LEVEL_2.slice(2).map(id => [id, { status: 'fail' as const }]),
    );
    const two = score(checks([...LEVEL_1, ...LEVEL_2.slice(0, 2)], failing));
    expect(two.level).toBe(1);
    expect(two.nextLevel).toMatchObject({
      level: 2,
      moreOptionalNeeded: 1,
      missingCapabilities: [
        'triggered-retraining',
        'production-monitoring',
        'automated-infrastructure',
      ],
    });
    expect(score(checks([...LEVEL_1, ...LEVEL_2.slice(0, 3)])).level).toBe(2);
  });

  it('ignores checks this context cannot decide, and checks kept out of the level', () => {
    const card = score(
      checks(['pipeline.defined', 'exp.tracking', 'deploy.containerized'], {
        'gov.owner': { status: 'unknown', decidable: false },
        'gov.documentation': { status: 'fail' },
        'exp.reproducible-env': { required: false },
      }),
    );
    // Ownership and documentation is missing (gov.owner decides nothing), and the
    // reproducible environment does not count toward the level.
    expect(card.level).toBe(0);
    expect(
      card.capabilities!.find(c => c.id === 'ownership-documentation'),
    ).toMatchObject({
      status: 'missing',
      alternatives: ['gov.documentation'],
    });
    // Undecidable checks stay out of the score and coverage too.
    expect(card.coverage).toBe(1);
  });

  it('demands observed evidence for the levels the operator names', () => {
    const l2Observed = checks(LEVEL_1, {
      'pipeline.ci-on-pr': observed,
      'deploy.cd-on-merge': observed,
      'pipeline.retrain-trigger': {},
    });
    const card = score(l2Observed, { requireObservedLevels: [2] });
    expect(card.level).toBe(1);
    expect(
      card.capabilities!.find(c => c.id === 'triggered-retraining'),
    ).toMatchObject({
      status: 'unverified',
      note: 'Level 2 requires observed evidence; only declared evidence from pipeline.retrain-trigger',
    });
    expect(score(l2Observed).level).toBe(2);
  });

  it('lets an alternative that failed on observed evidence outweigh declared ones', () => {
    const card = score(
      checks(
        [
          'pipeline.defined',
          'exp.tracking',
          'gov.documentation',
          'deploy.containerized',
        ],
        {
          'deploy.automated-pipeline': { status: 'fail', ...observed },
        },
      ),
    );
    expect(card.level).toBe(0);
    expect(
      card.capabilities!.find(c => c.id === 'model-packaging'),
    ).toMatchObject({
      status: 'missing',
      note: 'deploy.automated-pipeline failed on observed evidence, which outweighs the declared evidence of deploy.containerized',
    });
    const shipped = score(
      checks(['pipeline.defined', 'exp.tracking', 'gov.documentation'], {
        'deploy.automated-pipeline': { status: 'fail', ...observed },
        'serving.infra': observed,
      }),
    );
    expect(shipped.level).toBe(1);
  });

  it('says whether the level rests on observed or declared evidence', () => {
    const allObserved = LEVEL_1.map(id => check(id, observed));
    expect(score(allObserved).levelBasis).toBe('observed');
    expect(
      score([...allObserved.slice(1), check('pipeline.defined')]).levelBasis,
    ).toBe('declared');
    expect(score([]).levelBasis).toBeUndefined();
  });

  it('tells when the level holds only through waivers', () => {
    const card = score(
      checks(LEVEL_1.slice(1), { 'pipeline.defined': { status: 'waived' } }),
    );
    expect(card.level).toBe(1);
    expect(card.levelRestsOnWaivers).toBe(true);
    expect(score(checks(LEVEL_1)).levelRestsOnWaivers).toBeUndefined();
  });

  it('needs fewer other capabilities when operators leave fewer applicable', () => {
    expect(score(checks([...LEVEL_1, ...LEVEL_2.slice(0, 2)])).level).toBe(2);
  });

  it('reaches no level when no capability of it applies', () => {
    const card = score([check('custom.thing')]);
    expect(card.level).toBe(0);
  });

  it('uses the LLM capabilities for LLM services: delivery is core, training is not asked', () => {
    const llm = (list: CheckResult[]) =>
      computeScorecard({
        entityRef: 'component:default/assistant',
        flavor: 'llm',
        evaluatedAt: new Date('2026-11-26T00:00:00Z'),
        checks: list,
        metrics: {},
      });
    expect(llm(checks(['deploy.iac', 'llm.eval-suite'])).level).toBe(1);
    expect(
      llm(
        checks(['llm.eval-suite', 'llm.output-validation'], {
          'deploy.iac': { status: 'fail' },
        }),
      ).level,
    ).toBe(0);
    expect(
      llm(
        checks([
          'deploy.iac',
          'llm.eval-suite',
          'llm.eval-in-ci',
          'deploy.cd-on-merge',
          'llm.api-usage-monitoring',
        ]),
      ).level,
    ).toBe(2);
  });

  it('counts checks that add themselves to a capability', () => {
    const card = score(
      checks(
        [
          'pipeline.defined',
          'exp.tracking',
          'gov.documentation',
          'org.paas-release',
        ],
        {},
      ).map(c =>
        c.id === 'org.paas-release'
          ? { ...c, capabilities: ['model-packaging'] }
          : c,
      ),
    );
    expect(card.level).toBe(1);
  });
});

describe('computeScorecard', () => {
  it('ignores not-applicable checks in score and coverage', () => {
    const card = score([check('a'), check('x', { status: 'not-applicable' })]);
    expect(card.score).toBe(100);
    expect(card.coverage).toBe(1);
  });

  it('weights the score and reports coverage as evaluated over applicable', () => {
    const card = score([
      check('a', { weight: 3 }),
      check('b', { weight: 1, status: 'fail' }),
      check('c', { weight: 1, status: 'unknown' }),
      check('d', { weight: 0, status: 'fail' }),
    ]);
    // 3 of 5 weight passes; 3 of 4 applicable checks were evaluated.
    expect(card.score).toBe(60);
    expect(card.coverage).toBe(0.75);
  });

  it('breaks the score down by dimension and persona', () => {
    const card = score([
      check('a', { dimension: 'data', persona: 'data-scientist' }),
      check('b', { dimension: 'data', persona: 'ml-engineer', status: 'fail' }),
      check('c', { dimension: 'serving', persona: 'ml-engineer' }),
    ]);
    expect(card.dimensions).toEqual([
      { id: 'data', score: 50, passed: 1, total: 2 },
      { id: 'serving', score: 100, passed: 1, total: 1 },
    ]);
    expect(card.personas).toEqual([
      { id: 'data-scientist', score: 100, passed: 1, total: 1 },
      { id: 'ml-engineer', score: 50, passed: 1, total: 2 },
    ]);
  });

  it('scores 0 with zero coverage when nothing applies', () => {
    const card = score([check('x', { status: 'not-applicable' })]);
    expect(card.score).toBe(0);
    expect(card.coverage).toBe(0);
  });

  it('flags scorecards built on sample evidence', () => {
    const card = score([
      check('a', {
        evidence: [
          { source: 'ci', strength: 'observed', detail: 'd', sample: true },
        ],
      }),
    ]);
    expect(card.containsSampleData).toBe(true);
    expect(score([check('a')]).containsSampleData).toBe(false);
  });
});

describe('computeScorecard targets', () => {
  const targets = { byLifecycle: { production: 2, experimental: 0 } } as const;
  const scoreAt = (
    lifecycle: string | null,
    options: { default?: 0 | 1 | 2 } = {},
  ) =>
    computeScorecard({
      entityRef: 'component:default/svc',
      flavor: 'ml',
      evaluatedAt: new Date('2026-11-26T00:00:00Z'),
      checks: checks(LEVEL_1),
      metrics: {},
      targets: { ...targets, ...options },
      lifecycle,
    });

  it('measures the level against the target of the lifecycle, whatever its case', () => {
    expect(scoreAt('production').level).toBe(1);
    expect(scoreAt('production').target).toEqual({
      level: 2,
      lifecycle: 'production',
      met: false,
    });
    expect(scoreAt('Experimental').target).toEqual({
      level: 0,
      lifecycle: 'Experimental',
      met: true,
    });
  });

  it('falls back to the default target, and has none without one', () => {
    expect(scoreAt('deprecated').target).toBeUndefined();
    expect(scoreAt(null).target).toBeUndefined();
    expect(scoreAt('deprecated', { default: 1 }).target).toEqual({
      level: 1,
      lifecycle: null,
      met: true,
    });
    expect(score(checks(LEVEL_1)).target).toBeUndefined();
  });
});
