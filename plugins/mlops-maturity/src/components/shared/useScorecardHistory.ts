import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { mlopsMaturityApiRef } from '../../api';

const HISTORY_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The entity's last 90 days; `evaluatedAt` of the shown scorecard is a dependency so
 * a re-evaluation adds its point to the trend.
 */
export function useScorecardHistory(entityRef: string, evaluatedAt: string) {
  const api = useApi(mlopsMaturityApiRef);
  return useAsync(
    () =>
      api.getHistory(entityRef, {
        from: new Date(Date.now() - HISTORY_DAYS * DAY_MS),
      }),
    [api, entityRef, evaluatedAt],
  );
}
