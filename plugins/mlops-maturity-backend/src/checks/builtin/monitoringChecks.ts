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
  describeJob,
  describeSignals,
  evidenceFrom,
  fail,
  pass,
  stringsParam,
  textsOf,
  triggeredActivity,
  withRepository,
} from './evidence';
import { describeResource } from './kubernetes';

/** Words in alert names and expressions that show an alert watches model quality. */
const MODEL_QUALITY_PATTERN =
  /accuracy|auc|f1|precision|recall|rmse|mae|mape|log_?loss|model_?quality|model_?performance|prediction_?error/i;
/** Words that show an alert watches a business KPI, besides the declared KPI names. */
const KPI_PATTERN = /kpi|business|revenue|conversion|churn|retention/i;

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

/** Alert-rule signals whose alert names or expressions match. */
function alertsMatching(
  repo: RepositoryView,
  matches: (text: string) => boolean,
): RepoSignal[] {
  return repo.signals(
    'alert-rules',
    s => textsOf(s.attributes).some(matches) || matches(s.detail),
  );
}

function declaredFail(
  repo: RepositoryView,
  kinds: RepoSignalKind | RepoSignalKind[],
  lookingFor: string,
): CheckOutcome {
  const rejections = repo.rejections(kinds);
  const missing = repo.missing(lookingFor);
  return fail(`${capitalize(missing.detail)}${citeRejections(rejections)}`, [
    missing,
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
    kind: RepoSignalKind;
    resourceKinds: string[];
    found: string;
    lookingFor: string;
  },
): CheckOutcome {
  const signals = repo.signals(options.kind);
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

export const monitoringChecks: MaturityCheck[] = [
  defineCheck({
    id: 'monitoring.metrics-scraped',
    title: 'Service metrics are scraped',
    description:
      'Verifies that the service exposes metrics that Prometheus actually scrapes (observed `up` series), or declares a scrape configuration.',
    dimension: 'monitoring',
    level: 1,
    required: true,
    weight: 2,
    persona: 'ml-engineer',
    sources: ['repository', 'monitoring'],
    remediation:
      "Expose a `/metrics` endpoint (prometheus_client, or the serving framework's built-in metrics), add a `ServiceMonitor`/`PodMonitor` or scrape config for it, and set the `prometheus.io/instance` and `prometheus.io/job` annotations.",
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
              kind: 'monitoring-config',
              resourceKinds: ['ServiceMonitor', 'PodMonitor'],
              found: 'Metrics scraping configured',
              lookingFor:
                'metrics scrape configuration (ServiceMonitor, PodMonitor, Prometheus scrape config or metrics exporter)',
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
    required: false,
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
      'Verifies that data and prediction drift are monitored continuously (observed drift series, or a declared drift monitor).',
    dimension: 'monitoring',
    level: 2,
    required: true,
    weight: 2,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'monitoring'],
    remediation:
      'Monitor drift in production: run Evidently, whylogs, Alibi Detect or NannyML on live inputs and predictions on a schedule (or in the serving path) and export the drift scores as Prometheus metrics; a drift report in a notebook does not count.',
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
          withRepository(ctx, repo => {
            const monitors = repo.signals('drift-monitoring');
            if (monitors.length > 0) {
              return pass(
                `Drift monitoring declared: ${describeSignals(monitors)}`,
                monitors.map(s => repo.found(s)),
              );
            }
            return declaredFail(
              repo,
              'drift-monitoring',
              'drift monitoring (Evidently, whylogs, Alibi Detect, NannyML)',
            );
          }),
      }),
  }),

  defineCheck({
    id: 'monitoring.model-performance',
    title: 'Model performance is monitored',
    description:
      'Verifies that model quality metrics (accuracy, AUC, error) are tracked in production, observed as series or declared as monitors and alerts.',
    dimension: 'monitoring',
    level: 2,
    required: true,
    persona: 'ml-engineer',
    ownModelOnly: true,
    sources: ['repository', 'monitoring'],
    remediation:
      'Compute model quality on labelled production data (or estimate it with NannyML) on a schedule, export it as metrics such as `model_auc`, and alert when it drops below the agreed threshold.',
    parameters: {
      performanceMonitoringTools: {
        type: 'string[]',
        default: ['evidently', 'nannyml', 'whylogs', 'arize', 'fiddler'],
        description:
          'Monitoring tools whose declared use covers model performance, not only drift.',
      },
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
          withRepository(ctx, repo => {
            const tools = stringsParam(ctx, 'performanceMonitoringTools').map(
              t => t.toLowerCase(),
            );
            const monitors = repo.signals('drift-monitoring', s =>
              tools.includes(s.tool.toLowerCase()),
            );
            const alerts = alertsMatching(repo, text =>
              MODEL_QUALITY_PATTERN.test(text),
            );
            if (monitors.length > 0 || alerts.length > 0) {
              return pass(
                `Model performance monitoring declared: ${describeSignals([
                  ...monitors,
                  ...alerts,
                ])}`,
                [...monitors, ...alerts].map(s => repo.found(s)),
              );
            }
            return declaredFail(
              repo,
              ['drift-monitoring', 'alert-rules'],
              `model performance monitor (${tools.join(
                ', ',
              )}) or alert on a model quality metric`,
            );
          }),
      }),
  }),

  defineCheck({
    id: 'monitoring.data-quality',
    title: 'Data quality is monitored in production',
    description:
      'Verifies that data quality is measured continuously in production: observed data quality series, or validation that runs on a schedule or trigger.',
    dimension: 'monitoring',
    level: 2,
    required: false,
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
            if (found.evidence.length > 0) {
              return pass(
                `Data validation runs automatically: ${[
                  ...found.triggered.map(describeJob),
                  ...(found.schedules.length > 0
                    ? [describeSignals(found.schedules)]
                    : []),
                ].join(', ')}`,
                found.evidence,
              );
            }
            const validators = repo.signals('data-validation');
            const missing = repo.missing(
              'scheduled or triggered data validation job',
            );
            const defined = validators.length
              ? `; data validation is defined in ${describeSignals(
                  validators,
                )} but nothing runs it on production data`
              : '';
            return fail(
              `${capitalize(missing.detail)}${defined}${
                found.untriggeredMessage
              }`,
              [
                missing,
                ...validators.map(s => repo.found(s)),
                ...found.untriggeredEvidence,
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
    required: false,
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
