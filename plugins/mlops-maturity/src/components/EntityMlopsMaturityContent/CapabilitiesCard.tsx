import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CapabilityResult,
  CheckResult,
  EvidenceStrength,
  Scorecard,
  describeLevelRule,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CapabilityStatusLabel } from '../shared/CapabilityStatusLabel';
import { CoreChip } from '../shared/CoreChip';

const useStyles = makeStyles(theme => ({
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  list: { listStyle: 'none', padding: 0, margin: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  alternatives: {
    margin: theme.spacing(0.5, 0),
    paddingLeft: theme.spacing(3),
  },
}));

/** A check's title; its id when the scorecard has no result for it. */
type TitleOf = (checkId: string) => string;

function StrengthChip(props: { strength: EvidenceStrength }) {
  const { strength } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Chip
      size="small"
      color={strength === 'observed' ? 'primary' : 'default'}
      variant={strength === 'observed' ? 'default' : 'outlined'}
      label={t(`check.${strength}`)}
      title={t(`capabilities.strengthHint.${strength}`)}
    />
  );
}

function Demonstration(props: {
  capability: CapabilityResult;
  checks: Map<string, CheckResult>;
  titleOf: TitleOf;
}) {
  const { capability, checks, titleOf } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [first, ...others] = capability.demonstratedBy;
  const shownBy = checks.get(first);
  return (
    <>
      <Box className={classes.heading}>
        <Typography variant="body2" component="span">
          {t('capabilities.shownBy', { check: titleOf(first) })}
        </Typography>
        {capability.strength && <StrengthChip strength={capability.strength} />}
        {capability.waived && (
          <Chip size="small" variant="outlined" label={t('status.waived')} />
        )}
      </Box>
      {shownBy && (
        <Typography variant="body2" color="textSecondary">
          {shownBy.message}
        </Typography>
      )}
      {others.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('capabilities.alsoShownBy', {
            checks: others.map(titleOf).join(', '),
          })}
        </Typography>
      )}
    </>
  );
}

function Alternatives(props: { ids: string[]; titleOf: TitleOf }) {
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  if (props.ids.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('capabilities.noAlternatives')}
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">
        {t('capabilities.couldBeShownBy')}:
      </Typography>
      <ul
        className={classes.alternatives}
        aria-label={t('capabilities.couldBeShownBy')}
      >
        {props.ids.map(id => (
          <Typography component="li" variant="body2" key={id}>
            {props.titleOf(id)}
          </Typography>
        ))}
      </ul>
    </>
  );
}

function Capability(props: {
  capability: CapabilityResult;
  checks: Map<string, CheckResult>;
  titleOf: TitleOf;
}) {
  const { capability, checks, titleOf } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleId = `mlops-maturity-capability-${capability.id}`;
  return (
    <li className={classes.item} aria-labelledby={titleId}>
      <Box className={classes.heading}>
        <CapabilityStatusLabel status={capability.status} />
        <Typography variant="subtitle1" component="h4" id={titleId}>
          {capability.title}
        </Typography>
        {capability.core && <CoreChip />}
      </Box>
      {capability.status === 'demonstrated' ? (
        <Demonstration
          capability={capability}
          checks={checks}
          titleOf={titleOf}
        />
      ) : (
        <Alternatives ids={capability.alternatives} titleOf={titleOf} />
      )}
      {capability.note && (
        <Typography variant="body2" color="textSecondary">
          {t('capabilities.note', { note: capability.note })}
        </Typography>
      )}
    </li>
  );
}

/**
 * Why the service is at its level: for Level 1 and Level 2 of its flavour, the rule and
 * each capability with the check that demonstrated it, or the checks that could.
 */
export function CapabilitiesCard(props: {
  scorecard: Scorecard;
  capabilities: CapabilityResult[];
}) {
  const { scorecard, capabilities } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const checks = useMemo(
    () => new Map(scorecard.checks.map(check => [check.id, check])),
    [scorecard.checks],
  );
  const titleOf: TitleOf = id => checks.get(id)?.title ?? id;

  return (
    <InfoCard
      title={t('capabilities.title')}
      subheader={t('capabilities.subheader')}
    >
      <Grid container spacing={3}>
        {([1, 2] as const).map(level => {
          const headingId = `mlops-maturity-capabilities-level-${level}`;
          return (
            <Grid item xs={12} md={6} key={level}>
              <section aria-labelledby={headingId}>
                <Box className={classes.heading}>
                  <Typography variant="h6" component="h3" id={headingId}>
                    {t('capabilities.level', { level: String(level) })}
                  </Typography>
                  <Chip
                    size="small"
                    variant={scorecard.level >= level ? 'default' : 'outlined'}
                    label={
                      scorecard.level >= level
                        ? t('capabilities.reached')
                        : t('capabilities.notReached')
                    }
                  />
                </Box>
                <Typography variant="body2" color="textSecondary">
                  {t('capabilities.rule', {
                    rule: describeLevelRule(scorecard.flavor, level),
                  })}
                </Typography>
                <ul className={classes.list}>
                  {capabilities
                    .filter(capability => capability.level === level)
                    .map(capability => (
                      <Capability
                        key={capability.id}
                        capability={capability}
                        checks={checks}
                        titleOf={titleOf}
                      />
                    ))}
                </ul>
              </section>
            </Grid>
          );
        })}
      </Grid>
    </InfoCard>
  );
}
