import { useMemo } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { ChartWithTable, OrgCard } from './ChartCard';
import { OrgTrendPoint } from './orgMetrics';
import { SampleDataChip } from '../shared/SampleDataChip';
import { dayOf, formatDay, formatNumber, formatShare } from './orgFormat';

const HEIGHT = 260;

function TrendTable(props: { points: OrgTrendPoint[] }) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {t('orgPage.trend.date')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('orgPage.trend.services')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('orgPage.trend.meanScore')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('orgPage.trend.shareAtLeastLevel1')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.points.map(point => (
          <TableRow key={point.date}>
            <TableCell component="th" scope="row">
              <time dateTime={dayOf(point.date)}>{formatDay(point.date)}</time>
              {point.sampleServices > 0 && (
                <>
                  {' '}
                  <SampleDataChip />
                </>
              )}
            </TableCell>
            <TableCell align="right">{point.services}</TableCell>
            <TableCell align="right">
              {point.meanScore === null ? '–' : formatNumber(point.meanScore)}
            </TableCell>
            <TableCell align="right">
              {formatShare(point.shareAtLeastLevel1)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Org-wide mean score and share at level ≥ 1 per snapshot day. */
export function OrgTrendCard(props: {
  points?: OrgTrendPoint[];
  loading: boolean;
  error?: Error;
}) {
  const { points, loading, error } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const theme = useTheme();
  const data = useMemo(
    () =>
      (points ?? []).map(point => ({
        day: formatDay(point.date),
        meanScore:
          point.meanScore === null
            ? null
            : Math.round(point.meanScore * 10) / 10,
        shareAtLeastLevel1:
          point.shareAtLeastLevel1 === null
            ? null
            : Math.round(point.shareAtLeastLevel1 * 100),
      })),
    [points],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading && !points) {
    content = <Progress />;
  } else if (!points || points.length === 0) {
    content = <Typography>{t('orgPage.trend.empty')}</Typography>;
  } else {
    const lastSample = points.filter(point => point.sampleServices > 0).at(-1);
    content = (
      <>
        {lastSample && (
          <Typography variant="body2" paragraph>
            <SampleDataChip />{' '}
            {t('sampleData.trend', { date: formatDay(lastSample.date) })}
          </Typography>
        )}
        <ChartWithTable
          id="mlops-maturity-org-trend"
          height={HEIGHT}
          chartLabel={t('orgPage.trend.chartLabel', {
            firstDate: formatDay(points[0].date),
            lastDate: formatDay(points[points.length - 1].date),
          })}
          table={<TrendTable points={points} />}
          chart={
            <LineChart data={data} margin={{ right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis domain={[0, 100]} />
              <Tooltip />
              <Legend />
              <Line
                dataKey="meanScore"
                name={t('orgPage.trend.meanScore')}
                stroke={theme.palette.primary.main}
                strokeWidth={2}
                isAnimationActive={false}
              />
              {/* Dashed, so the two lines differ without colour. */}
              <Line
                dataKey="shareAtLeastLevel1"
                name={t('orgPage.trend.shareAtLeastLevel1')}
                stroke={theme.palette.secondary.main}
                strokeWidth={2}
                strokeDasharray="6 4"
                isAnimationActive={false}
              />
            </LineChart>
          }
        />
      </>
    );
  }
  return (
    <OrgCard id="mlops-maturity-org-trend" title={t('orgPage.trend.title')}>
      {content}
    </OrgCard>
  );
}
