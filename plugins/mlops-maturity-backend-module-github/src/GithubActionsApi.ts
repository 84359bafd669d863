import {
  UpstreamError,
  UpstreamHttpClient,
  UpstreamResponse,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GithubProject } from './githubProject';

/** The fields read from `GET /repos/{owner}/{repo}`. */
export interface GithubRepository {
  default_branch: string;
  created_at: string;
}

/** The fields read from one entry of `GET /repos/{owner}/{repo}/actions/workflows`. */
export interface GithubWorkflow {
  id: number;
  name: string;
  path: string;
  state: string;
}

/** A simple user, as `actor` and `triggering_actor` of a run. */
export interface GithubActor {
  login: string;
  type: string;
}

/** The fields read from one entry of `GET /repos/{owner}/{repo}/actions/runs`. */
export interface GithubWorkflowRun {
  id: number;
  workflow_id: number;
  name?: string | null;
  path?: string;
  event: string;
  head_branch: string | null;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
  actor?: GithubActor | null;
  triggering_actor?: GithubActor | null;
}

interface WorkflowList {
  total_count: number;
  workflows: GithubWorkflow[];
}

interface WorkflowRunList {
  total_count: number;
  workflow_runs: GithubWorkflowRun[];
}

interface GithubCommit {
  commit: {
    author: { date: string } | null;
    committer: { date: string } | null;
  };
}

/** GitHub answers at most this many results for a filtered run listing. */
const FILTERED_RESULTS_LIMIT = 1000;

/** `<url>; rel="next", <url>; rel="last"` → `{ next: url, last: url }`. */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of value?.split(',') ?? []) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?([^";]+)"?/);
    if (match) {
      for (const rel of match[2].trim().split(/\s+/)) {
        links[rel] = match[1];
      }
    }
  }
  return links;
}

/** The API base URL, headers and abort signal of one collection. */
export interface GithubRequestContext {
  apiBaseUrl: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The GitHub REST endpoints the collector reads, with Link-header pagination and shape
 * checks. Every request goes through the shared upstream client (timeouts, rate limits,
 * ETags), and only to the configured API base URL.
 */
export class GithubActionsApi {
  constructor(private readonly http: UpstreamHttpClient) {}

  private static where(url: string): string {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  }

  private static repoUrl(
    ctx: GithubRequestContext,
    project: GithubProject,
    path = '',
  ) {
    return `${ctx.apiBaseUrl}/repos/${encodeURIComponent(
      project.owner,
    )}/${encodeURIComponent(project.repo)}${path}`;
  }

  private async get<T>(ctx: GithubRequestContext, url: string) {
    // Link headers come from the upstream: never send the credentials anywhere else.
    if (!url.startsWith(`${ctx.apiBaseUrl}/`)) {
      throw new UpstreamError(
        'malformed',
        `github: a pagination link points outside the configured API ${ctx.apiBaseUrl}`,
      );
    }
    return this.http.getJson<T>(url, {
      headers: {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...ctx.headers,
      },
      signal: ctx.signal,
    });
  }

  private static malformed(url: string, expected: string): UpstreamError {
    return new UpstreamError(
      'malformed',
      `github: ${GithubActionsApi.where(url)} answered without ${expected}`,
    );
  }

  async getRepository(
    ctx: GithubRequestContext,
    project: GithubProject,
  ): Promise<GithubRepository> {
    const url = GithubActionsApi.repoUrl(ctx, project);
    let body: GithubRepository;
    try {
      ({ body } = await this.get<GithubRepository>(ctx, url));
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'not-found') {
        throw new UpstreamError(
          'not-found',
          `github: repository ${project.owner}/${project.repo} was not found on ${project.host}, or its credentials cannot see it (HTTP 404)`,
          { status: 404 },
        );
      }
      throw error;
    }
    if (
      typeof body?.default_branch !== 'string' ||
      typeof body.created_at !== 'string'
    ) {
      throw GithubActionsApi.malformed(url, 'default_branch and created_at');
    }
    return body;
  }

  /** Every workflow of the repository, all pages. */
  async listWorkflows(
    ctx: GithubRequestContext,
    project: GithubProject,
  ): Promise<GithubWorkflow[]> {
    const workflows: GithubWorkflow[] = [];
    let url: string | undefined = GithubActionsApi.repoUrl(
      ctx,
      project,
      '/actions/workflows?per_page=100',
    );
    while (url) {
      const response: UpstreamResponse<WorkflowList> = await this.get(ctx, url);
      if (!Array.isArray(response.body?.workflows)) {
        throw GithubActionsApi.malformed(url, 'a workflows list');
      }
      workflows.push(...response.body.workflows);
      url = parseLinkHeader(response.headers.get('link')).next;
    }
    return workflows;
  }

  /**
   * Runs created on or after `createdSince` (YYYY-MM-DD), newest first, up to `maxRuns`.
   * `complete` is false when older runs in the window were left out.
   */
  async listRuns(
    ctx: GithubRequestContext,
    project: GithubProject,
    options: { createdSince: string; maxRuns: number },
  ): Promise<{ runs: GithubWorkflowRun[]; complete: boolean }> {
    const query = new URLSearchParams({
      per_page: String(Math.min(100, options.maxRuns)),
      created: `>=${options.createdSince}`,
      exclude_pull_requests: 'true',
    });
    const runs: GithubWorkflowRun[] = [];
    let url: string | undefined = GithubActionsApi.repoUrl(
      ctx,
      project,
      `/actions/runs?${query}`,
    );
    while (url) {
      const response: UpstreamResponse<WorkflowRunList> = await this.get(
        ctx,
        url,
      );
      if (!Array.isArray(response.body?.workflow_runs)) {
        throw GithubActionsApi.malformed(url, 'a workflow_runs list');
      }
      runs.push(...response.body.workflow_runs);
      url = parseLinkHeader(response.headers.get('link')).next;
      if (runs.length >= options.maxRuns) {
        const complete = !url && runs.length === options.maxRuns;
        return { runs: runs.slice(0, options.maxRuns), complete };
      }
    }
    return { runs, complete: true };
  }

  /** Follows `rel="last"` from a one-item-per-page listing to its last, oldest item. */
  private async lastPage<T>(
    ctx: GithubRequestContext,
    first: { body: T; headers: Headers },
  ): Promise<T> {
    const last = parseLinkHeader(first.headers.get('link')).last;
    return last ? (await this.get<T>(ctx, last)).body : first.body;
  }

  /**
   * The date of the oldest commit on `branch` (author date), or null for an empty
   * repository (GitHub answers 409).
   */
  async oldestCommitDate(
    ctx: GithubRequestContext,
    project: GithubProject,
    branch: string,
  ): Promise<string | null> {
    const query = new URLSearchParams({ sha: branch, per_page: '1' });
    const url = GithubActionsApi.repoUrl(ctx, project, `/commits?${query}`);
    let commits: GithubCommit[];
    try {
      commits = await this.lastPage(
        ctx,
        await this.get<GithubCommit[]>(ctx, url),
      );
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 409) {
        return null;
      }
      throw error;
    }
    if (!Array.isArray(commits)) {
      throw GithubActionsApi.malformed(url, 'a commits list');
    }
    const oldest = commits[0]?.commit;
    return oldest?.author?.date ?? oldest?.committer?.date ?? null;
  }

  /**
   * The oldest successful run of a workflow on `branch`: `null` when there is none, and
   * `'unreachable'` when GitHub's 1,000-result limit hides the oldest ones.
   */
  async oldestSuccessfulRun(
    ctx: GithubRequestContext,
    project: GithubProject,
    workflowId: number,
    branch: string,
  ): Promise<GithubWorkflowRun | null | 'unreachable'> {
    const query = new URLSearchParams({
      branch,
      status: 'success',
      per_page: '1',
      exclude_pull_requests: 'true',
    });
    const url = GithubActionsApi.repoUrl(
      ctx,
      project,
      `/actions/workflows/${workflowId}/runs?${query}`,
    );
    const first = await this.get<WorkflowRunList>(ctx, url);
    if (
      !Array.isArray(first.body?.workflow_runs) ||
      typeof first.body.total_count !== 'number'
    ) {
      throw GithubActionsApi.malformed(
        url,
        'total_count and a workflow_runs list',
      );
    }
    if (first.body.total_count === 0) {
      return null;
    }
    if (first.body.total_count >= FILTERED_RESULTS_LIMIT) {
      return 'unreachable';
    }
    const last = await this.lastPage(ctx, first);
    if (!Array.isArray(last?.workflow_runs)) {
      throw GithubActionsApi.malformed(url, 'a workflow_runs list');
    }
    return last.workflow_runs[0] ?? null;
  }
}
