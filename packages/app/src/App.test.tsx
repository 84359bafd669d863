import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('should render', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // The app loads its extensions asynchronously: waiting for the sign-in page keeps
    // that loading inside the test rather than after its environment is torn down.
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Enter' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(rendered.getByText('Test')).toBeInTheDocument();
    // Creating the whole app is slow on a busy two-core machine.
  }, 60_000);
});
