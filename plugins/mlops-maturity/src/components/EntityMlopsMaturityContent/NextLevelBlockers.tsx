import { ElementType, ReactNode, useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CheckResult,
  NextLevel,
  Persona,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import {
  CapabilityBlocker,
  PersonaCapabilityBlockers,
  blockersByPersona,
  capabilityBlockersByPersona,
} from '../shared/blockers';
import { CapabilityStatusLabel } from '../shared/CapabilityStatusLabel';
import { CheckStatusLabel } from '../shared/CheckStatusLabel';
import { CoreChip } from '../shared/CoreChip';
import { Remediation } from '../shared/Remediation';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', padding: 0, margin: theme.spacing(0, 0, 2) },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  checks: {
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(0, 0, 0, 2),
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  title: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

function Blocker(props: {
  check: CheckResult;
  id: string;
  heading: ElementType;
}) {
  const { check, id, heading } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <li className={classes.item} aria-labelledby={id}>
      <Box className={classes.title}>
        <CheckStatusLabel status={check.status} />
        <Typography variant="subtitle1" component={heading} id={id}>
          {check.title}
        </Typography>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {check.status === 'unknown'
          ? t('check.reason', { reason: check.message })
          : check.message}
      </Typography>
      <Remediation text={check.remediation} />
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

function PersonaSection(props: {
  persona: Persona;
  count: string;
  children: ReactNode;
}) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const id = `mlops-maturity-blockers-${props.persona}`;
  return (
    <section aria-labelledby={id}>
      <Typography variant="h6" component="h3">
        <span id={id}>{t(`personas.${props.persona}`)}</span>{' '}
        <Typography component="span" variant="body2" color="textSecondary">
          ({props.count})
        </Typography>
      </Typography>
      {props.children}
    </section>
  );
}

function MissingCapability(props: { blocker: CapabilityBlocker }) {
  const { capability, checks } = props.blocker;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleId = `mlops-maturity-missing-${capability.id}`;
  return (
    <li className={classes.item} aria-labelledby={titleId}>
      <Box className={classes.title}>
        <CapabilityStatusLabel status={capability.status} />
        <Typography variant="subtitle1" component="h4" id={titleId}>
          {capability.title}
        </Typography>
        {capability.core && <CoreChip />}
      </Box>
      {capability.note && (
        <Typography variant="body2" color="textSecondary">
          {t('capabilities.note', { note: capability.note })}
        </Typography>
      )}
      {checks.length > 0 && (
        <>
          <Typography variant="body2">{t('blockers.anyOf')}</Typography>
          <ul className={classes.checks}>
            {checks.map(check => (
              <Blocker
                key={check.id}
                check={check}
                id={`${titleId}-${check.id}`}
                heading="h5"
              />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/** What the next level needs in a sentence: the core capabilities, and how many others. */
function NeedsSentence(props: { nextLevel: NextLevel; coreMissing: boolean }) {
  const { nextLevel, coreMissing } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const level = String(nextLevel.level);
  const count = nextLevel.moreOptionalNeeded ?? 0;
  let text;
  if (count === 0) {
    text = t('blockers.needsAll', { level });
  } else if (coreMissing) {
    text = t('blockers.needsCoreAndMore', { level, count });
  } else {
    text = t('blockers.needsMore', { level, count });
  }
  return (
    <Typography variant="body2" paragraph>
      {text}
    </Typography>
  );
}

function CapabilityBlockers(props: {
  scorecard: Scorecard;
  nextLevel: NextLevel;
  groups: PersonaCapabilityBlockers[];
  filtered: boolean;
}) {
  const { scorecard, nextLevel, groups, filtered } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const level = String(nextLevel.level);
  const missing = nextLevel.missingCapabilities ?? [];
  if (missing.length === 0) {
    return <Typography>{t('blockers.noneApplicable', { level })}</Typography>;
  }
  const coreMissing = (scorecard.capabilities ?? []).some(
    c => c.core && missing.includes(c.id),
  );
  return (
    <>
      <NeedsSentence nextLevel={nextLevel} coreMissing={coreMissing} />
      {groups.length === 0 && filtered && (
        <Typography>{t('blockers.noneForPersona', { level })}</Typography>
      )}
      {groups.map(group => (
        <PersonaSection
          key={group.persona}
          persona={group.persona}
          count={t('blockers.capabilityCount', {
            count: group.capabilities.length,
          })}
        >
          <ul className={classes.list}>
            {group.capabilities.map(blocker => (
              <MissingCapability
                key={blocker.capability.id}
                blocker={blocker}
              />
            ))}
          </ul>
        </PersonaSection>
      ))}
    </>
  );
}

/**
 * What stands between the service and the next level, by persona: the capabilities it
 * still needs with the checks that could show them; on a scorecard stored before
 * capability levels, the blocking checks.
 */
export function NextLevelBlockers(props: {
  scorecard: Scorecard;
  persona: Persona | undefined;
}) {
  const { scorecard, persona } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const capabilityGroups = useMemo(
    () => capabilityBlockersByPersona(scorecard, persona),
    [scorecard, persona],
  );
  const checkGroups = useMemo(
    () => (capabilityGroups ? [] : blockersByPersona(scorecard, persona)),
    [capabilityGroups, scorecard, persona],
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
      {capabilityGroups ? (
        <CapabilityBlockers
          scorecard={scorecard}
          nextLevel={nextLevel}
          groups={capabilityGroups}
          filtered={persona !== undefined}
        />
      ) : (
        <>
          {checkGroups.length === 0 && (
            <Typography>{t('blockers.noneForPersona', { level })}</Typography>
          )}
          {checkGroups.map(group => (
            <PersonaSection
              key={group.persona}
              persona={group.persona}
              count={t('blockers.count', { count: group.checks.length })}
            >
              <ul className={classes.list}>
                {group.checks.map(check => (
                  <Blocker
                    key={check.id}
                    check={check}
                    id={`mlops-maturity-blocker-${check.id}`}
                    heading="h4"
                  />
                ))}
              </ul>
            </PersonaSection>
          ))}
        </>
      )}
    </InfoCard>
  );
}
