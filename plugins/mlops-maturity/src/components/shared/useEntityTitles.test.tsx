import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { useEntityTitles } from './useEntityTitles';

function Names(props: { refs: string[] }) {
  const titleOf = useEntityTitles(props.refs);
  return (
    <ul>
      {props.refs.map(ref => (
        <li key={ref}>{titleOf(ref, 'domain')}</li>
      ))}
    </ul>
  );
}

const catalog = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'payments', title: 'Payments & Risk' },
      spec: { owner: 'group:default/payments' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'fraud-ml' },
      spec: {
        type: 'team',
        profile: { displayName: 'Fraud & Risk ML' },
        children: [],
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'search' },
      spec: { owner: 'group:default/search' },
    },
  ],
});

describe('useEntityTitles', () => {
  it("names entities by their catalog title or group display name, else by the ref's name", async () => {
    await renderInTestApp(
      <Names
        refs={[
          'domain:default/payments',
          'group:default/fraud-ml',
          'domain:default/search',
          'domain:default/not-in-catalog',
          'data-scientist',
        ]}
      />,
      { apis: [[catalogApiRef, catalog]] },
    );
    expect(await screen.findByText('Payments & Risk')).toBeInTheDocument();
    expect(screen.getByText('Fraud & Risk ML')).toBeInTheDocument();
    // No title: the ref as people say it; not a ref at all: the key itself.
    expect(screen.getByText('search')).toBeInTheDocument();
    expect(screen.getByText('not-in-catalog')).toBeInTheDocument();
    expect(screen.getByText('data-scientist')).toBeInTheDocument();
  });

  it('shows the names without a catalog API', async () => {
    await renderInTestApp(<Names refs={['domain:default/payments']} />);
    expect(await screen.findByText('payments')).toBeInTheDocument();
  });
});
