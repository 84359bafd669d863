import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import NotInterestedIcon from '@material-ui/icons/NotInterested';
import VisibilityOffIcon from '@material-ui/icons/VisibilityOff';
import { CheckStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** How a status looks: a check status, or a check this context cannot decide. */
export type StatusTone = CheckStatus | 'undecidable';

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
  undecidable: { color: theme.palette.text.secondary },
}));

// Each tone has its own shape as well as its own colour and word, so it reads
// without colour vision and in high-contrast modes.
const ICONS: Record<StatusTone, typeof CheckCircleIcon> = {
  pass: CheckCircleIcon,
  fail: CancelIcon,
  unknown: HelpIcon,
  waived: RemoveCircleOutlineIcon,
  'not-applicable': NotInterestedIcon,
  undecidable: VisibilityOffIcon,
};

/** A status as icon and word; the word comes from the caller's translation. */
export function StatusLabel(props: { tone: StatusTone; text: string }) {
  const { tone, text } = props;
  const classes = useStyles();
  const Icon = ICONS[tone];
  return (
    <Box component="span" className={classes.root}>
      <Icon fontSize="small" className={classes[tone]} aria-hidden />
      <Typography component="span" variant="body2">
        <strong>{text}</strong>
      </Typography>
    </Box>
  );
}
