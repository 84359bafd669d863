import { ReactNode } from 'react';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';
import {
  countAtLeast,
  LevelSummary,
  share,
  ThirtyDayChange,
} from './orgMetrics';
import {
  formatDay,
  formatNumber,
  formatShare,
  formatSigned,
} from './orgFormat';

const useStyles = makeStyles(theme => ({
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: theme.spacing(2),
  },
  tile: { padding: theme.spacing(2), height: '100%' },
}));

function Tile(props: {
  id: string;
  label: string;
  value: string;
  detail: ReactNode;
}) {
  const classes = useStyles();
  const labelId = `mlops-maturity-kpi-${props.id}`;
  return (
    <Paper role="group" aria-labelledby={labelId} className={classes.tile}>
      <Typography id={labelId} variant="overline" component="p">
        {props.label}
      </Typography>
      <Typography variant="h4" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.detail}
      </Typography>
    </Paper>
  );
}

/**
 * Services, the shares at level ≥ 1 and level 2, the mean score, the share that meets
 * its lifecycle's target (when targets are set) and how the org moved in 30 days. `change` is undefined while there is no older snapshot.
 */
export function KpiTiles(props: {
  summary: LevelSummary;
  change: ThirtyDayChange | undefined;
}) {
  const { summary, change } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const atLeastLevel1 = countAtLeast(summary.levelCounts, 1);
  const level2 = summary.levelCounts[2];
  const none = t('orgPage.kpi.none');
  const signed = (value: number | null) =>
    value === null ? none : formatSigned(value);

  return (
    <div
      role="group"
      aria-label={t('orgPage.kpi.label')}
      className={classes.tiles}
    >
      <Tile
        id="services"
        label={t('orgPage.kpi.services')}
        value={String(summary.services)}
        detail={t('orgPage.kpi.servicesDetail')}
      />
      <Tile
        id="atLeastLevel1"
        label={t('orgPage.kpi.atLeastLevel1')}
        value={formatShare(share(atLeastLevel1, summary.services))}
        detail={t('orgPage.kpi.ofServices', {
          count: atLeastLevel1,
          total: String(summary.services),
        })}
      />
      <Tile
        id="level2"
        label={t('orgPage.kpi.level2')}
        value={formatShare(share(level2, summary.services))}
        detail={t('orgPage.kpi.ofServices', {
          count: level2,
          total: String(summary.services),
        })}
      />
      <Tile
        id="meanScore"
        label={t('orgPage.kpi.meanScore')}
        value={
          summary.meanScore === null ? none : formatNumber(summary.meanScore)
        }
        detail={t('orgPage.kpi.meanScoreDetail')}
      />
      {summary.target && (
        <Tile
          id="meetTarget"
          label={t('orgPage.kpi.meetTarget')}
          value={formatShare(
            share(summary.target.meeting, summary.target.services),
          )}
          detail={t('orgPage.kpi.meetTargetDetail', {
            count: summary.target.meeting,
            total: String(summary.target.services),
          })}
        />
      )}
      {change ? (
        <Tile
          id="change"
          label={t('orgPage.kpi.change')}
          value={t('orgPage.kpi.changeValue', {
            value: signed(change.meanScore),
          })}
          detail={`${t('orgPage.kpi.changeDetail', {
            date: formatDay(change.since),
            share: signed(change.shareAtLeastLevel1),
          })}${change.fromSampleHistory ? ` ${t('sampleData.change')}` : ''}`}
        />
      ) : (
        <Tile
          id="change"
          label={t('orgPage.kpi.change')}
          value={t('orgPage.kpi.noData')}
          detail={t('orgPage.kpi.noDataDetail')}
        />
      )}
    </div>
  );
}
