import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  BusinessMetrics,
  DIMENSIONS,
  Flavor,
  PERSONAS,
  Persona,
  RollupResponse,
  RollupRow,
  RollupTrendPoint,
  TopBlocker,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RollupFilters, RollupStore } from '../database/RollupStore';
import { CsvValue, sendCsv, toCsv } from './csv';
import { VisibleServices } from './VisibleServices';
import { MlopsMaturityRouter } from '../schema';

/** Days of a trend when the request gives no `from`. */
const DEFAULT_TREND_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

const METRICS: (keyof BusinessMetrics)[] = [
  'timeToProductionDays',
  'deploysLast30d',
  'modelAgeDays',
  'ciSuccessRate',
];

export interface RollupRouteOptions {
  httpAuth: HttpAuthService;
  rollups: RollupStore;
  visibleServices: VisibleServices;
}

/** The filters every rollup route takes, typed by the spec. */
interface FilterQuery {
  domain?: string;
  owner?: string;
  system?: string;
  flavor?: Flavor;
  teamPersona?: Persona;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** A repeatable query parameter, given once or several times. */
const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : ([] as string[]).concat(value);

const filtersOf = (query: FilterQuery): RollupFilters => ({
  ...(query.domain !== undefined && { domain: query.domain }),
  ...(query.owner !== undefined && { owner: query.owner }),
  ...(query.system !== undefined && { system: query.system }),
  ...(query.flavor !== undefined && { flavor: query.flavor }),
  ...(query.teamPersona !== undefined && { teamPersona: query.teamPersona }),
});

/** A UTC day from a date or a date-time parameter. */
const utcDay = (value: string) =>
  value.length === 10 ? value : isoDate(new Date(value));

/** The days of a trend: `to` defaults to today (UTC), `from` to 90 days up to `to`. */
function trendRange(query: { from?: string; to?: string }): {
  from: string;
  to: string;
} {
  const to = query.to === undefined ? isoDate(new Date()) : utcDay(query.to);
  const from =
    query.from === undefined
      ? isoDate(new Date(Date.parse(to) - (DEFAULT_TREND_DAYS - 1) * DAY_MS))
      : utcDay(query.from);
  if (from > to) {
    throw new InputError(`from (${from}) must not be after to (${to})`);
  }
  return { from, to };
}

/**
 * One line per row: counts, means, medians, then the pass rate of every
 * dimension × persona cell that any row has, as `passRate:<dimension>:<persona>`.
 */
function rollupsCsv(rows: RollupRow[]): string {
  const cells = DIMENSIONS.flatMap(d =>
    PERSONAS.map(p => ({ dimension: d.id, persona: p.id })),
  ).filter(cell =>
    rows.some(row =>
      row.passRates.some(
        r => r.dimension === cell.dimension && r.persona === cell.persona,
      ),
    ),
  );
  const header = [
    'key',
    'parent',
    'services',
    'level0',
    'level1',
    'level2',
    'meanScore',
    'medianScore',
    'coverage',
    'targetServices',
    'meetingTarget',
    ...METRICS.map(m => `median:${m}`),
    ...cells.map(c => `passRate:${c.dimension}:${c.persona}`),
  ];
  const lines = rows.map((row): CsvValue[] => [
    row.key,
    row.parent,
    row.services,
    row.levelCounts[0],
    row.levelCounts[1],
    row.levelCounts[2],
    row.meanScore,
    row.medianScore,
    row.coverage,
    row.target?.services,
    row.target?.meeting,
    ...METRICS.map(m => row.metricMedians[m]),
    ...cells.map(
      c =>
        row.passRates.find(
          r => r.dimension === c.dimension && r.persona === c.persona,
        )?.rate,
    ),
  ]);
  return toCsv(header, lines);
}

/**
 * Adds the org-wide rollup routes to the plugin's router. Every figure counts only
 * the services that the caller may read in the catalog.
 */
export function createRollupRoutes(
  router: MlopsMaturityRouter,
  options: RollupRouteOptions,
): void {
  const { httpAuth, rollups, visibleServices } = options;

  router.get('/rollups', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { query } = req;
    const by = query.by ?? 'domain';
    const items = await visibleServices.withScope(credentials, scope =>
      rollups.rollup({ by, scope, filters: filtersOf(query) }),
    );
    if (query.format === 'csv') {
      sendCsv(res, `mlops-maturity-rollup-by-${by}.csv`, rollupsCsv(items));
      return;
    }
    const body: RollupResponse = { by, items };
    res.json(body);
  });

  router.get('/rollups/blockers', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { query } = req;
    const items: TopBlocker[] = await visibleServices.withScope(
      credentials,
      scope =>
        rollups.topBlockers({
          scope,
          limit: query.limit ?? 10,
          filters: filtersOf(query),
        }),
    );
    res.json({ items });
  });

  router.get('/rollups/trend', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { query } = req;
    const { by } = query;
    const { from, to } = trendRange(query);
    const items: RollupTrendPoint[] = await visibleServices.withScope(
      credentials,
      scope =>
        rollups.trend({
          by,
          keys: [...new Set(listOf(query.key))],
          from,
          to,
          scope,
        }),
    );
    res.json({ by, from, to, items });
  });

  router.get('/rollups/compare', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { query } = req;
    const domains = listOf(query.domain);
    if (new Set(domains).size !== domains.length) {
      throw new InputError(
        'Compare different domains: each domain may be given once.',
      );
    }
    const { from, to } = trendRange(query);
    const [items, trend] = await visibleServices.withScope(credentials, scope =>
      Promise.all([
        rollups.compare({ domains, scope }),
        rollups.trend({ by: 'domain', keys: domains, from, to, scope }),
      ]),
    );
    res.json({ by: 'domain', items, trend });
  });
}
