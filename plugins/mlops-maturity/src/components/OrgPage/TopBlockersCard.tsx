import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { TopBlocker } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { OrgCard } from './ChartCard';
import { Remediation } from '../shared/Remediation';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(3) },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
}));

function BlockerItem(props: { blocker: TopBlocker }) {
  const { blocker } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleId = `mlops-maturity-top-blocker-${blocker.checkId}`;
  return (
    <li className={classes.item} aria-labelledby={titleId}>
      <Typography variant="subtitle1" component="h3" id={titleId}>
        {blocker.title}
      </Typography>
      <Typography variant="body2">
        {t('orgPage.blockers.services', {
          count: blocker.services,
          level: String(blocker.level),
        })}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {t('orgPage.blockers.meta', {
          dimension: t(`dimensions.${blocker.dimension}`),
          persona: t(`personas.${blocker.persona}`),
        })}
      </Typography>
      <Remediation text={blocker.remediation} />
      {blocker.docsUrl && (
        <Typography variant="body2">
          <Link
            to={blocker.docsUrl}
            aria-label={t('check.docsFor', { title: blocker.title })}
          >
            {t('check.docs')}
          </Link>
        </Typography>
      )}
    </li>
  );
}

/** The checks that keep the most services from their next level, most first. */
export function TopBlockersCard(props: {
  blockers?: TopBlocker[];
  loading: boolean;
  error?: Error;
}) {
  const { blockers, loading, error } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading && !blockers) {
    content = <Progress />;
  } else if (!blockers || blockers.length === 0) {
    content = <Typography>{t('orgPage.blockers.empty')}</Typography>;
  } else {
    content = (
      <ol className={classes.list}>
        {blockers.map(blocker => (
          <BlockerItem key={blocker.checkId} blocker={blocker} />
        ))}
      </ol>
    );
  }
  return (
    <OrgCard
      id="mlops-maturity-top-blockers"
      title={t('orgPage.blockers.title')}
      subheader={t('orgPage.blockers.subheader')}
    >
      {content}
    </OrgCard>
  );
}
