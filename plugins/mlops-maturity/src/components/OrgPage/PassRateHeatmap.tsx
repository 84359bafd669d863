import { useMemo } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { RollupRow } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { OrgCard } from './ChartCard';
import { HeatmapCell, personaDimensionHeatmap } from './orgMetrics';

const useStyles = makeStyles(theme => ({
  table: { tableLayout: 'fixed' },
  caption: { captionSide: 'top', color: theme.palette.text.secondary },
  cell: {
    // Light backgrounds in either theme, so the text stays dark and readable.
    color: '#1f1f1f',
    border: `2px solid ${theme.palette.background.paper}`,
  },
  rate: { fontWeight: 600, display: 'block' },
}));

/** Red at 0%, amber at 50%, green at 100%: a cue on top of the number. */
function rateBackground(rate: number): string {
  return `hsl(${Math.round(rate * 120)}, 70%, 82%)`;
}

function RateCell(props: { cell?: HeatmapCell }) {
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const { cell } = props;
  if (!cell || cell.rate === null) {
    return (
      <TableCell align="center">
        <Typography variant="body2" color="textSecondary">
          {t('orgPage.heatmap.noChecks')}
        </Typography>
      </TableCell>
    );
  }
  return (
    <TableCell
      align="center"
      className={classes.cell}
      style={{ backgroundColor: rateBackground(cell.rate) }}
    >
      <span className={classes.rate}>
        {t('orgPage.heatmap.percent', {
          percent: String(Math.round(cell.rate * 100)),
        })}
      </span>
      <Typography variant="caption">
        {t('orgPage.heatmap.detail', {
          passed: String(cell.passed),
          total: String(cell.total),
        })}
      </Typography>
    </TableCell>
  );
}

/**
 * Pass rate of each persona in each dimension, as a table whose cells say the rate
 * in words; the colour only repeats it.
 */
export function PassRateHeatmap(props: {
  rows?: RollupRow[];
  loading: boolean;
  error?: Error;
}) {
  const { rows, loading, error } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const heatmap = useMemo(() => personaDimensionHeatmap(rows ?? []), [rows]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading && !rows) {
    content = <Progress />;
  } else if (heatmap.dimensions.length === 0) {
    content = <Typography>{t('orgPage.heatmap.empty')}</Typography>;
  } else {
    content = (
      <Table size="small" className={classes.table}>
        <caption className={classes.caption}>
          {t('orgPage.heatmap.caption')}
        </caption>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {t('orgPage.heatmap.dimension')}
            </TableCell>
            {heatmap.personas.map(persona => (
              <TableCell
                key={persona}
                component="th"
                scope="col"
                align="center"
              >
                {t(`personas.${persona}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {heatmap.dimensions.map(dimension => (
            <TableRow key={dimension}>
              <TableCell component="th" scope="row">
                {t(`dimensions.${dimension}`)}
              </TableCell>
              {heatmap.personas.map(persona => (
                <RateCell
                  key={persona}
                  cell={heatmap.cell(dimension, persona)}
                />
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <OrgCard id="mlops-maturity-heatmap" title={t('orgPage.heatmap.title')}>
      {content}
    </OrgCard>
  );
}
