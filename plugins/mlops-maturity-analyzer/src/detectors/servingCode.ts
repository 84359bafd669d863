import { ServingPlatformAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { joinRepoPath } from '../parsing/paths';

/** Loading a trained model in code (imported names are qualified by PythonSource). */
const MODEL_LOADING =
  /\b(joblib\.load|pickle\.load|cloudpickle\.load|mlflow\.(?:\w+\.)?load_model|torch\.load|torch\.jit\.load|\w+\.from_pretrained|(?:tensorflow\.)?keras\.models\.load_model|tensorflow\.saved_model\.load|onnxruntime\.InferenceSession|xgboost\.Booster|lightgbm\.Booster|\w+\.load_model|transformers\.pipeline)\s*\(/;

/** Calling a hosted model endpoint. */
const ENDPOINT_CALL = /\.invoke_endpoint\s*\(/;

/**
 * How the Python module at `path` (or a repository module it imports) serves a model: the
 * call that loads the model or invokes a model endpoint, or undefined when it does neither.
 */
export function modelServingCall(
  files: RepoFileSet,
  path: string,
): string | undefined {
  for (const related of files.importClosure([path], 30)) {
    const source = files.python(related);
    const match =
      source?.code.match(MODEL_LOADING) ?? source?.code.match(ENDPOINT_CALL);
    if (match) {
      return match[0].replace(/\s*\($/, '');
    }
  }
  return undefined;
}

/**
 * The Python file of a Lambda-style handler (`app.lambda_handler`, `pkg/app.handler`)
 * under a code directory, when the repository contains it.
 */
export function handlerModule(
  files: RepoFileSet,
  codeDir: string,
  handler: string,
): string | undefined {
  const module = handler.replace(/\.[^./]+$/, '');
  if (!module || module === handler) {
    return undefined;
  }
  const relative = `${module.replace(/\./g, '/')}.py`;
  const candidate = joinRepoPath(codeDir, relative);
  return candidate !== undefined && files.has(candidate)
    ? candidate
    : undefined;
}

/** The text between the parenthesis at `open` and its match, string literals skipped. */
export function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      const end = text.indexOf(char, i + 1);
      i = end < 0 ? text.length : end;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) {
        return text.slice(open + 1, i);
      }
    }
  }
  return text.slice(open + 1);
}

/** Attributes of a managed serving platform signal. */
export function platformAttributes(
  platform: string,
  declaredIn: string,
  options: {
    orchestrated?: boolean;
    autoscaling?: ServingPlatformAttributes['autoscaling'];
    extra?: Record<string, string | number | boolean | string[] | null>;
  } = {},
): ServingPlatformAttributes {
  return {
    platform,
    declaredIn,
    orchestrated: options.orchestrated ?? true,
    autoscaling: options.autoscaling ?? null,
    ...options.extra,
  };
}
