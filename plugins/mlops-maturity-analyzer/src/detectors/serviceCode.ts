import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  directorySegments,
  dirnameOf,
  extensionOf,
} from '../parsing/paths';
import { PythonSource } from '../parsing/python';
import { isDocsPath, isTestPath } from './python/pythonFiles';

/**
 * Folders whose code belongs to somebody else or runs nowhere: examples and samples of
 * usage, test fixtures, dev containers, vendored code and notebook folders.
 */
const NOT_THE_SERVICE = new Set([
  'example',
  'examples',
  'fixtures',
  '__fixtures__',
  'testdata',
  '.devcontainer',
  'vendor',
  'vendored',
  'third_party',
  'third-party',
  'notebooks',
]);

/** Test projects of .NET and Java builds (`Api.Tests/`, `src/test/`). */
const TEST_PROJECT = /\.tests?$|^tests?$|^__tests__$/i;

/**
 * Whether a file is evidence of the service's own running code: not a test, a docs
 * snippet, a notebook, an example, a fixture, a dev container or vendored code.
 */
export function isServiceCodePath(path: string): boolean {
  const segments = directorySegments(path);
  return (
    !isTestPath(path) &&
    !isDocsPath(path) &&
    extensionOf(path) !== 'ipynb' &&
    !/\.(test|spec)\.[cm]?[jt]sx?$|\.d\.ts$|Tests?\.cs$/.test(path) &&
    !segments.some(
      segment => NOT_THE_SERVICE.has(segment) || TEST_PROJECT.test(segment),
    )
  );
}

/** Python sources that are the service's own code (see `isServiceCodePath`). */
export function servicePythonCode(files: RepoFileSet): PythonSource[] {
  return files.pythonSources().filter(source => isServiceCodePath(source.path));
}

/** Code that starts a long-running or request-driven process, i.e. where the service runs. */
const ENTRYPOINT_PATTERNS: RegExp[] = [
  // Web frameworks.
  /\b(fastapi\.FastAPI|flask\.Flask|quart\.Quart|starlette\.applications\.Starlette|litestar\.Litestar|sanic\.Sanic|aiohttp\.web\.Application)\s*\(/,
  /\bdjango\.core\.(wsgi|asgi)\.get_(wsgi|asgi)_application\s*\(/,
  // UI apps that are the product in many LLM services.
  /\bstreamlit\.(title|chat_input|chat_message|text_input|write|markdown|set_page_config|sidebar)\b/,
  /\bgradio\.(Blocks|Interface|ChatInterface)\b/,
  /@chainlit\.(on_message|on_chat_start)\b/,
  // Serverless handlers.
  /\bazure\.functions\.(FunctionApp|AsgiFunctionApp|WsgiFunctionApp)\s*\(|\bazure\.functions\.HttpRequest\b/,
  /^def\s+(lambda_handler|handler)\s*\(\s*event\s*,\s*context\s*\)/m,
  // Model servers.
  /\bbentoml\.(service|Service|api)\b|\bray\.serve\.deployment\b|\blitserve\.LitAPI\b|\bkserve\.Model\b|\bmlserver\.(model\.)?MLModel\b/,
  /^def\s+model_fn\s*\(/m,
];

/** `uvicorn app.main:app`, `gunicorn main:app`, `python serve.py`, `streamlit run ui.py`. */
const CONTAINER_COMMAND_TARGET =
  /(?:uvicorn|gunicorn|hypercorn|daphne)\b[^\n]*?\s([\w.]+):[\w]+|\b(?:python3?|streamlit\s+run|chainlit\s+run|opentelemetry-instrument\s+python3?|ddtrace-run\s+python3?)\s+(?:-u\s+)?([\w./-]+\.py)\b|\bpython3?\s+-m\s+([\w.]+)/g;

function containerEntrypoints(files: RepoFileSet): string[] {
  const found: string[] = [];
  for (const dockerfile of files.named(/^(Dockerfile|Containerfile)(\..+)?$/)) {
    const dir = dirnameOf(dockerfile.path);
    const commands = dockerfile.text
      .split('\n')
      .filter(line => /^\s*(CMD|ENTRYPOINT)\b/i.test(line))
      .join('\n')
      .replace(/["',[\]]/g, ' ');
    for (const match of commands.matchAll(CONTAINER_COMMAND_TARGET)) {
      const module = match[1] ?? match[3];
      const resolved = module
        ? files.resolvePythonModule(`${dir ? `${dir}/` : ''}Dockerfile`, module)
        : files.resolve(dir, match[2]) ??
          files.files.find(f => f.path.endsWith(`/${basenameOf(match[2])}`))
            ?.path;
      if (resolved) {
        found.push(resolved);
      }
    }
  }
  return found;
}

/** Where the service's code runs, for evidence that only counts when it runs in production. */
export interface RuntimeCode {
  /** Files that start the service: web and UI apps, serverless handlers, model servers, container commands. */
  entrypoints: string[];
  /**
   * Whether a file runs in the service: a Python file must be an entrypoint or imported by
   * one (when none is recognisable, any service code runs); other files are judged by path.
   */
  runs(path: string): boolean;
}

const runtimeCache = new WeakMap<RepoFileSet, RuntimeCode>();

/** The running service's code: the import closure of its entrypoints. */
export function runtimeCode(files: RepoFileSet): RuntimeCode {
  const cached = runtimeCache.get(files);
  if (cached) {
    return cached;
  }
  const entrypoints = [
    ...new Set([
      ...servicePythonCode(files)
        .filter(source =>
          ENTRYPOINT_PATTERNS.some(pattern => pattern.test(source.code)),
        )
        .map(source => source.path),
      ...containerEntrypoints(files).filter(isServiceCodePath),
    ]),
  ].sort();
  const closure = files.importClosure(entrypoints, 2000);
  const result: RuntimeCode = {
    entrypoints,
    runs: path =>
      isServiceCodePath(path) &&
      (entrypoints.length === 0 ||
        extensionOf(path) !== 'py' ||
        closure.has(path)),
  };
  runtimeCache.set(files, result);
  return result;
}
