import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import NotInterestedIcon from '@material-ui/icons/NotInterested';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CheckStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  pass: { color: theme.palette.success.main },
  fail: { color: theme.palette.error.main },
  unknown: { color: theme.palette.warning.main },
  waived: { color: theme.palette.info.main },
  'not-applicable': { color: theme.palette.text.secondary },
}));

// Each status has its own shape as well as its own colour and word, so it reads
// without colour vision and in high-contrast modes.
const ICONS: Record<CheckStatus, typeof CheckCircleIcon> = {
  pass: CheckCircleIcon,
  fail: CancelIcon,
  unknown: HelpIcon,
  waived: RemoveCircleOutlineIcon,
  'not-applicable': NotInterestedIcon,
};

/** A check status as icon and word. */
export function CheckStatusLabel(props: { status: CheckStatus }) {
  const { status } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const Icon = ICONS[status];
  return (
    <Box component="span" className={classes.root}>
      <Icon fontSize="small" className={classes[status]} aria-hidden />
      <Typography component="span" variant="body2">
        <strong>{t(`status.${status}`)}</strong>
      </Typography>
    </Box>
  );
}
