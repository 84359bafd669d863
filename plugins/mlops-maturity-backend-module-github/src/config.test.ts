import { ConfigReader } from '@backstage/config';
import { readGithubActionsConfig } from './config';

const read = (github: object) =>
  readGithubActionsConfig(new ConfigReader({ mlopsMaturity: { github } }));

describe('readGithubActionsConfig', () => {
  it('has defaults for everything', () => {
    const config = readGithubActionsConfig(new ConfigReader({}));
    expect(config).toMatchObject({ lookbackDays: 90, maxRuns: 300 });
    expect(config.patterns.deploy.test('Deploy to production')).toBe(true);
    expect(
      config.patterns.ignore.test('dynamic/pages/pages-build-deployment'),
    ).toBe(true);
  });

  it('takes one expression or a list, case-insensitively', () => {
    const config = read({
      deployWorkflowPatterns: 'ship-it',
      testWorkflowPatterns: ['^verify$', 'smoke'],
      lookbackDays: 30,
      maxRuns: 1000,
    });
    expect(config.patterns.deploy.test('Ship-It')).toBe(true);
    expect(config.patterns.deploy.test('Deploy')).toBe(false);
    expect(config.patterns.test.test('verify')).toBe(true);
    expect(config.patterns.test.test('verify all')).toBe(false);
    expect(config.patterns.test.test('Smoke tests')).toBe(true);
    expect(config).toMatchObject({ lookbackDays: 30, maxRuns: 1000 });
  });

  it('names the key of an invalid regular expression', () => {
    expect(() =>
      read({ trainingWorkflowPatterns: ['train', '(unclosed'] }),
    ).toThrow(
      /^mlopsMaturity\.github\.trainingWorkflowPatterns: '\(unclosed' is not a valid regular expression/,
    );
    expect(() => read({ llmEvalWorkflowPatterns: [] })).toThrow(
      'mlopsMaturity.github.llmEvalWorkflowPatterns must not be empty',
    );
    expect(() => read({ securityWorkflowPatterns: { codeql: true } })).toThrow(
      'mlopsMaturity.github.securityWorkflowPatterns must be a regular expression or a list of them',
    );
  });

  it('names the key of an out-of-range number', () => {
    expect(() => read({ lookbackDays: 0 })).toThrow(
      'mlopsMaturity.github.lookbackDays must be a whole number from 1 to 400, got 0',
    );
    expect(() => read({ maxRuns: 5000 })).toThrow(
      'mlopsMaturity.github.maxRuns must be a whole number from 1 to 1000, got 5000',
    );
    expect(() => read({ maxRuns: 'many' })).toThrow(
      /mlopsMaturity\.github\.maxRuns/,
    );
  });
});
