import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { SampleDataChip } from '../shared/SampleDataChip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { scmIntegrationsApiRef } from '@backstage/integration-react';
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CheckResult,
  Evidence,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityTranslationRef } from '../../translation';
import { CheckStatusLabel } from '../shared/CheckStatusLabel';
import { Remediation } from '../shared/Remediation';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    margin: theme.spacing(0.5, 0),
  },
  evidence: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  id: { fontFamily: 'monospace', fontSize: '0.85em' },
}));

const isUrl = (location: string) => /^https?:\/\//.test(location);

/**
 * Where evidence can be seen: a URL as it is, and a path in the repository resolved
 * against the entity's source location through the app's SCM integrations. A local
 * (`file:`) repository has no page to link to.
 */
function useEvidenceHref(location: string | undefined): string | undefined {
  const { entity } = useEntity();
  const scmIntegrations = useApiHolder().get(scmIntegrationsApiRef);
  if (!location || isUrl(location)) {
    return location;
  }
  const source =
    entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION] ?? '';
  if (location.startsWith('file:') || !source.startsWith('url:')) {
    return undefined;
  }
  // Paths are relative to the folder the source location names, which Backstage
  // writes with a trailing slash; without one, URL resolution would drop its last part.
  const base = source.slice('url:'.length).replace(/\/?$/, '/');
  return scmIntegrations?.resolveUrl({ url: location, base });
}

function EvidenceItem(props: { evidence: Evidence }) {
  const { evidence } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const href = useEvidenceHref(evidence.location);
  return (
    <Typography component="li" variant="body2">
      <strong>{evidence.source}</strong>
      {' · '}
      {evidence.strength === 'observed'
        ? t('check.observed')
        : t('check.declared')}
      {' · '}
      {evidence.detail}
      {evidence.location && (
        <>
          {' · '}
          {t('check.location')}:{' '}
          {href ? (
            <Link to={href}>{evidence.location}</Link>
          ) : (
            <code className={classes.id}>{evidence.location}</code>
          )}
        </>
      )}
      {evidence.sample && (
        <>
          {' '}
          <SampleDataChip />
        </>
      )}
      {evidence.stale && (
        <>
          {' '}
          <Chip
            size="small"
            variant="outlined"
            label={t('check.stale')}
            title={t('check.staleHint')}
          />
        </>
      )}
    </Typography>
  );
}

/** One check: status, what it found, whose it is, and how to fix it. */
export function CheckDetails(props: { check: CheckResult }) {
  const { check } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const decidable = check.decidable !== false;
  const needsWork =
    decidable && (check.status === 'fail' || check.status === 'unknown');
  const titleId = `mlops-maturity-check-${check.id}`;
  let message = check.message;
  if (!decidable) {
    message = t('check.undecidableReason', { reason: check.message });
  } else if (check.status === 'unknown') {
    message = t('check.reason', { reason: check.message });
  }

  return (
    <li className={classes.root} aria-labelledby={titleId}>
      <Box className={classes.heading}>
        <CheckStatusLabel status={check.status} decidable={decidable} />
        <Typography variant="subtitle1" component="h5" id={titleId}>
          {check.title}
        </Typography>
        <span className={classes.id}>{check.id}</span>
      </Box>
      <Box className={classes.chips}>
        <Chip
          size="small"
          variant="outlined"
          label={t('check.level', { level: String(check.level) })}
        />
        <Chip
          size="small"
          variant="outlined"
          label={
            check.required ? t('check.countsTowardLevel') : t('check.scoreOnly')
          }
          title={
            check.required
              ? t('check.countsTowardLevelHint')
              : t('check.scoreOnlyHint')
          }
        />
        <Chip
          size="small"
          variant="outlined"
          label={t('check.persona', {
            persona: t(`personas.${check.persona}`),
          })}
        />
      </Box>
      <Typography variant="body2">{message}</Typography>
      <Typography variant="subtitle2" component="h6">
        {t('check.evidence')}
      </Typography>
      {check.evidence.length > 0 ? (
        <ul className={classes.evidence}>
          {check.evidence.map((evidence, index) => (
            <EvidenceItem key={index} evidence={evidence} />
          ))}
        </ul>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {t('check.noEvidence')}
        </Typography>
      )}
      {needsWork && <Remediation text={check.remediation} />}
      {check.docsUrl && (
        <Typography variant="body2">
          <Link
            to={check.docsUrl}
            aria-label={t('check.docsFor', { title: check.title })}
          >
            {t('check.docs')}
          </Link>
        </Typography>
      )}
    </li>
  );
}
