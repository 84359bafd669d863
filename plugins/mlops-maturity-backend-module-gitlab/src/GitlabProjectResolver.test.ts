import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitlabProjectResolver } from './GitlabProjectResolver';

function resolver(gitlab: object[]) {
  return new GitlabProjectResolver(
    ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { gitlab } }),
    ).gitlab,
  );
}

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: { type: 'ml-service' },
  };
}

const slug = (value: string) => entity({ 'gitlab.com/project-slug': value });
const sourceLocation = (url: string) =>
  entity({ 'backstage.io/source-location': `url:${url}` });

describe('GitlabProjectResolver', () => {
  it('is inactive when no GitLab integration has a token', () => {
    const none = resolver([]);
    expect(none.isActive()).toBe(false);
    expect(none.appliesTo(slug('ml/svc'))).toBe(false);
    const tokenless = resolver([{ host: 'gitlab.com' }]);
    expect(
      tokenless.appliesTo(sourceLocation('https://gitlab.com/ml/svc')),
    ).toBe(false);
  });

  it('applies to a project slug, or a source location on a GitLab host with a token', () => {
    const r = resolver([{ host: 'gitlab.com', token: 't' }]);
    expect(r.appliesTo(slug('ml/svc'))).toBe(true);
    expect(
      r.appliesTo(sourceLocation('https://gitlab.com/ml/svc/-/tree/main/')),
    ).toBe(true);
    expect(
      r.appliesTo(sourceLocation('https://github.com/ml/svc/tree/main/')),
    ).toBe(false);
    expect(
      r.appliesTo(entity({ 'backstage.io/source-location': 'file:./repo' })),
    ).toBe(false);
    expect(r.appliesTo(entity({}))).toBe(false);
  });

  it('takes the API base URL and token from the integration, the project path from the URL', () => {
    const r = resolver([{ host: 'gitlab.com', token: 't' }]);
    expect(
      r.resolve(
        sourceLocation('https://gitlab.com/group/sub/proj/-/tree/main/'),
      ),
    ).toEqual({
      host: 'gitlab.com',
      apiBaseUrl: 'https://gitlab.com/api/v4',
      token: 't',
      projectPath: 'group/sub/proj',
    });
    expect(r.resolve(slug('/group/proj/')).projectPath).toBe('group/proj');
  });

  it('reads self-managed GitLab under a path, and picks the integration of the source location', () => {
    const r = resolver([
      { host: 'gitlab.com', token: 'public' },
      {
        host: 'git.example.com',
        baseUrl: 'https://git.example.com/gitlab',
        apiBaseUrl: 'https://git.example.com/gitlab/api/v4',
        token: 'internal',
      },
    ]);
    expect(
      r.resolve(sourceLocation('https://git.example.com/gitlab/ml/fraud.git')),
    ).toEqual({
      host: 'git.example.com',
      apiBaseUrl: 'https://git.example.com/gitlab/api/v4',
      token: 'internal',
      projectPath: 'ml/fraud',
    });
    expect(() => r.resolve(slug('ml/fraud'))).toThrow(
      'several GitLab integrations have a token (gitlab.com, git.example.com); set the gitlab.com/instance annotation to the host of this project',
    );
    expect(
      r.resolve(
        entity({
          'gitlab.com/project-slug': 'ml/fraud',
          'gitlab.com/instance': 'git.example.com',
        }),
      ).token,
    ).toBe('internal');
  });

  it('says what to fix for an unknown instance, a bad slug or a URL without a project', () => {
    const r = resolver([{ host: 'gitlab.com', token: 't' }]);
    expect(() =>
      r.resolve(
        entity({
          'gitlab.com/project-slug': 'ml/svc',
          'gitlab.com/instance': 'gitlab.example.org',
        }),
      ),
    ).toThrow(
      "annotation gitlab.com/instance names 'gitlab.example.org', but integrations.gitlab has no entry for that host (configured with a token: gitlab.com)",
    );
    expect(() => r.resolve(slug('just-a-name'))).toThrow(
      "annotation gitlab.com/project-slug 'just-a-name' is not a project path like group/subgroup/project",
    );
    expect(() =>
      r.resolve(sourceLocation('https://gitlab.com/lonely/')),
    ).toThrow(
      "cannot tell the GitLab project from backstage.io/source-location 'https://gitlab.com/lonely/'; add the gitlab.com/project-slug annotation",
    );
  });

  it('refuses an instance whose integration has no token', () => {
    const r = resolver([
      { host: 'gitlab.com' },
      {
        host: 'git.example.com',
        apiBaseUrl: 'https://git.example.com/api/v4',
        token: 't',
      },
    ]);
    expect(() =>
      r.resolve(
        entity({
          'gitlab.com/project-slug': 'ml/svc',
          'gitlab.com/instance': 'gitlab.com',
        }),
      ),
    ).toThrow(
      "the integrations.gitlab entry for host 'gitlab.com' has no token; add one with the read_api scope",
    );
  });

  it.each([
    ['https://gitlab.com/group/sub/proj/-/tree/main/', '', 'group/sub/proj'],
    [
      'https://gitlab.com/group/proj/-/blob/main/catalog-info.yaml',
      '',
      'group/proj',
    ],
    ['https://gitlab.com/group/proj.git', '', 'group/proj'],
    ['https://gitlab.com/group/proj', '', 'group/proj'],
    [
      'https://git.example.com/gitlab/group/proj/-/tree/main',
      '/gitlab',
      'group/proj',
    ],
    ['https://gitlab.com/group', '', undefined],
  ])('finds the project of %s', (url, relativePath, expected) => {
    expect(
      GitlabProjectResolver.projectPathFromUrl(new URL(url), relativePath),
    ).toBe(expected);
  });
});
