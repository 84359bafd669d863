import { JsonObject } from '@backstage/types';
import {
  ANNOTATIONS,
  CiFacts,
  FACT_SOURCES,
  MonitoringFacts,
  RepoSignal,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckContext,
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  CatalogView,
  RepositoryView,
  capitalize,
  citeRejections,
  daysSince,
  decide,
  declaredCiJobs,
  defineCheck,
  describeJob,
  describeSignals,
  evidenceFrom,
  fail,
  judgeRuns,
  notApplicable,
  numberParam,
  observedOnly,
  pass,
  plural,
  repositoryOf,
  requireSignals,
  signalsRequired,
  stringList,
  stringParam,
  stringsParam,
  unknown,
  withCatalog,
  withRepository,
} from './evidence';
import { judgeSeries } from './monitoringChecks';

const LLM_FLAVORS: ['llm'] = ['llm'];

const CONFIGURE_MONITORING =
  'add the `prometheus.io/instance` and `prometheus.io/job` annotations';

/**
 * Whether a gateway enforces authentication. The contract says the attributes tell, not
 * under which name, so any boolean attribute about auth (`authEnforced`, `auth`...) counts.
 */
export function gatewayAuth(signal: RepoSignal): boolean | undefined {
  const flags = Object.entries(signal.attributes ?? {})
    .filter(([key, value]) => /auth/i.test(key) && typeof value === 'boolean')
    .map(([, value]) => value as boolean);
  if (flags.includes(true)) {
    return true;
  }
  return flags.includes(false) ? false : undefined;
}

/** Number of evaluation cases when the analyzer counted them (`cases`, `testCases`...). */
export function evalCases(signal: RepoSignal): number | undefined {
  const counts = Object.entries(signal.attributes ?? {})
    .filter(
      ([key, value]) => /case|^tests$/i.test(key) && typeof value === 'number',
    )
    .map(([, value]) => value as number);
  return counts.length > 0 ? Math.max(...counts) : undefined;
}

/** `azure-openai/gpt-4o` and `openai:gpt-4o` name the providers `azure-openai` and `openai`. */
export function providerOf(entry: string): string {
  return entry.split(/[/:]/)[0].trim().toLowerCase();
}

/**
 * A value pushed by a CI job to the `custom` source under `key`. Pushed facts are
 * observed: the job saw the result happen.
 */
function pushedFact(ctx: CheckContext, key: string): CheckOutcome | undefined {
  const set = ctx.facts.get<JsonObject>(FACT_SOURCES.custom);
  const value = set?.facts?.[key];
  if (!set || value === undefined || value === null) {
    return undefined;
  }
  const detail = `${key} pushed at ${set.collectedAt}: ${JSON.stringify(
    value,
  ).slice(0, 200)}`;
  return pass(`Pushed ${detail}`, [evidenceFrom(set, 'observed', detail)]);
}

/** A pushed quality result: a number, or an object with a score (or named scores). */
export function pushedScore(value: unknown): {
  score?: number;
  metric?: string;
  measuredAt?: string;
} {
  if (typeof value === 'number') {
    return { score: value };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  const entry = value as Record<string, unknown>;
  const measuredAt = ['measuredAt', 'evaluatedAt', 'timestamp']
    .map(key => entry[key])
    .find(
      (v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
    );
  const scale = typeof entry.max === 'number' && entry.max > 0 ? entry.max : 1;
  const named = ['score', 'value', 'mean', 'average'].find(
    key => typeof entry[key] === 'number',
  );
  if (named) {
    return { score: (entry[named] as number) / scale, measuredAt };
  }
  // Several named scores (faithfulness, relevancy...): the weakest one decides.
  const scores = Object.entries(entry).filter(
    ([key, v]) =>
      typeof v === 'number' &&
      !/^(max|min|threshold|samples?|sampleSize|count|n)$/i.test(key),
  ) as Array<[string, number]>;
  if (scores.length === 0) {
    return { measuredAt };
  }
  const [metric, lowest] = scores.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { score: lowest / scale, metric, measuredAt };
}

/**
 * Output quality pushed by an evaluation job counts when its score meets the threshold
 * and it is recent: a good score from months ago says nothing about today's answers.
 */
function pushedOutputQuality(ctx: CheckContext): CheckOutcome | undefined {
  const key = stringParam(ctx, 'customFactKey');
  const set = ctx.facts.get<JsonObject>(FACT_SOURCES.custom);
  const value = set?.facts?.[key];
  if (!set || value === undefined || value === null) {
    return undefined;
  }
  const pushed = `${key} pushed at ${set.collectedAt}: ${JSON.stringify(
    value,
  ).slice(0, 200)}`;
  const { score, metric, measuredAt } = pushedScore(value);
  if (score === undefined) {
    const detail = `${pushed} has no numeric score to compare with the threshold; push a number or \`{ "score": 0.82, "measuredAt": "<ISO time>" }\``;
    return fail(capitalize(detail), [evidenceFrom(set, 'observed', detail)]);
  }
  const threshold = numberParam(ctx, 'minimumScore');
  const maxAgeDays = numberParam(ctx, 'maxAgeDays');
  const age = daysSince(measuredAt ?? set.collectedAt, ctx.now);
  const scored = `${metric ? `${metric} ` : ''}score ${score}`;
  const problems = [
    ...(score < threshold
      ? [`${scored} is below the threshold ${threshold} (minimumScore)`]
      : []),
    ...(age > maxAgeDays
      ? [
          `it was measured ${age} days ago, more than the ${maxAgeDays}-day limit (maxAgeDays)`,
        ]
      : []),
  ];
  if (problems.length > 0) {
    const detail = `${pushed}; ${problems.join('; ')}`;
    return fail(`Pushed ${detail}`, [evidenceFrom(set, 'observed', detail)]);
  }
  const detail = `${pushed}; ${scored} meets the threshold ${threshold}, measured ${age} day${
    age === 1 ? '' : 's'
  } ago (limit ${maxAgeDays})`;
  return pass(`Pushed ${detail}`, [evidenceFrom(set, 'observed', detail)]);
}

/**
 * Whether a guardrail signal validates what the model returns, in the running service;
 * otherwise why not. Signals that do not say which side they check (configuration of
 * output validators such as Guardrails AI specs) validate the output.
 */
function outputValidationGap(signal: RepoSignal): string | undefined {
  const where = `\`${signal.path}\` (${signal.tool})`;
  if (signal.attributes?.runtime === false) {
    return `${where} runs only in code the service does not execute (evaluation or offline code), so it does not validate the answers users get`;
  }
  if (!Array.isArray(signal.attributes?.appliesTo)) {
    return signal.attributes?.outputRails === false
      ? `${where} has no output rails`
      : undefined;
  }
  const appliesTo = stringList(signal.attributes.appliesTo);
  if (appliesTo.includes('output')) {
    return undefined;
  }
  return appliesTo.includes('input')
    ? `${where} checks only the user's input; nothing validates the model's output`
    : `${where} checks text that cannot be told to be the model's output`;
}

/** Checks a comma-separated catalog annotation against an allow-list. */
function allowListCheck(
  catalog: CatalogView,
  options: {
    annotation: string;
    values: string[];
    allowed: string[];
    normalize: (value: string) => string;
    noun: string;
  },
): CheckOutcome {
  const malformed = catalog.malformed(options.annotation);
  if (malformed) {
    return malformed;
  }
  if (options.values.length === 0) {
    const detail = `no ${options.annotation} annotation`;
    return fail(capitalize(detail), [catalog.evidence(detail)]);
  }
  const allowed = options.allowed.map(a => a.toLowerCase());
  const rejected = options.values.filter(
    v => !allowed.includes(options.normalize(v)),
  );
  if (rejected.length > 0) {
    const detail = `${options.noun} not on the allow-list: ${rejected.join(
      ', ',
    )} (allowed: ${options.allowed.join(', ')})`;
    return fail(capitalize(detail), [catalog.evidence(detail)]);
  }
  const detail = `all ${options.noun}s are allowed: ${options.values.join(
    ', ',
  )}`;
  return pass(capitalize(detail), [catalog.evidence(detail)]);
}

/**
 * GPU cost does not apply when the catalog names only hosted model providers and nothing
 * shows GPUs of the service's own.
 */
function hostedModelsOnly(
  ctx: CheckContext,
  selfHosted: string[],
): string | undefined {
  const providers = ctx.facts.get<JsonObject>(FACT_SOURCES.catalog)?.facts
    ?.modelProviders;
  const names = Array.isArray(providers)
    ? providers.filter((p): p is string => typeof p === 'string')
    : [];
  if (
    names.length === 0 ||
    names.some(p => selfHosted.includes(providerOf(p)))
  ) {
    return undefined;
  }
  const repo = repositoryOf(ctx);
  if (
    repo instanceof RepositoryView &&
    (repo.signals('gpu-cost').length > 0 ||
      repo.k8sResources(r => r.gpu).length > 0)
  ) {
    return undefined;
  }
  const series = ctx.facts.get<MonitoringFacts>(FACT_SOURCES.monitoring)?.facts
    ?.series;
  if ((series?.gpu?.length ?? 0) > 0 || (series?.gpuCost?.length ?? 0) > 0) {
    return undefined;
  }
  return `the service uses hosted models only (${names.join(
    ', ',
  )}) and runs no GPUs of its own`;
}

export const llmChecks: MaturityCheck[] = [
  defineCheck({
    id: 'llm.gpu-cost',
    title: 'GPU cost is visible',
    description:
      'Verifies that GPU utilisation or cost is measured for self-hosted models (DCGM or Kubecost series, or declared exporters).',
    dimension: 'llm-infrastructure',
    level: 2,
    persona: 'devops',
    flavors: LLM_FLAVORS,
    sources: ['catalog', 'repository', 'monitoring'],
    remediation:
      'Deploy the NVIDIA DCGM exporter (and Kubecost or OpenCost for spend), label GPU pods with the service name, and make sure the series reach the Prometheus instance in `prometheus.io/instance`.',
    parameters: {
      selfHostedProviders: {
        type: 'string[]',
        default: ['self-hosted'],
        description:
          'Model-provider values that mean the service runs its own models (and so its own GPUs).',
      },
    },
    evaluate: ctx => {
      const hosted = hostedModelsOnly(
        ctx,
        stringsParam(ctx, 'selfHostedProviders'),
      );
      if (hosted) {
        return notApplicable(`Not applicable: ${hosted}`, [
          {
            source: FACT_SOURCES.catalog,
            strength: 'declared',
            detail: hosted,
          },
        ]);
      }
      return decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'GPU utilisation or cost',
            [
              ...(monitoring.series?.gpu ?? []),
              ...(monitoring.series?.gpuCost ?? []),
            ],
            'gpu-cost',
          ),
        declared: () =>
          withRepository(ctx, repo =>
            requireSignals(repo, {
              kinds: 'gpu-cost',
              lookingFor:
                'GPU cost visibility (DCGM exporter, Kubecost, labelled GPU requests)',
              foundMessage: 'GPU cost visibility declared',
            }),
          ),
      });
    },
  }),

  defineCheck({
    id: 'llm.data-scale',
    title: 'Data pipelines scale',
    description:
      'Verifies that large datasets are processed with a scalable engine (Spark, Ray Data, Dask, Beam or streaming datasets).',
    dimension: 'llm-infrastructure',
    level: 2,
    persona: 'ml-engineer',
    flavors: LLM_FLAVORS,
    sources: ['repository'],
    remediation:
      'Process corpora and embeddings with a distributed or streaming engine (Spark, Ray Data, Dask, Apache Beam, or `datasets` with `streaming=True`) instead of loading everything into one process.',
    evaluate: signalsRequired({
      kinds: 'data-scale',
      lookingFor:
        'scalable data processing (Spark, Ray Data, Dask, Beam, streaming datasets)',
      foundMessage: 'Scalable data processing',
    }),
  }),

  defineCheck({
    id: 'llm.access-control',
    title: 'Model access is controlled',
    description:
      'Verifies that model calls go through an LLM gateway that enforces authentication.',
    dimension: 'llm-infrastructure',
    level: 1,
    weight: 2,
    persona: 'devops',
    flavors: LLM_FLAVORS,
    sources: ['repository'],
    remediation:
      'Route all model calls through an LLM gateway (e.g. LiteLLM proxy) with authentication enforced (`general_settings.master_key` plus per-team virtual keys), and do not hand provider API keys to clients.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const gateways = repo.signals('llm-gateway');
        const enforced = gateways.filter(g => gatewayAuth(g) === true);
        if (enforced.length > 0) {
          return pass(
            `Gateway enforces authentication: ${describeSignals(enforced)}`,
            enforced.map(g => repo.found(g)),
          );
        }
        const reasons = gateways.map(g =>
          gatewayAuth(g) === false
            ? `${g.path} (${g.tool}) does not enforce authentication`
            : `${g.path} (${g.tool}) does not show that authentication is enforced`,
        );
        if (gateways.length > 0) {
          return fail(
            `LLM gateway without enforced authentication: ${reasons.join(
              '; ',
            )}`,
            gateways.map((g, i) => repo.found(g, reasons[i])),
          );
        }
        const rejections = repo.rejections('llm-gateway');
        const missing = repo.notFound(
          'LLM gateway configuration (e.g. LiteLLM proxy) with authentication',
        );
        return fail(`${missing.message}${citeRejections(rejections)}`, [
          missing.evidence,
          ...rejections.map(r => repo.rejected(r)),
        ]);
      }),
  }),

  defineCheck({
    id: 'llm.data-privacy',
    title: 'Private data is protected',
    description:
      'Verifies that personal data is filtered before it reaches a model, or that the data is classified as not needing a filter.',
    dimension: 'llm-compliance',
    level: 1,
    persona: 'devops',
    flavors: LLM_FLAVORS,
    sources: ['catalog', 'repository'],
    remediation:
      "Redact personal data before prompts leave the service (Presidio, scrubadub, or the gateway's PII masking), and declare the data's classification with `mlops-maturity.io/data-classification`.",
    parameters: {
      classificationsRequiringFilter: {
        type: 'string[]',
        default: ['restricted'],
        description:
          'Data classifications that require a privacy filter in front of the model.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog => {
        const malformed = catalog.malformed(ANNOTATIONS.dataClassification);
        if (malformed) {
          return malformed;
        }
        const classification = catalog.facts.dataClassification;
        const needsFilter =
          !classification ||
          stringsParam(ctx, 'classificationsRequiringFilter')
            .map(c => c.toLowerCase())
            .includes(classification.toLowerCase());
        const repo = repositoryOf(ctx);
        const filters =
          repo instanceof RepositoryView ? repo.signals('privacy-filter') : [];
        if (repo instanceof RepositoryView && filters.length > 0) {
          return pass(
            `Personal data is filtered: ${describeSignals(filters)}`,
            filters.map(s => repo.found(s)),
          );
        }
        if (!needsFilter) {
          const detail = `data classified as ${classification}, which needs no privacy filter`;
          return pass(capitalize(detail), [catalog.evidence(detail)]);
        }
        const classified = classification
          ? `data classified as ${classification}`
          : `no ${ANNOTATIONS.dataClassification} annotation`;
        if (!(repo instanceof RepositoryView)) {
          return unknown(`${classified}, and ${repo.reason}`, [
            catalog.evidence(classified),
          ]);
        }
        const rejections = repo.rejections('privacy-filter');
        const missing = repo.missing(
          'privacy filter (Presidio, scrubadub, gateway PII masking)',
        );
        return fail(
          `${capitalize(classified)} and ${missing.detail}${citeRejections(
            rejections,
          )}`,
          [
            catalog.evidence(classified),
            missing,
            ...rejections.map(r => repo.rejected(r)),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'llm.region',
    title: 'Data stays in allowed regions',
    description:
      'Verifies that every region the service runs in or sends data to is on the allow-list.',
    dimension: 'llm-compliance',
    level: 1,
    persona: 'devops',
    flavors: LLM_FLAVORS,
    sources: ['catalog'],
    remediation:
      'Declare where the service runs and where prompts go with `mlops-maturity.io/region: <region>[,<region>]`, and move deployments or model endpoints that sit outside the allowed regions.',
    parameters: {
      allowedRegions: {
        type: 'string[]',
        default: [
          'eu-west-1',
          'eu-central-1',
          'westeurope',
          'northeurope',
          'europe-west1',
          'europe-west4',
          'us-east-1',
          'us-west-2',
          'eastus',
        ],
        description: 'Cloud regions where the service may run or send data.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog =>
        allowListCheck(catalog, {
          annotation: ANNOTATIONS.region,
          values: catalog.facts.regions ?? [],
          allowed: stringsParam(ctx, 'allowedRegions'),
          normalize: region => region.trim().toLowerCase(),
          noun: 'region',
        }),
      ),
  }),

  defineCheck({
    id: 'llm.third-party-model',
    title: 'Third-party models are approved',
    description:
      'Verifies that every model provider the service uses is on the approved list.',
    dimension: 'llm-compliance',
    level: 1,
    persona: 'ml-engineer',
    flavors: LLM_FLAVORS,
    sources: ['catalog'],
    remediation:
      'Declare the providers and models used with `mlops-maturity.io/model-provider: <provider>/<model>[,...]` and switch any unapproved provider to an approved one (or get it approved).',
    parameters: {
      approvedProviders: {
        type: 'string[]',
        default: [
          'azure-openai',
          'openai',
          'anthropic',
          'aws-bedrock',
          'vertex-ai',
          'mistral',
          'self-hosted',
        ],
        description: 'Model providers the organisation has approved.',
      },
    },
    evaluate: ctx =>
      withCatalog(ctx, catalog =>
        allowListCheck(catalog, {
          annotation: ANNOTATIONS.modelProvider,
          values: catalog.facts.modelProviders ?? [],
          allowed: stringsParam(ctx, 'approvedProviders'),
          normalize: providerOf,
          noun: 'model provider',
        }),
      ),
  }),

  defineCheck({
    id: 'llm.api-usage-monitoring',
    title: 'Model API usage is monitored',
    description:
      'Verifies that token usage is tracked per service (observed token series, or declared usage accounting).',
    dimension: 'llm-compliance',
    level: 1,
    persona: 'ml-engineer',
    flavors: LLM_FLAVORS,
    sources: ['repository', 'monitoring'],
    remediation:
      "Record prompt and completion tokens per call (the gateway's usage metrics, OpenTelemetry GenAI metrics or a counter like `llm_tokens_total{service=...}`) and scrape them into Prometheus.",
    evaluate: ctx =>
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'token usage',
            monitoring.series?.tokens ?? [],
            'llm-usage-tracking',
          ),
        declared: () =>
          withRepository(ctx, repo =>
            requireSignals(repo, {
              kinds: 'llm-usage-tracking',
              lookingFor:
                'token usage accounting in code or gateway (usage fields recorded, LiteLLM callbacks, Langfuse/LangSmith tracing, OpenTelemetry GenAI instrumentation)',
              foundMessage: 'Token usage tracked',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'llm.output-validation',
    title: 'Model output is validated',
    description:
      "Verifies that the running service validates the model's output before it is used: output rails or guards, schema validation of structured output, or content safety / moderation applied to the completion (a filter on the user's prompt alone, or a check run only during evaluation, does not count).",
    dimension: 'llm-compliance',
    level: 1,
    persona: 'ml-engineer',
    flavors: LLM_FLAVORS,
    sources: ['repository'],
    remediation:
      "Validate outputs before use in the serving path: NeMo Guardrails output rails, a Guardrails AI guard, structured-output validation with a schema (e.g. Pydantic) and a fallback, or Azure AI Content Safety / OpenAI moderation run on the model's answer with a safe replacement when it is flagged.",
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const guardrails = repo.signals('guardrails');
        const validating = guardrails.filter(
          s => outputValidationGap(s) === undefined,
        );
        if (validating.length > 0) {
          return pass(
            `Model output is validated: ${describeSignals(validating)}`,
            validating.map(s => repo.found(s)),
          );
        }
        const gaps = guardrails.map(s => outputValidationGap(s)!);
        const rejections = repo.rejections('guardrails');
        const missing = repo.notFound(
          "validation of the model's output in the running service (output rails, Guardrails AI, schema validation of structured output, content safety or moderation on the completion)",
        );
        return fail(
          `${missing.message}${gaps
            .map(gap => `; not counted: ${gap}`)
            .join('')}${citeRejections(rejections)}`,
          [
            missing.evidence,
            ...guardrails.map((s, i) => repo.found(s, gaps[i])),
            ...rejections.map(r => repo.rejected(r)),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'llm.eval-suite',
    title: 'Evaluation suite',
    description:
      'Verifies that an LLM evaluation suite with test cases exists (promptfoo, ragas, deepeval, Azure AI evaluation, LangSmith, MLflow, Prompty evaluators, prompt flow evaluation flows).',
    dimension: 'llm-evaluation',
    level: 1,
    weight: 2,
    persona: 'data-scientist',
    flavors: LLM_FLAVORS,
    sources: ['repository'],
    remediation:
      'Add an evaluation suite with real cases from the domain, e.g. `promptfooconfig.yaml` with `tests:` and assertions, or a ragas/deepeval test set with expected answers, committed next to the prompts.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const suites = repo.signals('llm-eval');
        const withCases = suites.filter(s => evalCases(s) !== 0);
        if (withCases.length > 0) {
          return pass(
            `Evaluation suite: ${withCases
              .map(s => {
                const cases = evalCases(s);
                return `${s.path} (${s.tool}${
                  cases !== undefined ? `, ${plural(cases, 'case')}` : ''
                })`;
              })
              .join(', ')}`,
            withCases.map(s => repo.found(s)),
          );
        }
        const empty = suites.map(
          s => `\`${s.path}\` defines no evaluation cases`,
        );
        const rejections = repo.rejections('llm-eval');
        const missing = repo.notFound(
          'LLM evaluation suite with cases (promptfoo, ragas, deepeval, Azure AI evaluation, LangSmith, MLflow, Prompty evaluators over a dataset, prompt flow evaluation flow)',
        );
        return fail(
          `${missing.message}${empty
            .map(e => `; ${e}`)
            .join('')}${citeRejections(rejections)}`,
          [
            missing.evidence,
            ...suites.map((s, i) => repo.found(s, empty[i])),
            ...rejections.map(r => repo.rejected(r)),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'llm.eval-in-ci',
    title: 'Evaluations run in CI',
    description:
      'Verifies that a CI job runs the LLM evaluation suite and, where CI is connected, that evaluation runs succeed.',
    dimension: 'llm-evaluation',
    level: 2,
    persona: 'devops',
    flavors: LLM_FLAVORS,
    sources: ['repository', 'ci'],
    remediation:
      'Run the evaluation suite in CI on every pull request that touches prompts or models (e.g. `npx promptfoo eval` or `deepeval test run` in `.github/workflows/eval.yml`) and fail the build below the agreed score.',
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) =>
          judgeRuns(set, 'LLM evaluation', ci.llmEval, () =>
            declaredCiJobs(ctx, job => job.activities.includes('llm-eval')),
          ),
        declared: () =>
          withRepository(ctx, repo => {
            const jobs = repo.ciJobs(job =>
              job.activities.includes('llm-eval'),
            );
            if (jobs.length > 0) {
              return pass(
                `Evaluations run in CI: ${jobs.map(describeJob).join(', ')}`,
                jobs.map(j => repo.found(j.signal)),
              );
            }
            const suites = repo.signals('llm-eval');
            const missing = repo.notFound(
              'CI job that runs the LLM evaluation suite',
            );
            const notRun = suites.length
              ? `; no CI job was recognised as running the suite ${describeSignals(
                  suites,
                )}`
              : '';
            return fail(`${missing.message}${notRun}`, [
              missing.evidence,
              ...suites.map(s => repo.found(s)),
            ]);
          }),
      }),
  }),

  defineCheck({
    id: 'llm.user-feedback',
    title: 'User feedback is captured',
    description:
      'Verifies that user feedback on answers is captured: pushed feedback facts, observed feedback series, or declared feedback capture.',
    dimension: 'llm-evaluation',
    level: 2,
    persona: 'data-scientist',
    flavors: LLM_FLAVORS,
    sources: ['repository', 'monitoring', 'custom'],
    remediation:
      'Capture thumbs up/down or ratings on answers (Langfuse or LangSmith feedback, or a `llm_feedback_total{rating=...}` counter) and review them with the evaluation set.',
    parameters: {
      customFactKey: {
        type: 'string',
        default: 'userFeedback',
        description:
          'Key under which CI jobs push feedback results to the custom facts endpoint.',
      },
    },
    evaluate: ctx =>
      pushedFact(ctx, stringParam(ctx, 'customFactKey')) ??
      decide<MonitoringFacts>({
        ctx,
        observedSource: FACT_SOURCES.monitoring,
        observed: (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'user feedback',
            monitoring.series?.feedback ?? [],
            'user-feedback',
          ),
        declared: () =>
          withRepository(ctx, repo =>
            requireSignals(repo, {
              kinds: 'user-feedback',
              lookingFor:
                'user feedback capture (ratings, Langfuse/LangSmith feedback)',
              foundMessage: 'User feedback captured',
            }),
          ),
      }),
  }),

  defineCheck({
    id: 'llm.output-quality',
    title: 'Output quality is measured',
    description:
      'Verifies that the quality of production outputs is measured continuously: observed series, or a recent result pushed by an evaluation job whose score meets the threshold.',
    dimension: 'llm-evaluation',
    level: 2,
    persona: 'ml-engineer',
    flavors: LLM_FLAVORS,
    sources: ['monitoring', 'custom'],
    remediation:
      'Score a sample of production answers on a schedule (LLM-as-judge, ragas faithfulness, guardrail hit rate) and export the scores as metrics, or push them from the job to the custom facts endpoint with the time they were measured; keep the score above the agreed threshold.',
    parameters: {
      customFactKey: {
        type: 'string',
        default: 'outputQuality',
        description:
          'Key under which jobs push output quality results to the custom facts endpoint: a score, or `{ "score": 0.82, "measuredAt": "<ISO time>" }` (with `"max": 5` for scores on another scale).',
      },
      minimumScore: {
        type: 'number',
        default: 0.7,
        min: 0,
        max: 1,
        description:
          'Lowest pushed output quality score (on a 0–1 scale) that counts as good output quality.',
      },
      maxAgeDays: {
        type: 'number',
        default: 7,
        min: 1,
        description:
          'Age in days after which a pushed output quality result no longer shows the current quality.',
      },
    },
    evaluate: ctx =>
      pushedOutputQuality(ctx) ??
      observedOnly<MonitoringFacts>(
        ctx,
        FACT_SOURCES.monitoring,
        (monitoring, set) =>
          judgeSeries(
            ctx,
            set,
            'output quality',
            monitoring.series?.outputQuality ?? [],
            'guardrails',
          ),
        `${CONFIGURE_MONITORING}, or push results under \`${stringParam(
          ctx,
          'customFactKey',
        )}\` to the custom facts endpoint`,
      ),
  }),

  defineCheck({
    id: 'llm.prompt-versioning',
    title: 'Prompts are versioned',
    description:
      'Verifies that prompts and model settings live in versioned files the running service loads (Prompty, prompt flow templates, Jinja/YAML/text templates, LangChain prompt files, Semantic Kernel prompt folders) or in a prompt registry it pulls from (LangSmith, Langfuse, MLflow), not only as string literals in code.',
    dimension: 'llm-evaluation',
    level: 1,
    persona: 'data-scientist',
    flavors: LLM_FLAVORS,
    sources: ['repository'],
    remediation:
      'Keep prompts and their model settings in files the service loads at run time (a `.prompty` file, prompt flow templates, Jinja or YAML templates) or in a prompt registry (LangSmith, Langfuse, the MLflow prompt registry), so every prompt change is reviewed, versioned and evaluated like code.',
    evaluate: signalsRequired({
      kinds: 'prompt-template',
      lookingFor:
        'prompts kept in versioned files or a prompt registry that the running service loads (Prompty, prompt flow, Jinja/YAML/text templates, LangChain prompt files, LangSmith/Langfuse/MLflow prompts)',
      foundMessage: 'Prompts are versioned',
    }),
  }),
];
