/**
 * The MLOps maturity repository analyzer: turns an ML repository's files into the
 * practices they declare (pipelines, CI jobs, registries, serving, monitoring, LLM
 * controls), as `RepositoryFacts`. It reads only the files it is given, so the backend
 * plugin feeds it from Backstage's URL reader and the CLI from a local checkout.
 *
 * @packageDocumentation
 */
export {
  analyzeRepository,
  isExcludedPath,
  MAX_FILE_BYTES,
  type AnalyzeRepositoryInput,
  type RepoFile,
} from './analyzeRepository';
