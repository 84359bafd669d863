import { FormEvent, useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { GovernedWaiver } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { formatDay } from '../OrgPage/orgFormat';
import { FormDialog } from '../shared/FormDialog';
import { SmallTable } from '../shared/SmallTable';
import { useServiceTabLink } from '../shared/useServiceTabLink';
import { useEntityTitles } from '../shared/useEntityTitles';
import {
  WaiverDecision,
  WaiverDecisionButtons,
  useDecisionFailedText,
} from './WaiverDecisions';

const FILTERS = ['pending', 'approved', 'all'] as const;
type QueueFilter = (typeof FILTERS)[number];

function DecisionDialog(props: {
  waiver: GovernedWaiver;
  decision: WaiverDecision;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { waiver, decision, onClose, onDecided } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const decisionFailed = useDecisionFailedText();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api.decideWaiver(waiver.id, decision, note.trim() || undefined);
      onDecided();
    } catch (e) {
      setError(decisionFailed(decision, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      id="mlops-maturity-waiver-decision"
      title={t('waiverQueue.decisionTitle', {
        decision: t(`waivers.decide.${decision}`),
        check: waiver.checkId,
        service: parseEntityRef(waiver.entityRef).name,
      })}
      open
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t(`waivers.decide.${decision}`)}
      cancelLabel={t('waivers.cancel')}
      error={error}
      busy={busy}
    >
      <Typography variant="body2">{waiver.reason}</Typography>
      <TextField
        id="mlops-maturity-waiver-note"
        label={t('waiverQueue.note')}
        helperText={t('waiverQueue.noteHelp')}
        value={note}
        onChange={event => setNote(event.target.value)}
        fullWidth
        multiline
        margin="dense"
      />
    </FormDialog>
  );
}

/**
 * The platform team's queue: waivers of every service the user may read, pending ones
 * first by default, decided here with a note for the audit log.
 */
export function WaiverQueue() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const tabLink = useServiceTabLink();
  const [filter, setFilter] = useState<QueueFilter>('pending');
  const waivers = useAsyncRetry(
    () => api.listWaivers(filter === 'all' ? {} : { status: filter }),
    [api, filter],
  );
  const [deciding, setDeciding] = useState<{
    waiver: GovernedWaiver;
    decision: WaiverDecision;
  }>();
  const titleOf = useEntityTitles(
    (waivers.value ?? []).map(waiver => waiver.entityRef),
  );

  let content;
  if (waivers.error) {
    content = <ResponseErrorPanel error={waivers.error} />;
  } else if (!waivers.value) {
    content = <Progress />;
  } else if (waivers.value.length === 0) {
    content = (
      <Typography variant="body2">
        {t(`waiverQueue.empty.${filter}`)}
      </Typography>
    );
  } else {
    content = (
      <SmallTable
        label={t('waiverQueue.title')}
        columns={[
          { title: t('waiverQueue.columns.service') },
          { title: t('waivers.columns.check') },
          { title: t('waivers.columns.reason'), wrap: true },
          { title: t('waivers.columns.requestedBy') },
          { title: t('waiverQueue.columns.requestedAt') },
          { title: t('waivers.columns.until') },
          { title: t('waivers.columns.status') },
          { title: t('waivers.columns.actions') },
        ]}
        rows={waivers.value.map(waiver => ({
          key: waiver.id,
          cells: [
            <Link to={tabLink(waiver.entityRef)}>
              {titleOf(waiver.entityRef, 'component')}
            </Link>,
            waiver.checkId,
            waiver.reason,
            waiver.requestedBy,
            formatDay(waiver.requestedAt),
            formatDay(waiver.expiresAt),
            t(`waivers.status.${waiver.status}`),
            <WaiverDecisionButtons
              waiver={waiver}
              onDecide={decision => setDeciding({ waiver, decision })}
            />,
          ],
        }))}
      />
    );
  }

  return (
    <InfoCard
      title={t('waiverQueue.title')}
      subheader={t('waiverQueue.subheader')}
      action={
        <TextField
          id="mlops-maturity-waiver-filter"
          select
          label={t('waiverQueue.show')}
          value={filter}
          onChange={event => setFilter(event.target.value as QueueFilter)}
          margin="dense"
          variant="outlined"
        >
          {FILTERS.map(value => (
            <MenuItem key={value} value={value}>
              {t(`waiverQueue.filters.${value}`)}
            </MenuItem>
          ))}
        </TextField>
      }
    >
      {content}
      {deciding && (
        <DecisionDialog
          {...deciding}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            waivers.retry();
          }}
        />
      )}
    </InfoCard>
  );
}
