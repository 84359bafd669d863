import { Entity } from '@backstage/catalog-model';
import { ANNOTATIONS } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** Where an entity's repository lives, as its annotations name it (not yet validated). */
export interface GithubProjectReference {
  host: string;
  /** `owner/repo`, as written. */
  slug: string;
  /** Whether the slug came from `github.com/project-slug` rather than the source location. */
  explicit: boolean;
}

export interface GithubProject {
  host: string;
  owner: string;
  repo: string;
}

const DEFAULT_HOST = 'github.com';
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPO = /^[A-Za-z0-9._-]+$/;

/** The host and `owner/repo` of a `url:` source location on one of the given hosts. */
function fromSourceLocation(
  entity: Entity,
  isGithubHost: (host: string) => boolean,
): { host: string; slug?: string } | undefined {
  const location = entity.metadata.annotations?.[ANNOTATIONS.sourceLocation];
  if (!location?.startsWith('url:')) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(location.slice('url:'.length));
  } catch {
    return undefined;
  }
  if (!isGithubHost(url.host)) {
    return undefined;
  }
  const [owner, repo] = url.pathname.split('/').filter(Boolean);
  return {
    host: url.host,
    slug: owner && repo ? `${owner}/${repo.replace(/\.git$/, '')}` : undefined,
  };
}

/**
 * Finds the entity's GitHub repository: `github.com/project-slug` wins, on the host of the
 * source location when that is a GitHub host (GitHub Enterprise), else github.com; without
 * the annotation the repository is read from a `url:` source location on a GitHub host.
 */
export function findGithubProject(
  entity: Entity,
  isGithubHost: (host: string) => boolean,
): GithubProjectReference | undefined {
  const source = fromSourceLocation(entity, isGithubHost);
  const annotated =
    entity.metadata.annotations?.[ANNOTATIONS.githubProjectSlug];
  if (annotated !== undefined) {
    return {
      host: source?.host ?? DEFAULT_HOST,
      slug: annotated.trim(),
      explicit: true,
    };
  }
  if (source?.slug) {
    return { host: source.host, slug: source.slug, explicit: false };
  }
  return undefined;
}

/** Validates the slug, so that it can only ever name a repository path on the configured API. */
export function parseGithubProject(
  reference: GithubProjectReference,
): GithubProject {
  const parts = reference.slug.split('/');
  const [owner, repo] = parts;
  if (
    parts.length !== 2 ||
    !OWNER.test(owner) ||
    !REPO.test(repo) ||
    repo === '.' ||
    repo === '..'
  ) {
    const where = reference.explicit
      ? `annotation ${ANNOTATIONS.githubProjectSlug}`
      : `annotation ${ANNOTATIONS.sourceLocation}`;
    throw new Error(
      `${where} names '${reference.slug}', which is not a GitHub repository of the form owner/repo`,
    );
  }
  return { host: reference.host, owner, repo };
}
