import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  callStatements,
  PythonFunction,
  PythonSource,
} from '../../parsing/python';
import {
  DATA_VALIDATION,
  DEPLOYING,
  DRIFT_MONITORING,
  HYPERPARAMETER_TUNING,
  LLM_EVALUATION,
  matchFirst,
  MODEL_EVALUATION,
  MODEL_REGISTRATION,
  MODEL_TRAINING,
  PUBLISHING_METRICS,
  PythonMatch,
  PythonMatcher,
} from './pythonPatterns';
import { servicePythonSources } from './pythonFiles';

/** What a pipeline step's code does, in the order a pipeline usually does it. */
const STEP_WORK: Array<{ activity: CiActivity; matchers: PythonMatcher[] }> = [
  { activity: 'data-validation', matchers: DATA_VALIDATION },
  { activity: 'hyperparameter-tuning', matchers: HYPERPARAMETER_TUNING },
  { activity: 'train', matchers: MODEL_TRAINING },
  { activity: 'evaluate-model', matchers: MODEL_EVALUATION },
  { activity: 'register-model', matchers: MODEL_REGISTRATION },
  { activity: 'deploy', matchers: DEPLOYING },
  { activity: 'llm-eval', matchers: LLM_EVALUATION },
  { activity: 'publish-metrics', matchers: PUBLISHING_METRICS },
];

/**
 * The work a step does, judged from the calls its code makes. Unlike the activities of a
 * script a CI job runs, submitting a pipeline is not counted: the pipeline's own steps say
 * what it does.
 */
export function stepWork(source: PythonSource): CiActivity[] {
  return STEP_WORK.filter(
    rule => matchFirst(source, rule.matchers) !== undefined,
  ).map(rule => rule.activity);
}

/** Drift or data-quality metrics the code computes (what a monitoring job does). */
export function monitoringWork(source: PythonSource): PythonMatch | undefined {
  return matchFirst(source, DRIFT_MONITORING);
}

/**
 * Some lines of code as a source of their own, keeping the imports of the files they come
 * from so the matchers still know which libraries the names belong to.
 */
export function linesAsSource(
  sources: PythonSource[],
  lines: string[],
): PythonSource {
  const imports = [...new Set(sources.flatMap(source => [...source.imports]))];
  return PythonSource.parse(
    sources[0].path,
    [...imports.map(module => `import ${module}`), ...lines].join('\n'),
  );
}

/** Callable names that are never steps: builtins, and the standard library. */
const NOT_A_STEP =
  /^(print|len|range|dict|list|set|tuple|str|int|float|bool|open|isinstance|enumerate|zip|sorted|max|min|sum|getattr|setattr|super|format|round|abs|any|all|map|filter|type|vars|repr|Path|os|sys|json|pathlib|datetime|logging|time|re|math|random|copy|functools|itertools|typing|collections)(\.|$)/;

/** A call statement of a pipeline body: the callee as written and its last name. */
export interface StepCall {
  callee: string;
  name: string;
}

/** The calls a pipeline body makes, one per statement (`x = (train(...).after(y))` gives `train`). */
export function stepCalls(body: string[]): StepCall[] {
  return callStatements(body)
    .map(line =>
      line.replace(/^return\s+/, '').replace(/^[\w.\s,[\]"']+=(?!=)\s*/, ''),
    )
    .map(line => line.match(/([\w.]+)\s*\(/)?.[1])
    .filter((callee): callee is string => Boolean(callee))
    .map(callee => ({ callee, name: callee.split('.').pop()! }))
    .filter(call => !NOT_A_STEP.test(call.callee));
}

/** A function of the service's code, with the file that defines it. */
export interface DefinedFunction {
  source: PythonSource;
  fn: PythonFunction;
}

const MAX_HELPER_DEPTH = 3;

/**
 * The module-level functions of the service's Python code, by name, so a pipeline's steps
 * can be followed to the code that implements them wherever it lives.
 */
export class FunctionIndex {
  private readonly byName = new Map<string, DefinedFunction[]>();
  private readonly workCache = new Map<PythonFunction, CiActivity[]>();
  private readonly importCache = new Map<string, Set<string>>();

  constructor(private readonly files: RepoFileSet) {
    for (const source of servicePythonSources(files)) {
      for (const fn of source.functions()) {
        if (fn.className === undefined) {
          const defined = this.byName.get(fn.name) ?? [];
          defined.push({ source, fn });
          this.byName.set(fn.name, defined);
        }
      }
    }
  }

  /**
   * The function `name` as `from` sees it: its own, one from a module it imports, or
   * the only function of that name in the repository.
   */
  resolve(from: PythonSource, name: string): DefinedFunction | undefined {
    const candidates = this.byName.get(name) ?? [];
    const own = candidates.find(c => c.source.path === from.path);
    if (own) {
      return own;
    }
    let imported = this.importCache.get(from.path);
    if (!imported) {
      imported = this.files.importClosure([from.path], 50);
      this.importCache.set(from.path, imported);
    }
    return (
      candidates.find(c => imported.has(c.source.path)) ??
      (candidates.length === 1 ? candidates[0] : undefined)
    );
  }

  /** What calling the function does: its body and the helpers it calls, followed a few levels. */
  work(defined: DefinedFunction): CiActivity[] {
    const cached = this.workCache.get(defined.fn);
    if (cached) {
      return cached;
    }
    const code = this.code(defined);
    const work = stepWork(code);
    this.workCache.set(defined.fn, work);
    return work;
  }

  /** The function's body with the bodies of the helpers it calls, as one source. */
  code(defined: DefinedFunction): PythonSource {
    const reached: DefinedFunction[] = [];
    this.reach(defined, reached, 0);
    return linesAsSource(
      reached.map(r => r.source),
      reached.flatMap(r => r.fn.body),
    );
  }

  private reach(
    defined: DefinedFunction,
    reached: DefinedFunction[],
    depth: number,
  ) {
    reached.push(defined);
    if (depth >= MAX_HELPER_DEPTH) {
      return;
    }
    const called = new Set(
      defined.fn.body.flatMap(line =>
        [...line.matchAll(/\b(\w+)\s*\(/g)].map(m => m[1]),
      ),
    );
    for (const name of called) {
      const helper = this.resolve(defined.source, name);
      if (helper && !reached.some(r => r.fn === helper.fn)) {
        this.reach(helper, reached, depth + 1);
      }
    }
  }
}
