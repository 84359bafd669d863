/**
 * Helpers for brace-delimited languages (Groovy, TypeScript/JavaScript, Go, HCL):
 * comment removal and block extraction that skip string literals.
 */

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  const triple =
    (quote === '"' || quote === "'") && text.startsWith(quote.repeat(3), start);
  if (triple) {
    const end = text.indexOf(quote.repeat(3), start + 3);
    return end < 0 ? text.length : end + 3;
  }
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\n' && quote !== '`') {
      return i;
    }
    i += text[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

/** Removes `//`, `/* *\/` and (when enabled) `#` comments outside string literals. */
export function stripCLikeComments(text: string, hashComments = false): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i) && text[i - 1] !== ':') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (hashComments && char === '#') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** Index of the brace closing the one at `open`, or -1. */
function matchingBrace(
  text: string,
  open: number,
  openChar = '{',
  closeChar = '}',
): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if (char === openChar) {
      depth++;
    } else if (char === closeChar) {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
    i++;
  }
  return -1;
}

export interface Block {
  /** The header match (the regex must end at the opening brace). */
  match: RegExpMatchArray;
  body: string;
  start: number;
  end: number;
}

/** Finds every block whose header matches `header` (a global regex ending with `{`). */
export function findBlocks(text: string, header: RegExp): Block[] {
  const blocks: Block[] = [];
  const pattern = new RegExp(
    header.source,
    header.flags.includes('g') ? header.flags : `${header.flags}g`,
  );
  for (const match of text.matchAll(pattern)) {
    const open = match.index! + match[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) {
      continue;
    }
    blocks.push({
      match,
      body: text.slice(open + 1, close),
      start: match.index!,
      end: close + 1,
    });
  }
  return blocks;
}

/** Values of string literals in a text ('...', "...", `...`, '''...''', """..."""). */
export function stringLiterals(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(text, i);
      const triple = text.startsWith(char.repeat(3), i);
      values.push(
        triple ? text.slice(i + 3, end - 3) : text.slice(i + 1, end - 1),
      );
      i = end;
    } else {
      i++;
    }
  }
  return values;
}
