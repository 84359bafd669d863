import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { RefreshState } from './useScorecard';

/**
 * Starts a re-evaluation and reports its progress in a live region, so screen
 * readers hear when it starts, finishes or is refused.
 */
export function ReevaluateButton(props: {
  label: string;
  refreshState: RefreshState;
  onRefresh: () => void;
}) {
  const { label, refreshState, onRefresh } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const running = refreshState.kind === 'running';

  let message = '';
  if (refreshState.kind === 'running') {
    message = t('reevaluate.inProgress');
  } else if (refreshState.kind === 'done') {
    message = t('reevaluate.done');
  } else if (refreshState.kind === 'forbidden') {
    message = t('reevaluate.forbidden');
  } else if (refreshState.kind === 'failed') {
    message = t('reevaluate.failed', { message: refreshState.message });
  }
  const isError =
    refreshState.kind === 'forbidden' || refreshState.kind === 'failed';

  return (
    <Box display="flex" flexDirection="column" alignItems="flex-start">
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <Button
          variant="outlined"
          color="primary"
          onClick={onRefresh}
          disabled={running}
          startIcon={<RefreshIcon />}
        >
          {label}
        </Button>
        {/* Beside the button, not in it: a button's content is not announced as a progress bar. */}
        {running && (
          <CircularProgress
            size={20}
            aria-label={t('reevaluate.progressLabel')}
          />
        )}
      </Box>
      <Typography
        role="status"
        variant="body2"
        color={isError ? 'error' : 'textSecondary'}
      >
        {message}
      </Typography>
    </Box>
  );
}
