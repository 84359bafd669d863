import {
  BusinessMetrics,
  CapabilityResult,
  CheckResult,
  CheckStatus,
  Flavor,
  MaturityLevel,
  Scorecard,
  levelName,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * A small organisation whose rollups are computed by hand in the tests:
 *
 * domains: commerce ⊃ payments ⊃ fraud; search
 * groups:  eng ⊃ ml-platform ⊃ fraud-team; eng ⊃ search-team
 *
 * | svc | domain   | owner       | system        | flavor | level | score | coverage |
 * | A   | fraud    | fraud-team  | payments-core | ml     | 0     | 20    | 0.5      |
 * | B   | payments | ml-platform | payments-core | ml     | 1     | 60    | 1        |
 * | C   | commerce | fraud-team  | checkout      | llm    | 2     | 90    | 0.75     |
 * | D   | search   | search-team | -             | ml     | 1     | 40    | 0.8      |
 * | F   | -        | user alice  | payments-core | ml     | 0     | 10    | 1        |
 * | E   | fraud    | fraud-team  | payments-core | ml     | 1     | 100   | 1        |  (hidden)
 */
export const domainRef = (name: string) => `domain:default/${name}`;
export const groupRef = (name: string) => `group:default/${name}`;
export const serviceRef = (name: string) => `component:default/${name}`;

const CHECKS: Record<
  string,
  Pick<CheckResult, 'dimension' | 'persona' | 'level' | 'required' | 'weight'>
> = {
  'deploy.x': {
    dimension: 'deployment',
    persona: 'ml-engineer',
    level: 1,
    required: true,
    weight: 1,
  },
  'data.y': {
    dimension: 'data',
    persona: 'data-scientist',
    level: 2,
    required: true,
    weight: 1,
  },
  'exp.v': {
    dimension: 'experimentation',
    persona: 'data-scientist',
    level: 1,
    required: false,
    weight: 2,
  },
  'ops.z': {
    dimension: 'monitoring',
    persona: 'devops',
    level: 1,
    required: false,
    weight: 1,
  },
  'gov.owner': {
    dimension: 'governance',
    persona: 'devops',
    level: 1,
    required: true,
    weight: 1,
  },
  'llm.w': {
    dimension: 'llm-evaluation',
    persona: 'ml-engineer',
    level: 1,
    required: false,
    weight: 2,
  },
};

const CAPABILITY_STATUS: Partial<
  Record<CheckStatus, CapabilityResult['status']>
> = {
  unknown: 'unverified',
  'not-applicable': 'not-applicable',
};

export function fixtureScorecard(options: {
  name: string;
  level: MaturityLevel;
  score: number;
  coverage: number;
  checks: Record<string, CheckStatus>;
  blockers: string[];
  flavor?: Flavor;
  domainPath?: string[];
  ownerPath?: string[];
  owner?: string;
  system?: string;
  metrics?: BusinessMetrics;
}): Scorecard {
  const checks: CheckResult[] = Object.entries(options.checks).map(
    ([id, status]) => ({
      id,
      title: `Title of ${id}`,
      ...CHECKS[id],
      status,
      message: `${id} is ${status}`,
      evidence: [],
      remediation: `Fix ${id}`,
      docsUrl: `https://docs.example.com/${id}`,
    }),
  );
  const owner = options.owner ?? options.ownerPath?.[0];
  // Each required fixture check is the one way to show a capability of its own level.
  const capabilities: CapabilityResult[] = checks
    .filter(check => check.required)
    .map(check => {
      const shown = check.status === 'pass' || check.status === 'waived';
      return {
        id: `${check.id}-capability`,
        title: `Capability shown by ${check.id}`,
        level: check.level,
        core: true,
        persona: check.persona,
        status: shown
          ? 'demonstrated'
          : CAPABILITY_STATUS[check.status] ?? 'missing',
        demonstratedBy: shown ? [check.id] : [],
        alternatives: check.status === 'not-applicable' ? [] : [check.id],
      };
    });
  return {
    entityRef: serviceRef(options.name),
    flavor: options.flavor ?? 'ml',
    level: options.level,
    levelName: levelName(options.level),
    score: options.score,
    coverage: options.coverage,
    evaluatedAt: '2026-03-01T10:00:00.000Z',
    checks,
    dimensions: [],
    personas: [],
    capabilities,
    ...(options.level < 2 && {
      nextLevel: {
        level: (options.level + 1) as 1 | 2,
        blockers: options.blockers,
        blockersByPersona: {},
      },
    }),
    metrics: options.metrics ?? {},
    ...(owner && { owner }),
    ...(options.system && { system: options.system }),
    ...(options.domainPath && {
      domain: options.domainPath[0],
      domainPath: options.domainPath,
    }),
    ...(options.ownerPath && { ownerPath: options.ownerPath }),
    containsSampleData: false,
  };
}

const fraudPath = ['fraud', 'payments', 'commerce'].map(domainRef);
const fraudTeamPath = ['fraud-team', 'ml-platform', 'eng'].map(groupRef);

export const FIXTURE_SCORECARDS: Scorecard[] = [
  fixtureScorecard({
    name: 'a',
    level: 0,
    score: 20,
    coverage: 0.5,
    domainPath: fraudPath,
    ownerPath: fraudTeamPath,
    system: 'system:default/payments-core',
    checks: {
      'deploy.x': 'fail',
      'data.y': 'unknown',
      'exp.v': 'pass',
      'ops.z': 'pass',
    },
    blockers: ['deploy.x'],
    metrics: { timeToProductionDays: 40, deploysLast30d: 1 },
  }),
  fixtureScorecard({
    name: 'b',
    level: 1,
    score: 60,
    coverage: 1,
    domainPath: ['payments', 'commerce'].map(domainRef),
    ownerPath: ['ml-platform', 'eng'].map(groupRef),
    system: 'system:default/payments-core',
    checks: { 'deploy.x': 'pass', 'data.y': 'fail', 'ops.z': 'fail' },
    blockers: ['data.y'],
    metrics: {
      timeToProductionDays: 10,
      deploysLast30d: 5,
      ciSuccessRate: 0.9,
    },
  }),
  fixtureScorecard({
    name: 'c',
    level: 2,
    score: 90,
    coverage: 0.75,
    flavor: 'llm',
    domainPath: [domainRef('commerce')],
    ownerPath: fraudTeamPath,
    system: 'system:default/checkout',
    checks: {
      'deploy.x': 'waived',
      'data.y': 'pass',
      'ops.z': 'pass',
      'llm.w': 'pass',
    },
    blockers: [],
    metrics: { deploysLast30d: 12 },
  }),
  fixtureScorecard({
    name: 'd',
    level: 1,
    score: 40,
    coverage: 0.8,
    domainPath: [domainRef('search')],
    ownerPath: ['search-team', 'eng'].map(groupRef),
    checks: {
      'deploy.x': 'pass',
      'data.y': 'fail',
      'ops.z': 'unknown',
      'llm.w': 'not-applicable',
    },
    blockers: ['data.y'],
  }),
  fixtureScorecard({
    name: 'f',
    level: 0,
    score: 10,
    coverage: 1,
    owner: 'user:default/alice',
    system: 'system:default/payments-core',
    checks: {
      'deploy.x': 'fail',
      'data.y': 'fail',
      'ops.z': 'not-applicable',
      'gov.owner': 'fail',
    },
    blockers: ['deploy.x', 'gov.owner'],
  }),
  fixtureScorecard({
    name: 'e',
    level: 1,
    score: 100,
    coverage: 1,
    domainPath: fraudPath,
    ownerPath: fraudTeamPath,
    system: 'system:default/payments-core',
    checks: {
      'deploy.x': 'pass',
      'data.y': 'fail',
      'ops.z': 'pass',
      'gov.owner': 'pass',
    },
    blockers: ['data.y'],
    metrics: {
      timeToProductionDays: 1,
      deploysLast30d: 100,
      modelAgeDays: 1,
      ciSuccessRate: 1,
    },
  }),
];

/** Every fixture service except E, which the caller may not read. */
export const VISIBLE_REFS = ['a', 'b', 'c', 'd', 'f'].map(serviceRef);
export const HIDDEN_REF = serviceRef('e');
