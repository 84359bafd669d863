import { useCallback, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import {
  getScorecardNotFoundReason,
  isForbidden,
  ScorecardNotFoundReason,
  serverMessage,
} from '../../api/errors';

/** What there is to show for an entity, one state at a time. */
export type ScorecardState =
  | { kind: 'loading' }
  | { kind: 'loaded'; scorecard: Scorecard }
  | { kind: 'missing'; reason: ScorecardNotFoundReason; message: string }
  | { kind: 'forbidden' }
  | { kind: 'error'; error: Error };

/** Progress of a re-evaluation the user asked for. */
export type RefreshState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done' }
  | { kind: 'forbidden' }
  | { kind: 'failed'; message: string };

/**
 * Loads an entity's scorecard and re-evaluates it on demand; a re-evaluation's
 * result replaces the loaded scorecard, so no second round trip is needed. `reload`
 * reads the stored scorecard again, e.g. after a waiver decision re-scored it.
 */
export function useScorecard(entityRef: string): {
  state: ScorecardState;
  refreshState: RefreshState;
  refresh: () => void;
  reload: () => void;
} {
  const api = useApi(mlopsMaturityApiRef);
  const loaded = useAsyncRetry(
    () => api.getScorecard(entityRef),
    [api, entityRef],
  );
  const [refreshed, setRefreshed] = useState<Scorecard>();
  const [refreshCall, refresh] = useAsyncFn(async () => {
    const next = await api.refresh(entityRef);
    setRefreshed(next);
    return next;
  }, [api, entityRef]);

  const scorecard =
    refreshed?.entityRef === entityRef ? refreshed : loaded.value;

  const { retry } = loaded;
  const reload = useCallback(() => {
    setRefreshed(undefined);
    retry();
  }, [retry]);

  return {
    state: toState(scorecard, loaded.loading, loaded.error),
    refreshState: toRefreshState(refreshCall),
    refresh,
    reload,
  };
}

function toState(
  scorecard: Scorecard | undefined,
  loading: boolean,
  error: Error | undefined,
): ScorecardState {
  if (scorecard) {
    return { kind: 'loaded', scorecard };
  }
  if (loading) {
    return { kind: 'loading' };
  }
  if (error) {
    const reason = getScorecardNotFoundReason(error);
    if (reason) {
      return { kind: 'missing', reason, message: serverMessage(error) };
    }
    return isForbidden(error)
      ? { kind: 'forbidden' }
      : { kind: 'error', error };
  }
  return { kind: 'loading' };
}

function toRefreshState(call: {
  loading: boolean;
  error?: Error;
  value?: Scorecard;
}): RefreshState {
  if (call.loading) {
    return { kind: 'running' };
  }
  if (call.error) {
    return isForbidden(call.error)
      ? { kind: 'forbidden' }
      : { kind: 'failed', message: serverMessage(call.error) };
  }
  return call.value ? { kind: 'done' } : { kind: 'idle' };
}
