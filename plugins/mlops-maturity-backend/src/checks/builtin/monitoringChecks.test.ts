import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { monitoringChecks } from './monitoringChecks';
import { k8s, runCheck, signal } from './testHelpers';

const check = (id: string): MaturityCheck =>
  monitoringChecks.find(c => c.id === id)!;

describe('monitoring.metrics-scraped', () => {
  const scraped = check('monitoring.metrics-scraped');

  it('fails an unscraped service even when scraping is declared, citing the config', async () => {
    const outcome = await runCheck(scraped, {
      repository: {
        signals: [signal('monitoring-config', 'k8s/servicemonitor.yaml')],
      },
      monitoring: { scraped: false },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'No up{job="fraud-detector"} series in prometheus instance prod: the service is not scraped, although k8s/servicemonitor.yaml (test-tool) is configured',
    );
    expect(outcome.evidence.map(e => e.strength)).toEqual([
      'observed',
      'declared',
    ]);
  });

  it('passes on a declared ServiceMonitor without a monitoring source', async () => {
    const outcome = await runCheck(scraped, {
      repository: {
        signals: [
          k8s('k8s/monitor.yaml', {
            apiVersion: 'monitoring.coreos.com/v1',
            resourceKind: 'ServiceMonitor',
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });

  it('is unknown when Prometheus failed before ever answering', async () => {
    const outcome = await runCheck(scraped, {
      monitoring: {},
      sets: { monitoring: { facts: {}, error: 'connect ECONNREFUSED' } },
    });
    expect(outcome).toMatchObject({
      status: 'unknown',
      message: 'monitoring could not be read: connect ECONNREFUSED',
    });
  });
});

describe('monitoring.drift', () => {
  it('fails a declared drift monitor that produces no series', async () => {
    const outcome = await runCheck(check('monitoring.drift'), {
      repository: {
        signals: [
          signal('drift-monitoring', 'src/drift.py', { tool: 'evidently' }),
        ],
      },
      monitoring: { scraped: true },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'although src/drift.py (evidently) is configured',
    );
  });

  it('passes on observed drift series', async () => {
    const outcome = await runCheck(check('monitoring.drift'), {
      monitoring: { series: { drift: ['feature_drift_score'] } },
    });
    expect(outcome.status).toBe('pass');
  });
});

describe('monitoring.model-performance', () => {
  const performance = check('monitoring.model-performance');

  it('passes on a declared alert on a model quality metric', async () => {
    const outcome = await runCheck(performance, {
      repository: {
        signals: [
          signal('alert-rules', 'monitoring/rules.yml', {
            attributes: {
              alerts: [{ name: 'ModelAucDropped', expr: 'model_auc < 0.8' }],
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });

  it('does not take an availability alert for performance monitoring', async () => {
    const outcome = await runCheck(performance, {
      repository: {
        signals: [
          signal('alert-rules', 'monitoring/rules.yml', {
            attributes: { alerts: [{ name: 'ServiceDown', expr: 'up == 0' }] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
  });
});

describe('monitoring.kpi-alerts', () => {
  const kpiAlerts = check('monitoring.kpi-alerts');

  it('passes on a declared KPI with an alert on it', async () => {
    const outcome = await runCheck(kpiAlerts, {
      repository: {
        signals: [
          signal('kpi', 'kpis.yaml', {
            attributes: { metrics: ['fraud_blocked_amount_total'] },
          }),
          signal('alert-rules', 'rules.yml', {
            attributes: {
              alerts: [
                {
                  name: 'BlockedAmountLow',
                  expr: 'rate(fraud_blocked_amount_total[1h]) < 10',
                },
              ],
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('pass');
  });

  it('fails a declared KPI nobody alerts on', async () => {
    const outcome = await runCheck(kpiAlerts, {
      repository: {
        signals: [
          signal('kpi', 'kpis.yaml', {
            attributes: { metrics: ['fraud_blocked_amount_total'] },
          }),
          signal('alert-rules', 'rules.yml', {
            attributes: { alerts: [{ name: 'Down', expr: 'up == 0' }] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('no alert rule acts on them');
  });

  it('fails observed monitoring without KPI series', async () => {
    const outcome = await runCheck(kpiAlerts, { monitoring: {} });
    expect(outcome.message).toBe(
      'No KPI series for job fraud-detector in prometheus instance prod',
    );
  });
});

describe('monitoring.alerting', () => {
  it('passes on alert rules loaded in Prometheus', async () => {
    const outcome = await runCheck(check('monitoring.alerting'), {
      monitoring: {
        alertRules: ['FraudDetectorDown', 'FraudDetectorLatencyHigh'],
      },
    });
    expect(outcome).toMatchObject({ status: 'pass' });
    expect(outcome.message).toContain('2 alert rules cover job fraud-detector');
  });
});
