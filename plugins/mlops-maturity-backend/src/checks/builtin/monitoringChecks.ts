import {
  FACT_SOURCES,
  FactSet,
  MonitoringFacts,
  RepoSignal,
  RepoSignalKind,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckContext,
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  RepositoryView,
  capitalize,
  citeRejections,
  decide,
  declaredSignals,
  defineCheck,
  describeSignals,
  evidenceFrom,
  fail,
  pass,
  textsOf,
  triggeredActivity,
  withRepository,
} from './evidence';
import { describeResource } from './kubernetes';
import {
  alertsMatching,
  describeMonitor,
  MonitorMeasure,
  productionMonitors,
} from './productionMonitors';

/** Words in alert names and expressions that show an alert watches model quality. */
const MODEL_QUALITY_PATTERN =
  /accuracy|auc|f1|precision|recall|rmse|mae|mape|log_?loss|model_?quality|model_?performance|prediction_?error/i;
/** Words that show an alert watches a business KPI, besides the declared KPI names. */
const KPI_PATTERN = /kpi|business|revenue|conversion|churn|retention/i;
/** Words in alert names and expressions that show an alert watches drift or skew. */
const DRIFT_PATTERN =
  /drift|skew|feature_baseline|distribution_?shift|population_?stability|\bpsi\b/i;

function where(monitoring: MonitoringFacts): string {
  return `job ${monitoring.job} in ${monitoring.provider} instance ${monitoring.instance}`;
}

/**
 * Observed series of one family decide: present passes; absent fails, citing what the
 * repository declares so the user sees the configuration that is not producing data.
 */
export function judgeSeries(
  ctx: CheckContext,
  set: FactSet<MonitoringFacts>,
  family: string,
  series: string[],
  declaredKinds: RepoSignalKind | RepoSignalKind[],
): CheckOutcome {
  const monitoring = set.facts;
  if (series.length > 0) {
    const detail = `${family} series for ${where(monitoring)}: ${series
      .slice(0, 5)
      .join(', ')}`;
    return pass(capitalize(detail), [evidenceFrom(set, 'observed', detail)]);
  }
  const declared = declaredSignals(ctx, declaredKinds);
  const although = declared.signals.length
    ? `, although ${declared.names} is configured`
    : '';
  const detail = `no ${family} series for ${where(monitoring)}`;
  return fail(`${capitalize(detail)}${although}`, [
    evidenceFrom(set, 'observed', detail),
    ...declared.evidence,
  ]);
}

function declaredFail(
  repo: RepositoryView,
  kinds: RepoSignalKind | RepoSignalKind[],
  lookingFor: string,
): CheckOutcome {
  const rejections = repo.rejections(kinds);
  const missing = repo.notFound(lookingFor);
  return fail(`${missing.message}${citeRejections(rejections)}`, [
    missing.evidence,
    ...rejections.map(r => repo.rejected(r)),
  ]);
}

/**
 * Declared evidence from signals of one kind or from Kubernetes resources of given kinds
 * (e.g. a scrape config or a ServiceMonitor); fails citing any look-alikes.
 */
function declaredSignalsOrResources(
  repo: RepositoryView,
  options: {
    kind: RepoSignalKind | RepoSignalKind[];
    accept?: (signal: RepoSignal) => boolean;
    resourceKinds: string[];
    found: string;
    lookingFor: string;
  },
): CheckOutcome {
  const signals = repo.signals(options.kind, options.accept);
  const resources = repo.k8sResources(r =>
    options.resourceKinds.includes(r.resourceKind),
  );
  if (signals.length === 0 && resources.length === 0) {
    return declaredFail(repo, options.kind, options.lookingFor);
  }
  return pass(
    `${options.found}: ${[
      ...(signals.length > 0 ? [describeSignals(signals)] : []),
      ...resources.map(describeResource),
    ].join(', ')}`,
    [
      ...signals.map(s => repo.found(s)),
      ...resources.map(r => repo.found(r.signal, describeResource(r))),
    ],
  );
}

/**
 * Passes on monitors that run in production and measure `measure` (and on matching alert
 * rules, which only fire on series a production monitor feeds); fails naming what was
 * looked for and why the look-alikes (notebooks, reports run by hand) do not count.
 */
function declaredMonitoring(
  repo: RepositoryView,
  options: {
    measure: MonitorMeasure;
    alerts: RegExp;
    found: string;
    lookingFor: string;
  },
): CheckOutcome {
  const { monitors, notCounted, rejections } = productionMonitors(
    repo,
    options.measure,
  );
  const alerts = alertsMatching(repo, options.alerts);
  if (monitors.length > 0 || alerts.length > 0) {
    return pass(
      `${options.found}: ${[
        ...monitors.map(describeMonitor),
        ...(alerts.length ? [`alert rules in ${describeSignals(alerts)}`] : []),
      ].join(', ')}`,
      [...monitors, ...alerts].map(s => repo.found(s)),
    );
  }
  const missing = repo.notFound(options.lookingFor);
  const reasons = notCounted.map(n => n.reason);
  return fail(
    `${missing.message}${reasons
      .map(r => `; not counted: ${r}`)
      .join('')}${citeRejections(rejections)}`,
    [
      missing.evidence,
      ...notCounted.map(n => repo.found(n.signal, n.reason)),
      ...rejections.map(r => repo.rejected(r)),
    ],
  );
}

/** Managed monitoring systems that collect a cloud service's metrics without setup of its own. */
const CLOUD_MONITORING = ['cloudwatch', 'azure-monitor', 'cloud-monitoring'];

/**
 * Production telemetry: monitoring configuration, and alarms of a cloud monitoring system
 * (an alarm on an endpoint's CloudWatch metrics shows those metrics are collected). LLM
 * tracing platforms show production telemetry of LLM apps, not of classic models.
 */
function isServiceTelemetry(ctx: CheckContext, signal: RepoSignal): boolean {
  if (signal.kind === 'alert-rules') {
    return CLOUD_MONITORING.includes(signal.tool);
  }
  return ctx.flavor === 'llm' || signal.attributes?.llmTracing !== true;
}

export const monitoringChecks: MaturityCheck[] = [
  defineCheck({
    id: 'monitoring.metrics-scraped',
    title: 'Service emits production telemetry',
    description:
      'Verifies that the running service sends telemetry to a monitoring system: observed Prometheus scraping (`up` series) when Prometheus is connected, otherwise a declared scrape configuration or telemetry set up in the service code or infrastructure (Application Insights / Azure Monitor, OpenTelemetry exporters, CloudWatch, Cloud Monitoring, Datadog, and LangSmith or Langfuse tracing for LLM apps).',
    dimension: 'monitoring',
    level: 1,
    weight: 2,
    persona: 'ml-engineer',
    sources: ['repository', 'monitoring'],
    remediation:
      "Send the service's metrics and traces to the monitoring system your platform runs: expose a `/metrics` endpoint with a `ServiceMonitor`/`PodMonitor` (and set the `prometheus.io/instance` and `prometheus.io/job` annotations), or set up the exporter in the service's startup code (`configure_azure_monitor()`, an OpenTelemetry OTLP exporter, CloudWatch `put_metric_data` or embedded metrics, Cloud Monitoring, Datadog; LangSmith or Langfuse tracing for LLM apps). Telemetry set up only in notebooks, tests or examples does not count.",
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) => {
          if (monitoring.scraped) {
            const detail = `up{job="${monitoring.job}"} is present in ${monitoring.provider} instance ${monitoring.instance}`;
            return pass(`Scraped: ${detail}`, [
              evidenceFrom(set, 'observed', detail),
            ]);
          }
          const declared = declaredSignals(ctx, 'monitoring-config');
          const detail = `no up{job="${monitoring.job}"} series in ${monitoring.provider} instance ${monitoring.instance}: the service is not scraped`;
          return fail(
            `${capitalize(detail)}${
              declared.signals.length
                ? `, although ${declared.names} is configured`
                : ''
            }`,
            [evidenceFrom(set, 'observed', detail), ...declared.evidence],
          );
        },
        declared: () =>
          withRepository(ctx, repo =>
            declaredSignalsOrResources(repo, {
              kind: ['monitoring-config', 'alert-rules'],
              accept: signal => isServiceTelemetry(ctx, signal),
              resourceKinds: ['ServiceMonitor', 'PodMonitor'],
              found: 'Production telemetry configured',
              lookingFor: `production telemetry (Prometheus scrape configuration or exporter, ServiceMonitor, Application Insights, OpenTelemetry exporter, CloudWatch, Cloud Monitoring or Datadog${
                ctx.flavor === 'llm' ? ', LangSmith or Langfuse tracing' : ''
              }) in the service's runtime code or infrastructure`,
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'monitoring.alerting',
    title: 'Alerts cover the service',
    description:
      'Verifies that alerting rules exist for the service (observed in Prometheus, or declared as rules).',
    dimension: 'monitoring',
    level: 1,
    persona: 'devops',
    sources: ['repository', 'monitoring'],
    remediation:
      "Add Prometheus alerting rules for the service (a `PrometheusRule` or `alerts.yml`) on availability, latency and error rate, labelled with the service's job so they are found.",
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) => {
          const rules = monitoring.alertRules ?? [];
          if (rules.length > 0) {
            const detail = `${rules.length} alert rules cover ${where(
              monitoring,
            )}: ${rules.slice(0, 5).join(', ')}`;
            return pass(capitalize(detail), [
              evidenceFrom(set, 'observed', detail),
            ]);
          }
          const detail = `no alert rules loaded for ${where(monitoring)}`;
          return fail(capitalize(detail), [
            evidenceFrom(set, 'observed', detail),
            ...declaredSignals(ctx, 'alert-rules').evidence,
          ]);
        },
        declared: () =>
          withRepository(ctx, repo =>
            declaredSignalsOrResources(repo, {
              kind: 'alert-rules',
              resourceKinds: ['PrometheusRule'],
              found: 'Alert rules declared',
              lookingFor: 'alerting rules (PrometheusRule, alerts.yml)',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'monitoring.drift',
    title: 'Drift is monitored',
    description:
      'Verifies that data and prediction drift are monitored continuously in production: observed drift series, or a declared monitor that runs on a schedule or in the serving path (SageMaker Model Monitor, Vertex AI or Azure ML model monitoring, Evidently, whylogs, Alibi Detect, NannyML) or an alert on drift.',
    dimension: 'monitoring',
    level: 2,
    weight: 2,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'monitoring'],
    remediation:
      "Monitor drift in production: schedule your platform's model monitor (SageMaker Model Monitor `create_monitoring_schedule`, Vertex AI Model Monitoring, an Azure ML monitor schedule), or run Evidently, whylogs, Alibi Detect or NannyML on live inputs and predictions on a schedule or in the serving path, and alert on the drift scores. A drift report in a notebook, or a backfill run by hand over stored files, does not count.",
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'drift',
            monitoring.series?.drift ?? [],
            'drift-monitoring',
          ),
        declared: () =>
          withRepository(ctx, repo =>
            declaredMonitoring(repo, {
              measure: 'drift',
              alerts: DRIFT_PATTERN,
              found: 'Drift is monitored in production',
              lookingFor:
                'drift monitor that runs continuously (a scheduled SageMaker, Vertex AI or Azure ML model monitor, or Evidently, whylogs, Alibi Detect or NannyML run on a schedule or in the serving code) or alert on drift',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'monitoring.model-performance',
    title: 'Model performance is monitored',
    description:
      'Verifies that model quality (accuracy, AUC, error) is tracked in production: observed series, a declared monitor that computes model quality and runs continuously, or an alert on a model quality metric.',
    dimension: 'monitoring',
    level: 2,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'monitoring'],
    remediation:
      'Compute model quality on labelled production data (or estimate it with NannyML) on a schedule, export it as metrics such as `model_auc`, and alert when it drops below the agreed threshold.',
    retiredParameters: {
      performanceMonitoringTools:
        'a monitor counts when it computes model quality and runs continuously, whichever tool runs it',
    },
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'model quality',
            monitoring.series?.modelQuality ?? [],
            ['alert-rules', 'drift-monitoring'],
          ),
        declared: () =>
          withRepository(ctx, repo =>
            declaredMonitoring(repo, {
              measure: 'performance',
              alerts: MODEL_QUALITY_PATTERN,
              found: 'Model performance is monitored in production',
              lookingFor:
                'model performance monitor that runs continuously (SageMaker ModelQualityMonitor, an Azure ML model performance signal, Evidently classification/regression quality, NannyML CBPE/DLE) or alert on a model quality metric',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'monitoring.data-quality',
    title: 'Data quality is monitored in production',
    description:
      'Verifies that data quality is measured continuously in production: observed data quality series, validation that runs on a schedule or trigger, or a data quality monitor that runs continuously (SageMaker Model Monitor, Azure ML, Evidently, NannyML).',
    dimension: 'monitoring',
    level: 2,
    persona: 'ml-engineer',
    sources: ['repository', 'monitoring'],
    remediation:
      'Run the data validation suite on production data on a schedule (e.g. a nightly Great Expectations checkpoint or Soda scan in CI) and export its results as metrics such as `data_quality_failed_expectations`.',
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'data quality',
            monitoring.series?.dataQuality ?? [],
            'data-validation',
          ),
        declared: () =>
          withRepository(ctx, repo => {
            const found = triggeredActivity(
              repo,
              'data-validation',
              'validates data',
            );
            const { monitors, notCounted } = productionMonitors(
              repo,
              'data-quality',
            );
            if (found.evidence.length > 0 || monitors.length > 0) {
              return pass(
                `Data quality is checked automatically: ${[
                  ...found.descriptions,
                  ...monitors.map(describeMonitor),
                ].join(', ')}`,
                [...found.evidence, ...monitors.map(s => repo.found(s))],
              );
            }
            const validators = repo.signals('data-validation');
            const missing = repo.notFound(
              'scheduled or triggered data validation job',
            );
            const defined = validators.length
              ? `; data validation is defined in ${describeSignals(
                  validators,
                )} but nothing runs it on production data`
              : '';
            const reasons = notCounted.map(n => `; not counted: ${n.reason}`);
            const untriggered = found.untriggered();
            return fail(
              `${missing.message}${defined}${untriggered.message}${reasons.join(
                '',
              )}`,
              [
                missing.evidence,
                ...validators.map(s => repo.found(s)),
                ...untriggered.evidence,
                ...notCounted.map(n => repo.found(n.signal, n.reason)),
              ],
            );
          }),
      }),
  }),

  defineCheck({
    id: 'monitoring.kpi-alerts',
    title: 'KPIs are tracked and alerted on',
    description:
      'Verifies that business KPI series are collected for the service and that an alert rule acts on them.',
    dimension: 'monitoring',
    level: 2,
    persona: 'ml-engineer',
    sources: ['repository', 'monitoring'],
    remediation:
      'Export the business KPI as a metric (e.g. `fraud_detector_blocked_amount_total`) and add a Prometheus alert rule on it, so a KPI drop pages the owning team or triggers retraining.',
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) => {
          const series = monitoring.series?.kpi ?? [];
          if (series.length === 0) {
            return judgeSeries(ctx, set, 'KPI', series, 'kpi');
          }
          const alerts = monitoring.alertsFor?.kpi ?? [];
          if (alerts.length === 0) {
            const detail = `KPI series ${series
              .slice(0, 5)
              .join(', ')} exist for ${where(
              monitoring,
            )} but no alert rule acts on them`;
            return fail(capitalize(detail), [
              evidenceFrom(set, 'observed', detail),
            ]);
          }
          const detail = `KPI series ${series
            .slice(0, 5)
            .join(', ')} with alert rules ${alerts.slice(0, 5).join(', ')}`;
          return pass(detail, [evidenceFrom(set, 'observed', detail)]);
        },
        declared: () =>
          withRepository(ctx, repo => {
            const kpis = repo.signals('kpi');
            if (kpis.length === 0) {
              return declaredFail(
                repo,
                'kpi',
                'KPI definition (KPI config or KPI metric exported in code)',
              );
            }
            const names = kpis
              .flatMap(s => textsOf(s.attributes))
              .filter(name => /^[A-Za-z_:][A-Za-z0-9_:]{2,}$/.test(name));
            const alerts = alertsMatching(
              repo,
              text =>
                KPI_PATTERN.test(text) ||
                names.some(name => text.includes(name)),
            );
            if (alerts.length === 0) {
              return fail(
                `KPIs are defined in ${describeSignals(
                  kpis,
                )} but no alert rule acts on them`,
                [
                  ...kpis.map(s => repo.found(s)),
                  repo.missing('alert rule on a KPI'),
                ],
              );
            }
            return pass(
              `KPIs (${describeSignals(
                kpis,
              )}) with alert rules ${describeSignals(alerts)}`,
              [...kpis, ...alerts].map(s => repo.found(s)),
            );
          }),
      }),
  }),
];
