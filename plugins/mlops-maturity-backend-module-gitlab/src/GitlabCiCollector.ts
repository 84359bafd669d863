import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  GitLabIntegration,
  ScmIntegrations,
  ScmIntegrationsGroup,
} from '@backstage/integration';
import {
  CiFacts,
  FACT_SOURCES,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CollectContext,
  FactCollector,
  UpstreamError,
  UpstreamHttpClient,
  readUpstreamClientOptions,
  UpstreamStats,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { GitlabCiSettings, readGitlabCiSettings } from './config';
import {
  GitlabJob,
  GitlabPipeline,
  GitlabProject,
  InspectedPipeline,
  onDefaultBranch,
  selectPipelinesForJobs,
  summarizeGitlabCi,
} from './gitlabCiFacts';
import {
  GitlabProjectResolver,
  GitlabProjectTarget,
} from './GitlabProjectResolver';

const DAY_MS = 24 * 60 * 60 * 1000;
/** GitLab's largest page. */
const PER_PAGE = 100;
/** Jobs read per pipeline; larger pipelines are summarised from their first 500 jobs. */
const MAX_JOBS_PER_PIPELINE = 500;
/** Pipelines whose jobs are remembered between refreshes. */
const MAX_CACHED_PIPELINES = 5000;
/** Pipeline statuses after which its jobs only change if the pipeline's `updated_at` does. */
const SETTLED_STATUSES = new Set([
  'success',
  'failed',
  'canceled',
  'skipped',
  'manual',
]);

export interface GitlabCiCollectorOptions {
  integrations: ScmIntegrationsGroup<GitLabIntegration>;
  settings: GitlabCiSettings;
  logger: LoggerService;
  /** For tests: a client with short timeouts and no waiting. */
  http?: UpstreamHttpClient;
  /** For tests: the current time. */
  now?: () => Date;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isProject(value: unknown): value is GitlabProject {
  return (
    isRecord(value) &&
    isString(value.created_at) &&
    (value.default_branch === null || isString(value.default_branch))
  );
}

function isPipeline(value: unknown): value is GitlabPipeline {
  return (
    isRecord(value) &&
    typeof value.id === 'number' &&
    isString(value.status) &&
    isString(value.source) &&
    isString(value.ref) &&
    isString(value.created_at) &&
    isString(value.updated_at)
  );
}

function isJob(value: unknown): value is GitlabJob {
  return (
    isRecord(value) &&
    isString(value.name) &&
    isString(value.stage) &&
    isString(value.status) &&
    isString(value.created_at) &&
    (value.finished_at === null || isString(value.finished_at))
  );
}

/** The page after `page`: from `x-next-page`, which is empty on the last page. */
function nextPage(
  headers: Headers,
  page: number,
  received: number,
): number | undefined {
  const header = headers.get('x-next-page');
  if (header === null) {
    // A 304 replay may lack pagination headers: only a full page can have a successor.
    return received >= PER_PAGE ? page + 1 : undefined;
  }
  const next = Number(header);
  return header.trim() !== '' && Number.isInteger(next) && next > page
    ? next
    : undefined;
}

/** Adds what to check to an upstream error of one kind; the token is never part of a message. */
function withHint(
  error: unknown,
  kind: UpstreamError['kind'],
  hint: string,
): unknown {
  return error instanceof UpstreamError && error.kind === kind
    ? new UpstreamError(kind, `${error.message}; ${hint}`, {
        status: error.status,
        retryAt: error.retryAt,
      })
    : error;
}

/**
 * Observed CI evidence from GitLab CI: deploy, merge request test, training, security
 * and LLM evaluation jobs and the pipeline success rate of one project.
 */
export class GitlabCiCollector implements FactCollector {
  readonly id = 'gitlab-ci';
  readonly source = FACT_SOURCES.ci;

  private readonly settings: GitlabCiSettings;
  private readonly resolver: GitlabProjectResolver;
  private readonly http: UpstreamHttpClient;
  private readonly now: () => Date;
  /** Jobs of settled pipelines, keyed by project URL and pipeline id. */
  private readonly jobsCache = new Map<
    string,
    { updatedAt: string; jobs: GitlabJob[] }
  >();

  static fromConfig(
    config: Config,
    deps: { logger: LoggerService },
  ): GitlabCiCollector {
    return new GitlabCiCollector({
      integrations: ScmIntegrations.fromConfig(config).gitlab,
      settings: readGitlabCiSettings(config),
      logger: deps.logger,
      http: new UpstreamHttpClient({
        name: 'gitlab',
        logger: deps.logger,
        ...readUpstreamClientOptions(config),
      }),
    });
  }

  constructor(options: GitlabCiCollectorOptions) {
    this.settings = options.settings;
    this.resolver = new GitlabProjectResolver(options.integrations);
    this.http =
      options.http ??
      new UpstreamHttpClient({ name: 'gitlab', logger: options.logger });
    this.now = options.now ?? (() => new Date());
  }

  /** Whether any GitLab integration has a token. */
  isActive(): boolean {
    return this.resolver.isActive();
  }

  appliesTo(entity: Entity): boolean {
    return this.resolver.appliesTo(entity);
  }

  stats(): UpstreamStats {
    return this.http.stats();
  }

  async collect(context: CollectContext): Promise<CiFacts> {
    const target = this.resolver.resolve(context.entity);
    try {
      return await this.collectProject(target, context);
    } catch (error) {
      throw withHint(
        error,
        'auth',
        `check the token of the integrations.gitlab entry for ${target.host}: it needs the read_api scope and access to the CI/CD of ${target.projectPath}`,
      );
    }
  }

  private async collectProject(
    target: GitlabProjectTarget,
    { logger, signal }: CollectContext,
  ): Promise<CiFacts> {
    const { lookbackDays, maxPipelines, pipelinesPerKind, patterns } =
      this.settings;
    const projectUrl = `${target.apiBaseUrl}/projects/${encodeURIComponent(
      target.projectPath,
    )}`;
    const get = async (url: URL) =>
      this.http.getJson<unknown>(url.toString(), {
        headers: { 'PRIVATE-TOKEN': target.token },
        signal,
      });

    const projectResponse = await get(new URL(projectUrl)).catch(error => {
      throw withHint(
        error,
        'not-found',
        `GitLab project ${target.projectPath} does not exist on ${target.host} or the token cannot see it`,
      );
    });
    if (!isProject(projectResponse.body)) {
      throw this.unexpected(
        projectUrl,
        'a project with created_at and default_branch',
      );
    }
    const project = projectResponse.body;

    const now = this.now();
    // Whole days keep the list URL stable through the day, so conditional requests can match.
    const windowStart = new Date(
      Math.floor((now.getTime() - lookbackDays * DAY_MS) / DAY_MS) * DAY_MS,
    );
    const listUrl = new URL(`${projectUrl}/pipelines`);
    listUrl.searchParams.set('updated_after', windowStart.toISOString());
    listUrl.searchParams.set('per_page', String(PER_PAGE));
    const listed = await this.getPages(
      listUrl,
      maxPipelines,
      get,
      isPipeline,
      'pipelines',
    );

    const selected = selectPipelinesForJobs(
      listed.items,
      project.default_branch,
      pipelinesPerKind,
    );
    let fromCache = 0;
    const inspected = await Promise.all(
      selected.map(async (pipeline): Promise<InspectedPipeline> => {
        const key = `${projectUrl}#${pipeline.id}`;
        const cached = this.jobsCache.get(key);
        if (cached && cached.updatedAt === pipeline.updated_at) {
          fromCache += 1;
          return { pipeline, jobs: cached.jobs };
        }
        const jobsUrl = new URL(`${projectUrl}/pipelines/${pipeline.id}/jobs`);
        jobsUrl.searchParams.set('per_page', String(PER_PAGE));
        const { items } = await this.getPages(
          jobsUrl,
          MAX_JOBS_PER_PIPELINE,
          get,
          isJob,
          'jobs',
        );
        const jobs = items.map(
          ({ name, stage, status, created_at, finished_at }) => ({
            name,
            stage,
            status,
            created_at,
            finished_at,
          }),
        );
        if (SETTLED_STATUSES.has(pipeline.status)) {
          this.remember(key, { updatedAt: pipeline.updated_at, jobs });
        }
        return { pipeline, jobs };
      }),
    );

    const everyDefaultBranchPipelineRead = listed.items
      .filter(p => onDefaultBranch(p, project.default_branch))
      .every(p => selected.includes(p));
    logger.debug(
      `GitLab CI ${target.host}/${target.projectPath}: ${
        listed.items.length
      } pipelines since ${windowStart.toISOString()}, jobs of ${
        inspected.length
      } read (${fromCache} from cache)`,
    );
    return summarizeGitlabCi({
      project,
      pipelines: listed.items,
      inspected,
      patterns,
      coversProjectHistory:
        listed.complete &&
        everyDefaultBranchPipelineRead &&
        Date.parse(project.created_at) >= windowStart.getTime(),
      now,
    });
  }

  private remember(
    key: string,
    value: { updatedAt: string; jobs: GitlabJob[] },
  ) {
    this.jobsCache.delete(key);
    if (this.jobsCache.size >= MAX_CACHED_PIPELINES) {
      // Oldest first: a Map iterates in insertion order.
      this.jobsCache.delete(this.jobsCache.keys().next().value!);
    }
    this.jobsCache.set(key, value);
  }

  private unexpected(url: string, expected: string): UpstreamError {
    const { origin, pathname } = new URL(url);
    return new UpstreamError(
      'malformed',
      `gitlab: ${origin}${pathname} answered with an unexpected shape (expected ${expected})`,
    );
  }

  /** Follows `x-next-page` until the last page or `maxItems`; `complete` says whether all were read. */
  private async getPages<T>(
    url: URL,
    maxItems: number,
    get: (url: URL) => Promise<{ body: unknown; headers: Headers }>,
    isItem: (value: unknown) => value is T,
    what: string,
  ): Promise<{ items: T[]; complete: boolean }> {
    const items: T[] = [];
    for (let page = 1; ; ) {
      if (page > 1) {
        url.searchParams.set('page', String(page));
      }
      const { body, headers } = await get(url);
      if (!Array.isArray(body) || !body.every(isItem)) {
        throw this.unexpected(url.toString(), `a list of ${what}`);
      }
      items.push(...body);
      const next =
        body.length > 0 ? nextPage(headers, page, body.length) : undefined;
      if (next === undefined || items.length >= maxItems) {
        return {
          items: items.slice(0, maxItems),
          complete: next === undefined && items.length <= maxItems,
        };
      }
      page = next;
    }
  }
}
