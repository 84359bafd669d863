import { PythonSource } from '../../parsing/python';

/** One call in Python source: the callee as written and its arguments. */
export interface PythonCall {
  callee: string;
  positional: string[];
  keywords: Record<string, string>;
  /** The whole call, `callee(args)`. */
  text: string;
}

/** Splits an argument list at top-level commas (not inside brackets or strings). */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') {
        current += char + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if ('([{'.includes(char)) {
      depth++;
    } else if (')]}'.includes(char)) {
      depth--;
    } else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) {
    parts.push(current.trim());
  }
  return parts;
}

/** The text between the parenthesis at `open` and its match, or undefined when unbalanced. */
function parenthesised(text: string, open: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') {
        i++;
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) {
        return text.slice(open + 1, i);
      }
    }
  }
  return undefined;
}

/**
 * Calls whose callee matches `callee` (a pattern ending just before the opening
 * parenthesis, e.g. `/\bazure\.ai\.evaluation\.evaluate/`), with their arguments.
 * Logical lines join calls that span several physical lines.
 */
export function findCalls(source: PythonSource, callee: RegExp): PythonCall[] {
  const pattern = new RegExp(
    `(${callee.source})\\s*\\(`,
    callee.flags.includes('g') ? callee.flags : `${callee.flags}g`,
  );
  const calls: PythonCall[] = [];
  for (const line of source.lines) {
    for (const match of line.text.matchAll(pattern)) {
      const open = (match.index ?? 0) + match[0].length - 1;
      const inner = parenthesised(line.text, open);
      if (inner === undefined) {
        continue;
      }
      const positional: string[] = [];
      const keywords: Record<string, string> = {};
      for (const argument of splitArguments(inner)) {
        const keyword = argument.match(/^(\w+)\s*=(?!=)\s*([\s\S]*)$/);
        if (keyword) {
          keywords[keyword[1]] = keyword[2].trim();
        } else if (!argument.startsWith('*')) {
          positional.push(argument);
        }
      }
      calls.push({
        callee: match[1],
        positional,
        keywords,
        text: `${match[1]}(${inner})`,
      });
    }
  }
  return calls;
}

/** A call's argument given by keyword or at a position. */
export function argumentOf(
  call: PythonCall,
  keyword: string,
  position?: number,
): string | undefined {
  return (
    call.keywords[keyword] ??
    (position !== undefined ? call.positional[position] : undefined)
  );
}
