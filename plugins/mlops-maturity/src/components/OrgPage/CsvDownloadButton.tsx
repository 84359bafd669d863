import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { serverMessage } from '../../api/errors';
import { useCsvDownload } from './useCsvDownload';

/** Downloads a CSV and says so when it fails. */
export function CsvDownloadButton(props: {
  label: string;
  fileName: string;
  fetchCsv: () => Promise<Blob>;
}) {
  const { label, fileName, fetchCsv } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const [state, download] = useCsvDownload(fetchCsv, fileName);
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-end">
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={download}
        disabled={state.loading}
      >
        {label}
      </Button>
      <Typography role="status" variant="caption" color="error">
        {state.error
          ? t('orgPage.chart.downloadFailed', {
              message: serverMessage(state.error),
            })
          : ''}
      </Typography>
    </Box>
  );
}
