import { ChangeEvent, useCallback, useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Flavor,
  MaturityLevel,
  ServiceSummary,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef, ServicesQuery } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { toPercent } from '../shared/format';
import { useServiceTabLink } from '../shared/useServiceTabLink';
import { OrgCard } from './ChartCard';
import { CsvDownloadButton } from './CsvDownloadButton';
import { listAllServices } from './listAllServices';
import { LEVELS } from './orgMetrics';
import { useEntityTitles } from '../shared/useEntityTitles';

const FLAVORS: readonly Flavor[] = ['ml', 'llm'];
const ROWS_PER_PAGE = [10, 25, 50, 100];

type OrderBy = NonNullable<ServicesQuery['orderBy']>;
type Order = NonNullable<ServicesQuery['order']>;

interface Filters {
  level: string;
  domain: string;
  owner: string;
  flavor: string;
}

const NO_FILTERS: Filters = { level: '', domain: '', owner: '', flavor: '' };

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  filter: { minWidth: 160 },
}));

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
      className={classes.filter}
    >
      <option value="">{t('orgPage.services.all')}</option>
      {props.options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}

function refOptions(
  refs: string[],
  kind: string,
  titleOf: (ref: string, kind: string) => string,
) {
  return refs
    .map(ref => ({ value: ref, label: titleOf(ref, kind) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function toQuery(
  filters: Filters,
  orderBy: OrderBy,
  order: Order,
): Omit<ServicesQuery, 'page' | 'pageSize'> {
  return {
    level:
      filters.level === ''
        ? undefined
        : (Number(filters.level) as MaturityLevel),
    domain: filters.domain || undefined,
    owner: filters.owner || undefined,
    flavor: (filters.flavor || undefined) as Flavor | undefined,
    orderBy,
    order,
  };
}

function matchesName(service: ServiceSummary, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase();
  if (!needle) {
    return true;
  }
  try {
    return parseEntityRef(service.entityRef)
      .name.toLocaleLowerCase()
      .includes(needle);
  } catch {
    return service.entityRef.toLocaleLowerCase().includes(needle);
  }
}

/**
 * Every evaluated service: filtered and sorted by the backend, searched by name in
 * the browser, each linking to its MLOps maturity tab.
 */
export function ServicesTable(props: {
  /** The part of the organisation to list; the filters narrow it further. */
  scope?: Pick<ServicesQuery, 'domain' | 'owner' | 'system'>;
  domainOptions: string[];
  ownerOptions: string[];
}) {
  const { scope } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const serviceLink = useServiceTabLink();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [orderBy, setOrderBy] = useState<OrderBy>('entityRef');
  const [order, setOrder] = useState<Order>('asc');
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);

  const query = useMemo(() => {
    const chosen = toQuery(filters, orderBy, order);
    // A domain or team chosen in the filters lies within the scope's.
    return {
      ...chosen,
      domain: chosen.domain ?? scope?.domain,
      owner: chosen.owner ?? scope?.owner,
      system: scope?.system,
    };
  }, [filters, orderBy, order, scope]);
  const services = useAsync(() => listAllServices(api, query), [api, query]);
  const matching = useMemo(
    () => (services.value ?? []).filter(s => matchesName(s, search)),
    [services.value, search],
  );
  const pageRows = matching.slice(
    page * rowsPerPage,
    page * rowsPerPage + rowsPerPage,
  );
  // The filters' choices and the page's services: what the table names.
  const titleOf = useEntityTitles([
    ...props.domainOptions,
    ...props.ownerOptions,
    ...pageRows.map(service => service.entityRef),
  ]);
  const fetchCsv = useCallback(
    () => api.exportServicesCsv(query),
    [api, query],
  );

  // A narrower result may not reach the current page.
  useEffect(() => setPage(0), [query, search]);

  const setFilter = (key: keyof Filters) => (value: string) =>
    setFilters(previous => ({ ...previous, [key]: value }));

  const sortBy = (column: OrderBy) => {
    if (column === orderBy) {
      setOrder(previous => (previous === 'asc' ? 'desc' : 'asc'));
    } else {
      setOrderBy(column);
      setOrder('asc');
    }
  };

  const sortableHeader = (column: OrderBy, label: string, align?: 'right') => (
    <TableCell
      component="th"
      scope="col"
      align={align}
      sortDirection={orderBy === column ? order : false}
    >
      <TableSortLabel
        active={orderBy === column}
        direction={orderBy === column ? order : 'asc'}
        onClick={() => sortBy(column)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  let content;
  if (services.error) {
    content = <ResponseErrorPanel error={services.error} />;
  } else if (services.loading) {
    content = <Progress />;
  } else {
    content = (
      <>
        <Typography role="status" variant="body2">
          {t('orgPage.services.shown', { count: matching.length })}
        </Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              {sortableHeader('entityRef', t('orgPage.services.service'))}
              {sortableHeader('level', t('orgPage.services.level'))}
              {sortableHeader('score', t('orgPage.services.score'), 'right')}
              <TableCell component="th" scope="col" align="right">
                {t('orgPage.services.coverage')}
              </TableCell>
              <TableCell component="th" scope="col">
                {t('orgPage.services.flavor')}
              </TableCell>
              <TableCell component="th" scope="col">
                {t('orgPage.services.owner')}
              </TableCell>
              <TableCell component="th" scope="col">
                {t('orgPage.services.domain')}
              </TableCell>
              <TableCell component="th" scope="col" align="right">
                {t('orgPage.services.failing')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pageRows.length === 0 && (
              <TableRow>
                <TableCell colSpan={8}>{t('orgPage.services.empty')}</TableCell>
              </TableRow>
            )}
            {pageRows.map(service => (
              <TableRow key={service.entityRef}>
                <TableCell component="th" scope="row">
                  <Link to={serviceLink(service.entityRef)}>
                    {titleOf(service.entityRef, 'component')}
                  </Link>
                </TableCell>
                <TableCell>
                  {t('orgPage.services.levelOption', {
                    level: String(service.level),
                    name: t(`levels.${service.level}.name`),
                  })}
                </TableCell>
                <TableCell align="right">{service.score}</TableCell>
                <TableCell align="right">
                  {toPercent(service.coverage)}%
                </TableCell>
                <TableCell>
                  {t(`orgPage.services.flavors.${service.flavor}`)}
                </TableCell>
                <TableCell>
                  {service.owner ? titleOf(service.owner, 'group') : ''}
                </TableCell>
                <TableCell>
                  {service.domain ? titleOf(service.domain, 'domain') : ''}
                </TableCell>
                <TableCell align="right">
                  {service.failingChecks.length}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          count={matching.length}
          page={page}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={ROWS_PER_PAGE}
          onPageChange={(_event, next) => setPage(next)}
          onRowsPerPageChange={(event: ChangeEvent<HTMLInputElement>) => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
        />
      </>
    );
  }

  return (
    <OrgCard
      id="mlops-maturity-services"
      title={t('orgPage.services.title')}
      action={
        <CsvDownloadButton
          label={t('orgPage.services.exportCsv')}
          fileName="mlops-maturity-services.csv"
          fetchCsv={fetchCsv}
        />
      }
    >
      <div
        role="group"
        aria-label={t('orgPage.services.filters')}
        className={classes.filters}
      >
        <TextField
          id="mlops-maturity-services-search"
          type="search"
          label={t('orgPage.services.search')}
          value={search}
          onChange={event => setSearch(event.target.value)}
          variant="outlined"
          size="small"
        />
        <FilterSelect
          id="mlops-maturity-services-level"
          label={t('orgPage.services.level')}
          value={filters.level}
          onChange={setFilter('level')}
          options={LEVELS.map(level => ({
            value: String(level),
            label: t('orgPage.services.levelOption', {
              level: String(level),
              name: t(`levels.${level}.name`),
            }),
          }))}
        />
        <FilterSelect
          id="mlops-maturity-services-domain"
          label={t('orgPage.services.domain')}
          value={filters.domain}
          onChange={setFilter('domain')}
          options={refOptions(props.domainOptions, 'domain', titleOf)}
        />
        <FilterSelect
          id="mlops-maturity-services-owner"
          label={t('orgPage.services.owner')}
          value={filters.owner}
          onChange={setFilter('owner')}
          options={refOptions(props.ownerOptions, 'group', titleOf)}
        />
        <FilterSelect
          id="mlops-maturity-services-flavor"
          label={t('orgPage.services.flavor')}
          value={filters.flavor}
          onChange={setFilter('flavor')}
          options={FLAVORS.map(flavor => ({
            value: flavor,
            label: t(`orgPage.services.flavors.${flavor}`),
          }))}
        />
      </div>
      {search.trim() && (
        <Box mb={1}>
          <Typography variant="caption" color="textSecondary">
            {t('orgPage.services.exportHint')}
          </Typography>
        </Box>
      )}
      {content}
    </OrgCard>
  );
}
