import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Persona,
  TopBlocker,
  isPersona,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { SmallTable } from '../shared/SmallTable';
import { OrgCard } from './ChartCard';
import { formatNumber } from './orgFormat';

/**
 * How data-science-led, ML-engineering and platform teams compare: their services per
 * level and mean score, and the check that most often keeps their services back.
 */
export function TeamPersonaCard() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const data = useAsync(async () => {
    const { items } = await api.getRollups({ by: 'team-persona' });
    const rows = items.filter(row => isPersona(row.key));
    const blockers = await Promise.all(
      rows.map(row =>
        api.getTopBlockers({ limit: 1, teamPersona: row.key as Persona }),
      ),
    );
    return rows.map((row, index) => ({
      row,
      blocker: blockers[index][0] as TopBlocker | undefined,
    }));
  }, [api]);

  let content;
  if (data.error) {
    content = <ResponseErrorPanel error={data.error} />;
  } else if (!data.value) {
    content = <Progress />;
  } else if (data.value.length === 0) {
    content = <Typography>{t('teamPersonas.empty')}</Typography>;
  } else {
    content = (
      <SmallTable
        label={t('teamPersonas.title')}
        columns={[
          { title: t('teamPersonas.column') },
          { title: t('teamPersonas.services'), numeric: true },
          ...([0, 1, 2] as const).map(level => ({
            title: t('orgPage.distribution.level', {
              level: String(level),
              name: t(`levels.${level}.name`),
            }),
            numeric: true,
          })),
          { title: t('teamPersonas.meanScore'), numeric: true },
          { title: t('teamPersonas.mostMissed'), wrap: true },
        ]}
        rows={data.value.map(({ row, blocker }) => ({
          key: row.key,
          cells: [
            t(`teamPersonas.teams.${row.key as Persona}`),
            row.services,
            row.levelCounts[0],
            row.levelCounts[1],
            row.levelCounts[2],
            row.meanScore === null
              ? t('teamPersonas.none')
              : formatNumber(row.meanScore),
            blocker
              ? t('teamPersonas.mostMissedValue', {
                  title: blocker.title,
                  count: blocker.services,
                })
              : t('teamPersonas.none'),
          ],
        }))}
      />
    );
  }
  return (
    <OrgCard
      id="mlops-maturity-team-personas"
      title={t('teamPersonas.title')}
      subheader={t('teamPersonas.subheader')}
    >
      {content}
    </OrgCard>
  );
}
