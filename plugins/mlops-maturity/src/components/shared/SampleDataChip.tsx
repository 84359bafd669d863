import Chip from '@material-ui/core/Chip';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';

/** Marks evidence, a scorecard or a trend point as the demo's sample data. */
export function SampleDataChip() {
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  return <Chip size="small" variant="outlined" label={t('sampleData.label')} />;
}
