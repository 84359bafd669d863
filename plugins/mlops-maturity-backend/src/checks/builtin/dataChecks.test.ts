import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { dataChecks } from './dataChecks';
import { ciJob, runCheck, signal } from './testHelpers';

const check = (id: string): MaturityCheck => dataChecks.find(c => c.id === id)!;

describe('data.versioning', () => {
  const versioning = check('data.versioning');

  it('passes on lakeFS or Delta Lake libraries', async () => {
    const outcome = await runCheck(versioning, {
      repository: { dependencies: ['delta-spark'] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'Data is versioned: dependencies delta-spark',
    });
  });

  it('passes on a DVC pipeline', async () => {
    const outcome = await runCheck(versioning, {
      repository: {
        signals: [signal('pipeline', 'dvc.yaml', { tool: 'DVC' })],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('data.validation', () => {
  it('passes on a CI job that validates data', async () => {
    const outcome = await runCheck(check('data.validation'), {
      repository: {
        signals: [
          ciJob('.github/workflows/validate.yml', {
            triggers: ['pull-request'],
            activities: ['data-validation'],
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });
});
