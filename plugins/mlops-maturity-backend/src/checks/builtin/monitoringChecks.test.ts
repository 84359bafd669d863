import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import { monitoringChecks } from './monitoringChecks';
import { k8s, rejection, runCheck, signal } from './testHelpers';

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

describe('monitoring.metrics-scraped as production telemetry', () => {
  const telemetry = check('monitoring.metrics-scraped');
  const appInsights = signal('monitoring-config', 'api/telemetry.py', {
    tool: 'azure-monitor',
    detail:
      'api/telemetry.py sends production telemetry to Azure Monitor (Application Insights) (`configure_azure_monitor`)',
  });
  const langfuse = signal('monitoring-config', 'app/llm.py', {
    tool: 'langfuse',
    attributes: { llmTracing: true },
  });

  it('passes on Application Insights set up in the service code without Prometheus', async () => {
    const outcome = await runCheck(telemetry, {
      repository: { signals: [appInsights] },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Production telemetry configured: api/telemetry.py (azure-monitor)',
    });
  });

  it('counts LLM tracing only for LLM apps', async () => {
    const classic = await runCheck(telemetry, {
      repository: { signals: [langfuse] },
    });
    expect(classic.status).toBe('fail');
    expect(classic.message).toMatch(/^No production telemetry/);
    const llmApp = await runCheck(
      { ...telemetry, flavors: ['llm'] },
      { repository: { signals: [langfuse] } },
    );
    expect(llmApp.status).toBe('pass');
  });

  it('takes a CloudWatch alarm on the service for telemetry, not a Prometheus rule file', async () => {
    const alarm = await runCheck(telemetry, {
      repository: {
        signals: [
          signal('alert-rules', 'templates/endpoint.yml', {
            tool: 'cloudwatch',
            attributes: {
              alerts: [{ name: 'EndpointErrors', expr: 'Invocation5XXErrors' }],
            },
          }),
        ],
      },
    });
    expect(alarm.status).toBe('pass');
    const rules = await runCheck(telemetry, {
      repository: {
        signals: [
          signal('alert-rules', 'monitoring/rules.yml', {
            tool: 'prometheus',
            attributes: { alerts: [{ name: 'Down', expr: 'up == 0' }] },
          }),
        ],
      },
    });
    expect(rules.status).toBe('fail');
  });

  it('keeps observed Prometheus facts first', async () => {
    const outcome = await runCheck(telemetry, {
      repository: { signals: [appInsights] },
      monitoring: { scraped: false },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'although api/telemetry.py (azure-monitor) is configured',
    );
  });
});

describe('monitoring.drift', () => {
  const drift = check('monitoring.drift');

  it('does not take a drift report in a notebook for production monitoring', async () => {
    const outcome = await runCheck(drift, {
      repository: {
        signals: [
          signal('drift-monitoring', 'notebooks/drift.ipynb', {
            tool: 'evidently',
            attributes: { call: 'DataDriftPreset', notebook: true },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'not counted: `notebooks/drift.ipynb` (evidently) is a notebook; a notebook is not production monitoring',
    );
  });

  it('needs a library check to run continuously, and cites why a backfill does not', async () => {
    const used = signal('drift-monitoring', 'jobs/drift.py', {
      tool: 'evidently',
      attributes: { call: 'DataDriftPreset', notebook: false },
    });
    const failed = await runCheck(drift, {
      repository: {
        signals: [used],
        rejections: [
          rejection(
            'drift-monitoring',
            'jobs/drift.py',
            'jobs/drift.py computes Evidently drift checks but nothing runs it continuously',
          ),
        ],
      },
    });
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain(
      'not counted: jobs/drift.py computes Evidently drift checks but nothing runs it continuously',
    );
    const scheduled = await runCheck(drift, {
      repository: {
        signals: [
          used,
          signal('drift-monitoring', 'jobs/drift.py', {
            tool: 'evidently',
            attributes: {
              continuous: true,
              runBy: 'on the schedule in .github/workflows/monitor.yml',
              measures: ['drift'],
            },
          }),
        ],
      },
    });
    expect(scheduled).toMatchObject({
      status: 'pass',
      message:
        'Drift is monitored in production: jobs/drift.py (evidently, on the schedule in .github/workflows/monitor.yml)',
    });
  });

  it('accepts a Model Monitor schedule declared in infrastructure code and drift alarms', async () => {
    const fromIac = await runCheck(drift, {
      repository: {
        signals: [
          signal('drift-monitoring', 'templates/monitoring.yml', {
            tool: 'sagemaker-model-monitor',
            attributes: { resources: ['MonitoringSchedule'] },
          }),
        ],
      },
    });
    expect(fromIac.status).toBe('pass');
    const alarm = await runCheck(drift, {
      repository: {
        signals: [
          signal('alert-rules', 'infra/alarms.yml', {
            tool: 'cloudwatch',
            attributes: {
              alerts: [
                {
                  name: 'FeatureDriftAlarm',
                  expr: 'feature_baseline_drift_age',
                },
              ],
            },
          }),
        ],
      },
    });
    expect(alarm.status).toBe('pass');
  });

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
    const outcome = await runCheck(drift, {
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

  it('does not take a quality word in the rule file path for an alert on model quality', async () => {
    const outcome = await runCheck(performance, {
      repository: {
        signals: [
          signal('alert-rules', 'monitoring/model_accuracy/rules.yml', {
            tool: 'prometheus',
            detail:
              'Prometheus rules monitoring/model_accuracy/rules.yml define alert `ServiceDown`',
            attributes: { alerts: [{ name: 'ServiceDown', expr: 'up == 0' }] },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
  });

  it('does not take a drift check for model performance monitoring', async () => {
    const outcome = await runCheck(performance, {
      repository: {
        signals: [
          signal('drift-monitoring', 'service/drift.py', {
            tool: 'evidently',
            attributes: {
              continuous: true,
              runBy: 'in the serving code',
              measures: ['drift'],
            },
          }),
        ],
      },
    });
    expect(outcome.status).toBe('fail');
  });

  it('passes on a scheduled model quality monitor', async () => {
    const outcome = await runCheck(performance, {
      repository: {
        signals: [
          signal('drift-monitoring', 'monitoring/schedule.py', {
            tool: 'sagemaker-model-monitor',
            attributes: {
              continuous: true,
              runBy: 'on schedule CronExpressionGenerator.daily()',
              measures: ['performance'],
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

describe('monitoring.data-quality', () => {
  it('passes on a data quality monitor that runs on a schedule', async () => {
    const outcome = await runCheck(check('monitoring.data-quality'), {
      repository: {
        signals: [
          signal('drift-monitoring', 'monitoring/schedule.py', {
            tool: 'sagemaker-model-monitor',
            attributes: {
              continuous: true,
              runBy: 'on schedule CronExpressionGenerator.hourly()',
              measures: ['data-quality', 'drift'],
            },
          }),
        ],
      },
    });
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Data quality is checked automatically: monitoring/schedule.py (sagemaker-model-monitor, on schedule CronExpressionGenerator.hourly())',
    });
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
