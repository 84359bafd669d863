/** One simple command of a shell script, normalised for recognition. */
export interface ShellCommand {
  /** The command with wrappers (`sudo`, `poetry run`, env assignments...) removed. */
  text: string;
  /** The exit status is discarded (`|| true`, `|| echo`, `; exit 0`). */
  resultIgnored: boolean;
  /** Inline program text passed on stdin or with `-c` (`python - <<EOF`, `python -c`). */
  inlineProgram?: string;
}

/** Commands that do nothing a maturity check cares about. */
const TRIVIAL_COMMAND =
  /^(echo|printf|sleep|true|false|:|exit|cat|ls|pwd|env|printenv|cd|export|set|date|whoami|mkdir|touch|which|uname|df|du|tree|source\s+\S*activate|unset|shopt|wait)\b/;

export function isTrivialCommand(text: string): boolean {
  return TRIVIAL_COMMAND.test(text) || text === '';
}

const WRAPPERS: RegExp[] = [
  /^(sudo|time|exec|nohup|command|builtin|xvfb-run)(\s+-\S+)*\s+/,
  /^env(\s+-\S+)*(\s+\w+=\S*)*\s+/,
  /^timeout\s+\d+\w?\s+/,
  /^(npx|pnpx|bunx)(\s+(-y|--yes|-p\s+\S+|--package[= ]\S+))*\s+/,
  /^(pnpm|yarn)\s+(exec|dlx)\s+/,
  /^(poetry|pipenv|pdm|rye|hatch)\s+run(\s+-\S+)*\s+/,
  /^hatch\s+run\s+\S+:/,
  /^uv\s+run(\s+--?[\w-]+(=\S+)?)*\s+(?=[a-z./])/,
  /^uvx\s+/,
  /^(conda|mamba|micromamba)\s+run\s+(-n|--name|-p|--prefix)\s+\S+(\s+--no-capture-output)?\s+/,
  /^(dotenv|doppler|op|infisical)\s+run(\s+-\S+(\s+\S+)?)*?\s+--\s+/,
  /^coverage\s+run(\s+--?\S+)*?\s+-m\s+/,
  /^coverage\s+run(\s+--?\S+)*\s+/,
  /^(accelerate\s+launch|torchrun|deepspeed|horovodrun|mpirun|python\s+-m\s+torch\.distributed\.(launch|run))(\s+--?[\w-]+(=\S+|\s+(?!-)\S+)?)*?\s+(?=\S+\.py\b)/,
];

/** `python -m <tool>` spellings of command-line tools. */
const PYTHON_MODULE_TOOLS =
  /^python[\d.]*\s+-m\s+(pytest|unittest|pip_audit|bandit|black|ruff|flake8|mypy|pylint|isort|tox|nox|great_expectations|safety|pip|build|twine|dvc|mlflow|deepeval|promptfoo|pyright|semgrep|detect_secrets|pre_commit|pydocstyle|doctest)\b/;

function stripWrappers(text: string): string {
  let current = text.trim();
  for (let guard = 0; guard < 10; guard++) {
    const before = current;
    current = current
      .replace(/^(then|else|do|if|while|until|elif|!|\{|\()\s+/, '')
      .replace(/^\(+/, '')
      .replace(/^(\w+=("[^"]*"|'[^']*'|[^\s]*)\s+)+/, '');
    for (const wrapper of WRAPPERS) {
      current = current.replace(wrapper, '');
    }
    const module = current.match(PYTHON_MODULE_TOOLS);
    if (module) {
      current = `${module[1].replace(/_/g, '-')}${current.slice(
        module[0].length,
      )}`;
    }
    current = current
      .replace(/^py\.test\b/, 'pytest')
      .replace(/\s*[)}]+\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (current === before) {
      break;
    }
  }
  return current;
}

/** Splits a line on `&&`, `||`, `;`, `|` outside quotes, keeping the separators. */
function splitOperators(line: string): Array<{ text: string; next: string }> {
  const parts: Array<{ text: string; next: string }> = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\' && quote === '"') {
        current += char + (line[i + 1] ?? '');
        i++;
        continue;
      }
      if (char === quote) {
        quote = undefined;
      }
      current += char;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      quote = char;
      current += char;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      parts.push({ text: current, next: two });
      current = '';
      i++;
      continue;
    }
    if (char === ';' || char === '|') {
      parts.push({ text: current, next: char });
      current = '';
      continue;
    }
    current += char;
  }
  parts.push({ text: current, next: '' });
  return parts;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

const IGNORES_FAILURE = /^(true|:|echo\b|printf\b|exit\s+0\b)/;

/** Unquotes `bash -c "..."` / `sh -c '...'` / `ssh host "..."` so the inner command is seen. */
function innerScript(text: string): string | undefined {
  const match = text.match(
    /^(?:(?:ba|z|da)?sh\s+(?:-\w+\s+)*-c|ssh(?:\s+-\S+(?:\s+\S+)?)*\s+\S+)\s+(["'])([\s\S]*)\1\s*$/,
  );
  return match ? match[2] : undefined;
}

/**
 * Takes `$(...)` and backtick command substitutions out of a line (`id=$(az ml job
 * create ...)` runs `az ml job create`), leaving a placeholder behind.
 */
function extractSubstitutions(line: string): {
  line: string;
  substitutions: string[];
} {
  const substitutions: string[] = [];
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === "'" && quote !== '"') {
      quote = quote === "'" ? undefined : "'";
    } else if (char === '"' && quote !== "'") {
      quote = quote === '"' ? undefined : '"';
    }
    if (
      quote !== "'" &&
      char === '$' &&
      line[i + 1] === '(' &&
      line[i + 2] !== '('
    ) {
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '(') {
          depth++;
        } else if (line[j] === ')' && --depth === 0) {
          break;
        }
      }
      substitutions.push(line.slice(i + 2, j));
      out += 'x';
      i = j;
      continue;
    }
    if (quote !== "'" && char === '`') {
      const end = line.indexOf('`', i + 1);
      if (end > i) {
        substitutions.push(line.slice(i + 1, end));
        out += 'x';
        i = end;
        continue;
      }
    }
    out += char;
  }
  return { line: out, substitutions };
}

/** Parses a shell script into simple commands. */
export function parseShellScript(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const physical = script
    .replace(/\r\n/g, '\n')
    // CI expressions (`${{ matrix.python }}`) are values, not shell syntax.
    .replace(/\$\{\{[\s\S]*?\}\}/g, 'x')
    .replace(/\\\n\s*/g, ' ')
    .split('\n');
  for (let index = 0; index < physical.length; index++) {
    const line = stripComment(physical[index]).trim();
    if (!line) {
      continue;
    }
    let heredoc: string | undefined;
    const heredocStart = line.match(/<<-?\s*(['"]?)(\w+)\1/);
    if (heredocStart) {
      const terminator = heredocStart[2];
      const body: string[] = [];
      while (
        index + 1 < physical.length &&
        physical[index + 1].trim() !== terminator
      ) {
        body.push(physical[++index]);
      }
      index++;
      heredoc = body.join('\n');
    }
    const { line: flattened, substitutions } = extractSubstitutions(
      line.replace(/<<-?\s*(['"]?)\w+\1/, ''),
    );
    substitutions.forEach(inner => commands.push(...parseShellScript(inner)));
    const segments = splitOperators(flattened);
    segments.forEach((segment, i) => {
      const text = stripWrappers(segment.text);
      if (!text) {
        return;
      }
      const following = segments[i + 1]
        ? stripWrappers(segments[i + 1].text)
        : '';
      const resultIgnored =
        (segment.next === '||' && IGNORES_FAILURE.test(following)) ||
        (segment.next === ';' && /^exit\s+0\b/.test(following));
      const inner = innerScript(text);
      if (inner) {
        for (const command of parseShellScript(inner)) {
          commands.push({
            ...command,
            resultIgnored: command.resultIgnored || resultIgnored,
          });
        }
        return;
      }
      const inlineFlag = text.match(/^python[\d.]*\s+-c\s+(["'])([\s\S]*)\1/);
      const inlineProgram =
        inlineFlag?.[2] ??
        (heredoc !== undefined && /^python[\d.]*\b/.test(text)
          ? heredoc
          : undefined);
      commands.push(
        inlineProgram !== undefined
          ? { text, resultIgnored, inlineProgram }
          : { text, resultIgnored },
      );
    });
  }
  return commands;
}

/** Splits a command into words, honouring simple quotes. */
export function shellWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    match => match[1] ?? match[2] ?? match[3],
  );
}

/** Shortens a command for a message: the first words, without long values. */
export function commandLabel(text: string, maxWords = 4): string {
  const words = text.split(/\s+/).slice(0, maxWords);
  const label = words.join(' ');
  return label.length > 80 ? `${label.slice(0, 77)}...` : label;
}
