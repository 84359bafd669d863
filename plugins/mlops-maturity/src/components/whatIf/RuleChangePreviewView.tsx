import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  RuleChangeGroup,
  RuleChangePreview,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { useEntityTitles } from '../shared/useEntityTitles';
import { SmallTable } from '../shared/SmallTable';
import { useServiceTabLink } from '../shared/useServiceTabLink';

/** A starting point that shows the three parts of a change. */
const EXAMPLE = `{
  "checks": {
    "deploy.iac": { "required": false }
  },
  "levels": { "requireObserved": [1, 2] }
}`;

function GroupTable(props: {
  title: string;
  keyColumn: string;
  kind: string;
  groups: RuleChangeGroup[];
}) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleOf = useEntityTitles(props.groups.map(group => group.key));
  return (
    <InfoCard title={props.title}>
      <SmallTable
        label={props.title}
        columns={[
          { title: props.keyColumn },
          { title: t('whatIf.services'), numeric: true },
          { title: t('whatIf.up'), numeric: true },
          { title: t('whatIf.down'), numeric: true },
        ]}
        rows={props.groups.map(group => ({
          key: group.key,
          cells: [
            titleOf(group.key, props.kind),
            group.services,
            group.up,
            group.down,
          ],
        }))}
      />
    </InfoCard>
  );
}

function PreviewResult(props: { preview: RuleChangePreview }) {
  const { preview } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const titleOf = useEntityTitles(
    preview.changed.flatMap(service => [service.entityRef, service.domain]),
  );
  const serviceLink = useServiceTabLink();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography role="status" variant="h6" component="p">
          {t('whatIf.summary', {
            services: String(preview.services),
            changed: String(preview.changed.length),
            up: String(preview.up),
            down: String(preview.down),
          })}
        </Typography>
        {preview.warnings.length > 0 && (
          <>
            <Typography variant="subtitle2">{t('whatIf.warnings')}</Typography>
            <ul>
              {preview.warnings.map(warning => (
                <li key={warning}>
                  <Typography variant="body2">{warning}</Typography>
                </li>
              ))}
            </ul>
          </>
        )}
      </Grid>
      {preview.changed.length > 0 && (
        <>
          <Grid item xs={12} md={6}>
            <GroupTable
              title={t('whatIf.byDomain')}
              keyColumn={t('whatIf.domain')}
              kind="domain"
              groups={preview.byDomain}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <GroupTable
              title={t('whatIf.byTeam')}
              keyColumn={t('whatIf.team')}
              kind="group"
              groups={preview.byOwner}
            />
          </Grid>
          <Grid item xs={12}>
            <InfoCard title={t('whatIf.changed')}>
              <SmallTable
                label={t('whatIf.changed')}
                columns={[
                  { title: t('whatIf.service') },
                  { title: t('whatIf.domain') },
                  { title: t('whatIf.from'), numeric: true },
                  { title: t('whatIf.to'), numeric: true },
                ]}
                rows={preview.changed.map(service => ({
                  key: service.entityRef,
                  cells: [
                    <Link to={serviceLink(service.entityRef)}>
                      {titleOf(service.entityRef, 'component')}
                    </Link>,
                    service.domain ? titleOf(service.domain, 'domain') : '–',
                    service.from,
                    service.to,
                  ],
                }))}
              />
            </InfoCard>
          </Grid>
        </>
      )}
    </Grid>
  );
}

/**
 * "Preview a rule change": the operator writes a change of the check catalogue as JSON
 * and sees which services would change level, per domain and team, before saving it
 * in app-config.
 */
export function RuleChangePreviewView() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const [text, setText] = useState(EXAMPLE);
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [preview, setPreview] = useState<RuleChangePreview>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    let change;
    try {
      change = JSON.parse(text);
    } catch (e) {
      setError(t('whatIf.invalidJson', { message: (e as Error).message }));
      return;
    }
    setRunning(true);
    try {
      setPreview(await api.previewRuleChange(change));
    } catch (e) {
      setPreview(undefined);
      setError(t('whatIf.failed', { message: (e as Error).message }));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={t('whatIf.title')}>
          <Typography variant="body2" paragraph>
            {t('whatIf.intro')}
          </Typography>
          <form onSubmit={submit}>
            <TextField
              id="mlops-maturity-rule-change"
              label={t('whatIf.label')}
              value={text}
              onChange={event => setText(event.target.value)}
              multiline
              minRows={6}
              fullWidth
              variant="outlined"
              inputProps={{
                spellCheck: false,
                style: { fontFamily: 'monospace' },
              }}
            />
            <Box mt={2} display="flex" alignItems="center" style={{ gap: 12 }}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={running}
              >
                {t('whatIf.preview')}
              </Button>
              {running && <Progress />}
            </Box>
            <Typography role="alert" color="error" variant="body2">
              {error ?? ''}
            </Typography>
          </form>
        </InfoCard>
      </Grid>
      {preview && (
        <Grid item xs={12}>
          <PreviewResult preview={preview} />
        </Grid>
      )}
    </Grid>
  );
}
