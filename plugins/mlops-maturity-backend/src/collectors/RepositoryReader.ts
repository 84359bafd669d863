import fs from 'fs/promises';
import path from 'path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { MAX_FILE_BYTES, isExcludedPath, RepoFile } from '@mlops-maturity/backstage-plugin-mlops-maturity-analyzer';
import { parseSourceLocation } from './parseSourceLocation';

export type VersionControl = { system: string; detail: string } | null;

export type RepositoryReadResult =
  | { notModified: true }
  | {
      notModified: false;
      location: string;
      etag?: string;
      files: RepoFile[];
      versionControl: VersionControl;
    };

/** Object stores UrlReader can read that hold files, not versioned source. */
const OBJECT_STORE_HOST =
  /(^|\.)(s3[.-][^/]*amazonaws\.com|s3\.amazonaws\.com|storage\.googleapis\.com|storage\.cloud\.google\.com|blob\.core\.windows\.net)$/i;

function urlVersionControl(url: string): VersionControl {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  return OBJECT_STORE_HOST.test(host)
    ? null
    : { system: 'scm', detail: `read through the SCM integration for ${host}` };
}

/** The git work tree a local folder belongs to: a `.git` in it or in a parent folder. */
export async function findGitRoot(folder: string): Promise<string | undefined> {
  let current = path.resolve(folder);
  for (;;) {
    if (await fs.stat(path.join(current, '.git')).catch(() => undefined)) {
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return undefined;
    }
    current = parent;
  }
}

export interface RepositoryReaderOptions {
  urlReader: UrlReaderService;
  /** Directories `file:` locations may point into; relative ones resolve against `baseDir`. */
  fileRoots: string[];
  baseDir: string;
  /** How long a read through the UrlReaderService may take; default 120 s. */
  readTimeoutMs?: number;
}

/** Upper bound on directory entries walked for one `file:` location. */
const MAX_WALKED_FILES = 100_000;

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (!relative.startsWith('..') && !path.isAbsolute(relative))
  );
}

/**
 * Lists a repository's files for an entity's source location: through Backstage's
 * UrlReaderService for every SCM integration, or from local directories under the
 * configured `mlopsMaturity.repositories.fileRoots`.
 */
export class RepositoryReader {
  private constructor(
    private readonly urlReader: UrlReaderService,
    private readonly fileRoots: string[],
    /** The roots as configured, for messages: resolved ones would show server paths. */
    private readonly configuredRoots: string[],
    private readonly baseDir: string,
    private readonly readTimeoutMs: number,
  ) {}

  static create(options: RepositoryReaderOptions): RepositoryReader {
    const roots = options.fileRoots.map(root =>
      path.resolve(options.baseDir, root),
    );
    return new RepositoryReader(
      options.urlReader,
      roots,
      options.fileRoots,
      options.baseDir,
      options.readTimeoutMs ?? 120_000,
    );
  }

  /**
   * How a directory is named in facts, scorecards and errors: relative to the backend's
   * working directory (as `fileRoots` are written), so absolute server paths never leave
   * the host.
   */
  private displayLocation(directory: string): string {
    const relative = path.relative(this.baseDir, directory);
    return `file:${relative.split(path.sep).join('/') || '.'}/`;
  }

  async read(
    location: string,
    options?: { etag?: string; signal?: AbortSignal },
  ): Promise<RepositoryReadResult> {
    const parsed = parseSourceLocation(location);
    if (parsed.type === 'file') {
      return this.readDirectory(location, parsed.target);
    }
    return this.readUrl(parsed.target, options);
  }

  private async readUrl(
    url: string,
    options?: { etag?: string; signal?: AbortSignal },
  ): Promise<RepositoryReadResult> {
    // An SCM that stops answering must not hold the refresh: the read is given up in time.
    // Not every reader passes the signal to each of its requests, so the wait is raced too.
    const deadline = AbortSignal.timeout(this.readTimeoutMs);
    let tree;
    try {
      tree = await Promise.race([
        this.urlReader.readTree(url, {
          etag: options?.etag,
          signal: options?.signal
            ? AbortSignal.any([options.signal, deadline])
            : deadline,
          filter: (filePath, info) =>
            !isExcludedPath(filePath) && (!info || info.size <= MAX_FILE_BYTES),
        }),
        new Promise<never>((_resolve, reject) =>
          deadline.addEventListener('abort', () => reject(deadline.reason), {
            once: true,
          }),
        ),
      ]);
    } catch (error) {
      if ((error as Error)?.name === 'NotModifiedError') {
        return { notModified: true };
      }
      if (deadline.aborted) {
        throw new Error(
          `Cannot read repository ${url}: no answer within ${
            this.readTimeoutMs / 1000
          } s`,
          { cause: error },
        );
      }
      throw new Error(
        `Cannot read repository ${url}: ${
          (error as Error)?.message ?? String(error)
        }`,
        { cause: error },
      );
    }
    const entries = await tree.files();
    return {
      notModified: false,
      location: url,
      etag: tree.etag || undefined,
      versionControl: urlVersionControl(url),
      files: entries.map(entry => ({
        path: entry.path,
        read: () => entry.content(),
      })),
    };
  }

  private async readDirectory(
    location: string,
    target: string,
  ): Promise<RepositoryReadResult> {
    const rootsText = this.configuredRoots.length
      ? this.configuredRoots.join(', ')
      : 'none configured';
    const outside = () =>
      new Error(
        `Source location ${location} is outside mlopsMaturity.repositories.fileRoots (${rootsText})`,
      );
    const requested = path.resolve(this.baseDir, target);
    const root = this.fileRoots.find(candidate =>
      isInside(candidate, requested),
    );
    if (!root) {
      throw outside();
    }
    let realRoot: string;
    let realTarget: string;
    try {
      realRoot = await fs.realpath(root);
      realTarget = await fs.realpath(requested);
    } catch {
      throw new Error(
        `Cannot read repository at ${location}: the directory does not exist`,
      );
    }
    if (!isInside(realRoot, realTarget)) {
      throw outside();
    }
    const stat = await fs.stat(realTarget);
    if (!stat.isDirectory()) {
      throw new Error(
        `Cannot read repository at ${location}: it is not a directory`,
      );
    }
    const files: RepoFile[] = [];
    const visited = new Set<string>();
    const walk = async (dir: string, relative: string): Promise<void> => {
      if (visited.has(dir) || files.length >= MAX_WALKED_FILES) {
        return;
      }
      visited.add(dir);
      const entries = await fs.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        const entryRelative = relative
          ? `${relative}/${entry.name}`
          : entry.name;
        if (
          isExcludedPath(
            entry.isDirectory() ? `${entryRelative}/` : entryRelative,
          )
        ) {
          continue;
        }
        let absolute = path.join(dir, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            absolute = await fs.realpath(absolute);
          } catch {
            continue;
          }
          if (!isInside(realRoot, absolute)) {
            continue;
          }
          const linked = await fs.stat(absolute);
          isDirectory = linked.isDirectory();
          isFile = linked.isFile();
        }
        if (isDirectory) {
          await walk(absolute, entryRelative);
        } else if (isFile) {
          const filePath = absolute;
          const { size } = await fs.stat(filePath);
          files.push({
            path: entryRelative,
            size,
            read: () => fs.readFile(filePath),
          });
        }
      }
    };
    await walk(realTarget, '');
    const gitRoot = await findGitRoot(realTarget);
    return {
      notModified: false,
      location: this.displayLocation(requested),
      files,
      versionControl: gitRoot
        ? {
            system: 'git',
            detail:
              gitRoot === realTarget
                ? 'the folder is a git work tree'
                : `the folder is inside a git work tree (${
                    path.relative(gitRoot, realTarget) || '.'
                  } of it)`,
          }
        : null,
    };
  }
}
