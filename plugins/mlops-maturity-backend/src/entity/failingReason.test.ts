import { staleNote } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { failingReasonKey } from './failingReason';

describe('failingReasonKey', () => {
  it('keeps the finding and drops what changes while it stays the same', () => {
    expect(
      failingReasonKey(
        'fail — No experiment tracking among 4 files of the repository',
      ),
    ).toBe(
      failingReasonKey(
        'fail — No experiment tracking among 5 files of the repository',
      ),
    );
    const finding = 'fail — The model churn is not registered';
    expect(
      failingReasonKey(
        finding +
          staleNote(
            'registry',
            '2026-12-01T10:00:00Z',
            'connect ECONNREFUSED 10.0.0.1:5000 (after 3 tries)',
          ),
      ),
    ).toBe(failingReasonKey(finding));
    expect(
      failingReasonKey(finding + staleNote('registry', '2026-12-01T10:00:00Z')),
    ).toBe(failingReasonKey(finding));
  });

  it('tells another finding apart', () => {
    expect(failingReasonKey('fail — No Dockerfile among 4 files')).not.toBe(
      failingReasonKey('fail — No experiment tracking among 4 files'),
    );
    expect(failingReasonKey('unknown — registry could not be read')).not.toBe(
      failingReasonKey('fail — registry could not be read'),
    );
  });
});
