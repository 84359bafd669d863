import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CapabilityStatus } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { CapabilityStatusLabel } from './CapabilityStatusLabel';

describe('CapabilityStatusLabel', () => {
  it('gives every status its own word and icon, so unverified never reads as missing', async () => {
    const statuses: CapabilityStatus[] = [
      'demonstrated',
      'missing',
      'unverified',
      'not-applicable',
    ];
    renderInTestApp(
      <ul>
        {statuses.map(status => (
          <li key={status}>
            <CapabilityStatusLabel status={status} />
          </li>
        ))}
      </ul>,
    );
    const items = await screen.findAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'Demonstrated',
      'Missing',
      'Unverified',
      'Not applicable',
    ]);
    const icons = items.map(item =>
      item.querySelector('svg path')?.getAttribute('d'),
    );
    expect(new Set(icons).size).toBe(statuses.length);
  });
});
