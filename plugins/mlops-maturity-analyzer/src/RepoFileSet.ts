import {
  basenameOf,
  dirnameOf,
  extensionOf,
  joinRepoPath,
  normalizeRepoPath,
} from './parsing/paths';
import { notebookToPython, PythonSource } from './parsing/python';
import { parseToml, TomlTable } from './parsing/toml';
import { isMap, parseYamlDocuments, YamlMap } from './parsing/yaml';

/** A text file of the repository. */
export interface TextFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  text: string;
}

const YAML_EXTENSIONS = new Set(['yml', 'yaml']);

/**
 * The readable files of one repository with cached parses, shared by all detectors so
 * each file is parsed once.
 */
export class RepoFileSet {
  readonly files: TextFile[];
  private readonly byPath = new Map<string, TextFile>();
  private readonly yamlCache = new Map<string, unknown[]>();
  private readonly jsonCache = new Map<string, unknown>();
  private readonly tomlCache = new Map<string, TomlTable | undefined>();
  private readonly pythonCache = new Map<string, PythonSource | undefined>();

  /**
   * `servicePrefix` is where the files sit in their repository when they are one folder of
   * a monorepo: files carry paths relative to that folder, and a reference written from the
   * repository root (a root CI job running `services/fraud/train.py`) still finds them.
   */
  constructor(files: TextFile[], servicePrefix = '') {
    this.files = [...files].sort((a, b) => a.path.localeCompare(b.path));
    for (const file of this.files) {
      this.byPath.set(file.path, file);
    }
    if (servicePrefix) {
      for (const file of this.files) {
        const rooted = `${servicePrefix}${file.path}`;
        if (!this.byPath.has(rooted)) {
          this.byPath.set(rooted, file);
        }
      }
    }
  }

  get(path: string): TextFile | undefined {
    return this.byPath.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Files whose path matches. */
  matching(pattern: RegExp): TextFile[] {
    return this.files.filter(file => pattern.test(file.path));
  }

  /** Files whose base name matches. */
  named(pattern: RegExp): TextFile[] {
    return this.files.filter(file => pattern.test(basenameOf(file.path)));
  }

  withExtension(...extensions: string[]): TextFile[] {
    const wanted = new Set(extensions);
    return this.files.filter(file => wanted.has(extensionOf(file.path)));
  }

  yamlFiles(): TextFile[] {
    return this.files.filter(file =>
      YAML_EXTENSIONS.has(extensionOf(file.path)),
    );
  }

  /** Files under a directory ('' for all), optionally only direct children. */
  under(dir: string): TextFile[] {
    if (!dir) {
      return this.files;
    }
    const prefix = `${dir}/`;
    return this.files.filter(file => file.path.startsWith(prefix));
  }

  /** Every document of a YAML file that parsed; empty when none did. */
  yaml(path: string): unknown[] {
    let documents = this.yamlCache.get(path);
    if (!documents) {
      const file = this.byPath.get(path);
      documents = file ? parseYamlDocuments(file.text) : [];
      this.yamlCache.set(path, documents);
    }
    return documents;
  }

  /** The mapping documents of a YAML file. */
  yamlMaps(path: string): YamlMap[] {
    return this.yaml(path).filter(isMap);
  }

  json(path: string): unknown {
    if (!this.jsonCache.has(path)) {
      const file = this.byPath.get(path);
      let value: unknown;
      try {
        value = file ? JSON.parse(file.text) : undefined;
      } catch {
        value = undefined;
      }
      this.jsonCache.set(path, value);
    }
    return this.jsonCache.get(path);
  }

  /** The first document of a JSON or YAML file (CloudFormation `.template` files are YAML or JSON). */
  structured(path: string): unknown {
    const ext = extensionOf(path);
    if (ext === 'json') {
      return this.json(path);
    }
    if (ext === 'template') {
      return this.json(path) ?? this.yaml(path)[0];
    }
    return this.yaml(path)[0];
  }

  toml(path: string): TomlTable | undefined {
    if (!this.tomlCache.has(path)) {
      const file = this.byPath.get(path);
      this.tomlCache.set(path, file ? parseToml(file.text) : undefined);
    }
    return this.tomlCache.get(path);
  }

  /** Python source of a `.py` file or of a notebook's code cells. */
  python(path: string): PythonSource | undefined {
    if (!this.pythonCache.has(path)) {
      const file = this.byPath.get(path);
      let source: PythonSource | undefined;
      if (file && extensionOf(path) === 'py') {
        source = PythonSource.parse(path, file.text);
      } else if (file && extensionOf(path) === 'ipynb') {
        const code = notebookToPython(this.json(path));
        source =
          code === undefined ? undefined : PythonSource.parse(path, code);
      }
      this.pythonCache.set(path, source);
    }
    return this.pythonCache.get(path);
  }

  /** All Python sources (scripts and notebooks), tests included. */
  pythonSources(): PythonSource[] {
    return this.withExtension('py', 'ipynb')
      .map(file => this.python(file.path))
      .filter((source): source is PythonSource => source !== undefined);
  }

  /** Resolves a path relative to a directory, falling back to the repository root. */
  resolve(fromDir: string, relative: string): string | undefined {
    for (const candidate of [
      joinRepoPath(fromDir, relative),
      normalizeRepoPath(relative),
    ]) {
      if (candidate !== undefined && this.byPath.has(candidate)) {
        return this.byPath.get(candidate)!.path;
      }
    }
    return undefined;
  }

  /**
   * Resolves a Python module name (`src.train`) to a file, looking beside `fromPath`,
   * at the root, and in the usual source roots.
   */
  resolvePythonModule(
    fromPath: string,
    module: string,
    level = 0,
  ): string | undefined {
    const relative = module.replace(/\./g, '/');
    const bases: string[] = [];
    if (level > 0) {
      let dir = dirnameOf(fromPath);
      for (let i = 1; i < level; i++) {
        dir = dirnameOf(dir);
      }
      bases.push(dir);
    } else {
      bases.push(dirnameOf(fromPath), '', 'src');
      // Monorepo services keep their own source roots.
      let dir = dirnameOf(fromPath);
      while (dir) {
        bases.push(dir, `${dir}/src`);
        dir = dirnameOf(dir);
      }
    }
    for (const base of bases) {
      for (const candidate of [`${relative}.py`, `${relative}/__init__.py`]) {
        const full = joinRepoPath(base, candidate);
        if (full !== undefined && this.byPath.has(full)) {
          return this.byPath.get(full)!.path;
        }
      }
    }
    return undefined;
  }

  /** Repository files a Python file imports (modules of this repository only). */
  localImports(path: string): string[] {
    const source = this.python(path);
    if (!source) {
      return [];
    }
    const found = new Set<string>();
    for (const imported of source.fromImports) {
      const candidates = imported.names.length
        ? imported.names.map(name =>
            imported.module ? `${imported.module}.${name}` : name,
          )
        : [imported.module];
      for (const candidate of [...candidates, imported.module].filter(
        Boolean,
      )) {
        const resolved = this.resolvePythonModule(
          path,
          candidate,
          imported.level,
        );
        if (resolved && resolved !== path) {
          found.add(resolved);
        }
      }
    }
    return [...found];
  }

  /** The file and every repository module it imports, transitively (bounded). */
  importClosure(paths: string[], limit = 200): Set<string> {
    const seen = new Set<string>();
    const queue = [...paths];
    while (queue.length && seen.size < limit) {
      const next = queue.shift()!;
      if (seen.has(next)) {
        continue;
      }
      seen.add(next);
      queue.push(...this.localImports(next));
    }
    return seen;
  }
}
