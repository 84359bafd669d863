import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Persona,
  Scorecard,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { RefreshState } from '../shared/useScorecard';
import { ServiceCampaigns } from '../campaigns';
import { ServiceWaivers } from './ServiceWaivers';
import { BusinessMetrics } from './BusinessMetrics';
import { CapabilitiesCard } from './CapabilitiesCard';
import { DimensionResults } from './DimensionResults';
import { LevelSummary } from './LevelSummary';
import { NextLevelBlockers } from './NextLevelBlockers';
import { PersonaFilter } from './PersonaFilter';
import { ScoreTrend } from './ScoreTrend';

/** Everything the scorecard says, with a persona filter over blockers and checks. */
export function ScorecardView(props: {
  scorecard: Scorecard;
  refreshState: RefreshState;
  onRefresh: () => void;
  /** The stored scorecard changed (a waiver decision re-scored the service). */
  onScorecardChanged?: () => void;
}) {
  const { scorecard, refreshState, onRefresh, onScorecardChanged } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [persona, setPersona] = useState<Persona>();

  return (
    <Grid container spacing={3}>
      {scorecard.containsSampleData && (
        <Grid item xs={12}>
          <Alert severity="warning" role="note">
            {t('sampleData.banner')}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <LevelSummary
          scorecard={scorecard}
          refreshState={refreshState}
          onRefresh={onRefresh}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ScoreTrend
          entityRef={scorecard.entityRef}
          evaluatedAt={scorecard.evaluatedAt}
        />
      </Grid>
      <Grid item xs={12}>
        <ServiceCampaigns entityRef={scorecard.entityRef} />
      </Grid>
      <Grid item xs={12}>
        <ServiceWaivers
          scorecard={scorecard}
          onScorecardChanged={onScorecardChanged}
        />
      </Grid>
      {/* Scorecards stored before capability levels have none; their checks explain them. */}
      {scorecard.capabilities && (
        <Grid item xs={12}>
          <CapabilitiesCard
            scorecard={scorecard}
            capabilities={scorecard.capabilities}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <BusinessMetrics metrics={scorecard.metrics} />
      </Grid>
      <Grid item xs={12}>
        <PersonaFilter
          persona={persona}
          onChange={setPersona}
          scores={scorecard.personas}
        />
      </Grid>
      <Grid item xs={12}>
        <NextLevelBlockers scorecard={scorecard} persona={persona} />
      </Grid>
      <Grid item xs={12}>
        <DimensionResults scorecard={scorecard} persona={persona} />
      </Grid>
    </Grid>
  );
}
