import { ServiceSummary } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MlopsMaturityApi, ServicesQuery } from '../../api';

/** The largest page `GET /services` serves. */
const PAGE_SIZE = 500;

/**
 * Every service matching the filters, in the server's order, fetched page by page:
 * the name search runs in the browser, so it needs all of them.
 */
export async function listAllServices(
  api: MlopsMaturityApi,
  query: Omit<ServicesQuery, 'page' | 'pageSize'>,
): Promise<ServiceSummary[]> {
  const items: ServiceSummary[] = [];
  for (let page = 1; ; page++) {
    const result = await api.listServices({
      ...query,
      page,
      pageSize: PAGE_SIZE,
    });
    items.push(...result.items);
    if (result.items.length === 0 || items.length >= result.totalCount) {
      return items;
    }
  }
}
