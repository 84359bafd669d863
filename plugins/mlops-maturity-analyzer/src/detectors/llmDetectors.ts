import { RepoFileSet } from '../RepoFileSet';
import {
  basenameOf,
  dirnameOf,
  extensionOf,
  globToRegExp,
  joinRepoPath,
} from '../parsing/paths';
import { PythonSource } from '../parsing/python';
import { stripCLikeComments } from '../parsing/blocks';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  getPath,
  isMap,
  YamlMap,
} from '../parsing/yaml';
import { matchAll, PRIVACY_FILTERS } from './python/pythonPatterns';
import { declaredMetrics, isDocsPath, isTestPath } from './python/pythonFiles';
import { configDocuments } from './manifests';
import { servicePythonCode } from './serviceCode';
import { code, DetectorResult, Findings, listForHumans } from './types';
import {
  countRows,
  promptFlowEvaluations,
  promptyEvaluations,
  pythonEvaluations,
} from './llm/evaluations';
import { codeGuardrails, GuardedText } from './llm/guardrails';
import { promptTemplates } from './llm/prompts';

/**
 * Test cases and assertions of a `tests: file://...` reference (a file or a glob of
 * CSV, YAML or JSON files); null when the files are not in the repository.
 */
function referencedTests(
  files: RepoFileSet,
  dir: string,
  reference: string,
): { rows: number | null; asserts: number | null } {
  const pattern = reference.replace(/^file:\/\//, '');
  const paths = /[*?]/.test(pattern)
    ? files.files
        .map(f => f.path)
        .filter(path =>
          globToRegExp(joinRepoPath(dir, pattern) ?? pattern).test(path),
        )
    : [files.resolve(dir, pattern)].filter(
        (path): path is string => path !== undefined,
      );
  if (paths.length === 0) {
    return { rows: null, asserts: null };
  }
  let rows = 0;
  let asserts = 0;
  for (const path of paths) {
    const count = countRows(files, path) ?? 0;
    rows += count;
    if (/\.(csv|tsv)$/.test(path)) {
      const header = files.get(path)?.text.split('\n')[0] ?? '';
      asserts += /__expected/.test(header) ? count : 0;
    } else {
      const items =
        extensionOf(path) === 'json'
          ? asArray(files.json(path))
          : asArray(files.yaml(path)[0]);
      asserts += items.flatMap(item => asArray(asMap(item).assert)).length;
    }
  }
  return { rows, asserts };
}

function promptfoo(files: RepoFileSet, findings: Findings) {
  const candidates = files.files.filter(file => {
    const base = basenameOf(file.path);
    if (/^promptfooconfig[^/]*\.(ya?ml|json)$/.test(base)) {
      return true;
    }
    return (
      /\.ya?ml$/.test(base) &&
      /^prompts\s*:/m.test(file.text) &&
      /^(providers|targets)\s*:/m.test(file.text) &&
      /^(tests|defaultTest|scenarios)\s*:/m.test(file.text)
    );
  });
  for (const file of candidates) {
    const doc = asMap(
      extensionOf(file.path) === 'json'
        ? files.json(file.path)
        : files.yamlMaps(file.path)[0],
    );
    const dir = dirnameOf(file.path);
    let tests: number | null = 0;
    let asserts: number | null = asArray(
      getPath(doc, 'defaultTest.assert'),
    ).length;
    const testSources: string[] = [];
    const add = (counted: { rows: number | null; asserts: number | null }) => {
      tests =
        tests === null || counted.rows === null ? null : tests + counted.rows;
      asserts =
        asserts === null || counted.asserts === null
          ? null
          : asserts + counted.asserts;
    };
    for (const entry of [...asArray(doc.tests)]) {
      if (typeof entry === 'string') {
        testSources.push(entry);
        add(referencedTests(files, dir, entry));
      } else if (isMap(entry)) {
        add({ rows: 1, asserts: asArray(entry.assert).length });
      }
    }
    for (const scenario of asArray(doc.scenarios).map(asMap)) {
      add({
        rows: asArray(scenario.config).length,
        asserts: asArray(scenario.tests).flatMap(t => asArray(asMap(t).assert))
          .length,
      });
    }
    const providers = asArray(doc.providers ?? doc.targets)
      .map(p => (typeof p === 'string' ? p : asString(asMap(p).id) ?? ''))
      .filter(Boolean);
    if (tests === 0) {
      findings.reject(
        'llm-eval',
        'promptfoo',
        file.path,
        `promptfoo config ${file.path} has no test cases, so it evaluates nothing`,
      );
      continue;
    }
    if (asserts === 0) {
      findings.reject(
        'llm-eval',
        'promptfoo',
        file.path,
        `promptfoo config ${file.path} has ${tests ?? 'some'} test case${
          tests === 1 ? '' : 's'
        } but no assertions, so no output can fail`,
      );
      continue;
    }
    findings.signal(
      'llm-eval',
      'promptfoo',
      file.path,
      `promptfoo eval suite ${file.path}: ${tests ?? 'file-based'} test case${
        tests === 1 ? '' : 's'
      }, ${asserts ?? 'file-based'} assertion${asserts === 1 ? '' : 's'}${
        providers.length
          ? ` against ${listForHumans(providers.map(code), 3)}`
          : ''
      }`,
      {
        tests,
        asserts,
        providers,
        testSources,
      },
    );
  }
}

/** NeMo Guardrails configs and Guardrails AI RAIL specs; returns which sides NeMo's rails check. */
function nemoGuardrails(
  files: RepoFileSet,
  findings: Findings,
): Set<GuardedText> {
  const guarded = new Set<GuardedText>();
  for (const file of files.named(/^config\.ya?ml$/)) {
    if (!/^rails\s*:/m.test(file.text)) {
      continue;
    }
    const doc = files.yamlMaps(file.path)[0];
    const rails = asMap(doc?.rails);
    const flows = [
      'input',
      'output',
      'retrieval',
      'dialog',
      'execution',
    ].flatMap(stage =>
      asStrings(getPath(rails, `${stage}.flows`)).map(
        flow => `${stage}: ${flow}`,
      ),
    );
    const dir = dirnameOf(file.path);
    const colang = files
      .under(dir)
      .filter(f => /\.co$/.test(f.path))
      .map(f => f.path);
    if (flows.length === 0 && colang.length === 0) {
      findings.reject(
        'guardrails',
        'nemo-guardrails',
        file.path,
        `NeMo Guardrails config ${file.path} declares rails but no flows`,
      );
      continue;
    }
    const appliesTo: GuardedText[] = [
      ...(flows.some(f => /^(input|retrieval|dialog):/.test(f))
        ? ['input' as const]
        : []),
      ...(flows.some(f => /^(output|execution):/.test(f))
        ? ['output' as const]
        : []),
    ];
    appliesTo.forEach(side => guarded.add(side));
    findings.signal(
      'guardrails',
      'nemo-guardrails',
      file.path,
      `NeMo Guardrails config ${file.path} with ${flows.length} rail flow${
        flows.length === 1 ? '' : 's'
      }${
        colang.length
          ? ` and ${colang.length} Colang file${colang.length === 1 ? '' : 's'}`
          : ''
      }${appliesTo.includes('output') ? '' : ', none on the output'}`,
      {
        flows,
        colangFiles: colang,
        outputRails: appliesTo.includes('output'),
        appliesTo,
      },
    );
    const privacy = flows.filter(flow => /sensitive data|mask|pii/i.test(flow));
    if (privacy.length) {
      findings.signal(
        'privacy-filter',
        'nemo-guardrails',
        file.path,
        `NeMo Guardrails in ${file.path} masks sensitive data (${listForHumans(
          privacy.map(code),
        )})`,
        {
          flows: privacy,
        },
      );
    }
  }
  for (const file of files.withExtension('rail')) {
    if (/<rail\b/.test(file.text)) {
      findings.signal(
        'guardrails',
        'guardrails-ai',
        file.path,
        `Guardrails AI RAIL spec ${file.path} validates LLM output`,
        { appliesTo: ['output'] },
      );
    }
  }
  return guarded;
}

function truthySetting(value: unknown): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  const text = asString(value)?.trim();
  return Boolean(text) && text !== 'null' && text !== 'false';
}

function liteLlm(
  where: string,
  path: string,
  doc: YamlMap,
  findings: Findings,
) {
  const models = asArray(doc.model_list).map(asMap);
  const general = asMap(doc.general_settings);
  const settings = asMap(doc.litellm_settings);
  const router = asMap(doc.router_settings);
  const authEnabled =
    truthySetting(general.master_key) ||
    general.enable_jwt_auth === true ||
    truthySetting(general.custom_auth) ||
    isMap(general.litellm_jwtauth);
  const limitKeys =
    /^(rpm|tpm|max_budget|max_parallel_requests|budget_duration|max_user_budget|max_end_user_budget|default_team_budget|max_internal_user_budget)$/;
  const rateLimits = [
    ...models.flatMap(m => Object.keys(asMap(m.litellm_params))),
    ...Object.keys(general),
    ...Object.keys(settings),
    ...Object.keys(router),
    ...Object.keys(asMap(settings.default_team_settings)),
  ].filter(key => limitKeys.test(key));
  const guardrails = [
    ...asArray(doc.guardrails),
    ...asArray(settings.guardrails),
  ].map(g => {
    const entry = asMap(g);
    const params = asMap(entry.litellm_params);
    return {
      name: asString(entry.guardrail_name) ?? Object.keys(entry)[0] ?? '',
      type:
        asString(params.guardrail) ??
        asString(asMap(Object.values(entry)[0]).callbacks) ??
        '',
      // LiteLLM takes one mode or a list of them (`mode: [pre_call, post_call]`).
      modes: asStrings(params.mode),
      pii:
        params.output_parse_pii === true ||
        /presidio|pii/i.test(JSON.stringify(entry)),
    };
  });
  const callbacks = [
    ...asStrings(settings.success_callback),
    ...asStrings(settings.callbacks),
    ...asStrings(settings.failure_callback),
    ...asStrings(general.callbacks),
  ];
  findings.signal(
    'llm-gateway',
    'litellm',
    path,
    `LiteLLM proxy config ${where} routes ${models.length} model${
      models.length === 1 ? '' : 's'
    }${authEnabled ? ', requires API keys' : ', without authentication'}${
      rateLimits.length
        ? `, with limits (${listForHumans(
            [...new Set(rateLimits)].map(code),
            3,
          )})`
        : ''
    }`,
    {
      models: models.map(m => asString(m.model_name) ?? ''),
      authEnabled,
      rateLimits: rateLimits.length > 0,
      limits: [...new Set(rateLimits)],
      guardrails: guardrails.map(g => g.name),
      callbacks,
    },
  );
  const pii = guardrails.filter(g => g.pii);
  if (pii.length || settings.output_parse_pii === true) {
    findings.signal(
      'privacy-filter',
      'litellm',
      path,
      `LiteLLM proxy in ${where} masks PII${
        pii.length
          ? ` with ${listForHumans(pii.map(g => code(g.type || g.name)))}`
          : ''
      }`,
      {
        guardrails: pii.map(g => g.name),
      },
    );
  }
  const others = guardrails.filter(g => !g.pii);
  if (others.length) {
    // `pre_call` and `during_call` guardrails see the request; `post_call` sees the response.
    // A guardrail without a mode is counted on the request side.
    const appliesTo = [
      ...(others.some(
        g => g.modes.length === 0 || g.modes.some(m => m !== 'post_call'),
      )
        ? ['input']
        : []),
      ...(others.some(g => g.modes.includes('post_call')) ? ['output'] : []),
    ];
    findings.signal(
      'guardrails',
      'litellm',
      path,
      `LiteLLM proxy in ${where} applies guardrails ${listForHumans(
        others.map(g => code(g.type || g.name)),
      )}${appliesTo.includes('output') ? '' : ' to requests only'}`,
      {
        guardrails: others.map(g => g.name),
        modes: [...new Set(others.flatMap(g => g.modes))],
        appliesTo,
      },
    );
  }
  const tracking = callbacks.filter(c =>
    /prometheus|langfuse|langsmith|datadog|otel|opentelemetry|lago|openmeter|helicone|s3|gcs_bucket|lunary|arize|mlflow|logfire|braintrust/i.test(
      c,
    ),
  );
  if (tracking.length) {
    findings.signal(
      'llm-usage-tracking',
      'litellm',
      path,
      `LiteLLM proxy in ${where} reports token usage to ${listForHumans(
        tracking.map(code),
      )}`,
      {
        callbacks: tracking,
      },
    );
  }
}

function gateways(files: RepoFileSet, findings: Findings) {
  for (const { path, doc, embeddedIn } of configDocuments(files)) {
    const models = asArray(doc.model_list);
    if (
      models.some(
        m =>
          isMap(m) &&
          (m.litellm_params !== undefined || m.model_name !== undefined),
      )
    ) {
      liteLlm(
        embeddedIn ? `${path} (${embeddedIn})` : path,
        path,
        doc,
        findings,
      );
    }
  }
  for (const file of files.yamlFiles()) {
    if (
      /^endpoints\s*:/m.test(file.text) &&
      /(endpoint_type|route_type)\s*:\s*llm\//.test(file.text)
    ) {
      const doc = files.yamlMaps(file.path)[0];
      const endpoints = asArray(doc?.endpoints).map(asMap);
      const limited = endpoints.some(e => isMap(e.limit));
      findings.signal(
        'llm-gateway',
        'mlflow-gateway',
        file.path,
        `MLflow AI Gateway config ${file.path} with ${
          endpoints.length
        } endpoint${endpoints.length === 1 ? '' : 's'}`,
        {
          models: endpoints.map(e => asString(e.name) ?? ''),
          authEnabled: false,
          rateLimits: limited,
        },
      );
      continue;
    }
    if (
      /ai-proxy/.test(file.text) &&
      /^_format_version|^services\s*:|^plugins\s*:/m.test(file.text)
    ) {
      const text = file.text;
      findings.signal(
        'llm-gateway',
        'kong',
        file.path,
        `Kong AI Gateway config ${file.path} proxies LLM calls (ai-proxy)`,
        {
          models: [],
          authEnabled:
            /name:\s*(key-auth|jwt|openid-connect|oauth2|basic-auth)/.test(
              text,
            ),
          rateLimits:
            /name:\s*(ai-rate-limiting-advanced|rate-limiting(-advanced)?)/.test(
              text,
            ),
        },
      );
    }
    for (const doc of files.yamlMaps(file.path)) {
      if (
        doc.kind === 'AIGatewayRoute' &&
        /aigateway\.envoyproxy\.io/.test(asString(doc.apiVersion) ?? '')
      ) {
        findings.signal(
          'llm-gateway',
          'envoy-ai-gateway',
          file.path,
          `Envoy AI Gateway route ${code(
            asString(getPath(doc, 'metadata.name')) ?? '',
          )} in ${file.path}`,
          {
            models: [],
            authEnabled: /SecurityPolicy|apiKey|jwt/i.test(file.text),
            rateLimits: /llmRequestCosts|BackendTrafficPolicy|rateLimit/.test(
              file.text,
            ),
          },
        );
      }
    }
  }
}

const USAGE_FIELDS =
  /\busage\.(total_tokens|prompt_tokens|completion_tokens|input_tokens|output_tokens)|\busage_metadata\b|\[["']usage["']\]\s*\[["'](total|prompt|completion|input|output)_tokens|gen_ai\.usage\.|\busage\.(totalTokens|promptTokens|completionTokens|inputTokens|outputTokens)/;
const RECORDED =
  /\.inc\s*\(|\.observe\s*\(|\.add\s*\(|\.record\s*\(|\.labels\s*\(|\bmlflow\.log_metrics?\s*\(|\blog\w*\.(info|debug|warning)\s*\(|\blogger\.\w+\s*\(|\.set_attribute\s*\(|\.insert\w*\s*\(|\.put_item\s*\(|\.gauge\s*\(|\.histogram\s*\(|\.increment\s*\(|console\.log\s*\(|\.track\s*\(/;

const PYTHON_USAGE_INSTRUMENTATION: Array<{
  pattern: RegExp;
  module: string;
  tool: string;
  what: string;
}> = [
  {
    pattern:
      /\blangfuse\.(decorators\.observe|observe|openai|callback\.CallbackHandler|langchain\.CallbackHandler)\b/,
    module: 'langfuse',
    tool: 'langfuse',
    what: 'traces LLM calls and their token usage with Langfuse',
  },
  {
    pattern:
      /\blangsmith\.(traceable|run_helpers\.traceable|wrappers\.wrap_openai)\b/,
    module: 'langsmith',
    tool: 'langsmith',
    what: 'traces LLM calls and their token usage with LangSmith',
  },
  {
    pattern: /\btraceloop\.sdk\.Traceloop\.init\s*\(/,
    module: 'traceloop',
    tool: 'openllmetry',
    what: 'instruments LLM calls with OpenLLMetry',
  },
  {
    pattern: /\blitellm\.(success_callback|callbacks)\s*=/,
    module: 'litellm',
    tool: 'litellm',
    what: 'sends LiteLLM usage callbacks',
  },
  {
    pattern: /Helicone-Auth/,
    module: 'openai',
    tool: 'helicone',
    what: 'routes LLM calls through Helicone for usage tracking',
  },
  {
    pattern:
      /\bopentelemetry\.instrumentation\.(openai|openai_v2|anthropic|bedrock|vertexai|google_genai|langchain|llamaindex|mistralai)\.\w*Instrumentor\s*\(\s*\)\s*\.instrument\s*\(/,
    module: 'opentelemetry.instrumentation',
    tool: 'opentelemetry',
    what: 'records LLM calls and their token usage with OpenTelemetry GenAI instrumentation',
  },
  {
    pattern:
      /\bazure\.ai\.inference\.tracing\.AIInferenceInstrumentor\s*\(\s*\)\s*\.instrument\s*\(/,
    module: 'azure.ai.inference',
    tool: 'opentelemetry',
    what: 'records LLM calls and their token usage with OpenTelemetry GenAI instrumentation',
  },
  {
    pattern: /\.telemetry\.enable\s*\(/,
    module: 'azure.ai.projects',
    tool: 'azure-ai-projects',
    what: "records LLM calls and their token usage with the Azure AI project's OpenTelemetry instrumentation",
  },
];

function feedbackAndUsage(files: RepoFileSet, findings: Findings) {
  for (const source of servicePythonCode(files)) {
    pythonFeedback(source, findings);
    const usage = source.code.match(USAGE_FIELDS);
    if (usage && RECORDED.test(source.code)) {
      findings.signal(
        'llm-usage-tracking',
        'custom',
        source.path,
        `${source.path} records LLM token usage (${code(usage[0])})`,
        { field: usage[0] },
      );
    }
    for (const instrumentation of PYTHON_USAGE_INSTRUMENTATION) {
      if (
        source.importsModule(instrumentation.module) &&
        instrumentation.pattern.test(source.code)
      ) {
        findings.signal(
          'llm-usage-tracking',
          instrumentation.tool,
          source.path,
          `${source.path} ${instrumentation.what}`,
          {},
        );
      }
    }
    const metrics = declaredMetrics(source);
    const tokenMetrics =
      metrics?.metrics.filter(m => /token/i.test(m.name)).map(m => m.name) ??
      [];
    if (tokenMetrics.length) {
      findings.signal(
        'llm-usage-tracking',
        metrics!.tool,
        source.path,
        `${source.path} exports token metrics ${listForHumans(
          tokenMetrics.map(code),
        )}`,
        {
          metrics: tokenMetrics,
        },
      );
    }
    const feedbackMetrics =
      metrics?.metrics
        .filter(m => /feedback|thumbs|rating/i.test(m.name))
        .map(m => m.name) ?? [];
    if (feedbackMetrics.length) {
      findings.signal(
        'user-feedback',
        metrics!.tool,
        source.path,
        `${source.path} counts user feedback in ${listForHumans(
          feedbackMetrics.map(code),
        )}`,
        {
          metrics: feedbackMetrics,
        },
      );
    }
    for (const match of matchAll(source, PRIVACY_FILTERS)) {
      findings.signal(
        'privacy-filter',
        match.tool,
        source.path,
        `${source.path} redacts personal data with ${match.tool} (${code(
          match.evidence,
        )})`,
        {
          call: match.evidence,
        },
      );
    }
  }
  for (const file of files.withExtension('ts', 'tsx', 'js', 'mjs')) {
    if (
      isTestPath(file.path) ||
      isDocsPath(file.path) ||
      /\.(test|spec)\.[jt]sx?$|\.d\.ts$/.test(file.path)
    ) {
      continue;
    }
    const text = stripCLikeComments(file.text);
    const usage = text.match(USAGE_FIELDS);
    if (usage && RECORDED.test(text)) {
      findings.signal(
        'llm-usage-tracking',
        'custom',
        file.path,
        `${file.path} records LLM token usage (${code(usage[0])})`,
        { field: usage[0] },
      );
    }
    const feedback =
      text.match(/\blangfuse\.(score|score\.create|createScore)\s*\(/) ??
      text.match(/\b\w+\.createFeedback\s*\(/) ??
      (/\.(post|put)\s*\(\s*['"`][^'"`]*(feedback|rating|thumbs)[^'"`]*['"`]/i.test(
        text,
      ) &&
      /\.(insert|create|save|add|push|write|inc)\w*\s*\(|INSERT INTO/i.test(
        text,
      )
        ? text.match(
            /\.(post|put)\s*\(\s*['"`][^'"`]*(feedback|rating|thumbs)[^'"`]*['"`]/i,
          )
        : null);
    if (feedback) {
      findings.signal(
        'user-feedback',
        'custom',
        file.path,
        `${file.path} captures user feedback (${code(
          feedback[0].replace(/\s*\($/, ''),
        )})`,
        {},
      );
    }
  }
}

function pythonFeedback(source: PythonSource, findings: Findings) {
  if (
    source.importsModule('langfuse') &&
    /\.(score|create_score|score_current_trace|score_current_span)\s*\(/.test(
      source.code,
    )
  ) {
    findings.signal(
      'user-feedback',
      'langfuse',
      source.path,
      `${source.path} records user feedback as Langfuse scores`,
      {},
    );
    return;
  }
  if (
    source.importsModule('langsmith') &&
    /\.create_feedback\s*\(/.test(source.code)
  ) {
    findings.signal(
      'user-feedback',
      'langsmith',
      source.path,
      `${source.path} records user feedback in LangSmith`,
      {},
    );
    return;
  }
  for (const fn of source.functions()) {
    const route = fn.decorators
      .map(d => d.match(/\.(post|put|route|api_route)\s*\(\s*["']([^"']*)["']/))
      .find(Boolean);
    if (
      !route ||
      !/feedback|rating|thumbs|vote/i.test(`${route[2]} ${fn.name}`)
    ) {
      continue;
    }
    const body = fn.body.join('\n');
    if (
      /\.(insert\w*|add|save|commit|write|put_item|inc|labels|append|execute|create\w*|score|log_\w+)\s*\(/.test(
        body,
      )
    ) {
      findings.signal(
        'user-feedback',
        'custom',
        source.path,
        `${source.path} stores user feedback from ${code(route[2])}`,
        { endpoint: route[2] },
      );
      return;
    }
    findings.reject(
      'user-feedback',
      'custom',
      source.path,
      `${source.path} has a feedback endpoint ${code(
        route[2],
      )} that does not store what it receives`,
    );
  }
}

/**
 * LLM evaluation, guardrails, gateways, privacy filters, feedback, usage tracking and
 * versioned prompts.
 */
export function detectLlm(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  promptfoo(files, findings);
  pythonEvaluations(files, findings);
  promptyEvaluations(files, findings);
  promptFlowEvaluations(files, findings);
  const nemoRails = nemoGuardrails(files, findings);
  codeGuardrails(files, findings, nemoRails);
  gateways(files, findings);
  feedbackAndUsage(files, findings);
  promptTemplates(files, findings);
  return findings.result();
}
