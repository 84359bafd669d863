import { useCallback, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
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
import { mlopsMaturityApiRef, RollupQuery } from '../../api';
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
const INDENT = 24;
const TOGGLE_WIDTH = 30;

/** What the rows are; decides the labels, the entity kind and the CSV. */
export type DistributionBy = 'domain' | 'owner';

const ENTITY_KIND: Record<DistributionBy, string> = {
  domain: 'domain',
  owner: 'group',
};

const useStyles = makeStyles({
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
});

interface TreeRow {
  row: RollupRow;
  depth: number;
  hasChildren: boolean;
}

/**
 * The rows in hierarchy order, each after its parent, with the children of collapsed
 * rows left out. A row whose parent is not among the rows is a top-level row.
 */
function visibleTree(
  rows: RollupRow[],
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const keys = new Set(rows.map(row => row.key));
  const children = new Map<string, RollupRow[]>();
  for (const row of rows) {
    if (row.parent && keys.has(row.parent)) {
      children.set(row.parent, [...(children.get(row.parent) ?? []), row]);
    }
  }
  const out: TreeRow[] = [];
  const visit = (row: RollupRow, depth: number) => {
    const own = children.get(row.key) ?? [];
    out.push({ row, depth, hasChildren: own.length > 0 });
    if (expanded.has(row.key)) {
      own.forEach(child => visit(child, depth + 1));
    }
  };
  rows
    .filter(row => !row.parent || !keys.has(row.parent))
    .forEach(row => visit(row, 0));
  return out;
}

function LevelTable(props: {
  rows: RollupRow[];
  by: DistributionBy;
  titleOf: (ref: string, kind: string) => string;
}) {
  const { rows, by, titleOf } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const kind = ENTITY_KIND[by];
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });
  // Without targets in the configuration the column would be dashes only.
  const withTargets = rows.some(row => row.target);
  return (
    // In a half-width card the table scrolls sideways rather than break its headers,
    // and a keyboard can reach it to scroll it.
    <Box
      overflow="auto"
      tabIndex={0}
      role="region"
      aria-label={
        by === 'domain'
          ? t('orgPage.distribution.byDomain')
          : t('orgPage.distribution.byTeam')
      }
    >
      <Table size="small" className={classes.table}>
        <caption>{t('orgPage.distribution.includesChildren')}</caption>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {by === 'domain'
                ? t('orgPage.distribution.domain')
                : t('orgPage.distribution.team')}
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
          {visibleTree(rows, expanded).map(({ row, depth, hasChildren }) => {
            const title = titleOf(row.key, kind);
            return (
              <TableRow key={row.key}>
                <TableCell component="th" scope="row">
                  <Box
                    display="flex"
                    alignItems="center"
                    style={{ paddingLeft: depth * INDENT }}
                  >
                    {hasChildren ? (
                      <IconButton
                        size="small"
                        aria-expanded={expanded.has(row.key)}
                        aria-label={t('orgPage.distribution.showChildren', {
                          name: title,
                        })}
                        onClick={() => toggle(row.key)}
                      >
                        {expanded.has(row.key) ? (
                          <ExpandMoreIcon fontSize="small" />
                        ) : (
                          <ChevronRightIcon fontSize="small" />
                        )}
                      </IconButton>
                    ) : (
                      <Box width={TOGGLE_WIDTH} />
                    )}
                    {title}
                  </Box>
                </TableCell>
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
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Services per level for each domain or team, as stacked bars and a table. */
export function LevelDistributionCard(props: {
  by: DistributionBy;
  rows?: RollupRow[];
  /** The part of the organisation the rows count, for the CSV download. */
  filter?: Pick<RollupQuery, 'domain' | 'owner' | 'system'>;
  /** Said when there are no rows; by default, that no service was evaluated. */
  emptyText?: string;
  loading: boolean;
  error?: Error;
}) {
  const { by, filter, loading, error } = props;
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
  // A parent counts its children's services: charting both would count them twice.
  const topLevel = useMemo(() => {
    const keys = new Set(rows.map(row => row.key));
    return rows.filter(row => !row.parent || !keys.has(row.parent));
  }, [rows]);
  const data = useMemo(
    () =>
      topLevel.map(row => ({
        name: titleOf(row.key, kind),
        ...row.levelCounts,
      })),
    [topLevel, kind, titleOf],
  );
  const fetchCsv = useCallback(
    () => api.exportRollupsCsv({ by, ...filter }),
    [api, by, filter],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading && !props.rows) {
    content = <Progress />;
  } else if (rows.length === 0) {
    content = (
      <Typography>
        {props.emptyText ?? t('orgPage.distribution.empty')}
      </Typography>
    );
  } else {
    const height = AXIS_HEIGHT + topLevel.length * BAR_HEIGHT;
    content = (
      <ChartWithTable
        id={id}
        height={height}
        chartLabel={t('orgPage.distribution.chartLabel', {
          count: topLevel.length,
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
