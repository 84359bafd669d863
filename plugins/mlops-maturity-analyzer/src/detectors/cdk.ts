import { RepoFileSet } from '../RepoFileSet';
import { stripCLikeComments } from '../parsing/blocks';
import { stripPythonNoise } from '../parsing/python';
import { dirnameOf, extensionOf, joinRepoPath } from '../parsing/paths';
import { asMap, asNumber } from '../parsing/yaml';
import { isTestPath } from './python/pythonFiles';
import {
  emitTriggerRule,
  eventKindOf,
  rejectDisabledRule,
  Runner,
  runnerOfArn,
} from './eventRules';
import {
  callArguments,
  handlerModule,
  modelServingCall,
  platformAttributes,
} from './servingCode';
import { code, Findings, listForHumans } from './types';

/**
 * A CDK app file (Python or TypeScript) with construct references written one way,
 * `aws_sagemaker.CfnEndpoint`, whatever the import style.
 */
interface CdkSource {
  path: string;
  code: string;
}

/** `aws-cdk-lib/aws-events-targets`, `aws_cdk.aws_sagemaker_alpha`: the module `aws_events_targets`, `aws_sagemaker_alpha`. */
function moduleName(specifier: string): string | undefined {
  const last = specifier.split(/[/.]/).pop() ?? '';
  return /^aws[-_]/.test(last) && !/^aws[-_]cdk([-_]lib)?$/.test(last)
    ? last.replace(/-/g, '_')
    : undefined;
}

/** The CDK root module, whose members are reached as `cdk.aws_sagemaker`. */
const CDK_ROOT = /^(aws-cdk-lib|@aws-cdk\/core|aws_cdk)$/;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites imported names in code, leaving string literals (metric namespaces, ARNs) alone. */
function qualify(text: string, aliases: Map<string, string>): string {
  if (aliases.size === 0) {
    return text;
  }
  const names = [...aliases.keys()].sort((a, b) => b.length - a.length);
  // Keyword arguments and object keys (`targets=`, `targets:`) keep their names.
  const pattern = new RegExp(
    `(?<![\\w.])(${names
      .map(escapeRegExp)
      .join('|')})\\b(?!\\s*(=(?!=)|:(?!:)))`,
    'g',
  );
  const rewrite = (segment: string) =>
    segment
      .replace(pattern, name => aliases.get(name)!)
      .replace(/(?<![\w])\.(?=aws_)/g, '');
  return text
    .split(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`)/)
    .map((segment, i) => (i % 2 === 1 ? segment : rewrite(segment)))
    .join('');
}

/** Adds an import's names: a module alias maps to the module, a member to `module.Member`. */
function addImport(
  aliases: Map<string, string>,
  specifier: string,
  names: string[],
  namespaceAlias?: string,
) {
  const module = CDK_ROOT.test(specifier) ? '' : moduleName(specifier);
  if (module === undefined) {
    return;
  }
  if (namespaceAlias) {
    aliases.set(namespaceAlias, module);
  }
  for (const part of names) {
    const [name, alias] = part.trim().split(/\s+as\s+/);
    if (!name) {
      continue;
    }
    if (module) {
      aliases.set(alias ?? name, `${module}.${name}`);
    } else if (moduleName(name)) {
      aliases.set(alias ?? name, name);
    }
  }
}

function typescriptSource(path: string, text: string): CdkSource | undefined {
  if (!/from\s+['"](aws-cdk-lib|@aws-cdk\/)/.test(text)) {
    return undefined;
  }
  const body = stripCLikeComments(text);
  const aliases = new Map<string, string>();
  for (const m of body.matchAll(
    /import\s+\*\s+as\s+(\w+)\s+from\s+['"]([^'"]+)['"]/g,
  )) {
    addImport(aliases, m[2], [], m[1]);
  }
  for (const m of body.matchAll(
    /import\s*\{([^}]*)\}\s*from\s+['"]([^'"]+)['"]/g,
  )) {
    addImport(aliases, m[2], m[1].split(','));
  }
  return {
    path,
    code: qualify(body.replace(/^\s*import\b[^;]*;?/gm, ''), aliases),
  };
}

function pythonSource(path: string, text: string): CdkSource | undefined {
  if (!/^\s*(from|import)\s+aws_cdk\b/m.test(text)) {
    return undefined;
  }
  const body = stripPythonNoise(text);
  const aliases = new Map<string, string>();
  for (const m of body.matchAll(
    /^\s*from\s+([\w.]+)\s+import\s+(?:\(([^)]*)\)|([^\n]+))/gm,
  )) {
    addImport(aliases, m[1], (m[2] ?? m[3]).split(','));
  }
  for (const m of body.matchAll(/^\s*import\s+([\w.]+)\s+as\s+(\w+)/gm)) {
    addImport(aliases, m[1], [], m[2]);
  }
  const withoutImports = body.replace(
    /^\s*(from\s+[\w.]+\s+import\s+(\([^)]*\)|[^\n]+)|import\s+[^\n]+)/gm,
    '',
  );
  return {
    path,
    code: qualify(withoutImports, aliases).replace(/\baws_cdk\.(?=aws_)/g, ''),
  };
}

function cdkSources(files: RepoFileSet): CdkSource[] {
  return files.files
    .filter(f => !isTestPath(f.path) && !/\.d\.ts$|\.test\.ts$/.test(f.path))
    .map(f => {
      const ext = extensionOf(f.path);
      if (ext === 'py') {
        return pythonSource(f.path, f.text);
      }
      return ext === 'ts' ? typescriptSource(f.path, f.text) : undefined;
    })
    .filter((s): s is CdkSource => s !== undefined);
}

interface Call {
  /** `aws_sagemaker.CfnEndpoint` or the method name for method calls. */
  callee: string;
  args: string;
  /** The variable the result is assigned to. */
  variable: string | undefined;
  /** The construct id (the second argument, a string literal). */
  id: string | undefined;
  index: number;
}

function calls(source: CdkSource, callee: RegExp): Call[] {
  const pattern = new RegExp(`(?:\\bnew\\s+)?(${callee.source})\\s*\\(`, 'g');
  return [...source.code.matchAll(pattern)].map(match => {
    const open = match.index! + match[0].length - 1;
    const args = callArguments(source.code, open);
    const before = source.code.slice(
      source.code.lastIndexOf('\n', match.index!) + 1,
      match.index!,
    );
    const variable = before.match(
      /(?:(?:const|let|var)\s+|self\.|this\.)?(\w+)\s*(?::\s*[\w.<>]+\s*)?=\s*$/,
    )?.[1];
    return {
      callee: match[1],
      args,
      variable,
      id: args.match(/^\s*(?:self|this|scope)\s*,\s*["'`]([^"'`]+)["'`]/)?.[1],
      index: match.index!,
    };
  });
}

/** A property written `min_capacity=…` (Python) or `minCapacity: …` (TypeScript). */
function property(args: string, camelName: string): string | undefined {
  const snake = camelName.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
  const match = args.match(
    new RegExp(
      `(?<![\\w.])(?:${snake}\\s*=(?!=)|${camelName}\\s*:)\\s*("[^"]*"|'[^']*'|\`[^\`]*\`|[^,)\\n}]+)`,
    ),
  );
  return match?.[1].trim();
}

function literal(value: string | undefined): string | undefined {
  return value?.match(/^["'`](.*)["'`]$/)?.[1];
}

/** Where `Code.from_asset("lambda")` points: beside the file, in the CDK app or at the root. */
function assetDir(files: RepoFileSet, from: string, dir: string): string[] {
  const candidates = [dirnameOf(from)];
  for (let d = dirnameOf(from); d; d = dirnameOf(d)) {
    if (files.has(`${d}/cdk.json`)) {
      candidates.push(d);
    }
  }
  candidates.push('');
  return candidates
    .map(base => joinRepoPath(base, dir))
    .filter((p): p is string => p !== undefined);
}

/* --------------------------------------------------------------- serving */

interface Autoscaling {
  minReplicas: number | null;
  maxReplicas: number | null;
  via: string;
}

/** Autoscaling declared in the file for a namespace, when a policy drives it. */
/**
 * A bound read from the app's configuration: CDK apps pass values such as
 * `config.auto_scaling.max_capacity` from JSON stage files (`prod-config.json`) beside
 * `cdk.json`; the largest value any stage sets is what the service can reach.
 */
function configuredNumber(
  files: RepoFileSet,
  from: string,
  expression: string | undefined,
): { value: number; file: string } | undefined {
  const keys = expression?.split('.').slice(1) ?? [];
  if (keys.length === 0 || keys.some(k => !/^\w+$/.test(k))) {
    return undefined;
  }
  let app = dirnameOf(from);
  while (app && !files.has(`${app}/cdk.json`)) {
    app = dirnameOf(app);
  }
  const found = files
    .under(app)
    .filter(f => f.path.endsWith('.json') && !f.path.endsWith('cdk.json'))
    .map(f => {
      const value = keys.reduce<unknown>(
        (node, key) => asMap(node)[key],
        files.json(f.path),
      );
      return { value: asNumber(value), file: f.path };
    })
    .filter((c): c is { value: number; file: string } => c.value !== null);
  return found.sort((a, b) => b.value - a.value)[0];
}

/** L2 helpers that add Application Auto Scaling to a resource, by scaling namespace. */
const SCALING_HELPERS = new Map<string, RegExp>([
  ['sagemaker', /\.(auto_scale_instance_count|autoScaleInstanceCount)/],
  ['ecs', /\.(auto_scale_task_count|autoScaleTaskCount)/],
]);

function autoscaling(
  files: RepoFileSet,
  source: CdkSource,
  namespace: string,
): Autoscaling | null {
  const driven =
    /\bCfnScalingPolicy\s*\(|\.(scale_to_track_metric|scaleToTrackMetric|scale_on_metric|scaleOnMetric|scale_on_schedule|scaleOnSchedule|scale_on_utilization|scaleOnUtilization|scale_on_invocations|scaleOnInvocations|scale_on_cpu_utilization|scaleOnCpuUtilization|scale_on_memory_utilization|scaleOnMemoryUtilization|scale_on_request_count|scaleOnRequestCount)\s*\(/.test(
      source.code,
    );
  if (!driven) {
    return null;
  }
  const bounds = (args: string, via: string, defaultMin: number | null) => {
    const read = (name: string) => {
      const written = property(args, name);
      const configured =
        asNumber(written) === null
          ? configuredNumber(files, source.path, written)
          : undefined;
      return {
        value: asNumber(written) ?? configured?.value ?? null,
        configured,
      };
    };
    const min = read('minCapacity');
    const max = read('maxCapacity');
    const file = max.configured?.file ?? min.configured?.file;
    return {
      minReplicas: min.value ?? defaultMin,
      maxReplicas: max.value,
      via: file ? `${via}, bounds from ${file}` : via,
    };
  };
  const target = calls(
    source,
    /aws_applicationautoscaling\.(?:CfnScalableTarget|ScalableTarget)/,
  ).find(c =>
    new RegExp(
      `${namespace}:|ServiceNamespace\\.${namespace.toUpperCase()}`,
    ).test(c.args),
  );
  if (target) {
    return bounds(
      target.args,
      `Application Auto Scaling (${target.id ?? 'scalable target'})`,
      null,
    );
  }
  const method = SCALING_HELPERS.get(namespace);
  const helper = method && calls(source, method)[0];
  return helper
    ? bounds(helper.args, helper.callee.replace(/^\./, ''), 1)
    : null;
}

function describeAutoscaling(scaling: Autoscaling | null): string {
  return scaling
    ? `, autoscaled ${scaling.minReplicas ?? '?'}–${
        scaling.maxReplicas ?? '?'
      } instances by ${scaling.via}`
    : '';
}

function sageMakerEndpoints(
  files: RepoFileSet,
  source: CdkSource,
  findings: Findings,
) {
  const scaling = autoscaling(files, source, 'sagemaker');
  const endpoints = calls(
    source,
    /aws_sagemaker\.CfnEndpoint|aws_sagemaker_alpha\.Endpoint/,
  );
  for (const endpoint of endpoints) {
    const name = endpoint.id ?? endpoint.variable ?? 'endpoint';
    findings.signal(
      'serving',
      'sagemaker',
      source.path,
      `CDK app ${source.path} deploys SageMaker endpoint ${code(
        name,
      )}${describeAutoscaling(scaling)}`,
      platformAttributes('sagemaker-endpoint', 'cdk', {
        autoscaling: scaling,
        extra: { resources: [name] },
      }),
    );
    const routing = endpoint.args.match(
      /(?<![\w.])type\s*[=:]\s*["'](CANARY|LINEAR)["']/,
    )?.[1];
    const rolling = /rolling_?update_?policy/i.test(endpoint.args);
    if (routing || rolling) {
      const strategy = routing ? routing.toLowerCase() : 'rolling';
      findings.signal(
        'progressive-rollout',
        'sagemaker',
        source.path,
        `SageMaker endpoint ${code(name)} in ${
          source.path
        } shifts traffic to a new model with a ${strategy} update`,
        { name, strategy },
      );
    }
    if (/auto_?rollback_?configuration[\s\S]*alarm/i.test(endpoint.args)) {
      findings.signal(
        'rollback',
        'sagemaker',
        source.path,
        `SageMaker endpoint ${code(name)} in ${
          source.path
        } rolls back automatically when its CloudWatch alarms fire during a deployment`,
        { name, automatic: true },
      );
    }
  }
  if (
    endpoints.length === 0 &&
    scaling &&
    /sagemaker:variant/.test(source.code)
  ) {
    findings.signal(
      'serving',
      'sagemaker',
      source.path,
      `CDK app ${
        source.path
      } autoscales a SageMaker endpoint variant${describeAutoscaling(scaling)}`,
      platformAttributes('sagemaker-endpoint', 'cdk', { autoscaling: scaling }),
    );
  }
}

/** Lambda functions whose handler (in the asset directory) loads a model or calls an endpoint. */
function lambdaFunctions(
  files: RepoFileSet,
  source: CdkSource,
  findings: Findings,
) {
  for (const fn of calls(source, /aws_lambda\.Function/)) {
    const handler = literal(property(fn.args, 'handler'));
    const asset = fn.args.match(
      /(?:from_asset|fromAsset)\s*\(\s*["'`]([^"'`]+)["'`]/,
    )?.[1];
    if (!handler || !asset) {
      continue;
    }
    const module = assetDir(files, source.path, asset)
      .map(dir => handlerModule(files, dir, handler))
      .find(Boolean);
    const call = module && modelServingCall(files, module);
    if (module && call) {
      const name = fn.id ?? fn.variable ?? handler;
      findings.signal(
        'serving',
        'aws-lambda',
        source.path,
        `CDK app ${source.path} deploys AWS Lambda function ${code(
          name,
        )}, which serves the model (${module} calls ${code(call)})`,
        platformAttributes('aws-lambda', 'cdk', {
          extra: { resources: [name], handler },
        }),
      );
    }
  }
}

function ecsServices(
  files: RepoFileSet,
  source: CdkSource,
  findings: Findings,
) {
  const scaling = autoscaling(files, source, 'ecs');
  for (const service of calls(
    source,
    /aws_ecs_patterns\.\w+(?:Fargate|Ec2)Service|aws_ecs\.(?:FargateService|Ec2Service)/,
  )) {
    const name = service.id ?? service.variable ?? 'service';
    findings.signal(
      'serving',
      'aws-ecs',
      source.path,
      `CDK app ${source.path} runs ECS service ${code(
        name,
      )}${describeAutoscaling(scaling)}`,
      platformAttributes('aws-ecs', 'cdk', {
        autoscaling: scaling,
        extra: { resources: [name] },
      }),
    );
    if (
      /circuit_?breaker[\s\S]*rollback\s*[=:]\s*(True|true)/i.test(service.args)
    ) {
      findings.signal(
        'rollback',
        'aws-ecs',
        source.path,
        `ECS service ${code(name)} in ${
          source.path
        } rolls a failed deployment back (deployment circuit breaker with rollback)`,
        { name, automatic: true },
      );
    }
  }
}

function codeDeployGroups(source: CdkSource, findings: Findings) {
  for (const group of calls(
    source,
    /aws_codedeploy\.(?:LambdaDeploymentGroup|EcsDeploymentGroup)/,
  )) {
    const name = group.id ?? group.variable ?? 'deployment group';
    const config = group.args.match(
      /(?:Lambda|Ecs)DeploymentConfig\.((CANARY|LINEAR)_\w+)/,
    );
    if (config) {
      findings.signal(
        'progressive-rollout',
        'codedeploy',
        source.path,
        `CodeDeploy deployment group ${code(name)} in ${
          source.path
        } shifts traffic with ${code(config[1])}`,
        {
          name,
          strategy: config[2].toLowerCase(),
          deploymentType: config[1],
        },
      );
    }
    if (/(?<![\w.])alarms\s*[=:]|auto_?rollback/i.test(group.args)) {
      findings.signal(
        'rollback',
        'codedeploy',
        source.path,
        `CodeDeploy deployment group ${code(name)} in ${
          source.path
        } rolls back automatically when its alarms fire or the deployment fails`,
        { name, automatic: true },
      );
    }
  }
}

/* ------------------------------------------------------------- schedules */

const TARGETS: Array<[RegExp, string, boolean]> = [
  [/SfnStateMachine\s*\(/, 'step-functions', true],
  [/CodePipeline\s*\(/, 'codepipeline', true],
  [/CodeBuildProject\s*\(/, 'codebuild', true],
  [/SageMakerPipeline\s*\(/, 'sagemaker-pipeline', true],
  [/BatchJob\s*\(/, 'aws-batch', true],
  [/LambdaFunction\s*\(/, 'lambda', false],
  [
    /SnsTopic\s*\(|SqsQueue\s*\(|CloudWatchLogGroup\s*\(/,
    'notification',
    false,
  ],
];

function runnerOf(source: CdkSource, target: string): Runner {
  const call = target.match(/(\w+)\s*\(\s*(?:\w+\s*[=:]\s*)?([\w.]+)?/);
  const name = call
    ? `${call[1]}(${call[2] ?? ''})`
    : target.trim().slice(0, 40);
  const known = TARGETS.find(([pattern]) => pattern.test(target));
  const runner: Runner = known
    ? { kind: known[1], name, startsWork: known[2], activities: [] }
    : runnerOfArn(name, target);
  // A workflow of this app that trains a model.
  const trains =
    /aws_stepfunctions_tasks\.SageMakerCreateTrainingJob\s*\(/.test(
      source.code,
    );
  return {
    ...runner,
    activities: runner.kind === 'step-functions' && trains ? ['train'] : [],
  };
}

/** Targets of a rule: its `targets` argument, `add_target` calls and helpers it is passed to. */
function ruleTargets(source: CdkSource, rule: Call): string[] {
  const targets: string[] = [];
  const list = rule.args.match(/(?<![\w.])targets\s*[=:]\s*\[([\s\S]*)\]/);
  if (list) {
    targets.push(list[1]);
  }
  if (rule.variable) {
    const variable = escapeRegExp(rule.variable);
    for (const call of calls(
      source,
      new RegExp(`${variable}\\.(?:add_target|addTarget)`),
    )) {
      targets.push(call.args);
    }
    for (const call of calls(source, /[\w.]+/).filter(
      c =>
        c.index > rule.index &&
        new RegExp(
          `^\\s*(?:self\\.|this\\.)?${variable}\\s*[,)]|^\\s*(?:self\\.|this\\.)?${variable}\\s*$`,
        ).test(c.args),
    )) {
      targets.push(`${call.callee}(${call.args})`);
    }
  }
  return targets;
}

/** EventBridge rules of the app that start work on a schedule or an event. */
function eventRules(source: CdkSource, findings: Findings) {
  const candidates = [
    ...calls(source, /aws_events\.Rule/),
    ...calls(
      source,
      /[\w.]*\.(?:on_state_change|onStateChange|on_event|onEvent)/,
    ),
  ];
  for (const rule of candidates) {
    const schedule = /Schedule\.(expression|cron|rate)\s*\(/.exec(rule.args);
    const scheduleArgs = schedule
      ? callArguments(rule.args, schedule.index + schedule[0].length - 1).trim()
      : undefined;
    const expression = schedule
      ? literal(scheduleArgs) ?? `${schedule[1]}(${scheduleArgs})`
      : undefined;
    const event = expression ? undefined : eventKindOf(rule.args);
    if (!expression && !event) {
      continue;
    }
    const name =
      rule.id ??
      literal(property(rule.args, 'ruleName')) ??
      rule.variable ??
      'rule';
    const trigger = {
      tool: 'eventbridge',
      path: source.path,
      subject: `EventBridge rule ${code(name)} in CDK app ${source.path}`,
      name,
      expression,
      event,
    };
    if (/^(False|false)$/.test(property(rule.args, 'enabled') ?? '')) {
      rejectDisabledRule(findings, trigger, 'enabled: false');
      continue;
    }
    emitTriggerRule(findings, {
      ...trigger,
      runners: ruleTargets(source, rule).map(t => runnerOf(source, t)),
      description: `${name} ${
        literal(property(rule.args, 'description')) ?? ''
      } ${scheduleArgs ?? ''}`,
    });
  }
}

/* ------------------------------------------------------------ monitoring */

const MONITORS: Array<[RegExp, string]> = [
  [/CfnDataQualityJobDefinition/, 'data quality'],
  [/CfnModelQualityJobDefinition/, 'model quality'],
  [/CfnModelBiasJobDefinition/, 'model bias'],
  [/CfnModelExplainabilityJobDefinition/, 'feature attribution'],
];

function modelMonitor(source: CdkSource, findings: Findings) {
  const monitors = MONITORS.filter(([pattern]) =>
    pattern.test(source.code),
  ).map(([, what]) => what);
  for (const schedule of calls(
    source,
    /aws_sagemaker\.CfnMonitoringSchedule/,
  )) {
    const name = schedule.id ?? schedule.variable ?? 'monitoring schedule';
    const expression = literal(property(schedule.args, 'scheduleExpression'));
    findings.signal(
      'drift-monitoring',
      'sagemaker-model-monitor',
      source.path,
      `SageMaker Model Monitor schedule ${code(name)} in CDK app ${
        source.path
      } checks ${listForHumans(
        monitors.length ? monitors : ['data quality'],
      )} of the endpoint's traffic against a baseline${
        expression ? ` on ${code(expression)}` : ''
      }`,
      {
        name,
        monitors: monitors.length ? monitors : ['data quality'],
        schedule: expression ?? null,
      },
    );
  }
}

const SERVICE_METRIC =
  /aws\/sagemaker|AWS\/SageMaker|AWS\/Lambda|AWS\/ApiGateway|AWS\/ECS|\.metric_?(invocations|errors|model_?latency|Invocations|Errors|ModelLatency)|\.metric(Invocations|Errors|ModelLatency)/i;

function alarms(source: CdkSource, findings: Findings) {
  const found = calls(source, /aws_cloudwatch\.(?:CfnAlarm|Alarm)/).map(
    alarm => ({
      name:
        literal(property(alarm.args, 'alarmName')) ??
        alarm.id ??
        alarm.variable ??
        'alarm',
      metric: literal(property(alarm.args, 'metricName')) ?? '',
      namespace: literal(property(alarm.args, 'namespace')) ?? '',
      service: SERVICE_METRIC.test(alarm.args),
    }),
  );
  if (found.length === 0) {
    return;
  }
  findings.signal(
    'alert-rules',
    'cloudwatch',
    source.path,
    `CDK app ${source.path} defines CloudWatch alarms ${listForHumans(
      found.map(a => code(a.name)),
    )}`,
    {
      alerts: found.map(a => ({
        name: a.name,
        expr: [a.namespace, a.metric].filter(Boolean).join(' '),
      })),
    },
  );
  const watched = found.filter(a => a.service);
  if (watched.length > 0) {
    findings.signal(
      'monitoring-config',
      'cloudwatch',
      source.path,
      `CloudWatch alarms ${listForHumans(
        watched.map(a => code(a.name)),
      )} in CDK app ${
        source.path
      } watch the service's endpoint or function metrics`,
      { metrics: watched.map(a => `${a.namespace}/${a.metric}`) },
    );
  }
}

/**
 * AWS CDK apps in Python and TypeScript: the constructs that deploy, scale, roll out and
 * monitor the model, and rules that start its pipelines.
 */
export function detectCdk(files: RepoFileSet, findings: Findings) {
  for (const source of cdkSources(files)) {
    sageMakerEndpoints(files, source, findings);
    lambdaFunctions(files, source, findings);
    ecsServices(files, source, findings);
    codeDeployGroups(source, findings);
    eventRules(source, findings);
    modelMonitor(source, findings);
    alarms(source, findings);
  }
}
