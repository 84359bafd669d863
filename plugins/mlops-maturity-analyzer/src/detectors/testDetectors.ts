import { RepoFileSet } from '../RepoFileSet';
import { findBlocks, stripCLikeComments } from '../parsing/blocks';
import {
  basenameOf,
  commonDirectory,
  directorySegments,
} from '../parsing/paths';
import { PythonFunction, PythonSource } from '../parsing/python';
import { code, DetectorResult, Findings, listForHumans } from './types';

/** What a test file contains. */
interface TestFileResult {
  path: string;
  tool: string;
  real: number;
  placeholders: string[];
  skipped: number;
  empty: number;
}

const LITERAL =
  /^\s*(True|False|None|true|false|null|undefined|-?\d+(\.\d+)?|"[^"]*"|'[^']*'|`[^`]*`)\s*$/;

/** `assert True`, `assert 1 == 1`, `assert x == x`: assertions that cannot fail. */
function trivialPythonAssert(expression: string): boolean {
  const condition = expression
    .split(/,(?=(?:[^"']|"[^"]*"|'[^']*')*$)/)[0]
    .trim();
  if (
    LITERAL.test(condition) &&
    !/^(False|None|0|""|'')$/.test(condition.trim())
  ) {
    return true;
  }
  if (/^not\s+(False|None|0)$/.test(condition)) {
    return true;
  }
  const comparison = condition.match(/^(.+?)\s*(==|is|>=|<=)\s*(.+)$/);
  if (comparison) {
    const [left, right] = [comparison[1].trim(), comparison[3].trim()];
    return (
      left === right ||
      (LITERAL.test(left) && LITERAL.test(right) && left === right) ||
      (/^\d+$/.test(left) && /^\d+$/.test(right))
    );
  }
  return false;
}

const REAL_PYTHON_CHECK =
  /\bpytest\.(raises|warns|approx)\b|\bself\.assertRaises\w*\s*\(|\b(numpy|pandas|torch|tensorflow)\.testing\.assert\w*\s*\(|\bassert_(frame|series|index)_equal\s*\(|\bassert_that\s*\(|\.assert_(called|awaited|any_call|has_calls|not_called)\w*\s*\(|\bdeepeval\.assert_test\s*\(|\bnumpy\.testing\.\w+\s*\(|\bassert_allclose\s*\(|\bassert_array_\w+\s*\(|\bsyrupy\b|\bsnapshot\s*==/;

function assertionKind(lines: string[]): 'real' | 'trivial' | 'none' {
  let trivial = false;
  for (const line of lines) {
    const assertion = line.match(/^assert\s+(.+)$/);
    if (assertion) {
      if (!trivialPythonAssert(assertion[1])) {
        return 'real';
      }
      trivial = true;
      continue;
    }
    const unittest = line.match(/\bself\.assert(\w+)\s*\((.*)\)\s*$/);
    if (unittest) {
      const args = unittest[2].split(',').map(a => a.trim());
      const literalOnly = args.slice(0, 2).every(a => LITERAL.test(a));
      const sameArgs = args.length >= 2 && args[0] === args[1];
      if (
        (literalOnly && /^(True|Equal|IsNotNone|Is)$/.test(unittest[1])) ||
        (sameArgs && /Equal|Is$/.test(unittest[1]))
      ) {
        trivial = true;
        continue;
      }
      return 'real';
    }
    if (REAL_PYTHON_CHECK.test(line)) {
      return 'real';
    }
  }
  return trivial ? 'trivial' : 'none';
}

const SKIP_DECORATOR =
  /^(pytest\.mark\.skip\b(?!if)|unittest\.(case\.)?skip\b(?!If|Unless))/;

function pythonTestFile(source: PythonSource): TestFileResult {
  const result: TestFileResult = {
    path: source.path,
    tool: 'pytest',
    real: 0,
    placeholders: [],
    skipped: 0,
    empty: 0,
  };
  const moduleSkipped =
    /^pytestmark\s*=\s*(\[?\s*)?pytest\.mark\.skip\b(?!if)/m.test(source.code);
  const skippedClasses = new Set(
    source
      .classes()
      .filter(c => c.decorators.some(d => SKIP_DECORATOR.test(d)))
      .map(c => c.name),
  );
  const functions = source.functions();
  const helpers = new Map<string, PythonFunction>(
    functions
      .filter(fn => !fn.name.startsWith('test'))
      .map(fn => [fn.name, fn]),
  );
  const helperAsserts = (fn: PythonFunction, depth: number): boolean => {
    if (depth > 2) {
      return false;
    }
    return fn.body.some(line =>
      [...line.matchAll(/\b(\w+)\s*\(/g)].some(call => {
        const helper = helpers.get(call[1]);
        return (
          helper !== undefined &&
          helper !== fn &&
          (assertionKind(helper.body) === 'real' ||
            helperAsserts(helper, depth + 1))
        );
      }),
    );
  };
  for (const fn of functions) {
    if (
      !/^test/.test(fn.name) ||
      (fn.className &&
        !/^Test|Test$|Tests$/.test(fn.className) &&
        !source
          .classes()
          .find(c => c.name === fn.className)
          ?.bases.some(b => /TestCase$/.test(b)))
    ) {
      continue;
    }
    if (
      moduleSkipped ||
      fn.decorators.some(d => SKIP_DECORATOR.test(d)) ||
      (fn.className && skippedClasses.has(fn.className)) ||
      /^(pytest\.skip|self\.skipTest)\s*\(/.test(fn.body[0] ?? '')
    ) {
      result.skipped++;
      continue;
    }
    const meaningful = fn.body.filter(
      line => !/^(pass|\.\.\.|""|return)$/.test(line),
    );
    if (meaningful.length === 0) {
      result.empty++;
      result.placeholders.push(`${fn.name} (empty)`);
      continue;
    }
    const kind = assertionKind(fn.body);
    if (kind === 'real' || helperAsserts(fn, 0)) {
      result.real++;
    } else {
      result.placeholders.push(
        `${fn.name} (${
          kind === 'trivial' ? 'asserts a constant' : 'asserts nothing'
        })`,
      );
    }
  }
  return result;
}

const JS_TEST_HEADER =
  /\b(it|test)(\.only|\.concurrent|\.each\s*\([^)]*\)|\.each`[^`]*`)?\s*\(\s*(['"`])(?:(?!\3)[^\\]|\\.)*\3\s*,\s*(?:async\s*)?(?:function\s*\w*\s*\([^)]*\)|\([^)]*\)\s*=>|\w+\s*=>)\s*\{/g;
const JS_SKIPPED =
  /\b(it|test|describe)\.(skip|todo)\s*\(|\bx(it|test|describe)\s*\(/g;

const JS_RUNNERS = [
  { tool: 'vitest', pattern: /from\s+['"]vitest['"]/ },
  { tool: 'playwright', pattern: /from\s+['"]@playwright\/test['"]/ },
  {
    tool: 'mocha',
    pattern: /require\(['"](chai|mocha)['"]\)|from\s+['"](chai|mocha)['"]/,
  },
];

function jsTestFile(path: string, text: string): TestFileResult {
  const source = stripCLikeComments(text);
  const tool =
    JS_RUNNERS.find(runner => runner.pattern.test(source))?.tool ?? 'jest';
  const result: TestFileResult = {
    path,
    tool,
    real: 0,
    placeholders: [],
    skipped: (source.match(JS_SKIPPED) ?? []).length,
    empty: 0,
  };
  const skippedRanges = findBlocks(source, /\bdescribe\.skip\s*\([^{]*\{/g).map(
    b => [b.start, b.end],
  );
  for (const block of findBlocks(source, JS_TEST_HEADER)) {
    if (
      skippedRanges.some(
        ([start, end]) => block.start > start && block.start < end,
      )
    ) {
      result.skipped++;
      continue;
    }
    const name = block.match[0].match(/(['"`])(.*?)\1/)?.[2] ?? 'test';
    const body = block.body;
    if (body.trim() === '') {
      result.empty++;
      result.placeholders.push(`${name} (empty)`);
      continue;
    }
    const expects = [
      ...body.matchAll(/\bexpect\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)/g),
    ].map(m => m[1]);
    const asserts = [
      ...body.matchAll(
        /\bassert(?:\.\w+)?\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)/g,
      ),
    ].map(m => m[1].split(',')[0]);
    const real =
      expects.some(arg => !LITERAL.test(arg)) ||
      asserts.some(arg => !LITERAL.test(arg)) ||
      /\.expect\(\s*\d{3}|toMatchSnapshot|toMatchInlineSnapshot|expect\.assertions/.test(
        body,
      );
    if (real) {
      result.real++;
    } else {
      result.placeholders.push(
        `${name} (${
          expects.length || asserts.length
            ? 'asserts a constant'
            : 'asserts nothing'
        })`,
      );
    }
  }
  return result;
}

function goTestFile(path: string, text: string): TestFileResult {
  const source = stripCLikeComments(text);
  const result: TestFileResult = {
    path,
    tool: 'go-test',
    real: 0,
    placeholders: [],
    skipped: 0,
    empty: 0,
  };
  for (const block of findBlocks(
    source,
    /\bfunc\s+(Test\w+)\s*\(\s*\w+\s+\*testing\.T\s*\)\s*\{/g,
  )) {
    const body = block.body.trim();
    if (/^t\.Skip/.test(body)) {
      result.skipped++;
    } else if (body === '') {
      result.empty++;
      result.placeholders.push(`${block.match[1]} (empty)`);
    } else if (
      /\bt\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\(|\b(assert|require)\.\w+\s*\(|\bcmp\.Diff\s*\(/.test(
        body,
      )
    ) {
      result.real++;
    } else {
      result.placeholders.push(`${block.match[1]} (asserts nothing)`);
    }
  }
  return result;
}

function isPythonTestFile(path: string, text: string): boolean {
  const base = basenameOf(path);
  if (/^test_.*\.py$|_test\.py$/.test(base)) {
    return true;
  }
  return (
    /\.py$/.test(base) &&
    base !== 'conftest.py' &&
    directorySegments(path).some(s => s === 'tests' || s === 'test') &&
    /^\s*(async\s+)?def\s+test/m.test(text)
  );
}

const TOOL_LABELS: Record<string, string> = {
  pytest: 'pytest',
  jest: 'Jest',
  vitest: 'Vitest',
  mocha: 'Mocha',
  playwright: 'Playwright',
  'go-test': 'Go',
};

/** Test suites with real assertions; placeholder, empty and skipped tests are rejected. */
export function detectTests(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  const results: TestFileResult[] = [];
  for (const file of files.files) {
    if (isPythonTestFile(file.path, file.text)) {
      const source = files.python(file.path);
      if (source) {
        results.push(pythonTestFile(source));
      }
    } else if (
      /\.(test|spec)\.(ts|tsx|js|jsx|mjs|cjs)$/.test(file.path) ||
      /(^|\/)__tests__\/.+\.(ts|tsx|js|jsx)$/.test(file.path)
    ) {
      results.push(jsTestFile(file.path, file.text));
    } else if (/_test\.go$/.test(file.path)) {
      results.push(goTestFile(file.path, file.text));
    }
  }
  for (const result of results) {
    if (result.real > 0) {
      continue;
    }
    const total = result.placeholders.length + result.skipped;
    if (total === 0) {
      continue;
    }
    const reason =
      result.placeholders.length === 0
        ? `all ${result.skipped} test${
            result.skipped === 1 ? ' is' : 's are'
          } skipped`
        : `it has only placeholder tests: ${listForHumans(
            result.placeholders.map(code),
            3,
          )}${result.skipped ? ` (and ${result.skipped} skipped)` : ''}`;
    findings.reject(
      'tests',
      result.tool,
      result.path,
      `${result.path} does not test anything: ${reason}`,
    );
  }
  const byTool = new Map<string, TestFileResult[]>();
  for (const result of results.filter(r => r.real > 0)) {
    byTool.set(result.tool, [...(byTool.get(result.tool) ?? []), result]);
  }
  for (const [tool, toolResults] of byTool) {
    const paths = toolResults.map(r => r.path);
    const dir = commonDirectory(paths);
    const functions = toolResults.reduce((sum, r) => sum + r.real, 0);
    const placeholders = toolResults.reduce(
      (sum, r) => sum + r.placeholders.length,
      0,
    );
    const skipped = toolResults.reduce((sum, r) => sum + r.skipped, 0);
    findings.signal(
      'tests',
      tool,
      paths.length === 1 ? paths[0] : dir || paths[0],
      `${TOOL_LABELS[tool] ?? tool} tests: ${functions} test${
        functions === 1 ? '' : 's'
      } with real assertions in ${paths.length} file${
        paths.length === 1 ? '' : 's'
      }${dir ? ` under ${dir}/` : ''}`,
      {
        testFiles: paths.length,
        testFunctions: functions,
        placeholders,
        skipped,
        files: paths.slice(0, 20),
      },
    );
  }
  return findings.result();
}
