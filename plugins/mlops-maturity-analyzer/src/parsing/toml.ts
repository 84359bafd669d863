type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

class TomlParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): TomlTable {
    const root: TomlTable = {};
    let current = root;
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) {
        return root;
      }
      if (this.text.startsWith('[[', this.pos)) {
        this.pos += 2;
        const keys = this.keyPath();
        this.expect(']]');
        const parent = this.tableAt(root, keys.slice(0, -1));
        const last = keys[keys.length - 1];
        const list = (parent[last] ??= []) as TomlValue[];
        if (!Array.isArray(list)) {
          throw new Error('array of tables conflicts with a value');
        }
        current = {};
        list.push(current);
      } else if (this.text[this.pos] === '[') {
        this.pos++;
        const keys = this.keyPath();
        this.expect(']');
        current = this.tableAt(root, keys);
      } else {
        this.keyValue(current);
      }
      this.skipBlank(false);
      if (this.pos < this.text.length && this.text[this.pos] !== '\n') {
        throw new Error(`unexpected text at ${this.pos}`);
      }
    }
  }

  private tableAt(root: TomlTable, keys: string[]): TomlTable {
    let table = root;
    for (const key of keys) {
      let next = table[key];
      if (Array.isArray(next)) {
        next = next[next.length - 1];
      }
      if (next === undefined) {
        next = {};
        table[key] = next;
      }
      if (typeof next !== 'object' || Array.isArray(next)) {
        throw new Error(`key ${key} is not a table`);
      }
      table = next;
    }
    return table;
  }

  private keyValue(table: TomlTable) {
    const keys = this.keyPath();
    this.skipSpaces();
    this.expect('=');
    this.skipSpaces();
    const value = this.value();
    const target = this.tableAt(table, keys.slice(0, -1));
    target[keys[keys.length - 1]] = value;
  }

  private keyPath(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.text[this.pos];
      if (char === '"' || char === "'") {
        keys.push(this.string());
      } else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos));
        if (!match) {
          throw new Error(`bad key at ${this.pos}`);
        }
        keys.push(match[0]);
        this.pos += match[0].length;
      }
      this.skipSpaces();
      if (this.text[this.pos] !== '.') {
        return keys;
      }
      this.pos++;
    }
  }

  private value(): TomlValue {
    const char = this.text[this.pos];
    if (char === '"' || char === "'") {
      return this.string();
    }
    if (char === '[') {
      return this.array();
    }
    if (char === '{') {
      return this.inlineTable();
    }
    const match = /^[^\s,\]}#]+/.exec(this.text.slice(this.pos));
    if (!match) {
      throw new Error(`bad value at ${this.pos}`);
    }
    this.pos += match[0].length;
    const raw = match[0];
    if (raw === 'true' || raw === 'false') {
      return raw === 'true';
    }
    const number = Number(raw.replace(/_/g, ''));
    return Number.isNaN(number) ? raw : number;
  }

  private string(): string {
    const quote = this.text[this.pos];
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    if (triple) {
      const end = this.text.indexOf(quote.repeat(3), this.pos + 3);
      if (end < 0) {
        throw new Error('unterminated string');
      }
      const raw = this.text.slice(this.pos + 3, end).replace(/^\n/, '');
      this.pos = end + 3;
      return quote === '"' ? this.unescape(raw) : raw;
    }
    let end = this.pos + 1;
    while (end < this.text.length && this.text[end] !== quote) {
      if (this.text[end] === '\n') {
        throw new Error('unterminated string');
      }
      end += quote === '"' && this.text[end] === '\\' ? 2 : 1;
    }
    if (end >= this.text.length) {
      throw new Error('unterminated string');
    }
    const raw = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return quote === '"' ? this.unescape(raw) : raw;
  }

  private unescape(raw: string): string {
    return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, code: string) => {
      if (code.startsWith('u') && code.length === 5) {
        return String.fromCharCode(parseInt(code.slice(1), 16));
      }
      return (
        ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[code] ?? code
      );
    });
  }

  private array(): TomlValue[] {
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.text[this.pos] === ']') {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipBlank(true);
      if (this.text[this.pos] === ',') {
        this.pos++;
      } else if (this.text[this.pos] !== ']') {
        throw new Error(`bad array at ${this.pos}`);
      }
    }
  }

  private inlineTable(): TomlTable {
    this.pos++;
    const table: TomlTable = {};
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return table;
      }
      this.keyValue(table);
      this.skipSpaces();
      if (this.text[this.pos] === ',') {
        this.pos++;
      } else if (this.text[this.pos] !== '}') {
        throw new Error(`bad inline table at ${this.pos}`);
      }
    }
  }

  private expect(token: string) {
    if (!this.text.startsWith(token, this.pos)) {
      throw new Error(`expected ${token} at ${this.pos}`);
    }
    this.pos += token.length;
  }

  private skipSpaces() {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') {
      this.pos++;
    }
  }

  /** Skips spaces and comments, and newlines too when `newlines` is set. */
  private skipBlank(newlines: boolean) {
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (
        char === ' ' ||
        char === '\t' ||
        char === '\r' ||
        (newlines && char === '\n')
      ) {
        this.pos++;
      } else if (char === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') {
          this.pos++;
        }
      } else {
        return;
      }
    }
  }
}

/**
 * A small TOML reader for manifests (pyproject.toml, Pipfile): tables, arrays of tables,
 * dotted keys, strings, numbers, booleans, arrays and inline tables. Returns undefined
 * for text it cannot read.
 */
export function parseToml(text: string): TomlTable | undefined {
  try {
    return new TomlParser(text).parse();
  } catch {
    return undefined;
  }
}
