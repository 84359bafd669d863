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

describe('production telemetry in the service code', () => {
  it('recognises Application Insights, OpenTelemetry, CloudWatch, Cloud Monitoring, Datadog and LLM tracing as their SDKs are set up', async () => {
    const facts = await analyzeFiles({
      'api/telemetry.py': `from azure.monitor.opentelemetry import configure_azure_monitor

def setup_telemetry():
    configure_azure_monitor(connection_string=os.environ["APPLICATIONINSIGHTS_CONNECTION_STRING"])
`,
      'api/otel.py': `from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

provider = TracerProvider()
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint="http://collector:4317")))
trace.set_tracer_provider(provider)
`,
      'scoring/handler.py': `import boto3

cloudwatch = boto3.client("cloudwatch")

def handler(event, context):
    cloudwatch.put_metric_data(Namespace="Scoring", MetricData=[{"MetricName": "Latency", "Value": 12.0}])
`,
      'scoring/emf.py': `from aws_embedded_metrics import metric_scope

@metric_scope
def score(event, metrics):
    metrics.put_metric("PredictionCount", 1, "Count")
`,
      'batch/report.py': `from google.cloud import monitoring_v3

client = monitoring_v3.MetricServiceClient()
client.create_time_series(name=project_name, time_series=[series])
`,
      'worker/app.py':
        'from ddtrace import patch_all\npatch_all()\nimport celery\n',
      'chain/gateway.py':
        'import litellm\n\nlitellm.success_callback = ["langfuse"]\n',
      'chain/traced.py': `from langsmith import traceable

@traceable
def answer(question):
    return llm.invoke(question)
`,
      'backend/Program.cs': `var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApplicationInsightsTelemetry(options => options.ConnectionString = connectionString);
var app = builder.Build();
`,
      'web/server.ts': `import * as appInsights from 'applicationinsights';
appInsights.setup(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING).setAutoCollectRequests(true).start();
`,
    });
    const telemetry = signalsOf(facts, 'monitoring-config').map(s => [
      s.path,
      s.tool,
    ]);
    expect(telemetry).toEqual([
      ['api/otel.py', 'opentelemetry'],
      ['api/telemetry.py', 'azure-monitor'],
      ['backend/Program.cs', 'azure-monitor'],
      ['batch/report.py', 'cloud-monitoring'],
      ['chain/gateway.py', 'langfuse'],
      ['chain/traced.py', 'langsmith'],
      ['scoring/emf.py', 'cloudwatch'],
      ['scoring/handler.py', 'cloudwatch'],
      ['web/server.ts', 'azure-monitor'],
      ['worker/app.py', 'datadog'],
    ]);
    expect(
      signalsOf(facts, 'monitoring-config', 'langsmith')[0].attributes
        .llmTracing,
    ).toBe(true);
  });

  it('does not count telemetry set up in tests, notebooks or docs', async () => {
    const facts = await analyzeFiles({
      'tests/test_telemetry.py':
        'from azure.monitor.opentelemetry import configure_azure_monitor\n\ndef test_setup():\n    configure_azure_monitor(connection_string="InstrumentationKey=0")\n',
      'notebooks/explore.py':
        'from azure.monitor.opentelemetry import configure_azure_monitor\nconfigure_azure_monitor()\n',
      'docs/snippets/otel.py':
        'from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter\nexporter = OTLPSpanExporter()\n',
      'app/Api.Tests/TelemetryTests.cs':
        'services.AddApplicationInsightsTelemetry();\n',
    });
    expect(signalsOf(facts, 'monitoring-config')).toEqual([]);
  });
});

describe('model monitors that run in production', () => {
  it('recognises a scheduled SageMaker Model Monitor and rejects data capture or a monitor that is never scheduled', async () => {
    const facts = await analyzeFiles({
      'monitoring/schedule_monitor.py': `from sagemaker.model_monitor import DefaultModelMonitor, ModelQualityMonitor, CronExpressionGenerator
from sagemaker.model_monitor.dataset_format import DatasetFormat

data_monitor = DefaultModelMonitor(role=role, instance_count=1, instance_type="ml.m5.xlarge")
data_monitor.suggest_baseline(baseline_dataset="s3://bucket/train.csv", dataset_format=DatasetFormat.csv(header=True))
data_monitor.create_monitoring_schedule(
    monitor_schedule_name="churn-data-quality",
    endpoint_input=endpoint_name,
    statistics=data_monitor.baseline_statistics(),
    constraints=data_monitor.suggested_constraints(),
    schedule_cron_expression=CronExpressionGenerator.hourly(),
)
quality_monitor = ModelQualityMonitor(role=role, instance_count=1, instance_type="ml.m5.xlarge", problem_type="BinaryClassification")
quality_monitor.create_monitoring_schedule(endpoint_input=endpoint_input, ground_truth_input="s3://bucket/labels", schedule_cron_expression=CronExpressionGenerator.daily())
`,
      'deploy/deploy_endpoint.py': `from sagemaker.model_monitor import DataCaptureConfig

capture = DataCaptureConfig(enable_capture=True, sampling_percentage=100, destination_s3_uri="s3://bucket/capture")
predictor = model.deploy(initial_instance_count=1, instance_type="ml.m5.large", data_capture_config=capture)
`,
      'monitoring/baseline_only.py': `from sagemaker.model_monitor import DefaultModelMonitor

monitor = DefaultModelMonitor(role=role, instance_count=1, instance_type="ml.m5.xlarge")
monitor.suggest_baseline(baseline_dataset="s3://bucket/train.csv")
`,
    });
    const [monitor] = signalsOf(
      facts,
      'drift-monitoring',
      'sagemaker-model-monitor',
    ).filter(s => s.attributes.continuous === true);
    expect(monitor).toMatchObject({
      path: 'monitoring/schedule_monitor.py',
      attributes: {
        measures: ['data-quality', 'drift', 'performance'],
        runBy: 'on schedule CronExpressionGenerator.hourly()',
      },
    });
    expect(
      rejectionsOf(facts, 'drift-monitoring').map(r => [r.path, r.reason]),
    ).toEqual([
      [
        'deploy/deploy_endpoint.py',
        expect.stringContaining(
          'captures endpoint traffic (`DataCaptureConfig`) but schedules no Model Monitor',
        ),
      ],
      [
        'monitoring/baseline_only.py',
        expect.stringContaining('never schedules it'),
      ],
    ]);
  });

  it('recognises Vertex AI monitoring on an endpoint and on batch predictions', async () => {
    const facts = await analyzeFiles({
      'monitoring/endpoint_monitor.py': `from google.cloud import aiplatform
from google.cloud.aiplatform import model_monitoring

objective = model_monitoring.ObjectiveConfig(
    skew_detection_config=model_monitoring.SkewDetectionConfig(data_source=TRAIN_URI, skew_thresholds={"age": 0.3}, target_field="churned"),
    drift_detection_config=model_monitoring.DriftDetectionConfig(drift_thresholds={"age": 0.3}),
)
job = aiplatform.ModelDeploymentMonitoringJob.create(
    display_name="churn-monitoring",
    endpoint=endpoint,
    logging_sampling_strategy=model_monitoring.RandomSampleConfig(sample_rate=0.5),
    schedule_config=model_monitoring.ScheduleConfig(monitor_interval=1),
    alert_config=model_monitoring.EmailAlertConfig(user_emails=["ml@example.com"]),
    objective_configs=objective,
)
`,
      'pipelines/predict.py': `from google.cloud import aiplatform
from google.cloud.aiplatform import model_monitoring

skew = model_monitoring.SkewDetectionConfig(data_source="bq://project.ds.train", default_skew_threshold=0.001)
job = aiplatform.BatchPredictionJob.create(
    job_display_name="nightly-scoring",
    model_name=model.resource_name,
    bigquery_source="bq://project.ds.to_score",
    bigquery_destination_prefix="bq://project.ds",
    model_monitoring_objective_config=model_monitoring.ObjectiveConfig(skew_detection_config=skew),
    model_monitoring_alert_config=model_monitoring.EmailAlertConfig(user_emails=["ml@example.com"]),
)
`,
    });
    expect(
      signalsOf(facts, 'drift-monitoring', 'vertex-ai-model-monitoring')
        .filter(s => s.attributes.continuous === true)
        .map(s => [s.path, s.attributes.runBy]),
    ).toEqual([
      ['monitoring/endpoint_monitor.py', 'every 1 hour(s)'],
      ['pipelines/predict.py', 'on every batch prediction job'],
    ]);
  });

  it('recognises Azure ML drift monitors only when a schedule runs them', async () => {
    const facts = await analyzeFiles({
      'src/setup_drift.py': `from azureml.core import Workspace, Dataset
from azureml.datadrift import DataDriftDetector

monitor = DataDriftDetector.create_from_datasets(ws, "churn-drift", baseline, target, compute_target="cpu-cluster", frequency="Day", feature_list=features)
monitor.enable_schedule()
`,
      'src/backfill_drift.py': `from azureml.datadrift import DataDriftDetector

monitor = DataDriftDetector.create_from_datasets(ws, "adhoc", baseline, target, frequency="Week")
monitor.backfill(start, end)
`,
      'src/monitor_v2.py': `from azure.ai.ml import MLClient
from azure.ai.ml.entities import MonitorSchedule, MonitorDefinition, CronTrigger, DataDriftSignal, ModelPerformanceSignal

definition = MonitorDefinition(compute=compute, monitoring_target=target, monitoring_signals={"drift": DataDriftSignal(), "perf": ModelPerformanceSignal(production_data=prod, reference_data=ref)})
schedule = MonitorSchedule(name="churn-monitor", trigger=CronTrigger(expression="15 10 * * *"), create_monitor=definition)
ml_client.schedules.begin_create_or_update(schedule)
`,
    });
    expect(
      facts.signals
        .filter(s => s.attributes.continuous === true)
        .map(s => [s.path, s.tool, s.attributes.measures]),
    ).toEqual([
      ['src/monitor_v2.py', 'azureml-monitoring', ['drift', 'performance']],
      ['src/setup_drift.py', 'azureml-datadrift', ['drift']],
    ]);
    expect(rejectionsOf(facts, 'drift-monitoring')[0].reason).toContain(
      'src/backfill_drift.py creates a DataDriftDetector but never enables its schedule',
    );
  });

  it('counts Evidently checks run on a schedule or in the serving code, not a backfill run by hand', async () => {
    const facts = await analyzeFiles({
      'monitoring/drift_job.py': `from evidently.report import Report
from evidently.metric_preset import DataDriftPreset, ClassificationPreset

def run(reference, current):
    report = Report(metrics=[DataDriftPreset(), ClassificationPreset()])
    report.run(reference_data=reference, current_data=current)
    return report.as_dict()
`,
      '.github/workflows/monitor.yml': `on:
  schedule:
    - cron: "0 6 * * *"
jobs:
  drift:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python monitoring/drift_job.py
`,
      'service/app.py': `from fastapi import FastAPI
from service.drift import record

app = FastAPI()

@app.post("/predict")
def predict(features: dict):
    record(features)
    return {"score": model.predict([features])[0]}
`,
      'service/drift.py': `from alibi_detect.cd import KSDrift

detector = KSDrift(reference, p_val=0.05)

def record(features):
    return detector.predict(features)
`,
      'backfill/evidently_backfill.py': `import pandas as pd
from prefect import flow, task
from evidently.report import Report
from evidently.metrics import ColumnDriftMetric, DatasetMissingValuesMetric

@task
def compute(day):
    report = Report(metrics=[ColumnDriftMetric(column_name="prediction"), DatasetMissingValuesMetric()])
    report.run(reference_data=pd.read_parquet("data/reference.parquet"), current_data=pd.read_parquet(f"data/{day}.parquet"))

@flow
def backfill():
    for day in range(27):
        compute(day)

if __name__ == "__main__":
    backfill()
`,
    });
    expect(
      facts.signals
        .filter(s => s.attributes.continuous === true)
        .map(s => [s.path, s.attributes.runBy, s.attributes.measures]),
    ).toEqual([
      [
        'monitoring/drift_job.py',
        'on the schedule in .github/workflows/monitor.yml',
        ['drift', 'performance'],
      ],
      ['service/drift.py', 'in the serving code', ['drift']],
    ]);
    expect(rejectionsOf(facts, 'drift-monitoring').map(r => r.reason)).toEqual([
      expect.stringMatching(
        /^backfill\/evidently_backfill.py computes Evidently drift and data quality checks .* but nothing runs it continuously/,
      ),
    ]);
  });
});
