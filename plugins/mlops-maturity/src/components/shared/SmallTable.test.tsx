import { render, screen } from '@testing-library/react';
import { SmallTable } from './SmallTable';

describe('SmallTable', () => {
  it('keeps headers and short values on one line, lets prose wrap, and aligns numbers right', () => {
    render(
      <SmallTable
        label="Waivers"
        columns={[
          { title: 'Requested by' },
          { title: 'Reason', wrap: true },
          { title: 'Services', numeric: true },
        ]}
        rows={[
          {
            key: 'w1',
            cells: ['sample-data', 'A long reason that may wrap', 3],
          },
        ]}
      />,
    );
    expect(
      screen.getByRole('columnheader', { name: 'Requested by' }),
    ).toHaveStyle('white-space: nowrap');
    expect(screen.getByRole('cell', { name: 'sample-data' })).toHaveStyle(
      'white-space: nowrap',
    );
    expect(
      screen.getByRole('cell', { name: 'A long reason that may wrap' }),
    ).toHaveStyle('white-space: normal');
    expect(screen.getByRole('cell', { name: '3' })).toHaveClass(
      'MuiTableCell-alignRight',
    );
  });
});
