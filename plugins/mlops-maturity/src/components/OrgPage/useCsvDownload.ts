import useAsyncFn from 'react-use/esm/useAsyncFn';

/** Saves `blob` as a file through a temporary link, as the browser's download does. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * Fetches a CSV through the plugin's API client, so the request carries the user's
 * token (a plain link would not), then saves it.
 */
export function useCsvDownload(
  fetchCsv: () => Promise<Blob>,
  fileName: string,
) {
  return useAsyncFn(async () => {
    saveBlob(await fetchCsv(), fileName);
  }, [fetchCsv, fileName]);
}
