import {
  RepoRejection,
  RepoSignal,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet, TextFile } from './RepoFileSet';
import { extensionOf, normalizeRepoPath } from './parsing/paths';
import { detectCi } from './detectors/ciDetectors';
import { detectContainers } from './detectors/containerDetectors';
import { detectData } from './detectors/dataDetectors';
import { detectDocs } from './detectors/docsDetectors';
import { detectEnvironment } from './detectors/envDetectors';
import { detectInfrastructure } from './detectors/iacDetectors';
import { detectKubernetes } from './detectors/k8sDetectors';
import { detectLlm } from './detectors/llmDetectors';
import { detectLlmStack } from './detectors/llmStack';
import { detectMonitoring } from './detectors/monitoringDetectors';
import { detectPipelines } from './detectors/pipelineDetectors';
import { detectPython } from './detectors/pythonDetectors';
import { detectSecurity } from './detectors/securityDetectors';
import { detectTests } from './detectors/testDetectors';
import { Detector, DetectorResult } from './detectors/types';

/**
 * One file of a repository listing; `read` is only called for files that are analysed.
 * @public
 */
export interface RepoFile {
  /** Path relative to the repository root. */
  path: string;
  /** Size in bytes when the listing knows it (lets large files be skipped unread). */
  size?: number;
  read(): Promise<Buffer>;
}

/** A repository as {@link analyzeRepository} reads it. @public */
export interface AnalyzeRepositoryInput {
  location: string;
  files: RepoFile[];
  /** At most this many files are read (default 5000); `truncated` tells when more existed. */
  maxFiles?: number;
  /**
   * The service's folder inside a monorepo, relative to the repository root. Its files are
   * the service's; elsewhere only CI definitions that name the folder are read, since a
   * monorepo runs every service's CI from the root.
   */
  serviceRoot?: string;
  /** What version control the files came from, as the reader found it. */
  versionControl?: RepositoryFacts['versionControl'];
}

/** Files larger than this are not read. @public */
export const MAX_FILE_BYTES = 512 * 1024;
const DEFAULT_MAX_FILES = 5000;
const READ_CONCURRENCY = 16;

const EXCLUDED_DIRECTORY =
  /(^|\/)(node_modules|\.git|venv|\.venv|__pycache__|\.tox|\.nox|\.mypy_cache|\.pytest_cache|\.ruff_cache|site-packages|\.terraform|\.ipynb_checkpoints|\.eggs|\.dvc\/cache)\//;

/** Vendored, generated and tool directories that say nothing about the service. @public */
export function isExcludedPath(path: string): boolean {
  return EXCLUDED_DIRECTORY.test(
    `/${path.replace(/\\/g, '/').replace(/^\.?\/+/, '')}`,
  );
}

/**
 * Code that lives with the service but is not the service: examples, samples, test
 * fixtures, development containers and vendored code. Evidence there does not count.
 */
const FOREIGN_DIRECTORY =
  /(^|\/)(examples?|samples?|fixtures|__fixtures__|testdata|test-data|vendor|vendored|third[_-]party|\.devcontainer|[^/]+\.(dist|egg)-info)\//i;

/** CI definitions a monorepo keeps at its root for every service. */
const ROOT_CI_DEFINITION =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab\/.+\.ya?ml|azure-pipelines[^/]*\.ya?ml|\.azure-pipelines\/.+\.ya?ml|\.pipelines\/.+\.ya?ml|\.circleci\/config\.ya?ml|Jenkinsfile[^/]*|cloudbuild[^/]*\.ya?ml|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|buildspec[^/]*\.ya?ml)$/;

/**
 * Top-level packages installed next to their `*.dist-info` (a bundle such as a Lambda
 * deployment folder): third-party code, named by the dist-info folder or its top_level.txt.
 */
async function vendoredPackageDirectories(
  files: Array<{ path: string; file: RepoFile }>,
): Promise<string[]> {
  const directories = new Set<string>();
  for (const { path, file } of files) {
    const match = path.match(/^(.*?)([^/]+)-[^/-]+\.(dist|egg)-info\/(.+)$/);
    if (!match) {
      continue;
    }
    const [, parent, distribution, , inner] = match;
    directories.add(`${parent}${distribution}/`);
    directories.add(`${parent}${distribution.replace(/-/g, '_')}/`);
    if (inner === 'top_level.txt') {
      const names = (await file.read()).toString('utf8').split(/\s+/);
      names
        .filter(Boolean)
        .forEach(name => directories.add(`${parent}${name}/`));
    }
  }
  return [...directories];
}

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp tif tiff pdf zip gz tgz tar bz2 xz 7z rar jar war whl egg so dylib dll exe bin o a class pyc ' +
    'pkl pickle joblib pt pth onnx h5 hdf5 keras pb tflite ckpt safetensors gguf parquet feather arrow avro orc npy npz ' +
    'mp3 mp4 wav flac ogg mov avi mkv woff woff2 ttf otf eot db sqlite sqlite3 mar mlmodel'
  ).split(' '),
);

/** Evidence-bearing file names are read first, so a truncated listing keeps what matters. */
const PRIORITY =
  /(^|\/)(\.github\/|\.gitlab|\.circleci\/|azure-pipelines|cloudbuild|buildspec|Jenkinsfile|Dockerfile|Containerfile|dvc\.(ya?ml|lock)|MLproject|Chart\.ya?ml|values[\w.-]*\.ya?ml|kustomization|requirements|pyproject\.toml|setup\.(py|cfg)|Pipfile|poetry\.lock|uv\.lock|environment\.ya?ml|conda\.ya?ml|package\.json|go\.mod|README|model[_-]?card|mkdocs\.ya?ml|params\.ya?ml|promptfoo|prometheus|kpi|renovate|dependabot|\.pre-commit)/i;

function priorityOf(path: string): number {
  if (PRIORITY.test(path)) {
    return 0;
  }
  const ext = extensionOf(path);
  if (
    [
      'py',
      'yml',
      'yaml',
      'tf',
      'bicep',
      'json',
      'toml',
      'ts',
      'js',
      'go',
      'md',
      'ipynb',
      'groovy',
      'pbtxt',
    ].includes(ext)
  ) {
    return 1;
  }
  return 2;
}

const DETECTORS: Array<[string, Detector]> = [
  ['ci', detectCi],
  ['pipelines', detectPipelines],
  ['kubernetes', detectKubernetes],
  ['infrastructure', detectInfrastructure],
  ['containers', detectContainers],
  ['python', detectPython],
  ['data', detectData],
  ['llm', detectLlm],
  ['tests', detectTests],
  ['docs', detectDocs],
  ['monitoring', detectMonitoring],
  ['security', detectSecurity],
];

function looksBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8000).includes(0);
}

async function readTextFiles(
  candidates: Array<{ path: string; file: RepoFile }>,
): Promise<TextFile[]> {
  const results: Array<TextFile | undefined> = new Array(candidates.length);
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const index = next++;
      const { path, file } = candidates[index];
      const buffer = await file.read();
      if (buffer.length > MAX_FILE_BYTES || looksBinary(buffer)) {
        continue;
      }
      results[index] = {
        path,
        text: buffer.toString('utf8').replace(/^\uFEFF/, ''),
      };
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(READ_CONCURRENCY, candidates.length) },
      worker,
    ),
  );
  return results.filter((file): file is TextFile => file !== undefined);
}

function signalKey(signal: RepoSignal): string {
  return `${signal.kind}|${signal.tool}|${signal.path}|${signal.detail}`;
}

/**
 * Marks hyperparameter tuning as run by a pipeline when CI jobs or pipeline steps run
 * the file that tunes (or a file importing it), or when it sits in a pipeline definition.
 */
function linkHyperparameterTuning(
  files: RepoFileSet,
  signals: RepoSignal[],
  invokedPaths: string[],
) {
  const pipelineFiles = signals
    .filter(s => s.kind === 'pipeline')
    .map(s => s.path);
  const automated = files.importClosure(
    [...invokedPaths, ...pipelineFiles].filter(path => files.has(path)),
    2000,
  );
  invokedPaths.forEach(path => automated.add(path));
  for (const signal of signals) {
    if (signal.kind !== 'hyperparameter-tuning') {
      continue;
    }
    const run =
      signal.attributes.runByPipeline === true || automated.has(signal.path);
    signal.attributes = { ...signal.attributes, runByPipeline: run };
  }
}

/**
 * A CI job that runs an LLM evaluation suite through the repository's own script (the
 * script, or a module it imports, holds the suite) runs the evaluation, though its
 * command says nothing about it (`python -m evaluate`).
 */
function linkLlmEvaluations(files: RepoFileSet, signals: RepoSignal[]) {
  const suites = new Set(
    signals.filter(s => s.kind === 'llm-eval').map(s => s.path),
  );
  if (suites.size === 0) {
    return;
  }
  for (const signal of signals) {
    if (signal.kind !== 'ci-job') {
      continue;
    }
    const activities = Array.isArray(signal.attributes.activities)
      ? (signal.attributes.activities as string[])
      : [];
    const invoked = Array.isArray(signal.attributes.invokedPaths)
      ? (signal.attributes.invokedPaths as string[]).filter(p => files.has(p))
      : [];
    if (activities.includes('llm-eval') || invoked.length === 0) {
      continue;
    }
    const reached = files.importClosure(invoked, 200);
    invoked.forEach(path => reached.add(path));
    const suite = [...suites].find(path => reached.has(path));
    if (suite) {
      const evidence = Array.isArray(signal.attributes.evidence)
        ? (signal.attributes.evidence as string[])
        : [];
      signal.attributes = {
        ...signal.attributes,
        activities: [...activities, 'llm-eval'],
        evidence: [
          ...evidence,
          `llm-eval: runs the evaluation suite in ${suite}`,
        ],
      };
      signal.detail = `${signal.detail}; it runs the LLM evaluation suite in ${suite}`;
    }
  }
}

/**
 * Turns a repository's files into declared evidence. Reads at most `maxFiles` files,
 * skipping vendored directories, binaries and files over 512 KiB; performs no I/O other
 * than reading the given files.
 * @public
 */
export async function analyzeRepository(
  input: AnalyzeRepositoryInput,
): Promise<RepositoryFacts> {
  const maxFiles = input.maxFiles ?? DEFAULT_MAX_FILES;
  const serviceFolder = normalizeRepoPath(input.serviceRoot ?? '');
  if (serviceFolder === undefined) {
    throw new Error(
      `The service folder ${input.serviceRoot} is outside the repository`,
    );
  }
  const serviceRoot = serviceFolder ? `${serviceFolder}/` : '';
  const seen = new Set<string>();
  const listed: Array<{ path: string; file: RepoFile }> = [];
  for (const file of input.files) {
    const path = normalizeRepoPath(file.path);
    if (
      !path ||
      seen.has(path) ||
      isExcludedPath(path) ||
      BINARY_EXTENSIONS.has(extensionOf(path))
    ) {
      continue;
    }
    if (file.size !== undefined && file.size > MAX_FILE_BYTES) {
      continue;
    }
    seen.add(path);
    listed.push({ path, file });
  }
  const vendored = await vendoredPackageDirectories(listed);
  // The service's files go by their path in its folder, so detectors judge them as they
  // would a repository of their own (a folder under `examples/` is not an example).
  const candidates: Array<{ path: string; file: RepoFile }> = [];
  const rootCi: Array<{ path: string; file: RepoFile }> = [];
  for (const entry of listed) {
    if (!entry.path.startsWith(serviceRoot)) {
      if (
        ROOT_CI_DEFINITION.test(entry.path) &&
        (await entry.file.read())
          .toString('utf8')
          .includes(serviceRoot.slice(0, -1))
      ) {
        rootCi.push(entry);
      }
      continue;
    }
    const inService = entry.path.slice(serviceRoot.length);
    if (
      FOREIGN_DIRECTORY.test(inService) ||
      vendored.some(directory => entry.path.startsWith(directory))
    ) {
      continue;
    }
    candidates.push({ path: inService, file: entry.file });
  }
  const taken = new Set(candidates.map(c => c.path));
  candidates.push(...rootCi.filter(c => !taken.has(c.path)));
  candidates.sort(
    (a, b) =>
      priorityOf(a.path) - priorityOf(b.path) ||
      a.path.split('/').length - b.path.split('/').length ||
      a.path.localeCompare(b.path),
  );
  const truncated = candidates.length > maxFiles;
  const textFiles = await readTextFiles(candidates.slice(0, maxFiles));
  const files = new RepoFileSet(textFiles, serviceRoot);

  const results: DetectorResult[] = [];
  for (const [name, detector] of DETECTORS) {
    try {
      results.push(detector(files));
    } catch (error) {
      throw new Error(
        `Repository analysis of ${
          input.location
        } failed in the ${name} detector: ${(error as Error).message}`,
      );
    }
  }
  const environment = detectEnvironment(files);
  results.push(environment);
  results.push(detectLlmStack(files, environment.dependencies));

  const signals: RepoSignal[] = [];
  const keys = new Set<string>();
  for (const signal of results.flatMap(result => result.signals)) {
    const key = signalKey(signal);
    if (!keys.has(key)) {
      keys.add(key);
      signals.push(signal);
    }
  }
  const rejections: RepoRejection[] = [];
  const rejectionKeys = new Set<string>();
  for (const rejection of results.flatMap(result => result.rejections)) {
    const key = `${rejection.kind}|${rejection.path}|${rejection.reason}`;
    if (!rejectionKeys.has(key)) {
      rejectionKeys.add(key);
      rejections.push(rejection);
    }
  }
  linkHyperparameterTuning(
    files,
    signals,
    results.flatMap(result => result.invokedPaths ?? []),
  );
  linkLlmEvaluations(files, signals);

  const byPath = (
    a: { path: string; kind: string },
    b: { path: string; kind: string },
  ) => a.path.localeCompare(b.path) || a.kind.localeCompare(b.kind);
  return {
    location: input.location,
    fileCount: textFiles.length,
    truncated,
    dependencies: environment.dependencies,
    signals: signals.sort(byPath),
    rejections: rejections.sort(byPath),
    ...(input.versionControl !== undefined
      ? { versionControl: input.versionControl }
      : {}),
    firstCommitAt: null,
  };
}
