import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('monitoring, alerting, KPIs and security configuration', () => {
  it('reads Prometheus scrape configs (also inside ConfigMaps), rule files and dashboards', async () => {
    const facts = await analyzeFiles({
      'monitoring/prometheus.yml': `global: { scrape_interval: 30s }
rule_files: [rules/*.yml]
scrape_configs:
  - job_name: fraud-api
    static_configs: [{ targets: ['fraud-api:8000'] }]
  - job_name: dcgm-exporter
    kubernetes_sd_configs: [{ role: pod }]
`,
      'monitoring/rules/fraud.yml': `groups:
  - name: fraud-model
    rules:
      - alert: FraudApprovalRateDrop
        expr: sum(rate(fraud_approved_total[1h])) / sum(rate(fraud_requests_total[1h])) < 0.85
        for: 1h
        labels: { severity: page }
`,
      'monitoring/rules/recording.yml':
        'groups:\n  - name: rec\n    rules:\n      - record: job:x:rate5m\n        expr: rate(x[5m])\n',
      'deploy/prometheus-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: prometheus }
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: llm-gateway
        static_configs: [{ targets: ['litellm:4000'] }]
`,
      'monitoring/dashboards/fraud.json': JSON.stringify({
        title: 'Fraud model',
        panels: [
          { title: 'Drift', targets: [{ expr: 'fraud_feature_drift_score' }] },
        ],
      }),
    });
    expect(
      signalsOf(facts, 'monitoring-config', 'prometheus').map(
        s => s.attributes.jobs,
      ),
    ).toEqual([['llm-gateway'], ['fraud-api', 'dcgm-exporter']]);
    expect(signalsOf(facts, 'gpu-cost', 'dcgm-exporter')).toHaveLength(1);
    expect(
      signalsOf(facts, 'alert-rules', 'prometheus')[0].attributes.alerts,
    ).toEqual([
      {
        name: 'FraudApprovalRateDrop',
        expr: 'sum(rate(fraud_approved_total[1h])) / sum(rate(fraud_requests_total[1h])) < 0.85',
        for: '1h',
        severity: 'page',
      },
    ]);
    expect(rejectionsOf(facts, 'alert-rules')[0].reason).toMatch(
      /only record series/,
    );
    expect(
      signalsOf(facts, 'monitoring-config', 'grafana')[0].attributes.queries,
    ).toEqual(['fraud_feature_drift_score']);
  });

  it('accepts measurable business KPI definitions and rejects KPI names without targets', async () => {
    const facts = await analyzeFiles({
      'kpis.yaml': `kpis:
  - name: fraud_loss_prevented_eur
    description: Monthly value of blocked fraudulent transactions
    target: ">= 250000"
    query: sum(increase(fraud_blocked_amount_eur[30d]))
  - name: manual_review_rate
    target: "< 0.05"
`,
      'services/churn/kpi.yml': 'kpis:\n  - name: retention\n  - name: nps\n',
      'ml/metrics.yaml': 'auc: 0.94\nf1: 0.81\n',
    });
    expect(signalsOf(facts, 'kpi')[0].attributes.kpis).toEqual([
      {
        name: 'fraud_loss_prevented_eur',
        target: '>= 250000',
        query: 'sum(increase(fraud_blocked_amount_eur[30d]))',
      },
      { name: 'manual_review_rate', target: '< 0.05', query: null },
    ]);
    expect(rejectionsOf(facts, 'kpi').map(r => r.path)).toEqual([
      'services/churn/kpi.yml',
    ]);
  });

  it('reads Dependabot, Renovate, Trivy and pre-commit security hooks', async () => {
    const facts = await analyzeFiles({
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule: { interval: weekly }\n  - package-ecosystem: docker\n    directory: /\n    schedule: { interval: weekly }\n',
      'renovate.json': '{ "extends": ["config:recommended"] }',
      'trivy.yaml': 'severity: [HIGH, CRITICAL]\n',
      '.pre-commit-config.yaml':
        'repos:\n  - repo: https://github.com/PyCQA/bandit\n    rev: 1.7.9\n    hooks: [{ id: bandit }]\n  - repo: https://github.com/psf/black\n    rev: 24.4.2\n    hooks: [{ id: black }]\n',
    });
    expect(
      signalsOf(facts, 'security-scan')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['dependabot', 'pre-commit', 'renovate', 'trivy']);
    expect(
      signalsOf(facts, 'security-scan', 'dependabot')[0].attributes.ecosystems,
    ).toEqual(['pip', 'docker']);
    expect(
      signalsOf(facts, 'security-scan', 'pre-commit')[0].attributes.hooks,
    ).toEqual(['bandit']);
  });
});
