import { RepoFileSet, TextFile } from '../RepoFileSet';
import { basenameOf, dirnameOf } from '../parsing/paths';
import { TomlTable } from '../parsing/toml';
import { asArray, asMap, asString, isMap } from '../parsing/yaml';
import { code, DetectorResult, Findings, listForHumans } from './types';

/** PEP 503 normal form of a Python distribution name. */
function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

interface Requirement {
  name: string;
  pinned: boolean;
}

/** Parses one PEP 508 line (`numpy==1.26.4 ; python_version > "3.8"`). */
function parseRequirement(line: string): Requirement | undefined {
  const text = line
    .replace(/\s+#.*$/, '')
    .replace(/\s+--hash[= ]\S+/g, '')
    .trim();
  if (
    !text ||
    text.startsWith('#') ||
    text.startsWith('-') ||
    text.startsWith('--')
  ) {
    return undefined;
  }
  const url = text.match(/^([A-Za-z0-9][\w.-]*)(\[[^\]]*\])?\s*@\s*(\S+)/);
  if (url) {
    return {
      name: normalizePythonName(url[1]),
      pinned: /@[0-9a-f]{7,40}\b|#sha256=|\.whl\b/.test(url[3]),
    };
  }
  const match = text.match(/^([A-Za-z0-9][\w.-]*)\s*(\[[^\]]*\])?\s*([^;]*)/);
  if (!match || /^(https?|git\+|file):/.test(text) || text.startsWith('.')) {
    return undefined;
  }
  const specifier = match[3].trim();
  return {
    name: normalizePythonName(match[1]),
    pinned: /^===?\s*[\w.+!-]+$/.test(specifier) && !specifier.includes('*'),
  };
}

function requirementLines(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim());
}

function isRequirementsFile(path: string): boolean {
  const base = basenameOf(path);
  return (
    /^requirements[\w.-]*\.txt$/i.test(base) ||
    (/\.txt$/.test(base) && /(^|\/)requirements\//.test(path)) ||
    /^constraints[\w.-]*\.txt$/.test(base)
  );
}

function requirementsFiles(
  files: RepoFileSet,
  findings: Findings,
  dependencies: Set<string>,
) {
  const parsed = new Map<
    string,
    { requirements: Requirement[]; constraints: string[] }
  >();
  for (const file of files.files.filter(f => isRequirementsFile(f.path))) {
    const lines = requirementLines(file.text);
    parsed.set(file.path, {
      requirements: lines
        .map(parseRequirement)
        .filter((r): r is Requirement => r !== undefined),
      constraints: lines
        .map(line => line.match(/^(?:-c|--constraint)\s+(\S+)/)?.[1])
        .filter((c): c is string => Boolean(c))
        .map(c => files.resolve(dirnameOf(file.path), c) ?? ''),
    });
  }
  for (const [path, { requirements, constraints }] of parsed) {
    requirements.forEach(r => dependencies.add(r.name));
    if (requirements.length === 0 || /^constraints/.test(basenameOf(path))) {
      continue;
    }
    const constrained = new Set(
      constraints.flatMap(
        c =>
          parsed
            .get(c)
            ?.requirements.filter(r => r.pinned)
            .map(r => r.name) ?? [],
      ),
    );
    const unpinned = requirements
      .filter(r => !r.pinned && !constrained.has(r.name))
      .map(r => r.name);
    if (unpinned.length === 0) {
      findings.signal(
        'reproducible-env',
        'pip',
        path,
        `${path} pins all ${requirements.length} requirement${
          requirements.length === 1 ? '' : 's'
        } to exact versions`,
        {
          ecosystem: 'python',
          packages: requirements.length,
        },
      );
    } else {
      findings.reject(
        'reproducible-env',
        'pip',
        path,
        `${path} leaves ${unpinned.length} of ${
          requirements.length
        } requirements unpinned (${listForHumans(
          unpinned.map(code),
          5,
        )}), so installs drift over time`,
      );
    }
  }
}

const LOCK_FILES: Array<{
  pattern: RegExp;
  tool: string;
  ecosystem: string;
  entries: (file: TextFile, files: RepoFileSet) => number;
}> = [
  {
    pattern: /^poetry\.lock$/,
    tool: 'poetry',
    ecosystem: 'python',
    entries: f => (f.text.match(/^\[\[package\]\]/gm) ?? []).length,
  },
  {
    pattern: /^uv\.lock$/,
    tool: 'uv',
    ecosystem: 'python',
    entries: f => (f.text.match(/^\[\[package\]\]/gm) ?? []).length,
  },
  {
    pattern: /^pdm\.lock$/,
    tool: 'pdm',
    ecosystem: 'python',
    entries: f => (f.text.match(/^\[\[package\]\]/gm) ?? []).length,
  },
  {
    pattern: /^pixi\.lock$/,
    tool: 'pixi',
    ecosystem: 'python',
    entries: f => (f.text.match(/^\s*- (conda|pypi):/gm) ?? []).length,
  },
  {
    pattern: /^Pipfile\.lock$/,
    tool: 'pipenv',
    ecosystem: 'python',
    entries: (f, files) =>
      Object.keys(asMap(asMap(files.json(f.path)).default)).length +
      Object.keys(asMap(asMap(files.json(f.path)).develop)).length,
  },
  {
    pattern: /(^|[.-])conda-lock\.ya?ml$/,
    tool: 'conda-lock',
    ecosystem: 'python',
    entries: f => (f.text.match(/^\s*- name:/gm) ?? []).length,
  },
  {
    pattern: /^requirements(-dev)?\.lock$/,
    tool: 'rye',
    ecosystem: 'python',
    entries: f => (f.text.match(/^[A-Za-z0-9][\w.-]*==/gm) ?? []).length,
  },
  {
    pattern: /^package-lock\.json$/,
    tool: 'npm',
    ecosystem: 'node',
    entries: (f, files) =>
      Object.keys(asMap(asMap(files.json(f.path)).packages)).length ||
      Object.keys(asMap(asMap(files.json(f.path)).dependencies)).length,
  },
  {
    pattern: /^yarn\.lock$/,
    tool: 'yarn',
    ecosystem: 'node',
    entries: f => (f.text.match(/^"?[@\w][^\n]*:\s*$/gm) ?? []).length,
  },
  {
    pattern: /^pnpm-lock\.ya?ml$/,
    tool: 'pnpm',
    ecosystem: 'node',
    entries: f => (f.text.match(/^\s{2}\/?[@\w][^\n]*:\s*$/gm) ?? []).length,
  },
  {
    pattern: /^go\.sum$/,
    tool: 'go-modules',
    ecosystem: 'go',
    entries: f => f.text.split('\n').filter(Boolean).length,
  },
];

function lockFiles(files: RepoFileSet, findings: Findings) {
  for (const file of files.files) {
    const base = basenameOf(file.path);
    const lock = LOCK_FILES.find(l => l.pattern.test(base));
    if (!lock) {
      continue;
    }
    const entries = lock.entries(file, files);
    if (entries === 0) {
      findings.reject(
        'reproducible-env',
        lock.tool,
        file.path,
        `${file.path} locks no packages`,
      );
      continue;
    }
    findings.signal(
      'reproducible-env',
      lock.tool,
      file.path,
      `${file.path} locks ${entries} package${entries === 1 ? '' : 's'} (${
        lock.tool
      })`,
      {
        ecosystem: lock.ecosystem,
        packages: entries,
      },
    );
  }
}

/** Conda specs pin with `=`/`==` (`numpy=1.26.4`); `pip:` entries with `==`. */
function condaDependencies(doc: Record<string, unknown>): Requirement[] {
  const requirements: Requirement[] = [];
  for (const entry of asArray(doc.dependencies)) {
    if (typeof entry === 'string') {
      const match = entry
        .trim()
        .match(/^([A-Za-z0-9][\w.-]*(?:::[\w.-]+)?)\s*(.*)$/);
      if (!match) {
        continue;
      }
      const name = match[1].split('::').pop()!;
      if (name === 'pip') {
        continue;
      }
      requirements.push({
        name: normalizePythonName(name),
        pinned: /^={1,2}\s*\d[\w.]*(=[\w.]+)?$/.test(
          match[2].replace(/\s+/g, ''),
        ),
      });
    } else if (isMap(entry)) {
      for (const pip of asArray(entry.pip)) {
        const requirement =
          typeof pip === 'string' ? parseRequirement(pip) : undefined;
        if (requirement) {
          requirements.push(requirement);
        }
      }
    }
  }
  return requirements;
}

function isCondaFile(path: string): boolean {
  return /^(environment|conda|env)([._-][\w-]+)?\.ya?ml$/.test(
    basenameOf(path),
  );
}

function condaFiles(
  files: RepoFileSet,
  findings: Findings,
  dependencies: Set<string>,
) {
  for (const file of files.files.filter(f => isCondaFile(f.path))) {
    const doc = files.yamlMaps(file.path)[0];
    if (!doc || !Array.isArray(doc.dependencies)) {
      continue;
    }
    const requirements = condaDependencies(doc);
    requirements.forEach(r => dependencies.add(r.name));
    if (requirements.length === 0) {
      continue;
    }
    const unpinned = requirements.filter(r => !r.pinned).map(r => r.name);
    if (unpinned.length === 0) {
      findings.signal(
        'reproducible-env',
        'conda',
        file.path,
        `${file.path} pins all ${requirements.length} conda/pip packages`,
        {
          ecosystem: 'python',
          packages: requirements.length,
        },
      );
    } else {
      findings.reject(
        'reproducible-env',
        'conda',
        file.path,
        `${file.path} leaves ${unpinned.length} of ${
          requirements.length
        } packages unpinned (${listForHumans(unpinned.map(code), 5)})`,
      );
    }
  }
}

function mlflowProjectEnvironments(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^MLproject$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const kind = ['python_env', 'conda_env', 'docker_env'].find(
      key => doc[key] !== undefined,
    );
    if (!kind) {
      findings.reject(
        'reproducible-env',
        'mlflow-projects',
        file.path,
        `${file.path} declares no environment (python_env, conda_env or docker_env), so runs use whatever is installed`,
      );
      continue;
    }
    const reference =
      kind === 'docker_env'
        ? asString(asMap(doc.docker_env).image)
        : asString(doc[kind]);
    const resolved =
      kind !== 'docker_env' && reference
        ? files.resolve(dirnameOf(file.path), reference)
        : undefined;
    if (kind !== 'docker_env' && !resolved) {
      findings.reject(
        'reproducible-env',
        'mlflow-projects',
        file.path,
        `${file.path} points ${kind} at ${code(
          reference ?? '',
        )}, which is not in the repository`,
      );
      continue;
    }
    findings.signal(
      'reproducible-env',
      'mlflow-projects',
      file.path,
      `${file.path} runs in the environment of ${code(
        reference ?? kind,
      )} (${kind})`,
      {
        ecosystem: 'python',
        environment: kind,
        file: resolved ?? reference ?? null,
      },
    );
  }
}

function pep508Names(values: unknown): string[] {
  return asArray(values)
    .map(value =>
      typeof value === 'string' ? parseRequirement(value)?.name : undefined,
    )
    .filter((name): name is string => Boolean(name));
}

function tomlDependencies(table: TomlTable | undefined): string[] {
  if (!table) {
    return [];
  }
  const project = asMap(table.project);
  const poetry = asMap(asMap(table.tool).poetry);
  const names = [
    ...pep508Names(project.dependencies),
    ...Object.values(asMap(project['optional-dependencies'])).flatMap(
      pep508Names,
    ),
    ...Object.values(asMap(table['dependency-groups'])).flatMap(pep508Names),
    ...pep508Names(asMap(asMap(table.tool).uv)['dev-dependencies']),
    ...Object.values(
      asMap(asMap(asMap(table.tool).pdm)['dev-dependencies']),
    ).flatMap(pep508Names),
    ...Object.keys(asMap(poetry.dependencies)),
    ...Object.keys(asMap(poetry['dev-dependencies'])),
    ...Object.values(asMap(poetry.group)).flatMap(group =>
      Object.keys(asMap(asMap(group).dependencies)),
    ),
    ...Object.keys(asMap(table.packages)),
    ...Object.keys(asMap(table['dev-packages'])),
  ];
  return names
    .filter(name => name.toLowerCase() !== 'python')
    .map(normalizePythonName);
}

function manifestDependencies(files: RepoFileSet, dependencies: Set<string>) {
  for (const file of files.named(/^(pyproject\.toml|Pipfile)$/)) {
    tomlDependencies(files.toml(file.path)).forEach(name =>
      dependencies.add(name),
    );
  }
  for (const file of files.named(/^setup\.cfg$/)) {
    const block =
      file.text.match(
        /^install_requires\s*=\s*\n?((?:[ \t]+.*\n?|[^\n\[]+\n?)*)/m,
      )?.[1] ?? '';
    block
      .split('\n')
      .map(parseRequirement)
      .forEach(r => r && dependencies.add(r.name));
  }
  for (const file of files.named(/^setup\.py$/)) {
    const list =
      file.text.match(/install_requires\s*=\s*\[([\s\S]*?)\]/)?.[1] ?? '';
    [...list.matchAll(/["']([^"']+)["']/g)]
      .map(m => parseRequirement(m[1]))
      .forEach(r => r && dependencies.add(r.name));
  }
  for (const file of files.named(/^package\.json$/)) {
    const manifest = asMap(files.json(file.path));
    for (const key of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      Object.keys(asMap(manifest[key])).forEach(name =>
        dependencies.add(name.toLowerCase()),
      );
    }
  }
  for (const file of files.named(/^go\.mod$/)) {
    const requires = [
      ...[...file.text.matchAll(/^require\s+(\S+)\s+v/gm)].map(m => m[1]),
      ...(file.text.match(/require\s*\(([\s\S]*?)\)/g) ?? []).flatMap(block =>
        block
          .split('\n')
          .slice(1, -1)
          .map(line => line.trim().split(/\s+/)[0])
          .filter(Boolean),
      ),
    ];
    requires.forEach(name => dependencies.add(name.toLowerCase()));
  }
}

export interface EnvironmentResult extends DetectorResult {
  dependencies: string[];
}

/** Pinned environments (lock files, pinned requirements, conda, MLproject) and dependency names. */
export function detectEnvironment(files: RepoFileSet): EnvironmentResult {
  const findings = new Findings();
  const dependencies = new Set<string>();
  lockFiles(files, findings);
  requirementsFiles(files, findings, dependencies);
  condaFiles(files, findings, dependencies);
  mlflowProjectEnvironments(files, findings);
  manifestDependencies(files, dependencies);
  return {
    ...findings.result(),
    dependencies: [...dependencies].filter(Boolean).sort(),
  };
}
