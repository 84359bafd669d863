/** The one placeholder a series query template may use. */
export const JOB_PLACEHOLDER = '{{job}}';

type Quote = '"' | "'";

/** Where each `{{job}}` sits in a template, and which quote encloses it. */
interface Placeholder {
  index: number;
  quote: Quote;
}

/**
 * Escapes a value for use inside a PromQL string literal opened with `quote`, so the
 * value can never end the literal and add PromQL of its own. PromQL strings accept the
 * Go escapes; only the opening quote may be escaped, so the other quote stays literal.
 */
export function escapePromqlString(value: string, quote: Quote = '"'): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === quote) {
      escaped += `\\${char}`;
    } else if (char === '\n') {
      escaped += '\\n';
    } else if (char === '\r') {
      escaped += '\\r';
    } else if (char === '\t') {
      escaped += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      escaped += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      escaped += char;
    }
  }
  return escaped;
}

/**
 * Finds the `{{job}}` placeholders of a template with a small PromQL lexer, so each one
 * is known to sit inside a quoted string (where escaping makes it safe). Throws a
 * message (without the config key; the caller adds it) when the template is unsafe.
 */
function findPlaceholders(template: string): Placeholder[] {
  const placeholders: Placeholder[] = [];
  let quote: Quote | '`' | undefined;
  let inComment = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (template.startsWith('{{', i)) {
      const end = template.indexOf('}}', i + 2);
      const placeholder =
        end < 0 ? template.slice(i) : template.slice(i, end + 2);
      if (placeholder !== JOB_PLACEHOLDER) {
        throw new Error(
          `unknown placeholder ${placeholder}; the only placeholder is ${JOB_PLACEHOLDER}`,
        );
      }
      if (quote !== '"' && quote !== "'") {
        throw new Error(
          `${JOB_PLACEHOLDER} must be inside a double- or single-quoted PromQL string, e.g. job="${JOB_PLACEHOLDER}"`,
        );
      }
      placeholders.push({ index: i, quote });
      i += JOB_PLACEHOLDER.length - 1;
    } else if (inComment) {
      inComment = char !== '\n';
    } else if (quote) {
      if (char === '\\' && quote !== '`') {
        i += 1;
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
    } else if (char === '#') {
      inComment = true;
    }
  }
  if (quote) {
    throw new Error(`unterminated ${quote} string`);
  }
  return placeholders;
}

/** Throws when a template cannot be rendered safely; returns nothing otherwise. */
export function validateQueryTemplate(template: string): void {
  if (findPlaceholders(template).length === 0) {
    throw new Error(
      `must select the service's series with ${JOB_PLACEHOLDER}, e.g. {job="${JOB_PLACEHOLDER}"}`,
    );
  }
}

/** Substitutes the job, escaped for the string literal each placeholder sits in. */
export function renderQueryTemplate(template: string, job: string): string {
  let rendered = '';
  let from = 0;
  for (const { index, quote } of findPlaceholders(template)) {
    rendered += template.slice(from, index) + escapePromqlString(job, quote);
    from = index + JOB_PLACEHOLDER.length;
  }
  return rendered + template.slice(from);
}
