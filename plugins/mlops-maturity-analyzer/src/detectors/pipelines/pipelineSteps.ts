import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { PythonFunction, PythonSource } from '../../parsing/python';
import { FunctionIndex, stepCalls } from '../python/pythonSteps';
import { unique } from './pipelineFindings';

/** The steps a pipeline function calls, and the work their code does. */
export interface BodySteps {
  count: number;
  names: string[];
  work: CiActivity[];
}

export interface StepRules {
  /** Whether a function of the repository called in the body is a step (else a helper run while the DAG is built). */
  isStep: (fn: PythonFunction) => boolean;
  /**
   * Whether a callable that is not defined in the repository counts as a step: `all` where
   * the body only wires steps (Kubeflow, ZenML, Flyte), `bare` where it is ordinary code
   * and only bare names are steps (library calls such as `pandas.read_csv` are not).
   */
  external: 'all' | 'bare';
  /** The framework's own API, which is not a step (`dsl.Condition`, `Client()`). */
  frameworkApi?: RegExp;
}

/**
 * Follows the calls of a pipeline body to the functions that implement them, wherever in
 * the repository they live, and reads what their code does.
 */
export function bodySteps(
  functions: FunctionIndex,
  source: PythonSource,
  body: string[],
  rules: StepRules,
): BodySteps {
  const names: string[] = [];
  const work: CiActivity[] = [];
  let count = 0;
  for (const call of stepCalls(body)) {
    if (rules.frameworkApi?.test(call.callee)) {
      continue;
    }
    const defined = functions.resolve(source, call.name);
    if (defined) {
      if (!rules.isStep(defined.fn)) {
        continue;
      }
      work.push(...functions.work(defined));
    } else if (rules.external === 'bare' && call.callee.includes('.')) {
      continue;
    }
    count++;
    names.push(call.name);
  }
  return { count, names: unique(names), work: unique(work) };
}
