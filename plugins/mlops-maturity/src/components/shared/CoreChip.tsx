import Chip from '@material-ui/core/Chip';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';

/** Marks a core capability: every core capability of a level is needed for it. */
export function CoreChip() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return (
    <Chip
      size="small"
      variant="outlined"
      label={t('capabilities.core')}
      title={t('capabilities.coreHint')}
    />
  );
}
