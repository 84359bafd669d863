import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { Gauge, InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { formatDateTime, toPercent } from '../shared/format';
import { ReevaluateButton } from '../shared/ReevaluateButton';
import { RefreshState } from '../shared/useScorecard';
import { CopyBadgeButton } from './CopyBadgeButton';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(2, 0),
    '& dt': { fontWeight: theme.typography.fontWeightBold },
    '& dd': { margin: 0 },
  },
  gauge: { width: 96, flexShrink: 0 },
  basis: { marginTop: theme.spacing(1) },
}));

/**
 * Level with its meaning and what it rests on (observed or declared evidence, waivers),
 * score, coverage, evaluation time and the Re-evaluate control.
 */
export function LevelSummary(props: {
  scorecard: Scorecard;
  refreshState: RefreshState;
  onRefresh: () => void;
}) {
  const { scorecard, refreshState, onRefresh } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const level = scorecard.level;
  // Checks this context cannot decide are not unverified: they count nowhere.
  const unverified = scorecard.checks.filter(
    c => c.status === 'unknown' && c.decidable !== false,
  ).length;
  const basis = scorecard.levelBasis;

  return (
    <InfoCard title={t('summary.title')}>
      <Box display="flex" alignItems="flex-start" style={{ gap: 16 }}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="p">
            {t('summary.level', {
              level: String(level),
              name: t(`levels.${level}.name`),
            })}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {t(`levels.${level}.meaning`)}
          </Typography>
          {basis && (
            <Typography variant="body2" className={classes.basis}>
              <strong>{t(`summary.basis.${basis}`)}</strong>
              {'. '}
              {t(`summary.basisHint.${basis}`)}
            </Typography>
          )}
        </Box>
        {/* The gauge repeats the score listed below as text. */}
        <Box className={classes.gauge} aria-hidden>
          <Gauge value={scorecard.score / 100} />
        </Box>
      </Box>
      <dl className={classes.facts}>
        <dt>{t('summary.score')}</dt>
        <dd>{t('summary.scoreValue', { score: String(scorecard.score) })}</dd>
        <dt>{t('summary.coverage')}</dt>
        <dd>
          {t('summary.coverageValue', {
            percent: String(toPercent(scorecard.coverage)),
          })}
        </dd>
        {scorecard.target && (
          <>
            <dt>{t('summary.target')}</dt>
            <dd>
              {scorecard.target.lifecycle === null
                ? t('summary.targetDefault', {
                    level: String(scorecard.target.level),
                  })
                : t('summary.targetValue', {
                    level: String(scorecard.target.level),
                    lifecycle: scorecard.target.lifecycle,
                  })}
              {' — '}
              <strong>
                {scorecard.target.met
                  ? t('summary.targetMet')
                  : t('summary.targetMissed')}
              </strong>
            </dd>
          </>
        )}
        <dt>{t('summary.evaluatedAt')}</dt>
        <dd>
          <time dateTime={scorecard.evaluatedAt}>
            {formatDateTime(scorecard.evaluatedAt)}
          </time>
        </dd>
      </dl>
      {scorecard.levelRestsOnWaivers && (
        <Box mb={2}>
          <Alert severity="warning" role="note">
            {t('summary.restsOnWaivers')}
          </Alert>
        </Box>
      )}
      {scorecard.coverage < 1 && unverified > 0 && (
        <Box mb={2}>
          <Alert severity="info" role="note">
            <strong>{t('summary.unverified', { count: unverified })}</strong>
            {'. '}
            {t('summary.unverifiedHint')}
          </Alert>
        </Box>
      )}
      <ReevaluateButton
        label={t('reevaluate.button')}
        refreshState={refreshState}
        onRefresh={onRefresh}
      />
      <CopyBadgeButton entityRef={scorecard.entityRef} />
    </InfoCard>
  );
}
