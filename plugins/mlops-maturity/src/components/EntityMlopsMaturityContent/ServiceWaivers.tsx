import { FormEvent, useState } from 'react';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  GovernedWaiver,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { formatDay } from '../OrgPage/orgFormat';
import { FormDialog } from '../shared/FormDialog';
import { SmallTable } from '../shared/SmallTable';
import {
  WaiverDecision,
  WaiverDecisionButtons,
  useDecisionFailedText,
} from '../waivers/WaiverDecisions';

function RequestWaiverDialog(props: {
  scorecard: Scorecard;
  open: boolean;
  onClose: () => void;
  onRequested: () => void;
}) {
  const { scorecard, open, onClose, onRequested } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  // Only a check that does not pass needs a waiver.
  const candidates = scorecard.checks.filter(
    c => c.status === 'fail' || c.status === 'unknown',
  );
  const [checkId, setCheckId] = useState('');
  const [reason, setReason] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.requestWaiver({
        entityRef: scorecard.entityRef,
        checkId,
        reason,
        expiresAt,
      });
      onRequested();
    } catch (e) {
      setError(t('waivers.requestFailed', { message: (e as Error).message }));
    }
  };

  return (
    <FormDialog
      id="mlops-maturity-waiver"
      title={t('waivers.request')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('waivers.submit')}
      cancelLabel={t('waivers.cancel')}
      error={error}
    >
      <TextField
        id="mlops-maturity-waiver-check"
        select
        label={t('waivers.check')}
        value={checkId}
        onChange={event => setCheckId(event.target.value)}
        fullWidth
        margin="dense"
        required
      >
        {candidates.map(check => (
          <MenuItem key={check.id} value={check.id}>
            {check.title} ({check.id})
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="mlops-maturity-waiver-reason"
        label={t('waivers.reason')}
        helperText={t('waivers.reasonHelp')}
        value={reason}
        onChange={event => setReason(event.target.value)}
        fullWidth
        multiline
        margin="dense"
        required
      />
      <TextField
        id="mlops-maturity-waiver-until"
        type="date"
        label={t('waivers.expiresAt')}
        value={expiresAt}
        onChange={event => setExpiresAt(event.target.value)}
        InputLabelProps={{ shrink: true }}
        fullWidth
        margin="dense"
        required
      />
    </FormDialog>
  );
}

/**
 * The service's waivers requested through Backstage, with their state, and the controls
 * to request one and to decide them; the backend decides who may do what and says so.
 */
export function ServiceWaivers(props: {
  scorecard: Scorecard;
  onScorecardChanged?: () => void;
}) {
  const { scorecard, onScorecardChanged } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const waivers = useAsyncRetry(
    () => api.listWaivers({ entityRef: scorecard.entityRef }),
    [api, scorecard.entityRef],
  );
  const [requesting, setRequesting] = useState(false);
  const [error, setError] = useState<string>();
  const titles = new Map(scorecard.checks.map(c => [c.id, c.title]));
  const decisionFailed = useDecisionFailedText();

  const decide = async (waiver: GovernedWaiver, decision: WaiverDecision) => {
    setError(undefined);
    try {
      await api.decideWaiver(waiver.id, decision);
      waivers.retry();
      onScorecardChanged?.();
    } catch (e) {
      setError(decisionFailed(decision, e));
    }
  };

  let content;
  if (waivers.error) {
    content = <ResponseErrorPanel error={waivers.error} />;
  } else if (waivers.value && waivers.value.length === 0) {
    content = <Typography variant="body2">{t('waivers.none')}</Typography>;
  } else if (waivers.value) {
    content = (
      <SmallTable
        label={t('waivers.title')}
        columns={[
          { title: t('waivers.columns.check') },
          { title: t('waivers.columns.status') },
          { title: t('waivers.columns.until') },
          { title: t('waivers.columns.reason'), wrap: true },
          { title: t('waivers.columns.requestedBy') },
          { title: t('waivers.columns.actions') },
        ]}
        rows={waivers.value.map(waiver => ({
          key: waiver.id,
          cells: [
            titles.get(waiver.checkId) ?? waiver.checkId,
            t(`waivers.status.${waiver.status}`),
            formatDay(waiver.expiresAt),
            waiver.reason,
            waiver.requestedBy,
            <WaiverDecisionButtons
              waiver={waiver}
              onDecide={decision => decide(waiver, decision)}
            />,
          ],
        }))}
      />
    );
  }

  return (
    <InfoCard
      title={t('waivers.title')}
      subheader={t('waivers.subheader')}
      action={
        <Button
          variant="outlined"
          color="primary"
          onClick={() => setRequesting(true)}
        >
          {t('waivers.request')}
        </Button>
      }
    >
      {content}
      <Typography role="alert" color="error" variant="body2">
        {error ?? ''}
      </Typography>
      <RequestWaiverDialog
        scorecard={scorecard}
        open={requesting}
        onClose={() => setRequesting(false)}
        onRequested={() => {
          setRequesting(false);
          waivers.retry();
        }}
      />
    </InfoCard>
  );
}
