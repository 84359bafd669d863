import { RepoFileSet } from '../../RepoFileSet';
import { basenameOf, directorySegments } from '../../parsing/paths';
import { PythonSource } from '../../parsing/python';

/** Test code (it mocks and exercises practices rather than doing them). */
export function isTestPath(path: string): boolean {
  const base = basenameOf(path);
  return (
    /^test_.*\.py$|_test\.py$|^conftest\.py$|^tests?\.py$/.test(base) ||
    directorySegments(path).some(
      segment =>
        segment === 'tests' || segment === 'test' || segment === '__tests__',
    )
  );
}

/** Documentation folders hold snippets that describe a practice, not the service's own code. */
export function isDocsPath(path: string): boolean {
  return directorySegments(path).some(
    segment => segment === 'docs' || segment === 'doc' || segment === 'site',
  );
}

/** Python sources that make up the service (not tests, not docs snippets). */
export function servicePythonSources(files: RepoFileSet): PythonSource[] {
  return files
    .pythonSources()
    .filter(source => !isTestPath(source.path) && !isDocsPath(source.path));
}

/** A metric declared in code. */
export interface DeclaredMetric {
  name: string;
  type: string;
}

const PROMETHEUS_METRIC =
  /\bprometheus_client\.(?:metrics\.)?(Counter|Gauge|Histogram|Summary|Info|Enum)\s*\(\s*(?:name\s*=\s*)?["']([\w:]+)["']/g;
const OTEL_METRIC =
  /\.create_(counter|histogram|up_down_counter|gauge|observable_gauge|observable_counter)\s*\(\s*(?:name\s*=\s*)?["']([\w.:-]+)["']/g;
const PROMETHEUS_EXPOSURE =
  /\bprometheus_client\.(start_http_server|make_asgi_app|make_wsgi_app|generate_latest|start_wsgi_server|exposition\.\w+)\b|\bprometheus_fastapi_instrumentator\.Instrumentator\b|\bstarlette_exporter\b|\bprometheus_flask_exporter\.\w+\s*\(|\bpush_to_gateway\s*\(/;

/** Prometheus / OpenTelemetry metrics a Python file declares. */
export function declaredMetrics(
  source: PythonSource,
): { tool: string; metrics: DeclaredMetric[] } | undefined {
  if (source.importsModule('prometheus_client')) {
    const metrics = [...source.code.matchAll(PROMETHEUS_METRIC)].map(m => ({
      type: m[1].toLowerCase(),
      name: m[2],
    }));
    if (metrics.length) {
      return { tool: 'prometheus-client', metrics };
    }
  }
  if (source.importsModule('opentelemetry')) {
    const metrics = [...source.code.matchAll(OTEL_METRIC)].map(m => ({
      type: m[1],
      name: m[2],
    }));
    if (metrics.length) {
      return { tool: 'opentelemetry', metrics };
    }
  }
  return undefined;
}

export function exposesMetrics(source: PythonSource): boolean {
  return (
    PROMETHEUS_EXPOSURE.test(source.code) ||
    (source.importsModule('opentelemetry') &&
      /\bMeterProvider\s*\(/.test(source.code))
  );
}
