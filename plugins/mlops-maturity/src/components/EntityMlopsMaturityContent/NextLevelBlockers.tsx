import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CheckResult,
  Persona,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { blockersByPersona } from '../shared/blockers';
import { CheckStatusLabel } from '../shared/CheckStatusLabel';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', padding: 0, margin: theme.spacing(0, 0, 2) },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  title: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

function Blocker(props: { check: CheckResult }) {
  const { check } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleId = `mlops-maturity-blocker-${check.id}`;
  return (
    <li className={classes.item} aria-labelledby={titleId}>
      <Box className={classes.title}>
        <CheckStatusLabel status={check.status} />
        <Typography variant="subtitle1" component="h4" id={titleId}>
          {check.title}
        </Typography>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {check.status === 'unknown'
          ? t('check.reason', { reason: check.message })
          : check.message}
      </Typography>
      <Typography variant="body2">
        <strong>{t('check.remediation')}:</strong> {check.remediation}
      </Typography>
      {check.docsUrl && (
        <Typography variant="body2">
          <Link
            to={check.docsUrl}
            aria-label={t('check.docsFor', { title: check.title })}
          >
            {t('check.docs')}
          </Link>
        </Typography>
      )}
    </li>
  );
}

/** The required checks that stand between the service and the next level, by persona. */
export function NextLevelBlockers(props: {
  scorecard: Scorecard;
  persona: Persona | undefined;
}) {
  const { scorecard, persona } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const groups = useMemo(
    () => blockersByPersona(scorecard, persona),
    [scorecard, persona],
  );
  const nextLevel = scorecard.nextLevel;

  if (!nextLevel) {
    return (
      <InfoCard title={t('title')}>
        <Typography>{t('blockers.topLevel')}</Typography>
      </InfoCard>
    );
  }
  const level = String(nextLevel.level);
  return (
    <InfoCard title={t('blockers.title', { level })}>
      {groups.length === 0 && (
        <Typography>{t('blockers.noneForPersona', { level })}</Typography>
      )}
      {groups.map(group => (
        <section
          key={group.persona}
          aria-labelledby={`mlops-maturity-blockers-${group.persona}`}
        >
          <Typography variant="h6" component="h3">
            <span id={`mlops-maturity-blockers-${group.persona}`}>
              {t(`personas.${group.persona}`)}
            </span>{' '}
            <Typography component="span" variant="body2" color="textSecondary">
              ({t('blockers.count', { count: group.checks.length })})
            </Typography>
          </Typography>
          <ul className={classes.list}>
            {group.checks.map(check => (
              <Blocker key={check.id} check={check} />
            ))}
          </ul>
        </section>
      ))}
    </InfoCard>
  );
}
