import { ScorecardStore, ServiceListFilter } from '../database/ScorecardStore';
import { toCsv } from './csv';

/** Rows per store call; the failing-check lookup binds one variable per row. */
const PAGE_SIZE = 500;

const HEADER = [
  'entityRef',
  'flavor',
  'level',
  'levelName',
  'score',
  'coverage',
  'evaluatedAt',
  'owner',
  'system',
  'domain',
  'failingChecks',
];

/** Every service matching the filter, not just one page, as CSV. */
export async function servicesCsv(
  store: Pick<ScorecardStore, 'listServices'>,
  filter: Omit<ServiceListFilter, 'page' | 'pageSize'>,
): Promise<string> {
  const rows: (string | number | undefined)[][] = [];
  for (let page = 1; ; page++) {
    const { items, totalCount } = await store.listServices({
      ...filter,
      page,
      pageSize: PAGE_SIZE,
    });
    for (const s of items) {
      rows.push([
        s.entityRef,
        s.flavor,
        s.level,
        s.levelName,
        s.score,
        s.coverage,
        s.evaluatedAt,
        s.owner,
        s.system,
        s.domain,
        s.failingChecks.join(' '),
      ]);
    }
    if (items.length < PAGE_SIZE || page * PAGE_SIZE >= totalCount) {
      return toCsv(HEADER, rows);
    }
  }
}
