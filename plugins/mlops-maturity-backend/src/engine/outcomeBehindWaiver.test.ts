import { CheckResult } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { outcomeBehindWaiver } from './MaturityEngine';

const result = (
  status: CheckResult['status'],
  message: string,
): CheckResult => ({
  id: 'deploy.rollback',
  title: 'Rollback is possible',
  dimension: 'deployment',
  level: 2,
  required: true,
  weight: 1,
  persona: 'devops',
  remediation: 'Add a rollback job',
  status,
  message,
  evidence: [],
});

describe('outcomeBehindWaiver', () => {
  it('reads what a waived check found without its waiver, and nothing of other results', () => {
    expect(
      outcomeBehindWaiver(
        result(
          'waived',
          'Waived until 2027-01-31 (approved waiver); without the waiver: fail — No rollback job',
        ),
      ),
    ).toBe('fail — No rollback job');
    expect(
      outcomeBehindWaiver(result('fail', 'No rollback job')),
    ).toBeUndefined();
  });
});
