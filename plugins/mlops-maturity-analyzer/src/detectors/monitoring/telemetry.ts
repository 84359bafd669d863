import { RepoFileSet } from '../../RepoFileSet';
import { stripCLikeComments } from '../../parsing/blocks';
import { extensionOf } from '../../parsing/paths';
import { PythonSource } from '../../parsing/python';
import { isServiceCodePath, servicePythonCode } from '../serviceCode';
import { code, Findings } from '../types';

/** A monitoring system the service's code sends telemetry to. */
interface Telemetry {
  tool: string;
  system: string;
  /** LLM tracing platforms show production telemetry of LLM apps only. */
  llmTracing?: boolean;
}

const AZURE_MONITOR: Telemetry = {
  tool: 'azure-monitor',
  system: 'Azure Monitor (Application Insights)',
};
const OPENTELEMETRY: Telemetry = {
  tool: 'opentelemetry',
  system: 'an OpenTelemetry collector (OTLP)',
};
const CLOUDWATCH: Telemetry = {
  tool: 'cloudwatch',
  system: 'Amazon CloudWatch',
};
const CLOUD_MONITORING: Telemetry = {
  tool: 'cloud-monitoring',
  system: 'Google Cloud Monitoring',
};
const DATADOG: Telemetry = { tool: 'datadog', system: 'Datadog' };
const NEW_RELIC: Telemetry = { tool: 'new-relic', system: 'New Relic' };
const LANGSMITH: Telemetry = {
  tool: 'langsmith',
  system: 'LangSmith',
  llmTracing: true,
};
const LANGFUSE: Telemetry = {
  tool: 'langfuse',
  system: 'Langfuse',
  llmTracing: true,
};

/**
 * How services set up their telemetry in Python, as the tools document it. Names are
 * matched in their qualified form (`from x import y` reads `x.y`).
 */
const PYTHON_TELEMETRY: Array<{
  telemetry: Telemetry;
  modules: string[];
  pattern: RegExp;
}> = [
  {
    telemetry: AZURE_MONITOR,
    modules: ['azure.monitor.opentelemetry'],
    pattern:
      /\bazure\.monitor\.opentelemetry\.configure_azure_monitor\s*\(|\bAzureMonitor(Trace|Metric|Log)Exporter\s*\(/,
  },
  {
    telemetry: AZURE_MONITOR,
    modules: ['opencensus.ext.azure'],
    pattern:
      /\b(AzureLogHandler|AzureExporter|AzureEventHandler)\s*\(|\bmetrics_exporter\.new_metrics_exporter\s*\(/,
  },
  {
    telemetry: AZURE_MONITOR,
    modules: ['applicationinsights'],
    pattern:
      /\bapplicationinsights\.(TelemetryClient\s*\(|flask\.ext\.AppInsights\s*\(|django\b|requests\.WSGIApplication\s*\(|logging\.enable\s*\()/,
  },
  {
    telemetry: CLOUD_MONITORING,
    modules: ['google.cloud.monitoring_v3', 'google.cloud.monitoring'],
    pattern: /\.create_time_series\s*\(/,
  },
  {
    telemetry: CLOUD_MONITORING,
    modules: [
      'opentelemetry.exporter.cloud_monitoring',
      'opentelemetry.exporter.cloud_trace',
    ],
    pattern: /\bCloud(Monitoring\w*|Trace\w*)Exporter\s*\(/,
  },
  {
    telemetry: OPENTELEMETRY,
    modules: ['opentelemetry'],
    pattern:
      /\bOTLP(Span|Metric|Log)Exporter\s*\(|\b(Jaeger|Zipkin)\w*Exporter\s*\(/,
  },
  {
    telemetry: CLOUDWATCH,
    modules: ['boto3', 'botocore', 'aioboto3'],
    pattern: /\.put_metric_data\s*\(/,
  },
  {
    telemetry: CLOUDWATCH,
    modules: ['aws_embedded_metrics'],
    pattern:
      /\baws_embedded_metrics\.[\w.]*\b(metric_scope|create_metrics_logger)\b/,
  },
  {
    telemetry: CLOUDWATCH,
    modules: ['aws_lambda_powertools'],
    pattern: /\baws_lambda_powertools(\.metrics)?\.Metrics\s*\(/,
  },
  {
    telemetry: DATADOG,
    modules: ['ddtrace'],
    pattern: /\bddtrace\.(patch_all\s*\(|patch\s*\(|tracer\.(trace|wrap)\b)/,
  },
  {
    telemetry: DATADOG,
    modules: ['datadog'],
    pattern: /\bdatadog\.(initialize\s*\(|statsd\.\w+\s*\()/,
  },
  {
    telemetry: DATADOG,
    modules: ['datadog_api_client'],
    pattern: /\.submit_metrics\s*\(/,
  },
  {
    telemetry: NEW_RELIC,
    modules: ['newrelic'],
    pattern: /\bnewrelic\.agent\.(initialize|register_application)\s*\(/,
  },
  {
    telemetry: LANGSMITH,
    modules: ['langsmith'],
    pattern:
      /\blangsmith\.(traceable|run_helpers\.traceable|wrappers\.wrap_openai|wrappers\.wrap_anthropic)\b/,
  },
  {
    telemetry: LANGFUSE,
    modules: ['langfuse'],
    pattern:
      /\blangfuse\.(decorators\.observe|observe|openai\b|callback\.CallbackHandler|langchain\.CallbackHandler)/,
  },
  {
    telemetry: LANGFUSE,
    modules: ['litellm'],
    pattern:
      /\blitellm\.(success_callback|callbacks)\s*=\s*\[[^\]]*["']langfuse/,
  },
];

/** LangChain traces to LangSmith when the process sets this in its environment. */
const LANGCHAIN_TRACING_ENV =
  /\benviron\s*\[\s*["'](LANGCHAIN_TRACING_V2|LANGSMITH_TRACING)["']\s*\]\s*=\s*["']true["']/;

function pythonTelemetry(source: PythonSource) {
  const found: Array<{ telemetry: Telemetry; evidence: string }> = [];
  for (const { telemetry, modules, pattern } of PYTHON_TELEMETRY) {
    const match = modules.some(m => source.importsModule(m))
      ? source.code.match(pattern)
      : null;
    if (match) {
      found.push({ telemetry, evidence: match[0] });
    }
  }
  if (source.importsModule('ddtrace.auto')) {
    found.push({ telemetry: DATADOG, evidence: 'import ddtrace.auto' });
  }
  const tracingEnv = source.code.match(LANGCHAIN_TRACING_ENV);
  if (tracingEnv) {
    found.push({ telemetry: LANGSMITH, evidence: tracingEnv[0] });
  }
  return found;
}

/** Telemetry set up in .NET, JavaScript/TypeScript and container commands. */
const TEXT_TELEMETRY: Array<{
  telemetry: Telemetry;
  extensions: string[];
  requires?: RegExp;
  pattern: RegExp;
}> = [
  {
    telemetry: AZURE_MONITOR,
    extensions: ['cs'],
    pattern:
      /\.AddApplicationInsightsTelemetry(WorkerService)?\s*\(|\.UseAzureMonitor\s*\(|\.AddAzureMonitor(Trace|Metric|Log)Exporter\s*\(|\bnew\s+TelemetryClient\s*\(/,
  },
  {
    telemetry: OPENTELEMETRY,
    extensions: ['cs'],
    pattern: /\.AddOtlpExporter\s*\(/,
  },
  {
    telemetry: AZURE_MONITOR,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires:
      /['"](applicationinsights|@azure\/monitor-opentelemetry|@microsoft\/applicationinsights-web)['"]/,
    pattern:
      /\.setup\s*\([^)]*\)[\s\S]{0,400}?\.start\s*\(|\buseAzureMonitor\s*\(|\bnew\s+ApplicationInsights\s*\(/,
  },
  {
    telemetry: OPENTELEMETRY,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires: /['"]@opentelemetry\/sdk-node['"]/,
    pattern: /\bnew\s+NodeSDK\s*\([\s\S]*?\w+Exporter\s*\(/,
  },
  {
    telemetry: DATADOG,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires: /['"]dd-trace['"]/,
    pattern: /\.init\s*\(/,
  },
  {
    telemetry: CLOUDWATCH,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires: /['"](@aws-sdk\/client-cloudwatch|aws-embedded-metrics)['"]/,
    pattern:
      /\bPutMetricDataCommand\b|\bmetricScope\s*\(|\bcreateMetricsLogger\s*\(/,
  },
  {
    telemetry: LANGFUSE,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires: /['"](langfuse|langfuse-langchain|@langfuse\/[\w-]+)['"]/,
    pattern:
      /\bobserveOpenAI\s*\(|\bnew\s+CallbackHandler\s*\(|\.trace\s*\(\s*\{/,
  },
  {
    telemetry: LANGSMITH,
    extensions: ['js', 'mjs', 'cjs', 'ts', 'tsx'],
    requires: /['"]langsmith(\/[\w]+)?['"]/,
    pattern: /\btraceable\s*\(|\bwrapOpenAI\s*\(/,
  },
];

/** Container commands that start the service under an auto-instrumenting agent. */
const CONTAINER_AGENTS: Array<{ telemetry: Telemetry; pattern: RegExp }> = [
  { telemetry: OPENTELEMETRY, pattern: /\bopentelemetry-instrument\b/ },
  { telemetry: DATADOG, pattern: /\bddtrace-run\b/ },
  { telemetry: NEW_RELIC, pattern: /\bnewrelic-admin\s+run-program\b/ },
];

function emit(
  findings: Findings,
  path: string,
  telemetry: Telemetry,
  evidence: string,
) {
  const shown = evidence
    .replace(/\s+/g, ' ')
    .replace(/\s*\($/, '')
    .trim();
  findings.signal(
    'monitoring-config',
    telemetry.tool,
    path,
    `${path} sends production telemetry to ${telemetry.system} (${code(
      shown.length > 80 ? `${shown.slice(0, 77)}...` : shown,
    )})`,
    {
      system: telemetry.system,
      evidence: shown,
      ...(telemetry.llmTracing ? { llmTracing: true } : {}),
    },
  );
}

/**
 * Production telemetry the service's own code sends to a monitoring system (Application
 * Insights, OpenTelemetry, CloudWatch, Cloud Monitoring, Datadog, LangSmith, Langfuse).
 * Tests, notebooks, docs and examples do not count: they are not the running service.
 */
export function codeTelemetry(files: RepoFileSet, findings: Findings) {
  for (const source of servicePythonCode(files)) {
    const seen = new Set<string>();
    for (const { telemetry, evidence } of pythonTelemetry(source)) {
      if (!seen.has(telemetry.tool)) {
        seen.add(telemetry.tool);
        emit(findings, source.path, telemetry, evidence);
      }
    }
  }
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    const rules = TEXT_TELEMETRY.filter(rule => rule.extensions.includes(ext));
    if (rules.length === 0 || !isServiceCodePath(file.path)) {
      continue;
    }
    const text = stripCLikeComments(file.text);
    const seen = new Set<string>();
    for (const rule of rules) {
      const match =
        !rule.requires || rule.requires.test(text)
          ? text.match(rule.pattern)
          : null;
      if (match && !seen.has(rule.telemetry.tool)) {
        seen.add(rule.telemetry.tool);
        emit(findings, file.path, rule.telemetry, match[0]);
      }
    }
  }
  for (const file of files.named(/^(Dockerfile|Containerfile)(\..+)?$/)) {
    if (!isServiceCodePath(file.path)) {
      continue;
    }
    const commands = file.text
      .split('\n')
      .filter(line => /^\s*(CMD|ENTRYPOINT)\b/i.test(line))
      .join('\n');
    for (const agent of CONTAINER_AGENTS) {
      const match = commands.match(agent.pattern);
      if (match) {
        emit(findings, file.path, agent.telemetry, match[0]);
      }
    }
  }
}
