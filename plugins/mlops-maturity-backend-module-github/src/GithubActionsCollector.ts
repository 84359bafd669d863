import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  GithubIntegration,
  ScmIntegrationRegistry,
  ScmIntegrations,
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
import { GithubActionsConfig, readGithubActionsConfig } from './config';
import { GithubActionsApi, GithubRequestContext } from './GithubActionsApi';
import {
  GithubProject,
  findGithubProject,
  parseGithubProject,
} from './githubProject';
import { summarizeRuns } from './summarizeRuns';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface GithubActionsCollectorOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
  config: GithubActionsConfig;
  http: UpstreamHttpClient;
  /** The clock; the run window and the 30-day counts are relative to it. */
  now?: () => Date;
}

function hasCredentials(integration: GithubIntegration): boolean {
  return (
    Boolean(integration.config.token) ||
    (integration.config.apps?.length ?? 0) > 0
  );
}

/**
 * CI facts from GitHub Actions: deploy runs on the default branch, pull-request test runs,
 * automatically triggered training, security scans, LLM evaluations and the success rate,
 * read with the credentials of Backstage's `integrations.github`.
 */
export class GithubActionsCollector implements FactCollector {
  readonly id = 'github-actions';
  readonly source = FACT_SOURCES.ci;
  private readonly api: GithubActionsApi;
  private readonly now: () => Date;

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      http?: UpstreamHttpClient;
      now?: () => Date;
    },
  ): GithubActionsCollector {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubActionsCollector({
      integrations,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      config: readGithubActionsConfig(config),
      http:
        options.http ??
        new UpstreamHttpClient({
          name: 'github',
          logger: options.logger,
          ...readUpstreamClientOptions(config),
        }),
      now: options.now,
    });
  }

  constructor(private readonly options: GithubActionsCollectorOptions) {
    this.api = new GithubActionsApi(options.http);
    this.now = options.now ?? (() => new Date());
  }

  stats(): UpstreamStats {
    return this.options.http.stats();
  }

  private integrationFor(host: string): GithubIntegration | undefined {
    return this.options.integrations.github.byHost(host);
  }

  /**
   * Inactive without credentials for any GitHub host. An explicit project slug always
   * applies (a missing integration must be visible); a source location only on a host
   * whose integration has credentials.
   */
  appliesTo(entity: Entity): boolean {
    const github = this.options.integrations.github.list();
    if (!github.some(hasCredentials)) {
      return false;
    }
    const reference = findGithubProject(entity, host =>
      Boolean(this.integrationFor(host)),
    );
    if (!reference) {
      return false;
    }
    const integration = this.integrationFor(reference.host);
    return (
      reference.explicit || Boolean(integration && hasCredentials(integration))
    );
  }

  private async requestContext(
    project: GithubProject,
    signal?: AbortSignal,
  ): Promise<GithubRequestContext> {
    const integration = this.integrationFor(project.host);
    if (!integration) {
      throw new Error(
        `github: no integration for host '${project.host}' in integrations.github`,
      );
    }
    if (!hasCredentials(integration)) {
      throw new Error(
        `github: the integrations.github entry for host '${project.host}' has neither a token nor apps`,
      );
    }
    const apiBaseUrl = integration.config.apiBaseUrl?.replace(/\/+$/, '');
    if (!apiBaseUrl) {
      throw new Error(
        `github: the integrations.github entry for host '${project.host}' has no apiBaseUrl`,
      );
    }
    let headers: Record<string, string> | undefined;
    try {
      ({ headers } = await this.options.credentialsProvider.getCredentials({
        url: `https://${project.host}/${project.owner}/${project.repo}`,
      }));
    } catch (error) {
      throw new UpstreamError(
        'auth',
        `github: no credentials for ${project.host}/${project.owner}: ${
          (error as Error).message
        }`,
      );
    }
    if (!headers?.Authorization) {
      throw new UpstreamError(
        'auth',
        `github: no token or app installation of integrations.github covers ${project.host}/${project.owner}`,
      );
    }
    return { apiBaseUrl, headers, signal };
  }

  async collect({ entity, signal }: CollectContext): Promise<CiFacts> {
    const reference = findGithubProject(entity, host =>
      Boolean(this.integrationFor(host)),
    );
    if (!reference) {
      throw new Error('github: the entity names no GitHub repository');
    }
    const project = parseGithubProject(reference);
    const ctx = await this.requestContext(project, signal);
    const { config } = this.options;
    const now = this.now();
    const windowStart = new Date(now.getTime() - config.lookbackDays * DAY_MS);

    // One request at a time: the first failure ends the collection without spending more
    // of the rate limit, and services are collected in parallel anyway.
    const repository = await this.api.getRepository(ctx, project);
    const defaultBranch = repository.default_branch;
    const workflows = await this.api.listWorkflows(ctx, project);
    const listing = await this.api.listRuns(ctx, project, {
      createdSince: windowStart.toISOString().slice(0, 10),
      maxRuns: config.maxRuns,
    });
    const firstCommitAt = await this.api.oldestCommitDate(
      ctx,
      project,
      defaultBranch,
    );
    const summary = summarizeRuns({
      defaultBranch,
      workflows,
      runs: listing.runs,
      patterns: config.patterns,
      now,
    });

    return {
      provider: 'github-actions',
      defaultBranch,
      deploy: summary.deploy,
      deployOnPush: summary.deployOnPush,
      prTests: summary.prTests,
      training: summary.training,
      securityScan: summary.securityScan,
      llmEval: summary.llmEval,
      successRate: summary.successRate,
      firstDeployAt: await this.firstDeployAt(ctx, project, {
        defaultBranch,
        deployWorkflowIds: summary.deployWorkflowIds,
        earliestInWindow: summary.earliestDeployAt,
        // A complete listing that reaches back to the repository's creation saw every deploy.
        windowSawEverything:
          listing.complete &&
          Date.parse(repository.created_at) >= windowStart.getTime(),
      }),
      firstCommitAt,
    };
  }

  /**
   * The first successful deploy ever, which usually predates the window: each deploy
   * workflow's oldest success on the default branch. Null when GitHub cannot list that far.
   */
  private async firstDeployAt(
    ctx: GithubRequestContext,
    project: GithubProject,
    options: {
      defaultBranch: string;
      deployWorkflowIds: number[];
      earliestInWindow: string | null;
      windowSawEverything: boolean;
    },
  ): Promise<string | null> {
    if (options.windowSawEverything) {
      return options.earliestInWindow;
    }
    const candidates = options.earliestInWindow
      ? [options.earliestInWindow]
      : [];
    for (const id of options.deployWorkflowIds) {
      const oldest = await this.api.oldestSuccessfulRun(
        ctx,
        project,
        id,
        options.defaultBranch,
      );
      if (oldest === 'unreachable') {
        return null;
      }
      if (oldest) {
        candidates.push(oldest.updated_at);
      }
    }
    return candidates.reduce<string | null>(
      (earliest, time) =>
        earliest === null || Date.parse(time) < Date.parse(earliest)
          ? time
          : earliest,
      null,
    );
  }
}
