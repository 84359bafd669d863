import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CheckStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CheckStatusLabel } from './CheckStatusLabel';

describe('CheckStatusLabel', () => {
  it('gives every status its own word and its own icon, not only a colour', async () => {
    const statuses: CheckStatus[] = [
      'pass',
      'fail',
      'unknown',
      'waived',
      'not-applicable',
    ];
    renderInTestApp(
      <ul>
        {statuses.map(status => (
          <li key={status}>
            <CheckStatusLabel status={status} />
          </li>
        ))}
        <li>
          <CheckStatusLabel status="unknown" decidable={false} />
        </li>
      </ul>,
    );
    const items = await screen.findAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'Pass',
      'Fail',
      'Unverified',
      'Waived',
      'N/A',
      'Not decidable here',
    ]);
    const icons = items.map(item =>
      item.querySelector('svg path')?.getAttribute('d'),
    );
    expect(new Set(icons).size).toBe(items.length);
    items.forEach(item =>
      expect(item.querySelector('svg')).toHaveAttribute('aria-hidden', 'true'),
    );
  });
});
