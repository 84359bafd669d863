import { memo, useMemo } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { darken, makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CheckResult,
  Dimension,
  DIMENSIONS,
  Persona,
  Scorecard,
  ScoreBreakdown,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CheckDetails } from './CheckDetails';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    width: '100%',
  },
  title: { fontWeight: 700, minWidth: 180 },
  // The theme's warning colour is too light for text on white (WCAG AA).
  attention: { color: darken(theme.palette.warning.dark, 0.3) },
  checks: { listStyle: 'none', padding: 0, margin: 0, width: '100%' },
  group: { marginTop: theme.spacing(2) },
}));

interface DimensionGroup {
  dimension: Dimension;
  llmOnly: boolean;
  checks: CheckResult[];
  breakdown?: ScoreBreakdown<Dimension>;
}

const isPassing = (check: CheckResult) =>
  check.status === 'pass' || check.status === 'waived';
// As in the backend's score: checks this context cannot decide count nowhere.
const isApplicable = (check: CheckResult) =>
  check.status !== 'not-applicable' && check.decidable !== false;

/**
 * Checks by dimension in catalogue order. A dimension where nothing applies (the LLM
 * dimensions of a classic ML service) is left out.
 */
function groupChecks(
  scorecard: Scorecard,
  persona: Persona | undefined,
): DimensionGroup[] {
  const byDimension = new Map<Dimension, CheckResult[]>();
  for (const check of scorecard.checks) {
    const list = byDimension.get(check.dimension) ?? [];
    list.push(check);
    byDimension.set(check.dimension, list);
  }
  return DIMENSIONS.flatMap(({ id, llmOnly }) => {
    const all = byDimension.get(id) ?? [];
    if (!all.some(check => check.status !== 'not-applicable')) {
      return [];
    }
    const checks = persona ? all.filter(c => c.persona === persona) : all;
    if (checks.length === 0) {
      return [];
    }
    return [
      {
        dimension: id,
        llmOnly,
        checks,
        breakdown: scorecard.dimensions.find(d => d.id === id),
      },
    ];
  });
}

function DimensionAccordionView(props: {
  group: DimensionGroup;
  filtered: boolean;
}) {
  const { group, filtered } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const applicable = group.checks.filter(isApplicable);
  const passed = applicable.filter(isPassing).length;
  const attention = applicable.filter(
    c => c.status === 'fail' || c.status === 'unknown',
  ).length;
  const headerId = `mlops-maturity-dimension-${group.dimension}`;
  const counts = { passed: String(passed), total: String(applicable.length) };

  return (
    // Unmounted while collapsed: a scorecard of many checks renders only the open ones.
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        id={headerId}
        aria-controls={`${headerId}-checks`}
      >
        <Box className={classes.summary}>
          <Typography component="span" className={classes.title}>
            {t(`dimensions.${group.dimension}`)}
          </Typography>
          <Typography variant="body2" component="span">
            {!filtered && group.breakdown
              ? t('dimensionGroups.summary', {
                  ...counts,
                  score: String(group.breakdown.score),
                })
              : t('dimensionGroups.summaryFiltered', counts)}
          </Typography>
          {attention > 0 && (
            <Typography
              variant="body2"
              component="span"
              className={classes.attention}
            >
              {t('dimensionGroups.attention', { count: attention })}
            </Typography>
          )}
        </Box>
      </AccordionSummary>
      {/* Accordion wraps the details in a region labelled by the summary. */}
      <AccordionDetails>
        <ul className={classes.checks}>
          {group.checks.map(check => (
            <CheckDetails key={check.id} check={check} />
          ))}
        </ul>
      </AccordionDetails>
    </Accordion>
  );
}

// Memoised with the groups: re-evaluation progress above leaves open groups alone.
const DimensionAccordion = memo(DimensionAccordionView);

function GroupList(props: {
  id: string;
  title?: string;
  groups: DimensionGroup[];
  filtered: boolean;
}) {
  const classes = useStyles();
  if (props.groups.length === 0) {
    return null;
  }
  const content = props.groups.map(group => (
    <DimensionAccordion
      key={group.dimension}
      group={group}
      filtered={props.filtered}
    />
  ));
  if (!props.title) {
    return <>{content}</>;
  }
  return (
    <section aria-labelledby={props.id} className={classes.group}>
      <Typography variant="h6" component="h3" gutterBottom id={props.id}>
        {props.title}
      </Typography>
      {content}
    </section>
  );
}

/** Per-dimension results, each expandable to its checks; LLM dimensions form their own group. */
export function DimensionResults(props: {
  scorecard: Scorecard;
  persona: Persona | undefined;
}) {
  const { scorecard, persona } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const groups = useMemo(
    () => groupChecks(scorecard, persona),
    [scorecard, persona],
  );
  const classic = groups.filter(g => !g.llmOnly);
  const llm = groups.filter(g => g.llmOnly);
  const filtered = persona !== undefined;

  return (
    <InfoCard title={t('dimensionGroups.title')}>
      {groups.length === 0 && (
        <Typography>{t('dimensionGroups.noChecks')}</Typography>
      )}
      {llm.length > 0 ? (
        <>
          <GroupList
            id="mlops-maturity-classic-dimensions"
            title={t('dimensionGroups.classic')}
            groups={classic}
            filtered={filtered}
          />
          <GroupList
            id="mlops-maturity-llm-dimensions"
            title={t('dimensionGroups.llm')}
            groups={llm}
            filtered={filtered}
          />
        </>
      ) : (
        <GroupList
          id="mlops-maturity-dimensions"
          groups={classic}
          filtered={filtered}
        />
      )}
    </InfoCard>
  );
}
