import { MonitoringFacts } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { AlertingRule, matchAlertRules } from './matchAlertRules';

const noSeries: MonitoringFacts['series'] = {
  drift: [],
  modelQuality: [],
  kpi: [],
  tokens: [],
  gpu: [],
  gpuCost: [],
  feedback: [],
  outputQuality: [],
  dataQuality: [],
};

const service = { job: 'fraud-detector', entityName: 'fraud-detector-svc' };

function rule(
  name: string,
  query: string,
  extra: Partial<AlertingRule> = {},
): AlertingRule {
  return { name, query, labels: {}, annotations: {}, ...extra };
}

describe('matchAlertRules', () => {
  it('takes rules whose expression selects the job', () => {
    const result = matchAlertRules(
      [
        rule('Down', 'up{job="fraud-detector"} == 0'),
        rule('DownRegex', 'up{instance=~".*", job=~"fraud-.*"} == 0'),
        rule('DownCaseless', 'up{job=~"(?i)FRAUD-DETECTOR"} == 0'),
        rule('Quoted', "up{job='fraud-detector'} == 0"),
        rule('Raw', 'up{job=`fraud-detector`} == 0'),
        rule('OtherJob', 'up{job="fraud-detector-canary"} == 0'),
        rule('Exported', 'up{exported_job="fraud-detector"} == 0'),
        rule('NotThisJob', 'up{job!="fraud-detector"} == 0'),
        rule('Unmatched', 'up == 0'),
      ],
      service,
      noSeries,
    );
    expect(result.alertRules).toEqual([
      'Down',
      'DownCaseless',
      'DownRegex',
      'Quoted',
      'Raw',
    ]);
  });

  it('decodes Go-quoted job values as Prometheus formats them', () => {
    const job = 'team "a"\\ml';
    const result = matchAlertRules(
      [
        rule('Escaped', 'up{job="team \\"a\\"\\\\ml"} == 0'),
        rule('Hex', 'up{job="team \\x22a\\x22\\\\ml"} == 0'),
      ],
      { job, entityName: 'x' },
      noSeries,
    );
    expect(result.alertRules).toEqual(['Escaped', 'Hex']);
  });

  it('takes rules whose labels or annotations name the service', () => {
    const result = matchAlertRules(
      [
        rule('ByLabel', 'sum(rate(errors_total[5m])) > 1', {
          labels: { service: 'fraud-detector-svc' },
        }),
        rule('ByJobLabel', 'sum(rate(errors_total[5m])) > 1', {
          labels: { job: 'fraud-detector' },
        }),
        rule('ByAnnotation', 'sum(rate(errors_total[5m])) > 1', {
          annotations: {
            summary: 'Errors on fraud-detector. Page the fraud team.',
          },
        }),
        rule('LongerName', 'sum(rate(errors_total[5m])) > 1', {
          annotations: { summary: 'Errors on fraud-detector-v2' },
        }),
      ],
      service,
      noSeries,
    );
    expect(result.alertRules).toEqual([
      'ByAnnotation',
      'ByJobLabel',
      'ByLabel',
    ]);
  });

  it('attributes rules on the service series to their families, unless they select another job', () => {
    const series = {
      ...noSeries,
      drift: ['fraud_feature_drift_score'],
      modelQuality: ['model_auc'],
      kpi: ['fraud_loss_basis_points'],
    };
    const result = matchAlertRules(
      [
        rule('Drift', 'fraud_feature_drift_score{job="fraud-detector"} > 0.3'),
        rule('AucLow', 'model_auc < 0.8'),
        rule('AucLowElsewhere', 'model_auc{job="other"} < 0.8'),
        rule('AucNotCanary', 'model_auc{job!="canary"} < 0.8'),
        rule('LossHigh', 'avg_over_time(fraud_loss_basis_points[1h]) > 12'),
        rule('PrefixOnly', 'fraud_loss_basis_points_total > 1'),
        rule(
          'DriftAndAuc',
          'fraud_feature_drift_score > 0.3 and on() model_auc < 0.9',
        ),
      ],
      service,
      series,
    );
    expect(result).toEqual({
      alertRules: [
        'AucLow',
        'AucNotCanary',
        'Drift',
        'DriftAndAuc',
        'LossHigh',
      ],
      alertsFor: {
        drift: ['Drift', 'DriftAndAuc'],
        modelQuality: ['AucLow', 'AucNotCanary', 'DriftAndAuc'],
        kpi: ['LossHigh'],
      },
    });
  });

  it('lists each alert name once, even when several groups define it', () => {
    const result = matchAlertRules(
      [
        rule('Down', 'up{job="fraud-detector"} == 0'),
        rule('Down', 'up{job="fraud-detector"} < 1'),
      ],
      service,
      noSeries,
    );
    expect(result.alertRules).toEqual(['Down']);
  });
});
