/**
 * Records what the page saves instead of letting jsdom navigate to a blob URL,
 * which it cannot. Call `restore` after the test.
 */
export function captureDownloads() {
  const saved: { blob: Blob; fileName: string }[] = [];
  const blobs = new Map<string, Blob>();
  const originals = {
    createObjectURL: URL.createObjectURL,
    revokeObjectURL: URL.revokeObjectURL,
  };
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: () => {},
  });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function record(this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob) {
        saved.push({ blob, fileName: this.download });
      }
    });
  return {
    saved,
    restore() {
      click.mockRestore();
      Object.assign(URL, originals);
    },
  };
}
