import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CheckStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { StatusLabel } from './StatusLabel';

/**
 * A check status as icon and word. A check this context cannot decide (`decidable:
 * false`) is shown as such rather than as unverified: it counts in neither level nor score.
 */
export function CheckStatusLabel(props: {
  status: CheckStatus;
  decidable?: boolean;
}) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const tone = props.decidable === false ? 'undecidable' : props.status;
  return <StatusLabel tone={tone} text={t(`status.${tone}`)} />;
}
