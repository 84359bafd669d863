import { useCallback, useMemo } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { RollupRow } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { ChartWithTable, OrgCard } from './ChartCard';
import { CsvDownloadButton } from './CsvDownloadButton';
import { levelColors } from './levelColors';
import { LEVELS } from './orgMetrics';
import { formatNumber } from './orgFormat';
import { useEntityTitles } from '../shared/useEntityTitles';

const BAR_HEIGHT = 28;
const AXIS_HEIGHT = 80;
const LABEL_WIDTH = 140;

/** What the rows are; decides the labels, the entity kind and the CSV. */
export type DistributionBy = 'domain' | 'owner';

const ENTITY_KIND: Record<DistributionBy, string> = {
  domain: 'domain',
  owner: 'group',
};

function LevelTable(props: {
  rows: RollupRow[];
  by: DistributionBy;
  titleOf: (ref: string, kind: string) => string;
}) {
  const { rows, by, titleOf } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const kind = ENTITY_KIND[by];
  // Without targets in the configuration the column would be dashes only.
  const withTargets = rows.some(row => row.target);
  return (
    <Table size="small">
      <caption>{t('orgPage.distribution.includesChildren')}</caption>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {by === 'domain'
              ? t('orgPage.distribution.domain')
              : t('orgPage.distribution.team')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('orgPage.distribution.partOf')}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {t('orgPage.distribution.services')}
          </TableCell>
          {LEVELS.map(level => (
            <TableCell key={level} component="th" scope="col" align="right">
              {t('orgPage.distribution.level', {
                level: String(level),
                name: t(`levels.${level}.name`),
              })}
            </TableCell>
          ))}
          <TableCell component="th" scope="col" align="right">
            {t('orgPage.distribution.meanScore')}
          </TableCell>
          {withTargets && (
            <TableCell component="th" scope="col" align="right">
              {t('orgPage.distribution.meetTarget')}
            </TableCell>
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.key}>
            <TableCell component="th" scope="row">
              {titleOf(row.key, kind)}
            </TableCell>
            <TableCell>{row.parent ? titleOf(row.parent, kind) : ''}</TableCell>
            <TableCell align="right">{row.services}</TableCell>
            {LEVELS.map(level => (
              <TableCell key={level} align="right">
                {row.levelCounts[level]}
              </TableCell>
            ))}
            <TableCell align="right">
              {row.meanScore === null ? '–' : formatNumber(row.meanScore)}
            </TableCell>
            {withTargets && (
              <TableCell align="right">
                {row.target
                  ? t('orgPage.distribution.meetTargetValue', {
                      meeting: String(row.target.meeting),
                      services: String(row.target.services),
                    })
                  : '–'}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Services per level for each domain or team, as stacked bars and a table. */
export function LevelDistributionCard(props: {
  by: DistributionBy;
  rows?: RollupRow[];
  loading: boolean;
  error?: Error;
}) {
  const { by, loading, error } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const theme = useTheme();
  const colors = levelColors(theme);
  const kind = ENTITY_KIND[by];
  const id = `mlops-maturity-levels-by-${by}`;
  const title =
    by === 'domain'
      ? t('orgPage.distribution.byDomain')
      : t('orgPage.distribution.byTeam');

  const titleOf = useEntityTitles((props.rows ?? []).map(row => row.key));
  const rows = useMemo(
    () =>
      [...(props.rows ?? [])].sort((a, b) =>
        titleOf(a.key, kind).localeCompare(titleOf(b.key, kind)),
      ),
    [props.rows, kind, titleOf],
  );
  const data = useMemo(
    () =>
      rows.map(row => ({
        name: titleOf(row.key, kind),
        ...row.levelCounts,
      })),
    [rows, kind, titleOf],
  );
  const fetchCsv = useCallback(() => api.exportRollupsCsv({ by }), [api, by]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading && !props.rows) {
    content = <Progress />;
  } else if (rows.length === 0) {
    content = <Typography>{t('orgPage.distribution.empty')}</Typography>;
  } else {
    const height = AXIS_HEIGHT + rows.length * BAR_HEIGHT;
    content = (
      <ChartWithTable
        id={id}
        height={height}
        chartLabel={t('orgPage.distribution.chartLabel', {
          count: rows.length,
        })}
        table={<LevelTable rows={rows} by={by} titleOf={titleOf} />}
        chart={
          <BarChart data={data} layout="vertical" margin={{ right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis
              type="category"
              dataKey="name"
              width={LABEL_WIDTH}
              interval={0}
            />
            <Tooltip />
            <Legend />
            {LEVELS.map(level => (
              <Bar
                key={level}
                dataKey={String(level)}
                name={t('orgPage.distribution.level', {
                  level: String(level),
                  name: t(`levels.${level}.name`),
                })}
                stackId="levels"
                fill={colors[level]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        }
      />
    );
  }

  return (
    <OrgCard
      id={id}
      title={title}
      action={
        rows.length > 0 && (
          <CsvDownloadButton
            label={t('orgPage.chart.downloadCsv')}
            fileName={`mlops-maturity-by-${by}.csv`}
            fetchCsv={fetchCsv}
          />
        )
      }
    >
      {content}
    </OrgCard>
  );
}
