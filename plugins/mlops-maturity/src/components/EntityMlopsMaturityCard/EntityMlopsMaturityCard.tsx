import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import { SampleDataChip } from '../shared/SampleDataChip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Scorecard } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { blockerChecks } from '../shared/blockers';
import { CheckStatusLabel } from '../shared/CheckStatusLabel';
import { useScorecard } from '../shared/useScorecard';
import { Remediation } from '../shared/Remediation';

const NEXT_STEPS = 3;
const MISSING_TITLES = {
  'not-ml-service': 'notMlService.title',
  'not-evaluated': 'notEvaluated.title',
  'unknown-entity': 'unknownEntity.title',
} as const;
/** Relative to the entity page, where the tab is mounted in both frontend systems. */
const TAB_PATH = 'mlops-maturity';

const useStyles = makeStyles(theme => ({
  steps: { listStyle: 'none', padding: 0, margin: 0 },
  step: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
}));

function CardSummary(props: { scorecard: Scorecard }) {
  const { scorecard } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const blockers = useMemo(() => blockerChecks(scorecard), [scorecard]);
  const steps = blockers.slice(0, NEXT_STEPS);

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="baseline"
        style={{ gap: 16 }}
      >
        <Typography variant="h5" component="p">
          {t('summary.level', {
            level: String(scorecard.level),
            name: t(`levels.${scorecard.level}.name`),
          })}
        </Typography>
        <Typography variant="body1" component="p">
          {t('summary.score')}:{' '}
          {t('summary.scoreValue', { score: String(scorecard.score) })}
        </Typography>
        {scorecard.containsSampleData && <SampleDataChip />}
      </Box>
      {scorecard.levelBasis && (
        <Typography variant="body2" color="textSecondary">
          {t(`summary.basis.${scorecard.levelBasis}`)}
        </Typography>
      )}
      {scorecard.nextLevel ? (
        <Box
          mt={2}
          component="section"
          aria-labelledby="mlops-maturity-next-steps"
        >
          <Typography
            variant="subtitle1"
            component="h3"
            id="mlops-maturity-next-steps"
          >
            {t('card.nextSteps', { level: String(scorecard.nextLevel.level) })}
          </Typography>
          <ol className={classes.steps}>
            {steps.map(check => (
              <li
                key={check.id}
                className={classes.step}
                aria-labelledby={`mlops-maturity-step-${check.id}`}
              >
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <CheckStatusLabel status={check.status} />
                  <Typography
                    variant="body1"
                    component="span"
                    id={`mlops-maturity-step-${check.id}`}
                  >
                    {check.title}
                  </Typography>
                </Box>
                <Remediation
                  text={check.remediation}
                  unlabelled
                  color="textSecondary"
                />
              </li>
            ))}
          </ol>
          {blockers.length > steps.length && (
            <Typography variant="body2" color="textSecondary">
              {t('card.moreBlockers', {
                count: blockers.length - steps.length,
              })}
            </Typography>
          )}
        </Box>
      ) : (
        <Box mt={2}>
          <Typography>{t('card.topLevel')}</Typography>
        </Box>
      )}
    </>
  );
}

/**
 * Overview card: level and what it rests on, score and the next three steps, linking to
 * the tab.
 */
export function EntityMlopsMaturityCard() {
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const { state } = useScorecard(entityRef);

  let content;
  switch (state.kind) {
    case 'loading':
      content = <Progress aria-label={t('loading')} />;
      break;
    case 'forbidden':
      content = <Typography>{t('forbidden.description')}</Typography>;
      break;
    case 'missing':
      content = (
        <>
          <Typography variant="subtitle1" component="p">
            {t(MISSING_TITLES[state.reason])}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {state.message}
          </Typography>
        </>
      );
      break;
    case 'error':
      content = <ResponseErrorPanel error={state.error} />;
      break;
    default:
      content = <CardSummary scorecard={state.scorecard} />;
  }

  return (
    <InfoCard
      title={t('title')}
      deepLink={{ title: t('card.viewDetails'), link: TAB_PATH }}
    >
      {content}
    </InfoCard>
  );
}
