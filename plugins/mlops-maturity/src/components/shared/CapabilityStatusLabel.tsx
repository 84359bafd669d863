import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CapabilityStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { StatusLabel, StatusTone } from './StatusLabel';

// A capability looks like the check outcome it stands for, so "unverified" stays as
// distinct from "missing" as an unknown check is from a failing one.
const TONES: Record<CapabilityStatus, StatusTone> = {
  demonstrated: 'pass',
  missing: 'fail',
  unverified: 'unknown',
  'not-applicable': 'not-applicable',
};

/** A capability status as icon and word. */
export function CapabilityStatusLabel(props: { status: CapabilityStatus }) {
  const { status } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <StatusLabel
      tone={TONES[status]}
      text={t(`capabilities.status.${status}`)}
    />
  );
}
