import { CheckResult } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { computeScorecard } from './computeScorecard';

function check(
  id: string,
  overrides: Partial<CheckResult> = {},
): CheckResult {
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

function score(checks: CheckResult[]) {
  return computeScorecard({
    entityRef: 'component:default/svc',
    flavor: 'ml',
    evaluatedAt: new Date('2026-11-26T00:00:00Z'),
    checks,
    metrics: {},
  });
}

describe('computeScorecard', () => {
  it('reaches level 2 when every applicable required check passes or is waived', () => {
    const card = score([
      check('a'),
      check('b', { status: 'waived' }),
      check('c', { level: 2 }),
      check('d', { level: 2, required: false, status: 'fail' }),
    ]);
    expect(card.level).toBe(2);
    expect(card.levelName).toBe('Fully automated');
    expect(card.nextLevel).toBeUndefined();
  });

  it('stays at level 0 while a required level-1 check fails, even if level-2 checks pass', () => {
    const card = score([
      check('a', { status: 'fail', persona: 'data-scientist' }),
      check('c', { level: 2 }),
    ]);
    expect(card.level).toBe(0);
    expect(card.nextLevel).toEqual({
      level: 1,
      blockers: ['a'],
      blockersByPersona: { 'data-scientist': ['a'] },
    });
  });

  it('never lets unknown pass a gate', () => {
    const card = score([check('a', { status: 'unknown' })]);
    expect(card.level).toBe(0);
    expect(card.nextLevel?.blockers).toEqual(['a']);
  });

  it('does not gate on recommended checks', () => {
    const card = score([check('a'), check('r', { required: false, status: 'fail' })]);
    expect(card.level).toBe(2);
  });

  it('ignores not-applicable checks in level, score and coverage', () => {
    const card = score([
      check('a'),
      check('llm', { status: 'not-applicable', required: true, dimension: 'llm-evaluation' }),
    ]);
    expect(card.level).toBe(2);
    expect(card.score).toBe(100);
    expect(card.coverage).toBe(1);
    expect(card.dimensions.map(d => d.id)).toEqual(['deployment']);
  });

  it('lists level-1 and level-2 blockers for level 2, grouped by persona', () => {
    const card = score([
      check('a'),
      check('b', { level: 2, status: 'fail', persona: 'ml-engineer' }),
      check('c', { level: 2, status: 'unknown', persona: 'devops' }),
      check('d', { level: 2, status: 'fail', persona: 'ml-engineer' }),
    ]);
    expect(card.level).toBe(1);
    expect(card.nextLevel).toEqual({
      level: 2,
      blockers: ['b', 'c', 'd'],
      blockersByPersona: { 'ml-engineer': ['b', 'd'], devops: ['c'] },
    });
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
        evidence: [{ source: 'ci', strength: 'observed', detail: 'd', sample: true }],
      }),
    ]);
    expect(card.containsSampleData).toBe(true);
    expect(score([check('a')]).containsSampleData).toBe(false);
  });
});
