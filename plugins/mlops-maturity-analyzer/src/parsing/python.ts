/** A logical Python line (physical lines joined inside brackets), with its indentation. */
export interface PythonLine {
  indent: number;
  text: string;
}

export interface PythonFunction {
  name: string;
  className: string | undefined;
  /** Decorator expressions without the `@`, with imported names qualified. */
  decorators: string[];
  params: string;
  indent: number;
  /** Logical lines of the body, trimmed. */
  body: string[];
}

export interface PythonClass {
  name: string;
  bases: string[];
  decorators: string[];
  body: string[];
}

/** A module-level import of a repository-local module. */
export interface PythonImport {
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  module: string;
  names: string[];
}

/**
 * Removes comments and the contents of triple-quoted strings (docstrings, prompt
 * templates), which describe rather than do. Single-line strings are kept: they carry
 * routes, file names and metric names.
 */
export function stripPythonNoise(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const char = text[i];
    if (char === '#') {
      while (i < n && text[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), i);
      if (triple) {
        const end = text.indexOf(char.repeat(3), i + 3);
        out += '""';
        i = end < 0 ? n : end + 3;
        continue;
      }
      let j = i + 1;
      while (j < n && text[j] !== char && text[j] !== '\n') {
        j += text[j] === '\\' ? 2 : 1;
      }
      out += text.slice(i, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** Splits stripped source into logical lines (open brackets and `\` continue a line). */
function pythonLogicalLines(stripped: string): PythonLine[] {
  const lines: PythonLine[] = [];
  let depth = 0;
  let current = '';
  let indent = 0;
  let quote: string | undefined;
  for (const physical of stripped.split('\n')) {
    const line = physical.replace(/\r$/, '');
    if (depth === 0 && current === '') {
      if (line.trim() === '') {
        continue;
      }
      indent = line.length - line.trimStart().length;
    }
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (quote) {
        if (char === '\\') {
          i++;
        } else if (char === quote) {
          quote = undefined;
        }
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if ('([{'.includes(char)) {
        depth++;
      } else if (')]}'.includes(char)) {
        depth = Math.max(0, depth - 1);
      }
    }
    quote = undefined;
    const continued = line.trimEnd().endsWith('\\');
    current += `${current ? ' ' : ''}${(continued
      ? line.trimEnd().slice(0, -1)
      : line
    ).trim()}`;
    if (depth === 0 && !continued) {
      lines.push({ indent, text: current });
      current = '';
    }
  }
  if (current) {
    lines.push({ indent, text: current });
  }
  return lines;
}

const IMPORT = /^import\s+(.+)$/;
const FROM_IMPORT = /^from\s+(\.*)([\w.]*)\s+import\s+(.+)$/;

function splitImportNames(
  list: string,
): Array<{ name: string; alias: string }> {
  return list
    .replace(/[()]/g, '')
    .split(',')
    .map(part => part.trim())
    .filter(part => part && part !== '*')
    .map(part => {
      const match = part.match(/^([\w.]+)(?:\s+as\s+(\w+))?$/);
      return match
        ? { name: match[1], alias: match[2] ?? match[1] }
        : undefined;
    })
    .filter(
      (item): item is { name: string; alias: string } => item !== undefined,
    );
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Python string literal on one line (or a whole triple-quoted one); the group keeps it in `split`. */
const STRING_LITERAL =
  /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/;

/**
 * Python source prepared for pattern matching: names bound by imports are rewritten to
 * their fully qualified form (`from kfp import dsl` makes `@dsl.pipeline` read
 * `@kfp.dsl.pipeline`), so detectors match one spelling whatever the import style.
 */
export class PythonSource {
  readonly path: string;
  /** Import statements removed, imported names qualified, comments and docstrings gone. */
  readonly code: string;
  readonly lines: PythonLine[];
  /** Absolute modules imported, and `module.name` for every `from module import name`. */
  readonly imports: ReadonlySet<string>;
  readonly fromImports: PythonImport[];
  private functionsCache?: PythonFunction[];
  private classesCache?: PythonClass[];

  static parse(path: string, text: string): PythonSource {
    return new PythonSource(path, text);
  }

  private constructor(path: string, text: string) {
    this.path = path;
    const logical = pythonLogicalLines(stripPythonNoise(text));
    const imports = new Set<string>();
    const aliases = new Map<string, string>();
    const fromImports: PythonImport[] = [];
    const body: PythonLine[] = [];
    for (const line of logical) {
      const plain = line.text.match(IMPORT);
      const from = line.text.match(FROM_IMPORT);
      if (from) {
        const level = from[1].length;
        const module = from[2];
        const names = splitImportNames(from[3]);
        fromImports.push({ level, module, names: names.map(n => n.name) });
        if (level === 0 && module) {
          imports.add(module);
          for (const { name, alias } of names) {
            imports.add(`${module}.${name}`);
            aliases.set(alias, `${module}.${name}`);
          }
        }
      } else if (plain) {
        for (const { name, alias } of splitImportNames(plain[1])) {
          imports.add(name);
          fromImports.push({ level: 0, module: name, names: [] });
          if (alias !== name) {
            aliases.set(alias, name);
          }
        }
      } else {
        body.push(line);
      }
    }
    this.imports = imports;
    this.fromImports = fromImports;
    const qualify = PythonSource.qualifier(aliases);
    this.lines = body.map(line => ({
      indent: line.indent,
      text: qualify(line.text),
    }));
    this.code = this.lines
      .map(line => `${' '.repeat(line.indent)}${line.text}`)
      .join('\n');
  }

  private static qualifier(
    aliases: Map<string, string>,
  ): (text: string) => string {
    const names = [...aliases.keys()].filter(
      name => aliases.get(name) !== name,
    );
    if (names.length === 0) {
      return text => text;
    }
    names.sort((a, b) => b.length - a.length);
    const pattern = new RegExp(
      `(?<![\\w.'"])(?<!def\\s)(?<!class\\s)(${names
        .map(escapeRegExp)
        .join('|')})\\b(?!\\s*=(?!=))`,
      'g',
    );
    // String literals are data (image URIs, paths), not names: only code is rewritten.
    return text =>
      text
        .split(STRING_LITERAL)
        .map((part, index) =>
          index % 2 === 1
            ? part
            : part.replace(pattern, name => aliases.get(name) ?? name),
        )
        .join('');
  }

  /** Whether the module, a submodule of it or a parent package of it is imported. */
  importsModule(name: string): boolean {
    for (const imported of this.imports) {
      if (
        imported === name ||
        imported.startsWith(`${name}.`) ||
        name.startsWith(`${imported}.`)
      ) {
        return true;
      }
    }
    return false;
  }

  functions(): PythonFunction[] {
    if (!this.functionsCache) {
      this.functionsCache = this.extractFunctions();
    }
    return this.functionsCache;
  }

  classes(): PythonClass[] {
    if (!this.classesCache) {
      this.classesCache = this.extractClasses();
    }
    return this.classesCache;
  }

  private blockBody(start: number, indent: number, inline: string): string[] {
    const body: string[] = inline.trim() ? [inline.trim()] : [];
    for (let j = start + 1; j < this.lines.length; j++) {
      if (this.lines[j].indent <= indent) {
        break;
      }
      body.push(this.lines[j].text);
    }
    return body;
  }

  private decoratorsBefore(index: number, indent: number): string[] {
    const decorators: string[] = [];
    for (let j = index - 1; j >= 0; j--) {
      const line = this.lines[j];
      if (line.indent !== indent || !line.text.startsWith('@')) {
        break;
      }
      decorators.unshift(line.text.slice(1).trim());
    }
    return decorators;
  }

  private extractFunctions(): PythonFunction[] {
    const functions: PythonFunction[] = [];
    const classStack: Array<{ name: string; indent: number }> = [];
    this.lines.forEach((line, index) => {
      while (
        classStack.length &&
        classStack[classStack.length - 1].indent >= line.indent
      ) {
        classStack.pop();
      }
      const classMatch = line.text.match(/^class\s+(\w+)/);
      if (classMatch) {
        classStack.push({ name: classMatch[1], indent: line.indent });
        return;
      }
      const def = line.text.match(
        /^(?:async\s+)?def\s+(\w+)\s*\(([\s\S]*)\)\s*(?:->[^:]*)?:(.*)$/,
      );
      if (!def) {
        return;
      }
      functions.push({
        name: def[1],
        className: classStack[classStack.length - 1]?.name,
        decorators: this.decoratorsBefore(index, line.indent),
        params: def[2],
        indent: line.indent,
        body: this.blockBody(index, line.indent, def[3]),
      });
    });
    return functions;
  }

  private extractClasses(): PythonClass[] {
    const classes: PythonClass[] = [];
    this.lines.forEach((line, index) => {
      const match = line.text.match(
        /^class\s+(\w+)\s*(?:\(([\s\S]*)\))?\s*:(.*)$/,
      );
      if (!match) {
        return;
      }
      classes.push({
        name: match[1],
        bases: (match[2] ?? '')
          .split(',')
          .map(base => base.trim())
          .filter(Boolean),
        decorators: this.decoratorsBefore(index, line.indent),
        body: this.blockBody(index, line.indent, match[3]),
      });
    });
    return classes;
  }
}

/** Extracts the code cells of a Jupyter notebook as Python source (magics dropped). */
export function notebookToPython(json: unknown): string | undefined {
  if (
    typeof json !== 'object' ||
    json === null ||
    !Array.isArray((json as any).cells)
  ) {
    return undefined;
  }
  const cells = (
    json as { cells: Array<{ cell_type?: string; source?: unknown }> }
  ).cells;
  return cells
    .filter(cell => cell.cell_type === 'code')
    .map(cell =>
      Array.isArray(cell.source)
        ? cell.source.join('')
        : String(cell.source ?? ''),
    )
    .map(source =>
      source
        .split('\n')
        .filter(line => !/^\s*[!%]/.test(line))
        .join('\n'),
    )
    .join('\n\n');
}

/** Statements of a function body that call something (a step, a component, a task). */
export function callStatements(body: string[]): string[] {
  return body.filter(
    line =>
      /\b[\w.]+\s*\(/.test(line) &&
      !/^(return\s*$|pass$|\.\.\.$|print\s*\(|logging\.|logger\.|raise\b)/.test(
        line,
      ) &&
      !/^(if|elif|else|for|while|with|try|except|finally)\b.*:$/.test(line),
  );
}

/** A quoted string literal's value, or undefined. */
export function stringLiteral(text: string | undefined): string | undefined {
  const match = text?.trim().match(/^[rbuf]{0,2}(["'])(.*)\1$/i);
  return match ? match[2] : undefined;
}

/** The value of a keyword argument in a call's text, e.g. `schedule="@daily"`. */
export function keywordArgument(
  text: string,
  name: string,
): string | undefined {
  const match = text.match(
    new RegExp(
      `(?<![\\w.])${name}\\s*=\\s*([\\w.]+\\([^()]*\\)|"[^"]*"|'[^']*'|\\[[^\\]]*\\]|[^,)\\s]+)`,
    ),
  );
  return match ? match[1].trim() : undefined;
}
