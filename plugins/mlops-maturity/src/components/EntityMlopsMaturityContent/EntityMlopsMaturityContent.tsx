import { useMemo } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { mlopsMaturityTranslationRef } from '../../translation';
import { useScorecard } from '../shared/useScorecard';
import { MissingScorecard, ScorecardForbidden } from './MissingScorecard';
import { ScorecardView } from './ScorecardView';

/** The "MLOps maturity" tab of an entity page. */
export function EntityMlopsMaturityContent() {
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const { state, refreshState, refresh, reload } = useScorecard(entityRef);

  switch (state.kind) {
    case 'loading':
      return <Progress aria-label={t('loading')} />;
    case 'forbidden':
      return <ScorecardForbidden />;
    case 'missing':
      return (
        <MissingScorecard
          reason={state.reason}
          message={state.message}
          refreshState={refreshState}
          onRefresh={refresh}
        />
      );
    case 'error':
      return <ResponseErrorPanel error={state.error} />;
    default:
      return (
        <ScorecardView
          scorecard={state.scorecard}
          refreshState={refreshState}
          onRefresh={refresh}
          onScorecardChanged={reload}
        />
      );
  }
}
