/** A parsed `backstage.io/source-location` value. */
export interface SourceLocation {
  type: 'url' | 'file';
  target: string;
}

/**
 * Parses a `backstage.io/source-location` value as Backstage writes it (`url:<target>`,
 * `file:<path>`) or a bare `https://` URL. Anything else is rejected with an error that
 * says what is accepted.
 */
export function parseSourceLocation(value: string): SourceLocation {
  const trimmed = (value ?? '').trim();
  if (!trimmed) {
    throw new Error(
      'Source location is empty; expected url:https://..., a https:// URL or file:<path>',
    );
  }
  let rest = trimmed;
  if (rest.startsWith('url:')) {
    rest = rest.slice('url:'.length).trim();
  }
  if (rest.startsWith('file://')) {
    const target = decodeURIComponent(
      rest.slice('file://'.length).replace(/^localhost(?=\/)/, ''),
    );
    if (!target) {
      throw new Error(`Source location "${value}" has no path after file://`);
    }
    return { type: 'file', target };
  }
  if (rest.startsWith('file:')) {
    const target = rest.slice('file:'.length).trim();
    if (!target) {
      throw new Error(`Source location "${value}" has no path after file:`);
    }
    return { type: 'file', target };
  }
  if (/^https?:\/\//i.test(rest)) {
    try {
      const url = new URL(rest);
      if (!url.hostname) {
        throw new Error('no host');
      }
    } catch {
      throw new Error(`Source location "${value}" is not a valid URL`);
    }
    return { type: 'url', target: rest };
  }
  throw new Error(
    `Unsupported source location "${value}": expected url:https://..., a https:// URL or file:<path>`,
  );
}
