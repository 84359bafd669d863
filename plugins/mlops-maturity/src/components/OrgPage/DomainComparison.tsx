import { createContext, useCallback, useContext, useMemo } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  TranslationFunction,
  useApi,
  useAppSearchParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  BusinessMetrics,
  RollupRow,
  RollupTrendPoint,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { toPercent } from '../shared/format';
import { ChartWithTable, OrgCard } from './ChartCard';
import { levelColors, seriesColors } from './levelColors';
import { dimensionScores, HeatmapCell, LEVELS } from './orgMetrics';
import { dayOf, displayRef, formatDay, formatNumber } from './orgFormat';
import { useEntityTitles } from '../shared/useEntityTitles';

const MIN_DOMAINS = 2;
const MAX_DOMAINS = 4;
const PARAM = 'domain';
/** Line patterns per domain, so the lines differ without colour. */
const DASHES = ['', '6 4', '2 3', '10 3 2 3'];
const METRICS: (keyof BusinessMetrics)[] = [
  'timeToProductionDays',
  'deploysLast30d',
  'modelAgeDays',
  'ciSuccessRate',
];

type Translate = TranslationFunction<typeof mlopsMaturityTranslationRef.T>;

/** Domains by their catalog titles, once the comparison has loaded them. */
const DomainLabel = createContext((key: string) => displayRef(key, 'domain'));
const useDomainLabel = () => useContext(DomainLabel);
const scoreText = (score: number | null) =>
  score === null ? '–' : formatNumber(score);

// The picker sits on the page background, where secondary grey is below 4.5:1 (WCAG AA).
const usePickerStyles = makeStyles(theme => ({
  onPage: { color: theme.palette.text.primary },
}));

function DomainPicker(props: {
  domains: RollupRow[];
  selected: string[];
  onToggle: (key: string) => void;
}) {
  const label = useDomainLabel();
  const classes = usePickerStyles();
  const { domains, selected, onToggle } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const full = selected.length >= MAX_DOMAINS;
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend" className={classes.onPage}>
        {t('orgPage.compare.picker')}
      </FormLabel>
      <FormGroup row>
        {domains.map(domain => {
          const checked = selected.includes(domain.key);
          return (
            <FormControlLabel
              key={domain.key}
              label={label(domain.key)}
              control={
                <Checkbox
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() => onToggle(domain.key)}
                  color="primary"
                />
              }
            />
          );
        })}
      </FormGroup>
      <FormHelperText className={classes.onPage}>
        {t('orgPage.compare.pickerHint')}
      </FormHelperText>
    </FormControl>
  );
}

function ColumnHeads(props: { first: string; rows: RollupRow[] }) {
  const label = useDomainLabel();
  return (
    <TableHead>
      <TableRow>
        <TableCell component="th" scope="col">
          {props.first}
        </TableCell>
        {props.rows.map(row => (
          <TableCell key={row.key} component="th" scope="col" align="right">
            {label(row.key)}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}

function MeasureRow(props: { name: string; values: string[] }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {props.name}
      </TableCell>
      {props.values.map((value, index) => (
        <TableCell key={index} align="right">
          {value}
        </TableCell>
      ))}
    </TableRow>
  );
}

function SummaryTable(props: { rows: RollupRow[] }) {
  const { rows } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Table size="small">
      <ColumnHeads first={t('orgPage.compare.measure')} rows={rows} />
      <TableBody>
        <MeasureRow
          name={t('orgPage.compare.services')}
          values={rows.map(row => String(row.services))}
        />
        <MeasureRow
          name={t('orgPage.compare.meanScore')}
          values={rows.map(row => scoreText(row.meanScore))}
        />
        <MeasureRow
          name={t('orgPage.compare.medianScore')}
          values={rows.map(row => scoreText(row.medianScore))}
        />
        <MeasureRow
          name={t('orgPage.compare.coverage')}
          values={rows.map(row =>
            row.coverage === null ? '–' : `${toPercent(row.coverage)}%`,
          )}
        />
      </TableBody>
    </Table>
  );
}

function levelName(t: Translate, level: number) {
  return t('orgPage.distribution.level', {
    level: String(level),
    name: t(`levels.${level as 0 | 1 | 2}.name`),
  });
}

function LevelsCard(props: { rows: RollupRow[] }) {
  const label = useDomainLabel();
  const { rows } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const colors = levelColors(useTheme());
  const data = rows.map(row => ({ name: label(row.key), ...row.levelCounts }));
  return (
    <OrgCard
      id="mlops-maturity-compare-levels"
      title={t('orgPage.compare.levels')}
    >
      <ChartWithTable
        id="mlops-maturity-compare-levels"
        height={280}
        chartLabel={t('orgPage.compare.levelsChartLabel')}
        chart={
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {LEVELS.map(level => (
              <Bar
                key={level}
                dataKey={String(level)}
                name={levelName(t, level)}
                stackId="levels"
                fill={colors[level]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        }
        table={
          <Table size="small">
            <ColumnHeads first={t('orgPage.compare.measure')} rows={rows} />
            <TableBody>
              {LEVELS.map(level => (
                <MeasureRow
                  key={level}
                  name={levelName(t, level)}
                  values={rows.map(row => String(row.levelCounts[level]))}
                />
              ))}
            </TableBody>
          </Table>
        }
      />
    </OrgCard>
  );
}

function DimensionsCard(props: { rows: RollupRow[] }) {
  const label = useDomainLabel();
  const { rows } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const colors = seriesColors(useTheme());
  const scores = useMemo(
    () =>
      rows.map(
        row => new Map(dimensionScores(row).map(d => [d.dimension, d.cell])),
      ),
    [rows],
  );
  const dimensions = useMemo(
    () => [
      ...new Set(
        rows.flatMap(row => dimensionScores(row).map(d => d.dimension)),
      ),
    ],
    [rows],
  );
  const percent = (cell?: HeatmapCell) =>
    cell?.rate === null || cell?.rate === undefined
      ? null
      : Math.round(cell.rate * 100);
  const data = dimensions.map(dimension => ({
    name: t(`dimensions.${dimension}`),
    ...Object.fromEntries(
      rows.map((row, index) => [
        row.key,
        percent(scores[index].get(dimension)),
      ]),
    ),
  }));
  const cellText = (cell?: HeatmapCell) => {
    const value = percent(cell);
    return value === null || !cell
      ? '–'
      : `${value}% (${t('orgPage.heatmap.detail', {
          passed: String(cell.passed),
          total: String(cell.total),
        })})`;
  };
  return (
    <OrgCard
      id="mlops-maturity-compare-dimensions"
      title={t('orgPage.compare.dimensions')}
    >
      <ChartWithTable
        id="mlops-maturity-compare-dimensions"
        height={320}
        chartLabel={t('orgPage.compare.dimensionsChartLabel')}
        chart={
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="name"
              interval={0}
              angle={-30}
              textAnchor="end"
              height={80}
            />
            <YAxis domain={[0, 100]} unit="%" />
            <Tooltip />
            <Legend />
            {rows.map((row, index) => (
              <Bar
                key={row.key}
                dataKey={row.key}
                name={label(row.key)}
                fill={colors[index % colors.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        }
        table={
          <Table size="small">
            <ColumnHeads first={t('orgPage.heatmap.dimension')} rows={rows} />
            <TableBody>
              {dimensions.map(dimension => (
                <MeasureRow
                  key={dimension}
                  name={t(`dimensions.${dimension}`)}
                  values={scores.map(byDimension =>
                    cellText(byDimension.get(dimension)),
                  )}
                />
              ))}
            </TableBody>
          </Table>
        }
      />
    </OrgCard>
  );
}

function metricText(
  t: Translate,
  metric: keyof BusinessMetrics,
  value: number | undefined,
): string {
  if (value === undefined) {
    return t('orgPage.compare.noMetric');
  }
  if (metric === 'ciSuccessRate') {
    return t('metrics.percent', { percent: String(toPercent(value)) });
  }
  if (metric === 'deploysLast30d') {
    return formatNumber(value);
  }
  return t('metrics.days', { count: value });
}

function MetricsCard(props: { rows: RollupRow[] }) {
  const { rows } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <OrgCard
      id="mlops-maturity-compare-metrics"
      title={t('orgPage.compare.metrics')}
    >
      <Table size="small">
        <ColumnHeads first={t('orgPage.compare.measure')} rows={rows} />
        <TableBody>
          {METRICS.map(metric => (
            <MeasureRow
              key={metric}
              name={t(`metrics.${metric}`)}
              values={rows.map(row =>
                metricText(t, metric, row.metricMedians[metric]),
              )}
            />
          ))}
        </TableBody>
      </Table>
    </OrgCard>
  );
}

function TrendCard(props: { rows: RollupRow[]; trend: RollupTrendPoint[] }) {
  const label = useDomainLabel();
  const { rows, trend } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const colors = seriesColors(useTheme());
  const days = useMemo(() => {
    const byDay = new Map<string, Map<string, number | null>>();
    for (const point of trend) {
      const day = dayOf(point.date);
      const scores = byDay.get(day) ?? new Map();
      scores.set(point.key, point.meanScore);
      byDay.set(day, scores);
    }
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [trend]);

  if (days.length === 0) {
    return (
      <OrgCard
        id="mlops-maturity-compare-trend"
        title={t('orgPage.compare.trend')}
      >
        <Typography>{t('orgPage.compare.trendEmpty')}</Typography>
      </OrgCard>
    );
  }
  const data = days.map(([day, scores]) => ({
    day: formatDay(day),
    ...Object.fromEntries(
      rows.map(row => [row.key, scores.get(row.key) ?? null]),
    ),
  }));
  return (
    <OrgCard
      id="mlops-maturity-compare-trend"
      title={t('orgPage.compare.trend')}
    >
      <ChartWithTable
        id="mlops-maturity-compare-trend"
        height={280}
        chartLabel={t('orgPage.compare.trendChartLabel')}
        chart={
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis domain={[0, 100]} />
            <Tooltip />
            <Legend />
            {rows.map((row, index) => (
              <Line
                key={row.key}
                dataKey={row.key}
                name={label(row.key)}
                stroke={colors[index % colors.length]}
                strokeDasharray={DASHES[index % DASHES.length]}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        }
        table={
          <Table size="small">
            <ColumnHeads first={t('orgPage.compare.date')} rows={rows} />
            <TableBody>
              {days.map(([day, scores]) => (
                <MeasureRow
                  key={day}
                  name={formatDay(day)}
                  values={rows.map(row =>
                    scoreText(scores.get(row.key) ?? null),
                  )}
                />
              ))}
            </TableBody>
          </Table>
        }
      />
    </OrgCard>
  );
}

function ComparisonView(props: { selected: string[] }) {
  const { selected } = props;
  const api = useApi(mlopsMaturityApiRef);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const selectionKey = selected.join('\n');
  const comparison = useAsync(
    () => api.compareDomains(selected),
    // The selection is a new array on every render; its content is what counts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, selectionKey],
  );
  // In the order the user picked them, whatever order the server answers in.
  const rows = useMemo(
    () =>
      selected.flatMap(key => {
        const row = comparison.value?.items.find(item => item.key === key);
        return row ? [row] : [];
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [comparison.value, selectionKey],
  );

  if (comparison.error) {
    return <ResponseErrorPanel error={comparison.error} />;
  }
  if (comparison.loading || !comparison.value) {
    return <Progress aria-label={t('loading')} />;
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <OrgCard
          id="mlops-maturity-compare-summary"
          title={t('orgPage.compare.summary')}
        >
          <SummaryTable rows={rows} />
        </OrgCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <LevelsCard rows={rows} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <DimensionsCard rows={rows} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <MetricsCard rows={rows} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <TrendCard rows={rows} trend={comparison.value.trend} />
      </Grid>
    </Grid>
  );
}

/**
 * Two to four domains side by side. The selection lives in the URL
 * (`?domain=<ref>&domain=<ref>`), so a comparison can be linked to.
 */
export function DomainComparison() {
  const api = useApi(mlopsMaturityApiRef);
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [params, setParams] = useAppSearchParams();
  const domains = useAsync(() => api.getRollups({ by: 'domain' }), [api]);
  const titleOf = useEntityTitles(
    (domains.value?.items ?? []).map(row => row.key),
  );
  const label = useCallback((key: string) => titleOf(key, 'domain'), [titleOf]);
  const options = useMemo(
    () =>
      [...(domains.value?.items ?? [])].sort((a, b) =>
        label(a.key).localeCompare(label(b.key)),
      ),
    [domains.value, label],
  );
  // A link may name a domain that no longer has services; it cannot be unticked.
  const selected = [...new Set(params.getAll(PARAM))]
    .filter(key => options.some(option => option.key === key))
    .slice(0, MAX_DOMAINS);

  const toggle = (key: string) => {
    const next = selected.includes(key)
      ? selected.filter(k => k !== key)
      : [...selected, key];
    setParams(
      next.map((k): [string, string] => [PARAM, k]),
      { replace: true },
    );
  };

  if (domains.error) {
    return <ResponseErrorPanel error={domains.error} />;
  }
  if (domains.loading) {
    return <Progress aria-label={t('loading')} />;
  }
  if (options.length < MIN_DOMAINS) {
    return <Typography>{t('orgPage.compare.noDomains')}</Typography>;
  }
  return (
    <DomainLabel.Provider value={label}>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <DomainPicker
            domains={options}
            selected={selected}
            onToggle={toggle}
          />
        </Grid>
        <Grid item xs={12}>
          {selected.length >= MIN_DOMAINS ? (
            <ComparisonView selected={selected} />
          ) : (
            <Typography>{t('orgPage.compare.tooFew')}</Typography>
          )}
        </Grid>
      </Grid>
    </DomainLabel.Provider>
  );
}
