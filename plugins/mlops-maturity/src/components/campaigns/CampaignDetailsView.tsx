import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { displayRef, formatDay } from '../OrgPage/orgFormat';
import { useServiceTabLink } from '../shared/useServiceTabLink';

/** A labelled table whose last column holds numbers, aligned right. */
function SmallTable(props: {
  label: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  const { label, columns, rows } = props;
  const align = (index: number) =>
    index === columns.length - 1 ? 'right' : 'left';
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map((column, index) => (
            <TableCell
              key={column}
              component="th"
              scope="col"
              align={align(index)}
            >
              {column}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.key}>
            {row.cells.map((cell, index) => (
              <TableCell key={columns[index]} align={align(index)}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Who is behind in a campaign, the services not meeting its goal, and its daily progress. */
export function CampaignDetailsView(props: { id: string; title: string }) {
  const { id, title } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const serviceLink = useServiceTabLink();
  const details = useAsync(() => api.getCampaign(id), [api, id]);

  if (details.error) {
    return <ResponseErrorPanel error={details.error} />;
  }
  if (!details.value) {
    return <Progress />;
  }
  const { notMet, behindByOwner, history } = details.value;
  const heading = (text: string) => (
    <Typography variant="subtitle2" component="h4">
      {text}
    </Typography>
  );

  return (
    <>
      {heading(t('campaigns.behindByOwner'))}
      {behindByOwner.length === 0 ? (
        <Typography variant="body2">{t('campaigns.allMet')}</Typography>
      ) : (
        <SmallTable
          label={`${t('campaigns.behindByOwner')}: ${title}`}
          columns={[t('campaigns.owner'), t('campaigns.count')]}
          rows={behindByOwner.map(row => ({
            key: row.owner ?? '',
            cells: [
              row.owner === null
                ? t('campaigns.noOwner')
                : displayRef(row.owner, 'group'),
              row.services,
            ],
          }))}
        />
      )}
      {notMet.length > 0 && (
        <>
          {heading(t('campaigns.notMet'))}
          <SmallTable
            label={`${t('campaigns.notMet')}: ${title}`}
            columns={[
              t('campaigns.service'),
              t('campaigns.statusColumn'),
              t('campaigns.level'),
            ]}
            rows={notMet.map(service => ({
              key: service.entityRef,
              cells: [
                <Link to={serviceLink(service.entityRef)}>
                  {displayRef(service.entityRef, 'component')}
                </Link>,
                t(`campaigns.status.${service.status}`),
                service.level,
              ],
            }))}
          />
        </>
      )}
      {heading(t('campaigns.history'))}
      {history.length === 0 ? (
        <Typography variant="body2">{t('campaigns.historyEmpty')}</Typography>
      ) : (
        <SmallTable
          label={`${t('campaigns.history')}: ${title}`}
          columns={[t('campaigns.date'), t('campaigns.met')]}
          rows={history.map(point => ({
            key: point.date,
            cells: [
              formatDay(point.date),
              t('campaigns.progress', {
                met: String(point.met),
                services: String(point.services),
              }),
            ],
          }))}
        />
      )}
    </>
  );
}
