import {
  RepoRejection,
  RepoSignal,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepositoryView, stringList, textsOf } from './evidence';

/** What a production monitor measures. */
export type MonitorMeasure = 'drift' | 'data-quality' | 'performance';

/** A string attribute that is a file path, not a name (paths say nothing about what is watched). */
function isPathLike(text: string, signal: RepoSignal): boolean {
  return (
    text === signal.path || /\//.test(text) || /\.[A-Za-z0-9]{1,5}$/.test(text)
  );
}

/**
 * What an alert rule watches: its alert names and expressions. The file it sits in says
 * nothing about that, so a rule file named `model_accuracy.yml` alerting on `up == 0`
 * does not watch accuracy.
 */
function alertTexts(signal: RepoSignal): string[] {
  const alerts = Array.isArray(signal.attributes?.alerts)
    ? signal.attributes.alerts
    : undefined;
  if (alerts) {
    return alerts.flatMap(alert => textsOf(alert)).filter(Boolean);
  }
  return textsOf(signal.attributes).filter(
    text => text && !isPathLike(text, signal),
  );
}

/** The texts of every alert rule, read once per evaluation for the checks that match them. */
const alertTextsOfRules = (repo: RepositoryView) =>
  new Map(repo.signals('alert-rules').map(s => [s, alertTexts(s)]));

/** Alert-rule signals whose alert names or expressions match. */
export function alertsMatching(
  repo: RepositoryView,
  pattern: RegExp | ((text: string) => boolean),
): readonly RepoSignal[] {
  const matches =
    typeof pattern === 'function' ? pattern : (t: string) => pattern.test(t);
  const texts = repo.derive(alertTextsOfRules);
  return repo.signals('alert-rules', s => texts.get(s)!.some(matches));
}

/**
 * What a monitor measures: the detector says so in `measures`; monitors declared elsewhere
 * (infrastructure code) name their kind in their attributes, and otherwise watch drift
 * (SageMaker's default monitor checks data quality against a baseline as well).
 */
function monitorMeasures(signal: RepoSignal): MonitorMeasure[] {
  const declared = stringList(signal.attributes?.measures);
  if (declared.length > 0) {
    return declared as MonitorMeasure[];
  }
  const texts = textsOf(signal.attributes)
    .filter(text => !isPathLike(text, signal))
    .join(' ');
  const performance = /model[_ -]?quality|model[_ -]?performance/i.test(texts);
  const dataQuality =
    /data[_ -]?quality/i.test(texts) ||
    (signal.tool === 'sagemaker-model-monitor' && !performance);
  // A monitor of model quality alone does not watch the inputs.
  const drift =
    !performance || dataQuality || /drift|skew|bias|explainab/i.test(texts);
  const measures: MonitorMeasure[] = [];
  if (drift) {
    measures.push('drift');
  }
  if (dataQuality) {
    measures.push('data-quality');
  }
  if (performance) {
    measures.push('performance');
  }
  return measures;
}

/** What each monitor measures, read once per evaluation for the three checks that ask. */
const measuresOfMonitors = (repo: RepositoryView) =>
  new Map(repo.signals('drift-monitoring').map(s => [s, monitorMeasures(s)]));

function isNotebook(signal: RepoSignal): boolean {
  return signal.attributes?.notebook === true || /\.ipynb$/.test(signal.path);
}

/**
 * Monitors that run in production, and why the others do not count. A code recognition
 * (`call`: a library is used) only says the library is called; the monitoring detector
 * judges whether something runs it continuously (`continuous`), and a notebook never does.
 */
export function productionMonitors(
  repo: RepositoryView,
  measure: MonitorMeasure,
): {
  monitors: RepoSignal[];
  notCounted: Array<{ signal: RepoSignal; reason: string }>;
  rejections: readonly RepoRejection[];
} {
  const all = repo.signals('drift-monitoring');
  const measures = repo.derive(measuresOfMonitors);
  const rejections = repo.rejections('drift-monitoring');
  const continuousPaths = new Set(
    all.filter(s => s.attributes?.continuous === true).map(s => s.path),
  );
  const rejectedPaths = new Set(rejections.map(r => r.path));
  const monitors: RepoSignal[] = [];
  const notCounted: Array<{ signal: RepoSignal; reason: string }> = [];
  for (const signal of all) {
    if (isNotebook(signal)) {
      notCounted.push({
        signal,
        reason: `\`${signal.path}\` (${signal.tool}) is a notebook; a notebook is not production monitoring`,
      });
    } else if (signal.attributes?.continuous === true) {
      if (measures.get(signal)!.includes(measure)) {
        monitors.push(signal);
      }
    } else if (signal.attributes?.call !== undefined) {
      if (
        !continuousPaths.has(signal.path) &&
        !rejectedPaths.has(signal.path)
      ) {
        notCounted.push({
          signal,
          reason: `\`${signal.path}\` uses ${signal.tool} but nothing shows it runs continuously (in the serving code or on a schedule)`,
        });
      }
    } else if (measures.get(signal)!.includes(measure)) {
      monitors.push(signal);
    }
  }
  return { monitors, notCounted, rejections };
}

/** `src/monitor.py (evidently, on schedule cron(0 * * * *))`. */
export function describeMonitor(signal: RepoSignal): string {
  const runBy =
    typeof signal.attributes?.runBy === 'string'
      ? `, ${signal.attributes.runBy}`
      : '';
  return `${signal.path} (${signal.tool}${runBy})`;
}
