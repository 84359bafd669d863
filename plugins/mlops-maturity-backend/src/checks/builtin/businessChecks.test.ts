import { businessChecks } from './businessChecks';
import { runCheck, signal } from './testHelpers';

describe('business.kpi-defined', () => {
  const kpi = businessChecks[0];

  it('passes on a kpi link or a KPI defined in the repository', async () => {
    expect(
      (
        await runCheck(kpi, {
          catalog: { linksByType: { kpi: 'https://grafana/d/kpi' } },
        })
      ).status,
    ).toBe('pass');
    expect(
      (
        await runCheck(kpi, {
          repository: { signals: [signal('kpi', 'kpis.yaml')] },
        })
      ).status,
    ).toBe('pass');
  });

  it('is unknown when neither the catalog names a KPI nor the repository can be read', async () => {
    const outcome = await runCheck(kpi, {
      sets: { repository: { facts: {}, error: 'HTTP 500' } },
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'no mlops-maturity.io/kpi annotation or kpi link, and repository could not be read: HTTP 500',
    );
  });
});
