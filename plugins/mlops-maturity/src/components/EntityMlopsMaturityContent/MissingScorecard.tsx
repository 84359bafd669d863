import { EmptyState } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ANNOTATIONS,
  describeMlComponentTypes,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { ScorecardNotFoundReason } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { ReevaluateButton } from '../shared/ReevaluateButton';
import { RefreshState } from '../shared/useScorecard';

const OPT_IN_SNIPPET = `metadata:
  annotations:
    ${ANNOTATIONS.enabled}: "true"`;

/** Why there is no scorecard, with what the user can do about it. */
export function MissingScorecard(props: {
  reason: ScorecardNotFoundReason;
  message: string;
  refreshState: RefreshState;
  onRefresh: () => void;
}) {
  const { reason, message, refreshState, onRefresh } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);

  if (reason === 'not-ml-service') {
    return (
      <EmptyState
        missing="info"
        title={t('notMlService.title')}
        description={
          <>
            {message}
            <br />
            {t('notMlService.howToOptIn', {
              types: describeMlComponentTypes(),
            })}
          </>
        }
        action={
          <pre>
            <code>{OPT_IN_SNIPPET}</code>
          </pre>
        }
      />
    );
  }
  if (reason === 'not-evaluated') {
    return (
      <EmptyState
        missing="data"
        title={t('notEvaluated.title')}
        description={message}
        action={
          <ReevaluateButton
            label={t('notEvaluated.evaluateNow')}
            refreshState={refreshState}
            onRefresh={onRefresh}
          />
        }
      />
    );
  }
  return (
    <EmptyState
      missing="info"
      title={t('unknownEntity.title')}
      description={message}
    />
  );
}

/** The user may not read this service's scorecard. */
export function ScorecardForbidden() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <EmptyState
      missing="info"
      title={t('forbidden.title')}
      description={t('forbidden.description')}
    />
  );
}
