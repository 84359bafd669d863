import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { GovernedWaiver } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';

export type WaiverDecision = 'approve' | 'reject' | 'revoke';

/** What can still be decided about a waiver in each state (the backend's transitions). */
const DECISIONS: Partial<Record<GovernedWaiver['status'], WaiverDecision[]>> = {
  pending: ['approve', 'reject', 'revoke'],
  approved: ['revoke'],
};

/** A button for each decision the waiver's state still allows. */
export function WaiverDecisionButtons(props: {
  waiver: GovernedWaiver;
  onDecide: (decision: WaiverDecision) => void;
}) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Box display="flex" style={{ gap: 4 }}>
      {(DECISIONS[props.waiver.status] ?? []).map(decision => (
        <Button
          key={decision}
          size="small"
          onClick={() => props.onDecide(decision)}
        >
          {t(`waivers.decide.${decision}`)}
        </Button>
      ))}
    </Box>
  );
}

/** "Could not approve: <why the backend refused>". */
export function useDecisionFailedText(): (
  decision: WaiverDecision,
  error: unknown,
) => string {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (decision, error) =>
    t('waivers.decisionFailed', {
      decision: t(`waivers.decide.${decision}`).toLocaleLowerCase(),
      message: (error as Error).message,
    });
}
