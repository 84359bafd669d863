import { isMap, toYamlText } from './yaml';

/** Context of a chart render: its values and chart metadata. */
export interface HelmContext {
  values: unknown;
  chartName: string;
  /** Fields of Chart.yaml (`appVersion`, `version`...) for `.Chart.*` references. */
  chart?: Record<string, unknown>;
}

interface Frame {
  kind: 'if' | 'with' | 'range' | 'skip';
  /** This branch renders. */
  active: boolean;
  /** A branch of this if/else chain already rendered. */
  taken: boolean;
  /** The value `.` refers to inside `with` / `range`. */
  dot: unknown;
}

const PLACEHOLDER = 'helm-value';

function lookupPath(root: unknown, path: string): unknown {
  let current = root;
  for (const key of path.split('.').filter(Boolean)) {
    if (!isMap(current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

/**
 * A small Helm renderer for recognition, not for deployment: resolves `.Values`
 * references, `if`/`with`/`range`/`else`, `toYaml ... | nindent`, `default` and
 * `quote`, and replaces anything else with a placeholder so the YAML still parses.
 * Blocks disabled by values (an HPA behind `autoscaling.enabled: false`) are dropped.
 */
export function renderHelmTemplate(
  template: string,
  context: HelmContext,
): string {
  const stack: Frame[] = [];
  const active = () => stack.every(frame => frame.active);
  const dot = () => {
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].kind === 'with' || stack[i].kind === 'range') {
        return stack[i].dot;
      }
    }
    return { Values: context.values };
  };

  const resolve = (term: string): unknown => {
    const trimmed = term.trim().replace(/^\(|\)$/g, '');
    if (/^"(.*)"$/.test(trimmed)) {
      return trimmed.slice(1, -1);
    }
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) {
      return Number(trimmed);
    }
    if (trimmed === 'true' || trimmed === 'false') {
      return trimmed === 'true';
    }
    const values = trimmed.match(/^\$?\.Values((?:\.[\w-]+)*)$/);
    if (values) {
      return lookupPath(context.values, values[1]);
    }
    if (/^\$?\.Release\.Name$/.test(trimmed)) {
      return 'release-name';
    }
    if (/^\$?\.Release\.Namespace$/.test(trimmed)) {
      return 'default';
    }
    const chartField = trimmed.match(/^\$?\.Chart\.(\w+)$/);
    if (chartField) {
      const key =
        chartField[1].charAt(0).toLowerCase() + chartField[1].slice(1);
      return key === 'name' ? context.chartName : context.chart?.[key];
    }
    if (trimmed === '.') {
      return dot();
    }
    const field = trimmed.match(/^\.((?:[\w-]+\.?)+)$/);
    if (field) {
      return lookupPath(dot(), field[1]);
    }
    return undefined;
  };

  /** Evaluates a pipeline like `.Values.x | default 3 | quote`. */
  const evaluate = (
    expression: string,
  ): { value: unknown; indent?: number; newline?: boolean } => {
    const parts = expression.split('|').map(part => part.trim());
    let value: unknown;
    let indent: number | undefined;
    let newline = false;
    let yaml = false;
    parts.forEach((part, index) => {
      const words = part.split(/\s+/);
      const fn = words[0];
      if (index === 0) {
        if (fn === 'toYaml') {
          yaml = true;
          value = resolve(words.slice(1).join(' '));
        } else if (fn === 'default') {
          const fallback = resolve(words[1]);
          const actual = resolve(words.slice(2).join(' '));
          value =
            actual === undefined || actual === null || actual === ''
              ? fallback
              : actual;
        } else if (
          fn === 'required' ||
          fn === 'quote' ||
          fn === 'toString' ||
          fn === 'int' ||
          fn === 'trunc'
        ) {
          value = resolve(words[words.length - 1]);
        } else if (
          fn === 'include' ||
          fn === 'template' ||
          fn === 'tpl' ||
          fn === 'printf'
        ) {
          value = undefined;
        } else {
          value = resolve(part);
        }
        return;
      }
      if (
        fn === 'default' &&
        (value === undefined || value === null || value === '')
      ) {
        value = resolve(words.slice(1).join(' '));
      } else if (fn === 'toYaml') {
        yaml = true;
      } else if (fn === 'nindent' || fn === 'indent') {
        indent = Number(words[1]) || 0;
        newline = fn === 'nindent';
      }
    });
    if (yaml) {
      value = { yaml: value };
    }
    return { value, indent, newline };
  };

  const truthy = (condition: string): boolean => {
    const words = condition.trim();
    const not = words.match(/^not\s+(.+)$/);
    if (not) {
      return !truthy(not[1]);
    }
    const combined = words.match(/^(and|or)\s+(.+)$/);
    if (combined) {
      const terms = combined[2].match(/\([^)]*\)|\S+/g) ?? [];
      const results = terms.map(term => truthy(term.replace(/^\(|\)$/g, '')));
      return combined[1] === 'and'
        ? results.every(Boolean)
        : results.some(Boolean);
    }
    const eq = words.match(/^(eq|ne)\s+(\S+)\s+(\S+)$/);
    if (eq) {
      const same = resolve(eq[2]) === resolve(eq[3]);
      return eq[1] === 'eq' ? same : !same;
    }
    const value = resolve(words);
    if (
      value === undefined &&
      !/^\$?\.Values/.test(words) &&
      !/^\.[\w.]+$/.test(words)
    ) {
      return true;
    }
    if (Array.isArray(value)) {
      return value.length > 0;
    }
    if (isMap(value)) {
      return Object.keys(value).length > 0;
    }
    return Boolean(value);
  };

  const output: string[] = [];
  for (const line of template.split('\n')) {
    let rendered = '';
    let onlyControl = true;
    let lastIndex = 0;
    for (const match of line.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)) {
      const text = line.slice(lastIndex, match.index);
      if (active()) {
        rendered += text;
      }
      if (text.trim()) {
        onlyControl = false;
      }
      lastIndex = match.index! + match[0].length;
      const action = match[1].trim();
      const keyword = action.split(/\s+/)[0];
      if (
        action.startsWith('/*') ||
        keyword === '$' ||
        /^\$\w+\s*:?=/.test(action)
      ) {
        continue;
      }
      if (keyword === 'if') {
        const result = active() && truthy(action.slice(2));
        stack.push({
          kind: 'if',
          active: result,
          taken: result,
          dot: undefined,
        });
      } else if (keyword === 'else') {
        const frame = stack[stack.length - 1];
        if (frame) {
          const condition = action.replace(/^else\s*(if\s+)?/, '');
          const isElseIf = /^else\s+if\b/.test(action);
          const parentActive = stack.slice(0, -1).every(f => f.active);
          const result =
            !frame.taken &&
            parentActive &&
            (isElseIf ? truthy(condition) : true);
          frame.active = result;
          frame.taken = frame.taken || result;
        }
      } else if (keyword === 'with') {
        const value = resolve(action.slice(4));
        const result = active() && truthy(action.slice(4));
        stack.push({ kind: 'with', active: result, taken: result, dot: value });
      } else if (keyword === 'range') {
        const expression = action.replace(
          /^range\s+(\$\w+\s*,\s*)?(\$\w+\s*:=\s*)?/,
          '',
        );
        const value = resolve(expression);
        const items = Array.isArray(value)
          ? value
          : Object.values(isMap(value) ? value : {});
        const first = items[0];
        stack.push({
          kind: 'range',
          active: active() && first !== undefined,
          taken: true,
          dot: first,
        });
      } else if (keyword === 'define' || keyword === 'block') {
        stack.push({
          kind: 'skip',
          active: false,
          taken: false,
          dot: undefined,
        });
      } else if (keyword === 'end') {
        stack.pop();
      } else {
        onlyControl = false;
        if (!active()) {
          continue;
        }
        const { value, indent, newline } = evaluate(action);
        if (isMap(value) && 'yaml' in value) {
          const body =
            value.yaml === undefined || value.yaml === null
              ? '{}'
              : toYamlText(value.yaml).trimEnd();
          const pad = ' '.repeat(indent ?? 0);
          const lines = body
            .split('\n')
            .map(l => `${pad}${l}`)
            .join('\n');
          if (newline) {
            rendered += `\n${lines}`;
          } else {
            rendered += indent === undefined ? body : lines.trimStart();
          }
        } else if (indent !== undefined) {
          rendered += `${
            newline ? `\n${' '.repeat(indent)}` : ''
          }${PLACEHOLDER}: included`;
        } else if (
          value === undefined ||
          value === null ||
          isMap(value) ||
          Array.isArray(value)
        ) {
          rendered += PLACEHOLDER;
        } else {
          rendered += String(value);
        }
      }
    }
    const rest = line.slice(lastIndex);
    if (active()) {
      rendered += rest;
    }
    if (rest.trim()) {
      onlyControl = false;
    }
    if (lastIndex > 0 && onlyControl && rendered.trim() === '') {
      continue;
    }
    if (active() || lastIndex > 0) {
      if (rendered.trim() !== '' || lastIndex === 0) {
        output.push(rendered);
      }
    }
  }
  return output.join('\n');
}
