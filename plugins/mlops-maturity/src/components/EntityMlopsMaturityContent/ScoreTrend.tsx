import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ScorecardHistoryPoint } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { compactHistory, rubricChanged } from '../shared/compactHistory';
import { SampleDataChip } from '../shared/SampleDataChip';
import { formatDate, formatDateTime, toPercent } from '../shared/format';
import { useScorecardHistory } from '../shared/useScorecardHistory';

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { left: 36, right: 36, top: 12, bottom: 28 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const TABLE_ID = 'mlops-maturity-trend-table';

const useStyles = makeStyles(theme => ({
  chart: { width: '100%', height: 'auto', display: 'block' },
  axis: { fill: theme.palette.text.secondary, fontSize: 11 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
    margin: theme.spacing(1, 0),
  },
  swatch: {
    display: 'inline-block',
    width: 24,
    marginRight: theme.spacing(1),
    verticalAlign: 'middle',
    borderTopWidth: 3,
  },
}));

const yScore = (score: number) => PAD.top + (1 - score / 100) * PLOT_H;
const yLevel = (level: number) => PAD.top + (1 - level / 2) * PLOT_H;

/** SVG step paths: each value holds until the next evaluation. */
function stepPaths(points: ScorecardHistoryPoint[]) {
  const times = points.map(p => new Date(p.evaluatedAt).getTime());
  const first = times[0];
  const span = times[times.length - 1] - first;
  const xs = times.map((time, index) =>
    span > 0
      ? PAD.left + ((time - first) / span) * PLOT_W
      : PAD.left + (index / Math.max(1, points.length - 1)) * PLOT_W,
  );
  const step = (y: (p: ScorecardHistoryPoint) => number) =>
    points
      .map((point, index) =>
        index === 0 ? `M${xs[0]},${y(point)}` : `H${xs[index]} V${y(point)}`,
      )
      .join(' ');
  return {
    score: step(p => yScore(p.score)),
    level: step(p => yLevel(p.level)),
    markers: points.map((point, index) => ({
      x: xs[index],
      y: yScore(point.score),
    })),
  };
}

/** Indexes of the points scored under another rubric than the point before. */
const rubricChanges = (points: ScorecardHistoryPoint[]) =>
  points.flatMap((point, index) =>
    index > 0 && rubricChanged(points[index - 1], point) ? [index] : [],
  );

function TrendChart(props: { points: ScorecardHistoryPoint[]; label: string }) {
  const { points, label } = props;
  const classes = useStyles();
  const theme = useTheme();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const paths = useMemo(() => stepPaths(points), [points]);
  const scoreColor = theme.palette.primary.main;
  const levelColor = theme.palette.secondary.main;

  return (
    <>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className={classes.chart}
      >
        {[0, 50, 100].map(score => (
          <g key={score}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={yScore(score)}
              y2={yScore(score)}
              stroke={theme.palette.divider}
            />
            <text
              x={PAD.left - 6}
              y={yScore(score) + 4}
              textAnchor="end"
              className={classes.axis}
            >
              {score}
            </text>
            <text
              x={WIDTH - PAD.right + 6}
              y={yLevel(score / 50) + 4}
              className={classes.axis}
            >
              {score / 50}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={HEIGHT - 8} className={classes.axis}>
          {formatDate(points[0].evaluatedAt)}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 8}
          textAnchor="end"
          className={classes.axis}
        >
          {formatDate(points[points.length - 1].evaluatedAt)}
        </text>
        <path
          d={paths.level}
          fill="none"
          stroke={levelColor}
          strokeWidth={2}
          strokeDasharray="6 4"
        />
        {rubricChanges(points).map(index => (
          <g key={`rubric-${index}`}>
            <line
              x1={paths.markers[index].x}
              x2={paths.markers[index].x}
              y1={PAD.top}
              y2={HEIGHT - PAD.bottom}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 3"
            />
            <text
              x={paths.markers[index].x + 3}
              y={PAD.top + 10}
              className={classes.axis}
            >
              {t('trend.rubricChangedMark')}
            </text>
          </g>
        ))}
        <path d={paths.score} fill="none" stroke={scoreColor} strokeWidth={2} />
        {paths.markers.map((marker, index) => (
          <circle
            key={index}
            cx={marker.x}
            cy={marker.y}
            r={3}
            fill={scoreColor}
          />
        ))}
      </svg>
      {/* Solid and dashed lines tell the series apart without colour. */}
      <div className={classes.legend} aria-hidden>
        <Typography variant="caption">
          <span
            className={classes.swatch}
            style={{ borderTop: `3px solid ${scoreColor}` }}
          />
          {t('trend.legendScore')}
        </Typography>
        <Typography variant="caption">
          <span
            className={classes.swatch}
            style={{ borderTop: `3px dashed ${levelColor}` }}
          />
          {t('trend.legendLevel')}
        </Typography>
      </div>
    </>
  );
}

function TrendTable(props: { points: ScorecardHistoryPoint[] }) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Table size="small" id={TABLE_ID}>
      <caption>{t('trend.tableCaption')}</caption>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {t('trend.date')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('trend.level')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('trend.score')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('trend.coverage')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('trend.rubric')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.points.map((point, index) => (
          <TableRow key={point.evaluatedAt}>
            <TableCell component="th" scope="row">
              <time dateTime={point.evaluatedAt}>
                {formatDateTime(point.evaluatedAt)}
              </time>
              {point.sample && (
                <>
                  {' '}
                  <SampleDataChip />
                </>
              )}
            </TableCell>
            <TableCell>
              {point.level} — {t(`levels.${point.level}.name`)}
            </TableCell>
            <TableCell align="right">{point.score}</TableCell>
            <TableCell align="right">{toPercent(point.coverage)}%</TableCell>
            <TableCell>
              {index > 0 && rubricChanged(props.points[index - 1], point)
                ? t('trend.rubricChanged')
                : ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TrendBody(props: { points: ScorecardHistoryPoint[] }) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [showTable, setShowTable] = useState(false);
  const points = useMemo(() => compactHistory(props.points), [props.points]);

  if (points.length === 0) {
    return <Typography>{t('trend.empty')}</Typography>;
  }
  const first = points[0];
  const last = points[points.length - 1];
  const changes = rubricChanges(points);
  const changedOn =
    changes.length > 0
      ? ` ${t('trend.rubricChangedOn', {
          dates: changes
            .map(index => formatDate(points[index].evaluatedAt))
            .join(', '),
        })}`
      : '';
  return (
    <>
      {points.length === 1 ? (
        <Typography>
          {t('trend.single', {
            score: String(first.score),
            level: String(first.level),
            date: formatDate(first.evaluatedAt),
          })}
        </Typography>
      ) : (
        <TrendChart
          points={points}
          label={`${t('trend.chartLabel', {
            firstScore: String(first.score),
            firstLevel: String(first.level),
            firstDate: formatDate(first.evaluatedAt),
            lastScore: String(last.score),
            lastLevel: String(last.level),
            lastDate: formatDate(last.evaluatedAt),
          })}${changedOn}`}
        />
      )}
      {changes.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('trend.rubricNote')}
        </Typography>
      )}
      {points.some(point => point.sample) && (
        <Typography variant="body2">
          <SampleDataChip /> {t('sampleData.history')}
        </Typography>
      )}
      <Box mt={1}>
        <Button
          size="small"
          aria-expanded={showTable}
          aria-controls={TABLE_ID}
          onClick={() => setShowTable(shown => !shown)}
        >
          {showTable ? t('trend.hideTable') : t('trend.showTable')}
        </Button>
      </Box>
      {showTable && <TrendTable points={points} />}
    </>
  );
}

/** Level and score over the last 90 days, as a chart and, on request, a table. */
export function ScoreTrend(props: { entityRef: string; evaluatedAt: string }) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const history = useScorecardHistory(props.entityRef, props.evaluatedAt);
  return (
    <InfoCard title={t('trend.title')}>
      {history.loading && !history.value && <Progress />}
      {history.error && <ResponseErrorPanel error={history.error} />}
      {history.value && <TrendBody points={history.value} />}
    </InfoCard>
  );
}
