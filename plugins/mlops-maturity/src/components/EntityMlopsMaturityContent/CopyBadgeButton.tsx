import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import {
  configApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';

/**
 * Copies the Markdown of the service's README level badge; shown only when the backend
 * serves badges (`mlopsMaturity.badges.enabled`).
 */
export function CopyBadgeButton(props: { entityRef: string }) {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const config = useApi(configApiRef);
  const api = useApi(mlopsMaturityApiRef);
  const enabled =
    config.getOptionalBoolean('mlopsMaturity.badges.enabled') ?? false;
  const badgeUrl = useAsync(
    async () => (enabled ? api.getBadgeUrl(props.entityRef) : undefined),
    [enabled, api, props.entityRef],
  );
  const [copied, setCopied] = useState(false);
  if (!badgeUrl.value) {
    return null;
  }
  const markdown = `![MLOps maturity](${badgeUrl.value})`;
  return (
    <>
      <Button
        size="small"
        startIcon={<FileCopyIcon />}
        onClick={async () => {
          await window.navigator.clipboard.writeText(markdown);
          setCopied(true);
        }}
      >
        {t('summary.copyBadge')}
      </Button>
      <Typography role="status" variant="caption">
        {copied ? t('summary.badgeCopied') : ''}
      </Typography>
    </>
  );
}
