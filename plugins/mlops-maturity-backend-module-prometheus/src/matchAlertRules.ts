import { MonitoringFacts } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';

/** An alerting rule as Prometheus lists it in `/api/v1/rules`. */
export interface AlertingRule {
  name: string;
  /** The rule's expression, as Prometheus formats it. */
  query: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** How the service shows up in Prometheus. */
export interface ServiceIdentity {
  job: string;
  /** The entity's `metadata.name`, which rules may carry as a label such as `service`. */
  entityName: string;
}

interface JobMatcher {
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

const JOB_MATCHER =
  /(?<![A-Za-z0-9_])job\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g;

const GO_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes a PromQL string literal (Go quoting, or a raw backtick string). */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) {
    return body;
  }
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g,
    (_, escape: string) => {
      if (/^[xuU]/.test(escape)) {
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      }
      if (/^[0-7]{3}$/.test(escape)) {
        return String.fromCodePoint(parseInt(escape, 8));
      }
      return GO_ESCAPES[escape] ?? escape;
    },
  );
}

function jobMatchers(query: string): JobMatcher[] {
  return [...query.matchAll(JOB_MATCHER)].map(match => ({
    operator: match[1] as JobMatcher['operator'],
    value: unquote(match[2]),
  }));
}

/** PromQL regexes are fully anchored RE2; the subset rules use maps onto JS regexes. */
function regexMatches(pattern: string, value: string): boolean {
  const caseInsensitive = pattern.startsWith('(?i)');
  try {
    return new RegExp(
      `^(?:${caseInsensitive ? pattern.slice(4) : pattern})$`,
      caseInsensitive ? 'i' : '',
    ).test(value);
  } catch {
    // An RE2 construct JS does not know: the rule is not attributed to the service.
    return false;
  }
}

function matcherSelects(matcher: JobMatcher, job: string): boolean {
  switch (matcher.operator) {
    case '=':
      return matcher.value === job;
    case '!=':
      return matcher.value !== job;
    case '=~':
      return regexMatches(matcher.value, job);
    default:
      return !regexMatches(matcher.value, job);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a metric name appears in an expression as a whole identifier. */
function mentionsSeries(query: string, name: string): boolean {
  return new RegExp(
    `(?<![A-Za-z0-9_:])${escapeRegExp(name)}(?![A-Za-z0-9_:])`,
  ).test(query);
}

function namesService(rule: AlertingRule, service: ServiceIdentity): boolean {
  const names = [service.job, service.entityName];
  if (Object.values(rule.labels).some(value => names.includes(value))) {
    return true;
  }
  const inText = names.map(
    name =>
      new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(name)}(?![A-Za-z0-9_-])`),
  );
  return Object.values(rule.annotations).some(text =>
    inText.some(pattern => pattern.test(text)),
  );
}

function sortedUnique(names: string[]): string[] {
  return [...new Set(names)].sort();
}

/**
 * Picks the alerting rules that cover the service: rules whose expression selects its
 * job, whose labels or annotations name it, or that watch one of its series without
 * restricting the job to another one. Then, per family, those that watch its series.
 */
export function matchAlertRules(
  rules: AlertingRule[],
  service: ServiceIdentity,
  series: MonitoringFacts['series'],
): Pick<MonitoringFacts, 'alertRules' | 'alertsFor'> {
  const allSeries = Object.values(series).flat();
  const covering = rules.filter(rule => {
    const matchers = jobMatchers(rule.query);
    const selectsJob = matchers.some(
      m =>
        (m.operator === '=' || m.operator === '=~') &&
        matcherSelects(m, service.job),
    );
    if (selectsJob || namesService(rule, service)) {
      return true;
    }
    const excludesJob = matchers.some(m => !matcherSelects(m, service.job));
    return (
      !excludesJob && allSeries.some(name => mentionsSeries(rule.query, name))
    );
  });
  const watching = (names: string[]) =>
    sortedUnique(
      covering
        .filter(rule => names.some(name => mentionsSeries(rule.query, name)))
        .map(rule => rule.name),
    );
  return {
    alertRules: sortedUnique(covering.map(rule => rule.name)),
    alertsFor: {
      drift: watching(series.drift),
      modelQuality: watching(series.modelQuality),
      kpi: watching(series.kpi),
    },
  };
}
