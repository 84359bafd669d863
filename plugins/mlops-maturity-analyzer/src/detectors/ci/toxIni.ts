/** One command of a tox environment. */
export interface ToxCommand {
  command: string;
  /** tox's `- cmd` prefix: the exit code is ignored. */
  ignoreFailure: boolean;
}

export interface ToxConfig {
  /** `[tox] envlist`, with `py{38,39}` brace groups expanded. */
  envlist: string[];
  /** The commands `tox -e <env>` runs (`[testenv:<env>]`, else `[testenv]`). */
  commands(env: string): ToxCommand[];
}

type Sections = Map<string, Map<string, string>>;

function parseIni(text: string): Sections {
  const sections: Sections = new Map();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    if (/^\s*[#;]/.test(raw)) {
      continue;
    }
    const header = raw.match(/^\[([^\]]+)\]\s*$/);
    if (header) {
      section = new Map();
      sections.set(header[1].trim(), section);
      key = undefined;
      continue;
    }
    if (!section) {
      continue;
    }
    const continuation = /^\s+\S/.test(raw) && key !== undefined;
    if (continuation) {
      section.set(key!, `${section.get(key!)}\n${raw.trim()}`);
      continue;
    }
    const entry = raw.match(/^([\w.-]+)\s*[=:]\s*(.*)$/);
    if (entry) {
      key = entry[1];
      section.set(key, entry[2].trim());
    } else if (!raw.trim()) {
      key = undefined;
    }
  }
  return sections;
}

/** `py{38,39}-unit` → `py38-unit`, `py39-unit`. */
function expandBraces(name: string): string[] {
  const group = name.match(/\{([^{}]*)\}/);
  if (!group) {
    return [name];
  }
  return group[1]
    .split(',')
    .flatMap(option => expandBraces(name.replace(group[0], option.trim())));
}

/** Reads a tox.ini: the environments it lists and the commands each runs. */
export function parseToxIni(text: string): ToxConfig {
  const sections = parseIni(text);
  const setting = (section: string, key: string) =>
    sections.get(section)?.get(key);

  const substitute = (value: string, depth: number): string =>
    value.replace(/\{([^{}]*)\}/g, (whole, inner: string) => {
      const reference = inner.match(/^\[([^\]]+)\](\w+)$/);
      if (reference) {
        const referenced = setting(reference[1], reference[2]);
        return referenced !== undefined && depth < 5
          ? substitute(referenced, depth + 1)
          : '';
      }
      const posargs = inner.match(/^posargs(?::(.*))?$/);
      if (posargs) {
        return posargs[1] ?? '';
      }
      if (inner === 'toxinidir') {
        return '.';
      }
      if (inner === 'envpython') {
        return 'python';
      }
      if (/^env(bin|site)?dir$/.test(inner)) {
        return '';
      }
      return whole;
    });

  const envlist = (setting('tox', 'envlist') ?? '')
    .split(/[\n,](?![^{]*\})/)
    .map(entry => entry.trim())
    .filter(Boolean)
    .flatMap(expandBraces);

  return {
    envlist,
    commands: env => {
      const value =
        setting(`testenv:${env}`, 'commands') ?? setting('testenv', 'commands');
      if (value === undefined) {
        return [];
      }
      const factors = new Set(env.split('-'));
      return substitute(value.replace(/\\\n\s*/g, ' '), 0)
        .split('\n')
        .map(line => line.trim())
        .flatMap(line => {
          // `py38,py39: pytest` runs only in environments with one of those factors.
          const conditional = line.match(/^([\w!,-]+):\s+(.*)$/);
          if (conditional) {
            const wanted = conditional[1].split(',');
            return wanted.some(factor => factors.has(factor))
              ? [conditional[2]]
              : [];
          }
          return [line];
        })
        .filter(line => line && !line.startsWith('#'))
        .map(line => ({
          command: line.replace(/^-\s*/, ''),
          ignoreFailure: line.startsWith('-'),
        }));
    },
  };
}
