import path from 'path';

/**
 * Normalises a path inside the repository to `a/b/c` form. Returns undefined when the
 * path escapes the repository root.
 */
export function normalizeRepoPath(value: string): string | undefined {
  const cleaned = value
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/^\/+/, '');
  const normalized = path.posix.normalize(cleaned === '' ? '.' : cleaned);
  if (normalized === '..' || normalized.startsWith('../')) {
    return undefined;
  }
  return normalized === '.' ? '' : normalized.replace(/\/$/, '');
}

/** Joins a repository-relative directory and a relative path. */
export function joinRepoPath(
  dir: string,
  relative: string,
): string | undefined {
  if (relative.startsWith('/')) {
    return normalizeRepoPath(relative);
  }
  return normalizeRepoPath(dir ? `${dir}/${relative}` : relative);
}

export function dirnameOf(repoPath: string): string {
  const index = repoPath.lastIndexOf('/');
  return index < 0 ? '' : repoPath.slice(0, index);
}

export function basenameOf(repoPath: string): string {
  return repoPath.slice(repoPath.lastIndexOf('/') + 1);
}

/** File name without its last extension. */
export function stemOf(repoPath: string): string {
  const base = basenameOf(repoPath);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function extensionOf(repoPath: string): string {
  const base = basenameOf(repoPath);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The path segments of the directories a file sits in, lower-cased. */
export function directorySegments(repoPath: string): string[] {
  return dirnameOf(repoPath).toLowerCase().split('/').filter(Boolean);
}

/** The deepest directory shared by all paths ('' for the root). */
export function commonDirectory(paths: string[]): string {
  if (paths.length === 0) {
    return '';
  }
  let common = dirnameOf(paths[0]).split('/').filter(Boolean);
  for (const p of paths.slice(1)) {
    const segments = dirnameOf(p).split('/').filter(Boolean);
    let i = 0;
    while (
      i < common.length &&
      i < segments.length &&
      common[i] === segments[i]
    ) {
      i++;
    }
    common = common.slice(0, i);
  }
  return common.join('/');
}

/** Converts a simple glob (`*`, `**`, `?`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
        if (glob[i + 1] === '/') {
          i++;
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
