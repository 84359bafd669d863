import {
  RepoRejection,
  RepoSignal,
  RepoSignalKind,
  RepositoryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { analyzeRepository, RepoFile } from './analyzeRepository';

/** In-memory repository files for tests: `{ 'path/in/repo': 'content' }`. */
export function repoFiles(
  contents: Record<string, string | Buffer>,
): RepoFile[] {
  return Object.entries(contents).map(([path, content]) => ({
    path,
    read: async () =>
      typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  }));
}

/** Analyses an in-memory repository. */
export function analyzeFiles(
  contents: Record<string, string | Buffer>,
  maxFiles?: number,
): Promise<RepositoryFacts> {
  return analyzeRepository({
    location: 'url:https://example.test/org/repo',
    files: repoFiles(contents),
    maxFiles,
  });
}

export function signalsOf(
  facts: RepositoryFacts,
  kind: RepoSignalKind,
  tool?: string,
): RepoSignal[] {
  return facts.signals.filter(
    signal =>
      signal.kind === kind && (tool === undefined || signal.tool === tool),
  );
}

export function rejectionsOf(
  facts: RepositoryFacts,
  kind: RepoSignalKind,
): RepoRejection[] {
  return facts.rejections.filter(rejection => rejection.kind === kind);
}

/** The `ci-job` signal of one job. */
export function ciJob(
  facts: RepositoryFacts,
  job: string,
): RepoSignal | undefined {
  return facts.signals.find(
    signal => signal.kind === 'ci-job' && signal.attributes.job === job,
  );
}
