import { RepoFileSet } from '../../RepoFileSet';
import { basenameOf, dirnameOf, extensionOf } from '../../parsing/paths';
import { PythonSource, stringLiteral } from '../../parsing/python';
import {
  asArray,
  asString,
  isMap,
  parseYamlDocuments,
  YamlMap,
} from '../../parsing/yaml';
import { LLM_EVALUATION, matchAll } from '../python/pythonPatterns';
import { isDocsPath, isTestPath } from '../python/pythonFiles';
import { code, Findings, listForHumans } from '../types';
import { argumentOf, findCalls } from './calls';

/** Rows of a dataset file (CSV/TSV without header, JSONL lines, JSON/YAML list items). */
export function countRows(files: RepoFileSet, path: string): number | null {
  const text = files.get(path)?.text;
  if (text === undefined) {
    return null;
  }
  const ext = extensionOf(path);
  if (ext === 'csv' || ext === 'tsv' || ext === 'jsonl') {
    const lines = text.split('\n').filter(line => line.trim());
    return ext === 'jsonl' ? lines.length : Math.max(0, lines.length - 1);
  }
  if (ext === 'json') {
    return asArray(files.json(path)).length;
  }
  return asArray(files.yaml(path)[0]).length;
}

/** A data file a path in code or configuration names, resolved like the tool would. */
function resolveDataFile(
  files: RepoFileSet,
  fromDir: string,
  reference: string,
): string | undefined {
  return (
    files.resolve(fromDir, reference) ??
    files.resolve(fromDir, reference.replace(/^\/+/, ''))
  );
}

const DATASET_LITERAL = /["']([^"'\n]+\.(?:jsonl|csv|tsv))["']/g;

/** The first dataset file (JSONL, CSV, TSV) the code names that exists, with its rows. */
function datasetNamedIn(
  files: RepoFileSet,
  source: PythonSource,
): { path: string; rows: number } | undefined {
  for (const match of source.code.matchAll(DATASET_LITERAL)) {
    const path = resolveDataFile(files, dirnameOf(source.path), match[1]);
    const rows = path ? countRows(files, path) : null;
    if (path && rows !== null) {
      return { path, rows };
    }
  }
  return undefined;
}

/** How each evaluation framework's run call receives its cases. */
const EVALUATION_RUNS: Record<
  string,
  {
    callee: RegExp;
    keyword: string;
    /** Where the data is passed positionally; it may depend on which function is called. */
    position?: number | ((callee: string) => number);
    call: string;
  }
> = {
  'azure-ai-evaluation': {
    callee: /\bazure\.ai\.evaluation\.evaluate/,
    keyword: 'data',
    call: 'evaluate',
  },
  ragas: {
    callee: /\bragas\.(?:evaluation\.)?evaluate/,
    keyword: 'dataset',
    position: 0,
    call: 'ragas.evaluate',
  },
  deepeval: {
    callee: /\bdeepeval\.evaluate(?:\.evaluate)?/,
    keyword: 'test_cases',
    position: 0,
    call: 'deepeval.evaluate',
  },
  langsmith: {
    callee: /\blangsmith(?:\.evaluation)?\.a?evaluate|\b\w+\.a?evaluate/,
    keyword: 'data',
    position: 1,
    call: 'evaluate',
  },
  mlflow: {
    callee: /\bmlflow\.(?:genai\.)?evaluate/,
    keyword: 'data',
    // `mlflow.evaluate(model, data)` but `mlflow.genai.evaluate(data, scorers)`.
    position: callee => (callee.includes('genai') ? 0 : 1),
    call: 'mlflow.evaluate',
  },
};

const EMPTY_LITERAL = /^(\[\s*\]|\(\s*\)|\{\s*\}|""|''|None)$/;

type CaseCount =
  | { cases: number | null; dataset?: string }
  | { rejected: string };

/**
 * The cases an evaluation run gets: the rows of the data it is given, or of the dataset
 * file the code names; a run without data, with an empty literal or an empty file
 * evaluates nothing.
 */
function evaluationCases(
  files: RepoFileSet,
  source: PythonSource,
  tool: string,
): CaseCount {
  const run = EVALUATION_RUNS[tool];
  const calls = run ? findCalls(source, run.callee) : [];
  const data = calls.map(call =>
    argumentOf(
      call,
      run.keyword,
      typeof run.position === 'function'
        ? run.position(call.callee)
        : run.position,
    ),
  );
  if (calls.length > 0 && data.every(d => d === undefined)) {
    return {
      rejected: `${source.path} calls ${code(
        run.call,
      )} without data, so it evaluates nothing`,
    };
  }
  if (calls.length > 0 && data.every(d => d && EMPTY_LITERAL.test(d))) {
    return {
      rejected: `${source.path} calls ${code(run.call)} with ${code(
        data[0]!,
      )} as its data, so it evaluates nothing`,
    };
  }
  for (const argument of data) {
    const literal = stringLiteral(argument);
    const path =
      literal && resolveDataFile(files, dirnameOf(source.path), literal);
    if (path) {
      const rows = countRows(files, path);
      if (rows === 0) {
        return {
          rejected: `${source.path} evaluates the dataset ${path}, which has no rows`,
        };
      }
      return { cases: rows, dataset: path };
    }
  }
  const named = datasetNamedIn(files, source);
  if (named && named.rows > 0) {
    return { cases: named.rows, dataset: named.path };
  }
  if (tool === 'deepeval') {
    const written = source.code.match(/\b(LLMTestCase|Golden)\s*\(/g)?.length;
    return { cases: written ?? null };
  }
  return { cases: null };
}

/** Evaluation code of the frameworks that run a dataset through metrics (ragas, deepeval, Azure AI evaluation, LangSmith, MLflow). */
export function pythonEvaluations(files: RepoFileSet, findings: Findings) {
  for (const source of files.pythonSources().filter(s => !isDocsPath(s.path))) {
    const matches = matchAll(source, LLM_EVALUATION);
    for (const match of matches) {
      const counted = evaluationCases(files, source, match.tool);
      if ('rejected' in counted) {
        findings.reject('llm-eval', match.tool, source.path, counted.rejected);
        continue;
      }
      const cases =
        counted.cases === null
          ? ''
          : `, ${counted.cases} case${counted.cases === 1 ? '' : 's'}${
              counted.dataset ? ` from ${counted.dataset}` : ''
            }`;
      findings.signal(
        'llm-eval',
        match.tool,
        source.path,
        `${source.path} evaluates LLM output with ${match.tool} (${code(
          match.evidence,
        )}${cases})`,
        {
          call: match.evidence,
          inTests: isTestPath(source.path),
          ...(counted.cases !== null ? { cases: counted.cases } : {}),
          ...(counted.dataset ? { dataset: counted.dataset } : {}),
        },
      );
    }
    if (
      matches.length === 0 &&
      source.importsModule('deepeval') &&
      !/\b(LLMTestCase|EvaluationDataset|Golden|ConversationalTestCase)\s*\(/.test(
        source.code,
      )
    ) {
      findings.reject(
        'llm-eval',
        'deepeval',
        source.path,
        `${source.path} imports deepeval but defines no test cases, so it evaluates nothing`,
      );
    } else if (
      matches.length === 0 &&
      source.importsModule('ragas') &&
      !/\bragas\.(evaluation\.)?evaluate\s*\(/.test(source.code)
    ) {
      findings.reject(
        'llm-eval',
        'ragas',
        source.path,
        `${source.path} imports ragas but never runs an evaluation`,
      );
    }
  }
}

/** Front matter of a Prompty file (the YAML between the leading `---` lines). */
export function promptyFrontMatter(text: string): YamlMap | undefined {
  const match = text.match(/^---\s*\n([\s\S]*?)\n---\s*(\n|$)/);
  const front = match ? parseYamlDocuments(match[1])[0] : undefined;
  return isMap(front) ? front : undefined;
}

/**
 * Prompty files that grade an answer (an LLM-as-judge evaluator, as the Prompty and
 * prompt flow evaluators are written): their declared name or description says so.
 */
export function evaluatorPrompts(files: RepoFileSet): Set<string> {
  const evaluators = new Set<string>();
  for (const file of files.withExtension('prompty')) {
    const front = promptyFrontMatter(file.text);
    const purpose = `${asString(front?.name) ?? ''} ${
      asString(front?.description) ?? ''
    }`;
    if (
      /evaluat|grader?\b|judge|\bscor(e|ing)\b|\brate\b|rating/i.test(purpose)
    ) {
      evaluators.add(file.path);
    }
  }
  return evaluators;
}

/** Whether the code names one of the Prompty files (by file name, as `prompty.execute` takes it). */
function namesPrompt(
  source: PythonSource,
  prompts: Set<string>,
): string | undefined {
  for (const prompt of prompts) {
    if (source.code.includes(`${basenameOf(prompt)}`)) {
      return prompt;
    }
  }
  return undefined;
}

/**
 * A script that runs Prompty evaluators (directly or through the modules it imports) over
 * a dataset file is an evaluation suite whose cases are the dataset's rows.
 */
export function promptyEvaluations(files: RepoFileSet, findings: Findings) {
  const evaluators = evaluatorPrompts(files);
  if (evaluators.size === 0) {
    return;
  }
  for (const source of files
    .pythonSources()
    .filter(s => !isDocsPath(s.path) && extensionOf(s.path) === 'py')) {
    const dataset = datasetNamedIn(files, source);
    if (!dataset) {
      continue;
    }
    const runs = [source.path, ...files.localImports(source.path)]
      .map(path => files.python(path))
      .map(s => s && namesPrompt(s, evaluators))
      .filter((p): p is string => p !== undefined);
    if (runs.length === 0) {
      continue;
    }
    if (dataset.rows === 0) {
      findings.reject(
        'llm-eval',
        'prompty',
        source.path,
        `${source.path} runs Prompty evaluators over ${dataset.path}, which has no rows`,
      );
      continue;
    }
    findings.signal(
      'llm-eval',
      'prompty',
      source.path,
      `${source.path} grades answers with Prompty evaluators ${listForHumans(
        [...new Set(runs)].map(p => code(basenameOf(p))),
      )} over ${dataset.path} (${dataset.rows} case${
        dataset.rows === 1 ? '' : 's'
      })`,
      {
        evaluators: [...new Set(runs)],
        dataset: dataset.path,
        cases: dataset.rows,
        inTests: isTestPath(source.path),
      },
    );
  }
}

/** `pf run create --flow <dir> --data <file>` and `pf.run(flow=..., data=...)`. */
const PF_CLI_RUN =
  /\bpf\s+run\s+create\b[^\n]*?--flow\s+(\S+)[^\n]*?--data\s+(\S+)|\bpf\s+run\s+create\b[^\n]*?--data\s+(\S+)[^\n]*?--flow\s+(\S+)/g;

/**
 * Prompt flow evaluation flows: a `flow.dag.yaml` with an aggregation node (the node that
 * turns line results into metrics), with the data its runs give it (`run.yaml` files,
 * `pf run create`, the SDK's `pf.run`).
 */
export function promptFlowEvaluations(files: RepoFileSet, findings: Findings) {
  const runData = new Map<string, string[]>();
  const addRun = (fromDir: string, flow: string, data: string) => {
    const flowDir = files.resolve(
      fromDir,
      `${flow.replace(/\/$/, '')}/flow.dag.yaml`,
    );
    const dataFile = resolveDataFile(files, fromDir, data);
    if (flowDir && dataFile) {
      runData.set(flowDir, [...(runData.get(flowDir) ?? []), dataFile]);
    }
  };
  for (const file of files.yamlFiles()) {
    if (!/^flow\s*:/m.test(file.text) || !/^data\s*:/m.test(file.text)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    const flow = asString(doc?.flow);
    const data = asString(doc?.data);
    if (flow && data) {
      addRun(dirnameOf(file.path), flow, data);
    }
  }
  for (const file of files.files.filter(
    f => !isDocsPath(f.path) && extensionOf(f.path) !== 'md',
  )) {
    for (const match of file.text.matchAll(PF_CLI_RUN)) {
      addRun('', match[1] ?? match[4], match[2] ?? match[3]);
    }
  }
  for (const source of files.pythonSources()) {
    for (const call of findCalls(source, /\b\w+\.run|\bRun/)) {
      const flow = stringLiteral(argumentOf(call, 'flow'));
      const data = stringLiteral(argumentOf(call, 'data'));
      if (flow && data) {
        addRun(dirnameOf(source.path), flow, data);
      }
    }
  }
  for (const file of files.named(/^flow\.dag\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    const nodes = asArray(doc?.nodes).filter(isMap);
    const metrics = nodes
      .filter(node => node.aggregation === true)
      .map(node => asString(node.name) ?? '');
    if (metrics.length === 0) {
      continue;
    }
    const datasets = [...new Set(runData.get(file.path) ?? [])];
    const rows = datasets
      .map(path => countRows(files, path))
      .filter((n): n is number => n !== null);
    const cases = rows.length ? Math.max(...rows) : null;
    if (cases === 0) {
      findings.reject(
        'llm-eval',
        'promptflow',
        file.path,
        `prompt flow evaluation flow ${file.path} runs over ${listForHumans(
          datasets,
        )}, which has no rows`,
      );
      continue;
    }
    findings.signal(
      'llm-eval',
      'promptflow',
      file.path,
      `prompt flow evaluation flow ${file.path} aggregates ${listForHumans(
        metrics.map(code),
      )}${
        cases !== null
          ? ` over ${listForHumans(datasets)} (${cases} case${
              cases === 1 ? '' : 's'
            })`
          : ''
      }`,
      {
        metrics,
        datasets,
        ...(cases !== null ? { cases } : {}),
      },
    );
  }
}
