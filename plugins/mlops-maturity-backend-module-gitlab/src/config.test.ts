import { ConfigReader } from '@backstage/config';
import { readGitlabCiSettings } from './config';

describe('readGitlabCiSettings', () => {
  it('has defaults when mlopsMaturity.gitlab is absent', () => {
    const settings = readGitlabCiSettings(new ConfigReader({}));
    expect(settings).toMatchObject({
      lookbackDays: 90,
      maxPipelines: 100,
      pipelinesPerKind: 20,
    });
    expect(
      settings.patterns.deploy.some(p => p.test('Deploy-Production')),
    ).toBe(true);
    expect(settings.patterns.training.some(p => p.test('retrain'))).toBe(true);
    expect(
      settings.patterns.training.some(p => p.test('check-constraints')),
    ).toBe(false);
    expect(
      settings.patterns.security.some(p =>
        p.test('gemnasium-python-dependency_scanning'),
      ),
    ).toBe(true);
  });

  it('replaces a pattern list and the bounds from config', () => {
    const settings = readGitlabCiSettings(
      new ConfigReader({
        mlopsMaturity: {
          gitlab: {
            lookbackDays: 30,
            maxPipelines: 300,
            deployJobPatterns: ['^ship$'],
          },
        },
      }),
    );
    expect(settings).toMatchObject({ lookbackDays: 30, maxPipelines: 300 });
    expect(settings.patterns.deploy.map(p => p.test('SHIP'))).toEqual([true]);
    expect(settings.patterns.deploy.some(p => p.test('deploy'))).toBe(false);
  });

  it('names the key of an invalid regular expression', () => {
    expect(() =>
      readGitlabCiSettings(
        new ConfigReader({
          mlopsMaturity: { gitlab: { testJobPatterns: ['pytest', 'unit('] } },
        }),
      ),
    ).toThrow(
      /^mlopsMaturity\.gitlab\.testJobPatterns\[1\] is not a valid regular expression/,
    );
  });

  it('names the key of an invalid bound', () => {
    expect(() =>
      readGitlabCiSettings(
        new ConfigReader({ mlopsMaturity: { gitlab: { lookbackDays: 0 } } }),
      ),
    ).toThrow(
      'mlopsMaturity.gitlab.lookbackDays must be a whole number from 1 to 3650, got 0',
    );
    expect(() =>
      readGitlabCiSettings(
        new ConfigReader({
          mlopsMaturity: { gitlab: { maxPipelines: 'many' } },
        }),
      ),
    ).toThrow(/mlopsMaturity\.gitlab\.maxPipelines/);
  });
});
