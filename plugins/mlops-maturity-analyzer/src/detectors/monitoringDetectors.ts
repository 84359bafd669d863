import { RepoFileSet } from '../RepoFileSet';
import { basenameOf, directorySegments } from '../parsing/paths';
import {
  asArray,
  asMap,
  asString,
  getPath,
  isMap,
  YamlMap,
} from '../parsing/yaml';
import { costToolOf } from './k8sDetectors';
import { ConfigDocument, configDocuments } from './manifests';
import { modelMonitors } from './monitoring/modelMonitors';
import { codeTelemetry } from './monitoring/telemetry';
import { code, DetectorResult, Findings, listForHumans } from './types';

function prometheusConfigs(units: ConfigDocument[], findings: Findings) {
  for (const { path, doc, embeddedIn } of units) {
    if (!Array.isArray(doc.scrape_configs)) {
      continue;
    }
    const jobs = doc.scrape_configs
      .map(c => asString(asMap(c).job_name) ?? '')
      .filter(Boolean);
    if (jobs.length === 0) {
      findings.reject(
        'monitoring-config',
        'prometheus',
        path,
        `Prometheus config in ${path} has no scrape jobs`,
      );
      continue;
    }
    const where = embeddedIn ? `${path} (${embeddedIn})` : path;
    findings.signal(
      'monitoring-config',
      'prometheus',
      path,
      `Prometheus config ${where} scrapes ${listForHumans(jobs.map(code))}`,
      {
        jobs,
        ruleFiles: asArray(doc.rule_files).map(String),
        alertmanager: isMap(doc.alerting),
      },
    );
    const gpuJobs = jobs.filter(job => /dcgm|gpu|kubecost|opencost/i.test(job));
    if (gpuJobs.length) {
      findings.signal(
        'gpu-cost',
        /gpu/i.test(gpuJobs[0]) ? 'dcgm-exporter' : costToolOf(gpuJobs[0]),
        path,
        `Prometheus config ${where} scrapes GPU/cost exporters ${listForHumans(
          gpuJobs.map(code),
        )}`,
        {
          jobs: gpuJobs,
        },
      );
    }
  }
}

function alertRuleFiles(units: ConfigDocument[], findings: Findings) {
  for (const { path, doc, embeddedIn } of units) {
    if (!Array.isArray(doc.groups) || doc.kind !== undefined) {
      continue;
    }
    const rules = doc.groups
      .flatMap(group => asArray(asMap(group).rules))
      .map(asMap);
    if (rules.length === 0) {
      continue;
    }
    const where = embeddedIn ? `${path} (${embeddedIn})` : path;
    const prometheusAlerts = rules.filter(
      rule => typeof rule.alert === 'string',
    );
    const grafanaAlerts =
      doc.apiVersion !== undefined
        ? rules.filter(
            rule =>
              typeof rule.title === 'string' &&
              (rule.condition !== undefined || rule.data !== undefined),
          )
        : [];
    if (prometheusAlerts.length) {
      const alerts = prometheusAlerts.map(rule => ({
        name: String(rule.alert),
        expr: asString(rule.expr) ?? '',
        for: asString(rule.for) ?? null,
        severity: asString(getPath(rule, 'labels.severity')) ?? null,
      }));
      findings.signal(
        'alert-rules',
        'prometheus',
        path,
        `Prometheus rules ${where} define alert${
          alerts.length > 1 ? 's' : ''
        } ${listForHumans(alerts.map(a => code(a.name)))}`,
        { alerts },
      );
    } else if (grafanaAlerts.length) {
      const alerts = grafanaAlerts.map(rule => ({
        name: String(rule.title),
        expr: JSON.stringify(rule.data ?? '').slice(0, 200),
        for: asString(rule.for) ?? null,
        severity: null,
      }));
      findings.signal(
        'alert-rules',
        'grafana',
        path,
        `Grafana alert rules ${where}: ${listForHumans(
          alerts.map(a => code(a.name)),
        )}`,
        { alerts },
      );
    } else if (rules.some(rule => typeof rule.record === 'string')) {
      findings.reject(
        'alert-rules',
        'prometheus',
        path,
        `Prometheus rules ${where} only record series; no rule alerts anyone`,
      );
    }
  }
}

function otherMonitoringConfigs(
  files: RepoFileSet,
  units: ConfigDocument[],
  findings: Findings,
) {
  for (const { path, doc } of units) {
    if (isMap(doc.route) && Array.isArray(doc.receivers)) {
      const receivers = doc.receivers
        .map(r => asString(asMap(r).name) ?? '')
        .filter(Boolean);
      findings.signal(
        'monitoring-config',
        'alertmanager',
        path,
        `Alertmanager config ${path} routes alerts to ${listForHumans(
          receivers.map(code),
        )}`,
        { receivers },
      );
    }
    if (
      isMap(doc.receivers) &&
      isMap(doc.exporters) &&
      isMap(getPath(doc, 'service.pipelines'))
    ) {
      const pipelines = Object.keys(asMap(getPath(doc, 'service.pipelines')));
      if (pipelines.some(p => p.startsWith('metrics'))) {
        findings.signal(
          'monitoring-config',
          'otel-collector',
          path,
          `OpenTelemetry Collector config ${path} runs a metrics pipeline`,
          {
            exporters: Object.keys(asMap(doc.exporters)),
          },
        );
      }
    }
  }
  for (const file of files.withExtension('json')) {
    if (!/"panels"/.test(file.text) || !/"expr"|"targets"/.test(file.text)) {
      continue;
    }
    const dashboard = asMap(
      asMap(files.json(file.path)).dashboard ?? files.json(file.path),
    );
    const panels = [
      ...asArray(dashboard.panels),
      ...asArray(dashboard.panels).flatMap(p => asArray(asMap(p).panels)),
    ].map(asMap);
    const queries = panels
      .flatMap(p => asArray(p.targets))
      .map(t => asString(asMap(t).expr) ?? '')
      .filter(Boolean);
    if (queries.length) {
      findings.signal(
        'monitoring-config',
        'grafana',
        file.path,
        `Grafana dashboard ${code(
          asString(dashboard.title) ?? basenameOf(file.path),
        )} in ${file.path} with ${panels.length} panels`,
        {
          title: asString(dashboard.title) ?? null,
          panels: panels.length,
          queries: queries.slice(0, 20),
        },
      );
    }
  }
}

const BUSINESS =
  /revenue|conversion|churn|fraud|chargeback|approval|click|ctr|order|sales|saving|retention|signup|purchase|booking|gmv|basket|engagement|profit|cost|customer|satisfaction|nps|csat|resolution|deflection|adoption|business/i;
const MEASURABLE = [
  'target',
  'threshold',
  'objective',
  'query',
  'expr',
  'promql',
  'sql',
  'formula',
  'definition',
  'baseline',
  'goal',
];

function kpiEntries(doc: unknown): Array<{ name: string; entry: YamlMap }> {
  const container = isMap(doc)
    ? doc.kpis ?? doc.kpi ?? doc.metrics ?? doc.business_metrics ?? doc
    : doc;
  if (Array.isArray(container)) {
    return container.filter(isMap).map(entry => ({
      name: asString(entry.name) ?? asString(entry.id) ?? '',
      entry,
    }));
  }
  return Object.entries(asMap(container))
    .filter(([, entry]) => isMap(entry))
    .map(([name, entry]) => ({
      name: asString(asMap(entry).name) ?? name,
      entry: asMap(entry),
    }));
}

function kpis(files: RepoFileSet, findings: Findings) {
  for (const file of files.files) {
    const base = basenameOf(file.path).toLowerCase();
    const named =
      /^(kpis?|business[-_]?(metrics|kpis?))\.(ya?ml|json)$/.test(base) ||
      directorySegments(file.path).includes('kpis');
    const generic = /^metrics\.(ya?ml|json)$/.test(base);
    if (!named && !generic) {
      continue;
    }
    const doc = base.endsWith('.json')
      ? files.json(file.path)
      : files.yaml(file.path)[0];
    const entries = kpiEntries(doc).filter(({ name }) => name);
    const measurable = entries.filter(({ entry }) =>
      MEASURABLE.some(key => entry[key] !== undefined),
    );
    const business = generic
      ? measurable.filter(({ name, entry }) =>
          BUSINESS.test(
            `${name} ${asString(entry.description) ?? ''} ${
              asString(entry.category) ?? ''
            } ${asString(entry.type) ?? ''}`,
          ),
        )
      : measurable;
    if (business.length) {
      findings.signal(
        'kpi',
        'kpi-definitions',
        file.path,
        `${file.path} defines business KPI${
          business.length > 1 ? 's' : ''
        } ${listForHumans(business.map(k => code(k.name)))}`,
        {
          kpis: business.map(({ name, entry }) => ({
            name,
            target:
              asString(entry.target) ??
              asString(entry.threshold) ??
              asString(entry.objective) ??
              asString(entry.goal) ??
              null,
            query:
              asString(entry.query) ??
              asString(entry.expr) ??
              asString(entry.promql) ??
              asString(entry.sql) ??
              null,
          })),
        },
      );
    } else if (named) {
      findings.reject(
        'kpi',
        'kpi-definitions',
        file.path,
        `${file.path} names KPIs but none has a target or a query, so none can be tracked`,
      );
    }
  }
}

/**
 * Monitoring configuration, telemetry the service's code sends, model monitors that run
 * continuously, alert rules and business KPI definitions.
 */
export function detectMonitoring(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  const units = configDocuments(files);
  prometheusConfigs(units, findings);
  alertRuleFiles(units, findings);
  otherMonitoringConfigs(files, units, findings);
  codeTelemetry(files, findings);
  modelMonitors(files, findings);
  kpis(files, findings);
  return findings.result();
}
