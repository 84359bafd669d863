import Typography from '@material-ui/core/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { formatDay } from '../OrgPage/orgFormat';
import { useEntityTitles } from '../shared/useEntityTitles';
import { SmallTable } from '../shared/SmallTable';
import { useServiceTabLink } from '../shared/useServiceTabLink';

/** Who is behind in a campaign, the services not meeting its goal, and its daily progress. */
export function CampaignDetailsView(props: { id: string; title: string }) {
  const { id, title } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const serviceLink = useServiceTabLink();
  const details = useAsync(() => api.getCampaign(id), [api, id]);

  const titleOf = useEntityTitles([
    ...(details.value?.behindByOwner ?? []).map(row => row.owner ?? undefined),
    ...(details.value?.notMet ?? []).map(service => service.entityRef),
  ]);
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
          columns={[
            { title: t('campaigns.owner') },
            { title: t('campaigns.count'), numeric: true },
          ]}
          rows={behindByOwner.map(row => ({
            key: row.owner ?? '',
            cells: [
              row.owner === null
                ? t('campaigns.noOwner')
                : titleOf(row.owner, 'group'),
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
              { title: t('campaigns.service') },
              { title: t('campaigns.statusColumn') },
              { title: t('campaigns.level'), numeric: true },
            ]}
            rows={notMet.map(service => ({
              key: service.entityRef,
              cells: [
                <Link to={serviceLink(service.entityRef)}>
                  {titleOf(service.entityRef, 'component')}
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
          columns={[
            { title: t('campaigns.date') },
            { title: t('campaigns.met'), numeric: true },
          ]}
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
