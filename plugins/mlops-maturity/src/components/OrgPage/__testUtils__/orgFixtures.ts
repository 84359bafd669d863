import {
  PassRateCell,
  RollupResponse,
  RollupRow,
  RollupTrendPoint,
  ServiceSummary,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mockMlopsMaturityApi } from '../../../__testUtils__/renderWithEntity';

export const PAYMENTS = 'domain:default/payments';
export const CARDS = 'domain:default/cards';
export const RISK = 'domain:default/risk';
export const SUPPORT = 'domain:default/support';

const row = (
  key: string,
  services: number,
  levels: [number, number, number],
  meanScore: number | null,
  extra: Partial<RollupRow> = {},
): RollupRow => ({
  key,
  services,
  levelCounts: { '0': levels[0], '1': levels[1], '2': levels[2] },
  meanScore,
  medianScore: meanScore,
  coverage: 0.9,
  passRates: [],
  metricMedians: {},
  ...extra,
});

const cell = (
  dimension: PassRateCell['dimension'],
  persona: PassRateCell['persona'],
  passed: number,
  total: number,
): PassRateCell => ({
  dimension,
  persona,
  passed,
  total,
  rate: total > 0 ? passed / total : null,
});

/**
 * Top-level domains payments (6), risk (4) and support (2) hold 12 services: 3 at
 * level 0, 6 at level 1, 3 at level 2, mean score (70·6 + 45·4 + 75·2) / 12 = 62.5.
 * cards is a subdomain of payments and must not be counted twice. Of the services with a
 * target level, 3 of 4 in payments and 1 of 3 in risk meet it; support has no targets.
 */
export const domainRollup: RollupResponse = {
  by: 'domain',
  items: [
    row(PAYMENTS, 6, [1, 3, 2], 70, {
      target: { services: 4, meeting: 3 },
      medianScore: 72,
      coverage: 0.95,
      metricMedians: {
        timeToProductionDays: 30,
        deploysLast30d: 8,
        ciSuccessRate: 0.92,
      },
      passRates: [
        cell('deployment', 'devops', 9, 12),
        cell('registry', 'ml-engineer', 5, 6),
        cell('registry', 'data-scientist', 1, 2),
      ],
    }),
    row(CARDS, 2, [0, 1, 1], 80, {
      parent: PAYMENTS,
      target: { services: 2, meeting: 2 },
    }),
    row(RISK, 4, [2, 2, 0], 45, {
      target: { services: 3, meeting: 1 },
      medianScore: 41,
      coverage: 0.8,
      metricMedians: { timeToProductionDays: 95, deploysLast30d: 1 },
      passRates: [
        cell('deployment', 'devops', 2, 8),
        cell('registry', 'ml-engineer', 1, 4),
      ],
    }),
    row(SUPPORT, 2, [0, 1, 1], 75),
  ],
};

export const ownerRollup: RollupResponse = {
  by: 'owner',
  items: [
    row('group:default/ml-platform', 12, [3, 6, 3], 62.5),
    row('group:default/fraud-team', 5, [1, 2, 2], 72, {
      parent: 'group:default/ml-platform',
    }),
    row('group:default/risk-team', 4, [2, 2, 0], 45, {
      parent: 'group:default/ml-platform',
    }),
  ],
};

/**
 * Each persona row carries its own cells; the data scientist row also carries a
 * cell of another persona, which the heatmap must not add to that persona.
 */
export const personaRollup: RollupResponse = {
  by: 'persona',
  items: [
    row('data-scientist', 12, [3, 6, 3], 62.5, {
      passRates: [
        cell('experimentation', 'data-scientist', 9, 10),
        cell('pipeline', 'data-scientist', 3, 6),
        cell('registry', 'ml-engineer', 100, 100),
      ],
    }),
    row('ml-engineer', 12, [3, 6, 3], 62.5, {
      passRates: [
        cell('registry', 'ml-engineer', 8, 10),
        cell('monitoring', 'ml-engineer', 2, 8),
      ],
    }),
    row('devops', 12, [3, 6, 3], 62.5, {
      passRates: [
        cell('deployment', 'devops', 6, 12),
        cell('monitoring', 'devops', 0, 4),
      ],
    }),
  ],
};

/** Services by the persona of their owning team; a key that is no persona is left out. */
export const teamPersonaRollup: RollupResponse = {
  by: 'team-persona',
  items: [
    row('data-scientist', 3, [2, 1, 0], 38.5),
    row('ml-engineer', 5, [1, 2, 2], 71),
  ],
};

export const topBlockers: TopBlocker[] = [
  {
    checkId: 'deploy.cd-on-merge',
    title: 'Continuous deployment on merge',
    dimension: 'deployment',
    persona: 'devops',
    level: 2,
    remediation:
      'Trigger the deploy workflow on push to main, without a manual gate.',
    docsUrl: 'https://example.com/docs/checks#deploy-cd-on-merge',
    services: 5,
  },
  {
    checkId: 'data.validation',
    title: 'Data is validated',
    dimension: 'data',
    persona: 'ml-engineer',
    level: 1,
    remediation: 'Validate data before training with a pandera schema.',
    services: 1,
  },
];

const snapshot = (
  date: string,
  key: string,
  services: number,
  levels: [number, number, number],
  meanScore: number | null,
): RollupTrendPoint => ({
  date,
  key,
  services,
  levelCounts: { '0': levels[0], '1': levels[1], '2': levels[2] },
  meanScore,
});

/**
 * On 2026-02-01 the top-level domains had a mean score of (50·6 + 30·4 + 60·2) / 12
 * = 45 and 4 of 12 services at level 1 or above; on 2026-03-14 they have 62.5 and
 * 9 of 12. 2026-02-20 is less than 30 days before the latest snapshot.
 */
export const domainTrend: RollupTrendPoint[] = [
  snapshot('2026-02-01', PAYMENTS, 6, [3, 3, 0], 50),
  snapshot('2026-02-01', RISK, 4, [4, 0, 0], 30),
  snapshot('2026-02-01', SUPPORT, 2, [1, 1, 0], 60),
  snapshot('2026-02-20', PAYMENTS, 6, [2, 3, 1], 60),
  snapshot('2026-02-20', RISK, 4, [3, 1, 0], 38),
  snapshot('2026-02-20', SUPPORT, 2, [1, 1, 0], 65),
  snapshot('2026-03-14', PAYMENTS, 6, [1, 3, 2], 70),
  snapshot('2026-03-14', RISK, 4, [2, 2, 0], 45),
  snapshot('2026-03-14', SUPPORT, 2, [0, 1, 1], 75),
];

const service = (
  name: string,
  level: 0 | 1 | 2,
  score: number,
  extra: Partial<ServiceSummary> = {},
): ServiceSummary => ({
  entityRef: `component:default/${name}`,
  flavor: 'ml',
  level,
  levelName: ['Manual', 'Semi-automated', 'Fully automated'][level],
  score,
  coverage: 0.9,
  evaluatedAt: '2026-03-14T09:30:00.000Z',
  owner: 'group:default/fraud-team',
  domain: PAYMENTS,
  failingChecks: [],
  ...extra,
});

export const services: ServiceSummary[] = [
  service('chargeback-predictor', 1, 64, {
    failingChecks: ['deploy.cd-on-merge', 'data.validation'],
  }),
  service('credit-limit-model', 0, 38, {
    owner: 'group:default/risk-team',
    domain: RISK,
    failingChecks: ['deploy.automated-pipeline'],
  }),
  service('fraud-scoring-service', 2, 91),
  service('support-assistant', 2, 84, {
    flavor: 'llm',
    owner: 'group:default/support-ai',
    domain: SUPPORT,
  }),
];

export const paymentsVsRisk = {
  items: [
    domainRollup.items.find(r => r.key === RISK)!,
    domainRollup.items.find(r => r.key === PAYMENTS)!,
  ],
  trend: domainTrend.filter(p => p.key === PAYMENTS || p.key === RISK),
};

/** An API that answers every org page request from the fixtures above. */
export function orgApi() {
  const api = mockMlopsMaturityApi();
  api.getRollups.mockImplementation(async ({ by }) => {
    if (by === 'domain') return domainRollup;
    if (by === 'owner') return ownerRollup;
    if (by === 'persona') return personaRollup;
    if (by === 'team-persona') return teamPersonaRollup;
    throw new Error(`unexpected rollup by ${by}`);
  });
  api.getTopBlockers.mockResolvedValue(topBlockers);
  api.getRollupTrend.mockImplementation(async ({ keys }) =>
    domainTrend.filter(point => keys.includes(point.key)),
  );
  api.listServices.mockImplementation(async (query = {}) => ({
    items: services.filter(
      s => query.level === undefined || s.level === query.level,
    ),
    totalCount: services.filter(
      s => query.level === undefined || s.level === query.level,
    ).length,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? 50,
  }));
  api.compareDomains.mockResolvedValue(paymentsVsRisk);
  return api;
}
