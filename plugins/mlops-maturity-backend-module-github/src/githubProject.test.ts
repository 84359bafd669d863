import { Entity } from '@backstage/catalog-model';
import { findGithubProject, parseGithubProject } from './githubProject';

const entityWith = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});
const githubHosts = (host: string) =>
  ['github.com', 'ghe.example.com'].includes(host);

describe('findGithubProject', () => {
  it('prefers the project slug, on github.com by default', () => {
    expect(
      findGithubProject(
        entityWith({ 'github.com/project-slug': ' acme/svc ' }),
        githubHosts,
      ),
    ).toEqual({ host: 'github.com', slug: 'acme/svc', explicit: true });
  });

  it('puts the slug on the GitHub Enterprise host of the source location', () => {
    expect(
      findGithubProject(
        entityWith({
          'github.com/project-slug': 'ml/svc',
          'backstage.io/source-location':
            'url:https://ghe.example.com/other/place/tree/main/',
        }),
        githubHosts,
      ),
    ).toEqual({ host: 'ghe.example.com', slug: 'ml/svc', explicit: true });
  });

  it('reads owner/repo from a url: source location on a GitHub host', () => {
    expect(
      findGithubProject(
        entityWith({
          'backstage.io/source-location': 'url:https://github.com/acme/svc.git',
        }),
        githubHosts,
      ),
    ).toEqual({ host: 'github.com', slug: 'acme/svc', explicit: false });
    expect(
      findGithubProject(
        entityWith({
          'backstage.io/source-location':
            'url:https://github.com/acme/svc/tree/feature/x/models/',
        }),
        githubHosts,
      ),
    ).toMatchObject({ slug: 'acme/svc' });
  });

  it('finds nothing elsewhere', () => {
    for (const location of [
      'url:https://gitlab.com/acme/svc',
      'url:https://github.com/acme',
      'url:not a url',
      'file:./repos/svc',
    ]) {
      expect(
        findGithubProject(
          entityWith({ 'backstage.io/source-location': location }),
          githubHosts,
        ),
      ).toBeUndefined();
    }
  });
});

describe('parseGithubProject', () => {
  it('splits a valid slug', () => {
    expect(
      parseGithubProject({
        host: 'github.com',
        slug: 'my-org/model_v2.service',
        explicit: true,
      }),
    ).toEqual({
      host: 'github.com',
      owner: 'my-org',
      repo: 'model_v2.service',
    });
  });

  it.each([
    'acme',
    'acme/',
    '/svc',
    'acme/svc/extra',
    '-acme/svc',
    'acme/..',
    'acme/s vc',
    'acme/svc?x=1',
  ])('rejects %s', slug => {
    expect(() =>
      parseGithubProject({ host: 'github.com', slug, explicit: true }),
    ).toThrow(
      `annotation github.com/project-slug names '${slug}', which is not a GitHub repository of the form owner/repo`,
    );
  });
});
