import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Remediation } from './Remediation';

describe('Remediation', () => {
  it('renders the Markdown of a check catalogue after its label, not the raw syntax', async () => {
    await renderInTestApp(
      <Remediation text="Add a `params.yaml` and see [the guide](https://example.com/guide)." />,
    );
    const code = await screen.findByText('params.yaml');
    expect(code.tagName).toBe('CODE');
    expect(screen.getByRole('link', { name: /the guide/ })).toHaveAttribute(
      'href',
      'https://example.com/guide',
    );
    expect(screen.getByText('How to fix:')).toBeInTheDocument();
    expect(screen.queryByText(/`/)).not.toBeInTheDocument();
  });

  it('leaves the label out under a step title', async () => {
    await renderInTestApp(<Remediation text="Add a Dockerfile." unlabelled />);
    expect(await screen.findByText('Add a Dockerfile.')).toBeInTheDocument();
    expect(screen.queryByText('How to fix:')).not.toBeInTheDocument();
  });
});
