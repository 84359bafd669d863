import fs from 'fs';
import path from 'path';

/**
 * The folders of this plugin and what each may import, lowest first: every import
 * points down, so refresh orchestration can change without touching the engine, and the
 * engine and checks stay free of I/O. A new folder must be placed here.
 */
const MAY_IMPORT: Record<string, string[]> = {
  entity: [],
  schema: [],
  config: ['entity'],
  checks: ['entity'],
  engine: ['entity', 'config', 'checks'],
  collectors: ['entity', 'config'],
  database: ['entity'],
  refresh: ['entity', 'config', 'engine', 'collectors', 'database'],
  service: [
    'entity',
    'schema',
    'config',
    'checks',
    'engine',
    'collectors',
    'database',
    'refresh',
  ],
  standalone: ['entity', 'config', 'checks', 'engine', 'collectors'],
};

const SRC = __dirname;

/** Source files, leaving out tests and their helpers, which may reach across. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('__') ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [full]
      : [];
  });
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']*)'/g)].map(
    match => match[1],
  );
}

describe('the backend folders', () => {
  it('import only folders below them', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = folderOf(file);
      if (!path.relative(SRC, file).includes(path.sep)) {
        continue; // plugin.ts and index.ts wire everything together.
      }
      const allowed = MAY_IMPORT[from];
      if (!allowed) {
        violations.push(`${from}/ is not placed in MAY_IMPORT`);
        continue;
      }
      for (const specifier of relativeImports(file)) {
        const to = folderOf(path.resolve(path.dirname(file), specifier));
        if (to !== from && !allowed.includes(to)) {
          violations.push(
            `${path.relative(
              SRC,
              file,
            )} imports ${specifier} (${from}/ → ${to}/)`,
          );
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('are ordered without cycles', () => {
    const placed = new Set<string>();
    let remaining = Object.keys(MAY_IMPORT);
    while (remaining.length > 0) {
      const ready = remaining.filter(folder =>
        MAY_IMPORT[folder].every(dependency => placed.has(dependency)),
      );
      expect(ready).not.toEqual([]);
      ready.forEach(folder => placed.add(folder));
      remaining = remaining.filter(folder => !placed.has(folder));
    }
  });

  it('finds the imports it checks', () => {
    // Guards the scan itself: a changed import style must not make the rule vacuous.
    const refresh = path.join(SRC, 'refresh', 'RefreshService.ts');
    expect(relativeImports(refresh)).toContain('../engine/MaturityEngine');
    expect(folderOf(refresh)).toBe('refresh');
  });
});
