import { Entity, parseLocationRef } from '@backstage/catalog-model';
import {
  GitLabIntegration,
  ScmIntegrationsGroup,
  getGitLabIntegrationRelativePath,
} from '@backstage/integration';
import { ANNOTATIONS } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/**
 * Names the GitLab integration (by host) of a project given only by its slug, as
 * the community GitLab plugin does. It selects a configured integration, never a URL.
 */
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';

/** Where one entity's project lives and how to reach it; the token stays in here. */
export interface GitlabProjectTarget {
  host: string;
  apiBaseUrl: string;
  token: string;
  /** `group/subgroup/project`. */
  projectPath: string;
}

const PROJECT_PATH = /^[^/\s]+(\/[^/\s]+)+$/;

function annotation(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

/**
 * Decides which entities the GitLab collector covers and resolves each to a project on a
 * configured GitLab integration. Only integrations with a token count.
 */
export class GitlabProjectResolver {
  constructor(
    private readonly integrations: ScmIntegrationsGroup<GitLabIntegration>,
  ) {}

  private withToken(): GitLabIntegration[] {
    return this.integrations.list().filter(i => Boolean(i.config.token));
  }

  /** Whether any GitLab integration has a token; without one the collector stays inactive. */
  isActive(): boolean {
    return this.withToken().length > 0;
  }

  private sourceLocationUrl(entity: Entity): URL | undefined {
    const raw = annotation(entity, ANNOTATIONS.sourceLocation);
    if (!raw) {
      return undefined;
    }
    try {
      const { type, target } = parseLocationRef(raw);
      return type === 'url' ? new URL(target) : undefined;
    } catch {
      return undefined;
    }
  }

  appliesTo(entity: Entity): boolean {
    if (!this.isActive()) {
      return false;
    }
    if (annotation(entity, ANNOTATIONS.gitlabProjectSlug)) {
      return true;
    }
    const url = this.sourceLocationUrl(entity);
    return Boolean(url && this.integrations.byUrl(url)?.config.token);
  }

  /** Throws an Error that says what to fix when the entity cannot be resolved. */
  resolve(entity: Entity): GitlabProjectTarget {
    const slug = annotation(entity, ANNOTATIONS.gitlabProjectSlug);
    const sourceUrl = this.sourceLocationUrl(entity);
    const sourceIntegration = sourceUrl
      ? this.integrations.byUrl(sourceUrl)
      : undefined;
    const integration = this.pickIntegration(entity, sourceIntegration);
    const { host, apiBaseUrl, token } = integration.config;
    if (!token) {
      throw new Error(
        `the integrations.gitlab entry for host '${host}' has no token; add one with the read_api scope`,
      );
    }

    let projectPath: string | undefined;
    if (slug) {
      projectPath = slug.replace(/^\/+|\/+$/g, '');
      if (!PROJECT_PATH.test(projectPath)) {
        throw new Error(
          `annotation ${ANNOTATIONS.gitlabProjectSlug} '${slug}' is not a project path like group/subgroup/project`,
        );
      }
    } else if (sourceUrl && sourceIntegration === integration) {
      projectPath = GitlabProjectResolver.projectPathFromUrl(
        sourceUrl,
        getGitLabIntegrationRelativePath(integration.config),
      );
      if (!projectPath) {
        throw new Error(
          `cannot tell the GitLab project from ${ANNOTATIONS.sourceLocation} '${sourceUrl.origin}${sourceUrl.pathname}'; add the ${ANNOTATIONS.gitlabProjectSlug} annotation`,
        );
      }
    }
    if (!projectPath) {
      throw new Error(
        `no GitLab project for this entity: add the ${ANNOTATIONS.gitlabProjectSlug} annotation`,
      );
    }
    return { host, apiBaseUrl, token, projectPath };
  }

  private pickIntegration(
    entity: Entity,
    sourceIntegration: GitLabIntegration | undefined,
  ): GitLabIntegration {
    const instance = annotation(entity, GITLAB_INSTANCE_ANNOTATION);
    const hosts = () =>
      this.withToken()
        .map(i => i.config.host)
        .join(', ');
    if (instance) {
      const named = this.integrations.byHost(instance);
      if (!named) {
        throw new Error(
          `annotation ${GITLAB_INSTANCE_ANNOTATION} names '${instance}', but integrations.gitlab has no entry for that host (configured with a token: ${hosts()})`,
        );
      }
      return named;
    }
    if (sourceIntegration) {
      return sourceIntegration;
    }
    const candidates = this.withToken();
    if (candidates.length === 1) {
      return candidates[0];
    }
    if (candidates.length === 0) {
      throw new Error('no integrations.gitlab entry has a token');
    }
    throw new Error(
      `several GitLab integrations have a token (${hosts()}); set the ${GITLAB_INSTANCE_ANNOTATION} annotation to the host of this project`,
    );
  }

  /**
   * `https://gitlab.com/group/sub/proj/-/tree/main/` → `group/sub/proj`. Everything from
   * GitLab's `/-/` separator on names a page of the project, not the project.
   */
  static projectPathFromUrl(
    url: URL,
    relativePath: string,
  ): string | undefined {
    let path = decodeURIComponent(url.pathname);
    if (relativePath && path.startsWith(`${relativePath}/`)) {
      path = path.slice(relativePath.length);
    }
    const separator = path.indexOf('/-/');
    if (separator >= 0) {
      path = path.slice(0, separator);
    }
    path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
    return PROJECT_PATH.test(path) ? path : undefined;
  }
}
