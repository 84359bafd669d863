import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { dirnameOf, extensionOf } from '../parsing/paths';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  isMap,
  YamlMap,
} from '../parsing/yaml';
import {
  emitTriggerRule,
  eventKindOf,
  rejectDisabledRule,
  Runner,
  runnerOfArn,
} from './eventRules';
import {
  handlerModule,
  modelServingCall,
  platformAttributes,
} from './servingCode';
import { code, Findings, listForHumans } from './types';

interface Resource {
  id: string;
  type: string;
  properties: YamlMap;
}

/**
 * One CloudFormation or SAM template. Intrinsic functions are read as the YAML parser
 * leaves them (`!Ref X` is `X`, `!GetAtt X.Arn` is `X.Arn`, `!Sub` keeps its `${X}`) or in
 * their JSON form (`{ "Ref": "X" }`).
 */
class Template {
  readonly resources: Resource[];
  private readonly parameters: YamlMap;
  private readonly byId: Map<string, Resource>;

  constructor(readonly path: string, readonly doc: YamlMap) {
    const globals = asMap(asMap(doc.Globals).Function);
    this.resources = Object.entries(asMap(doc.Resources)).map(([id, r]) => {
      const type = asString(asMap(r).Type) ?? '';
      const properties = asMap(asMap(r).Properties);
      return {
        id,
        type,
        properties:
          type === 'AWS::Serverless::Function'
            ? { ...globals, ...properties }
            : properties,
      };
    });
    this.parameters = asMap(doc.Parameters);
    this.byId = new Map(this.resources.map(r => [r.id, r]));
  }

  get serverless(): boolean {
    return /AWS::Serverless/.test(JSON.stringify(this.doc.Transform ?? ''));
  }

  ofType(...types: string[]): Resource[] {
    return this.resources.filter(r => types.includes(r.type));
  }

  resource(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /** The name of the parameter a value refers to, if it is a `Ref` to one. */
  parameterOf(value: unknown): string | undefined {
    const name = typeof value === 'string' ? value : asString(asMap(value).Ref);
    return name !== undefined && isMap(this.parameters[name])
      ? name
      : undefined;
  }

  /** A literal value, or the default of the parameter it refers to. */
  scalar(value: unknown): string | undefined {
    const parameter = this.parameterOf(value);
    if (parameter) {
      return asString(asMap(this.parameters[parameter]).Default);
    }
    return isMap(value) || Array.isArray(value) ? undefined : asString(value);
  }

  number(value: unknown): number | null {
    return asNumber(this.scalar(value));
  }

  /** Resources of this template a value refers to (Ref, GetAtt, Sub). */
  references(value: unknown): Resource[] {
    const found = new Map<string, Resource>();
    const visit = (item: unknown) => {
      if (typeof item === 'string') {
        const names = [
          item.split('.')[0],
          ...[...item.matchAll(/\$\{([\w]+)(?:\.[\w.]+)?\}/g)].map(m => m[1]),
        ];
        for (const name of names) {
          const resource = this.byId.get(name);
          if (resource) {
            found.set(name, resource);
          }
        }
      } else if (Array.isArray(item)) {
        item.forEach(visit);
      } else if (isMap(item)) {
        Object.values(item).forEach(visit);
      }
    };
    visit(value);
    return [...found.values()];
  }

  /** Every string a value holds, for ARNs assembled with `!Sub`. */
  text(value: unknown): string {
    return JSON.stringify(value ?? '');
  }
}

function loadTemplates(files: RepoFileSet): Template[] {
  const templates: Template[] = [];
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    if (
      !['yml', 'yaml', 'json', 'template'].includes(ext) ||
      !/AWS::|AWSTemplateFormatVersion/.test(file.text)
    ) {
      continue;
    }
    const doc = asMap(files.structured(file.path));
    const template = new Template(file.path, doc);
    if (
      template.resources.some(r => /^AWS::/.test(r.type)) ||
      doc.AWSTemplateFormatVersion !== undefined
    ) {
      templates.push(template);
    }
  }
  return templates;
}

function iacSignal(template: Template, findings: Findings) {
  const tool = template.serverless ? 'sam' : 'cloudformation';
  const types = [...new Set(template.resources.map(r => r.type))];
  const count = template.resources.length;
  findings.signal(
    'iac',
    tool,
    template.path,
    `${template.serverless ? 'SAM' : 'CloudFormation'} template ${
      template.path
    } declares ${count} resource${count === 1 ? '' : 's'}${
      types.length ? ` (${listForHumans(types.map(code), 4)})` : ''
    }`,
    { resourceTypes: types, resources: count },
  );
}

/* ----------------------------------------------------------- autoscaling */

interface Scaling {
  namespace: string;
  min: number | null;
  max: number | null;
  target: string;
}

/**
 * Application Auto Scaling targets that a scaling policy or scheduled action drives; a
 * target on its own only fixes the bounds.
 */
function scalingTargets(template: Template): Scaling[] {
  const policies = template.ofType(
    'AWS::ApplicationAutoScaling::ScalingPolicy',
  );
  return template
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter(
      target =>
        asArray(target.properties.ScheduledActions).length > 0 ||
        policies.some(
          policy =>
            template
              .references(policy.properties.ScalingTargetId)
              .includes(target) ||
            (template.text(policy.properties.ResourceId) ===
              template.text(target.properties.ResourceId) &&
              policy.properties.ScalableDimension ===
                target.properties.ScalableDimension),
        ),
    )
    .map(target => ({
      namespace:
        template.scalar(target.properties.ServiceNamespace)?.toLowerCase() ??
        '',
      min: template.number(target.properties.MinCapacity),
      max: template.number(target.properties.MaxCapacity),
      target: target.id,
    }));
}

function autoscalingOf(scalings: Scaling[], namespace: string) {
  const scaling = scalings.find(s => s.namespace === namespace);
  return scaling
    ? {
        minReplicas: scaling.min,
        maxReplicas: scaling.max,
        via: `Application Auto Scaling target ${scaling.target}`,
      }
    : null;
}

function describeScaling(
  autoscaling: ReturnType<typeof autoscalingOf>,
): string {
  return autoscaling
    ? `, autoscaled ${autoscaling.minReplicas ?? '?'}–${
        autoscaling.maxReplicas ?? '?'
      } instances by ${autoscaling.via}`
    : '';
}

/* --------------------------------------------------------------- serving */

function sageMakerEndpoints(
  template: Template,
  scalings: Scaling[],
  tool: string,
  findings: Findings,
) {
  const endpoints = template.ofType('AWS::SageMaker::Endpoint');
  const autoscaling = autoscalingOf(scalings, 'sagemaker');
  for (const endpoint of endpoints) {
    const config = template
      .references(endpoint.properties.EndpointConfigName)
      .find(r => r.type === 'AWS::SageMaker::EndpointConfig');
    const variants = asArray(config?.properties.ProductionVariants).map(asMap);
    const serverless = variants.some(v => isMap(v.ServerlessConfig));
    findings.signal(
      'serving',
      'sagemaker',
      template.path,
      `${template.path} deploys SageMaker endpoint ${code(endpoint.id)}${
        config
          ? ` with endpoint config ${code(config.id)} (${variants.length} ${
              serverless ? 'serverless ' : ''
            }production variant${variants.length === 1 ? '' : 's'})`
          : ''
      }${describeScaling(autoscaling)}`,
      platformAttributes('sagemaker-endpoint', tool, {
        autoscaling,
        extra: { resources: [endpoint.id, ...(config ? [config.id] : [])] },
      }),
    );
    endpointDeploymentConfig(template, endpoint, findings);
    if (variants.length > 1) {
      const weights = variants.map(v =>
        template.number(v.InitialVariantWeight),
      );
      findings.signal(
        'progressive-rollout',
        'sagemaker',
        template.path,
        `SageMaker endpoint ${code(endpoint.id)} in ${
          template.path
        } splits traffic between ${
          variants.length
        } production variants (weights ${weights
          .map(w => w ?? '?')
          .join(', ')})`,
        { name: endpoint.id, strategy: 'traffic-split' },
      );
    }
  }
  if (endpoints.length === 0 && autoscaling) {
    findings.signal(
      'serving',
      'sagemaker',
      template.path,
      `${
        template.path
      } autoscales a SageMaker endpoint variant${describeScaling(autoscaling)}`,
      platformAttributes('sagemaker-endpoint', tool, { autoscaling }),
    );
  }
}

/**
 * SageMaker shifts traffic to a new fleet all at once by default; a canary or linear
 * blue/green policy or a rolling policy shifts it step by step, and alarms in
 * `AutoRollbackConfiguration` roll it back.
 */
function endpointDeploymentConfig(
  template: Template,
  endpoint: Resource,
  findings: Findings,
) {
  const config = asMap(endpoint.properties.DeploymentConfig);
  const routing = template.scalar(
    asMap(asMap(config.BlueGreenUpdatePolicy).TrafficRoutingConfiguration).Type,
  );
  let strategy: string | undefined;
  if (routing === 'CANARY' || routing === 'LINEAR') {
    strategy = routing.toLowerCase();
  } else if (isMap(config.RollingUpdatePolicy)) {
    strategy = 'rolling';
  }
  if (strategy) {
    findings.signal(
      'progressive-rollout',
      'sagemaker',
      template.path,
      `SageMaker endpoint ${code(endpoint.id)} in ${
        template.path
      } shifts traffic to a new model with a ${strategy} ${
        strategy === 'rolling' ? 'update' : 'blue/green update'
      }`,
      { name: endpoint.id, strategy },
    );
  }
  const rollbackAlarms = asArray(
    asMap(config.AutoRollbackConfiguration).Alarms,
  );
  if (rollbackAlarms.length > 0) {
    findings.signal(
      'rollback',
      'sagemaker',
      template.path,
      `SageMaker endpoint ${code(endpoint.id)} in ${
        template.path
      } rolls back automatically when ${
        rollbackAlarms.length
      } CloudWatch alarm${
        rollbackAlarms.length === 1 ? '' : 's'
      } fire during a deployment`,
      { name: endpoint.id, automatic: true },
    );
  }
}

/** The repository file of a function's handler (SAM `CodeUri` + `Handler`). */
function functionModule(
  files: RepoFileSet,
  template: Template,
  fn: Resource,
): string | undefined {
  const handler = template.scalar(fn.properties.Handler);
  const codeUri = template.scalar(fn.properties.CodeUri);
  if (!handler || !codeUri || /^s3:\/\//.test(codeUri)) {
    return undefined;
  }
  const dir = dirnameOf(template.path);
  return handlerModule(files, dir ? `${dir}/${codeUri}` : codeUri, handler);
}

/** A Lambda function serves the model when its handler loads one or calls a model endpoint. */
function lambdaFunctions(
  files: RepoFileSet,
  template: Template,
  scalings: Scaling[],
  tool: string,
  findings: Findings,
) {
  const autoscaling = autoscalingOf(scalings, 'lambda');
  for (const fn of template.ofType(
    'AWS::Serverless::Function',
    'AWS::Lambda::Function',
  )) {
    const handler = template.scalar(fn.properties.Handler);
    const inline = asString(asMap(fn.properties.Code).ZipFile);
    const module = functionModule(files, template, fn);
    const call = inline
      ? inline.match(
          /\.invoke_endpoint\s*\(|\b(joblib|pickle|torch)\.load\s*\(/,
        )?.[0]
      : module && modelServingCall(files, module);
    const takesTraffic = Object.values(asMap(fn.properties.Events)).some(e =>
      /^(Api|HttpApi)$/.test(asString(asMap(e).Type) ?? ''),
    );
    if (call) {
      findings.signal(
        'serving',
        'aws-lambda',
        template.path,
        `${template.path} deploys AWS Lambda function ${code(
          fn.id,
        )}, which serves the model (${module ?? 'its inline code'} calls ${code(
          call.replace(/\s*\($/, ''),
        )})${takesTraffic ? ' behind an API' : ''}${describeScaling(
          autoscaling,
        )}`,
        platformAttributes('aws-lambda', tool, {
          autoscaling,
          extra: { resources: [fn.id], handler: handler ?? null },
        }),
      );
    }
    if (call || takesTraffic) {
      deploymentPreference(template, fn, findings);
    }
  }
}

/** SAM deployment types start with the shift: `Canary10Percent5Minutes`. */
function samShiftingStrategy(type: string): 'canary' | 'linear' | undefined {
  if (/^Canary/i.test(type)) {
    return 'canary';
  }
  if (/^Linear/i.test(type)) {
    return 'linear';
  }
  return undefined;
}

/** Deployment config names carry a prefix: `CodeDeployDefault.LambdaCanary10Percent5Minutes`. */
function groupShiftingStrategy(
  config: string,
): 'canary' | 'linear' | undefined {
  if (/Canary/i.test(config)) {
    return 'canary';
  }
  if (/Linear/i.test(config)) {
    return 'linear';
  }
  return undefined;
}

/** SAM's gradual Lambda deployments through CodeDeploy. */
function deploymentPreference(
  template: Template,
  fn: Resource,
  findings: Findings,
) {
  const preference = asMap(fn.properties.DeploymentPreference);
  const type = template.scalar(preference.Type);
  if (!type || template.scalar(preference.Enabled) === 'false') {
    return;
  }
  const strategy = samShiftingStrategy(type);
  if (strategy) {
    findings.signal(
      'progressive-rollout',
      'codedeploy',
      template.path,
      `Lambda function ${code(fn.id)} in ${
        template.path
      } is deployed gradually by CodeDeploy (${code(type)})`,
      { name: fn.id, strategy, deploymentType: type },
    );
  }
  const rollbackAlarms = asArray(preference.Alarms);
  const hooks = Object.keys(asMap(preference.Hooks));
  if (rollbackAlarms.length > 0 || hooks.length > 0) {
    findings.signal(
      'rollback',
      'codedeploy',
      template.path,
      `CodeDeploy rolls Lambda function ${code(fn.id)} in ${
        template.path
      } back automatically when ${[
        rollbackAlarms.length > 0 &&
          (rollbackAlarms.length === 1
            ? 'its CloudWatch alarm fires'
            : `one of its ${rollbackAlarms.length} CloudWatch alarms fires`),
        hooks.length > 0 && `a ${hooks.join('/')} validation hook fails`,
      ]
        .filter(Boolean)
        .join(' or ')}`,
      {
        name: fn.id,
        automatic: true,
        alarms: rollbackAlarms.length,
        hooks,
      },
    );
  }
}

/** CodeDeploy deployment groups configured outside SAM (Lambda and ECS canaries, auto-rollback). */
function codeDeployGroups(template: Template, findings: Findings) {
  for (const group of template.ofType('AWS::CodeDeploy::DeploymentGroup')) {
    const config = template.scalar(group.properties.DeploymentConfigName) ?? '';
    const strategy = groupShiftingStrategy(config);
    if (strategy) {
      findings.signal(
        'progressive-rollout',
        'codedeploy',
        template.path,
        `CodeDeploy deployment group ${code(group.id)} in ${
          template.path
        } shifts traffic with ${code(config)}`,
        { name: group.id, strategy, deploymentType: config },
      );
    }
    const rollback = asMap(group.properties.AutoRollbackConfiguration);
    if (template.scalar(rollback.Enabled) === 'true') {
      findings.signal(
        'rollback',
        'codedeploy',
        template.path,
        `CodeDeploy deployment group ${code(group.id)} in ${
          template.path
        } rolls back automatically on ${listForHumans(
          asArray(rollback.Events).map(e => code(String(e))),
        )}`,
        { name: group.id, automatic: true },
      );
    }
  }
}

/** ECS services run and replace the service's containers; the circuit breaker rolls back failed deployments. */
function ecsServices(
  template: Template,
  scalings: Scaling[],
  tool: string,
  findings: Findings,
) {
  const autoscaling = autoscalingOf(scalings, 'ecs');
  for (const service of template.ofType('AWS::ECS::Service')) {
    findings.signal(
      'serving',
      'aws-ecs',
      template.path,
      `${template.path} runs ECS service ${code(service.id)}${describeScaling(
        autoscaling,
      )}`,
      platformAttributes('aws-ecs', tool, {
        autoscaling,
        extra: { resources: [service.id] },
      }),
    );
    const breaker = asMap(
      asMap(service.properties.DeploymentConfiguration)
        .DeploymentCircuitBreaker,
    );
    if (
      template.scalar(breaker.Enable) === 'true' &&
      template.scalar(breaker.Rollback) === 'true'
    ) {
      findings.signal(
        'rollback',
        'aws-ecs',
        template.path,
        `ECS service ${code(service.id)} in ${
          template.path
        } rolls a failed deployment back (deployment circuit breaker with rollback)`,
        { name: service.id, automatic: true },
      );
    }
  }
}

/* ------------------------------------------------------------- schedules */

/** What a rule's target starts and, when the template shows it, what that does. */
function targetRunner(
  files: RepoFileSet,
  template: Template,
  target: YamlMap,
): Runner {
  const referenced = template.references(target.Arn)[0];
  const arn = template.text(target.Arn);
  if (isMap(target.SageMakerPipelineParameters)) {
    return runnerOfArn(referenced?.id ?? 'a SageMaker pipeline', ':pipeline/');
  }
  if (!referenced) {
    return runnerOfArn(arn.replace(/^"|"$/g, ''), arn);
  }
  const runner = (kind: string, activities: CiActivity[] = []): Runner => ({
    kind,
    name: referenced.id,
    startsWork: true,
    activities,
  });
  switch (referenced.type) {
    case 'AWS::CodePipeline::Pipeline':
      return runner('codepipeline', codePipelineActivities(referenced));
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      return runner(
        'step-functions',
        stateMachineActivities(template, referenced),
      );
    case 'AWS::SageMaker::Pipeline':
      return runner('sagemaker-pipeline');
    case 'AWS::CodeBuild::Project':
      return runner('codebuild');
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return lambdaRunner(files, template, referenced);
    default:
      return runnerOfArn(referenced.id, `${referenced.type} ${arn}`);
  }
}

function codePipelineActivities(pipeline: Resource): CiActivity[] {
  const activities = new Set<CiActivity>();
  for (const stage of asArray(pipeline.properties.Stages).map(asMap)) {
    for (const action of asArray(stage.Actions).map(asMap)) {
      const names = `${asString(stage.Name) ?? ''} ${
        asString(action.Name) ?? ''
      }`;
      const category = asString(asMap(action.ActionTypeId).Category) ?? '';
      if (/train/i.test(names)) {
        activities.add('train');
      }
      if (category === 'Deploy' || /deploy/i.test(names)) {
        activities.add('deploy');
      }
    }
  }
  return [...activities];
}

function stateMachineActivities(
  template: Template,
  machine: Resource,
): CiActivity[] {
  const definition = template.text(
    machine.properties.Definition ?? machine.properties.DefinitionString,
  );
  return [
    ...(/sagemaker:createTrainingJob|sagemaker:startPipelineExecution/i.test(
      definition,
    )
      ? (['train'] as CiActivity[])
      : []),
    ...(/sagemaker:(createEndpoint|updateEndpoint)/i.test(definition)
      ? (['deploy'] as CiActivity[])
      : []),
  ];
}

/** A Lambda target starts work when its code starts a pipeline, a workflow or a training job. */
function lambdaRunner(
  files: RepoFileSet,
  template: Template,
  fn: Resource,
): Runner {
  const module = functionModule(files, template, fn);
  const source =
    asString(asMap(fn.properties.Code).ZipFile) ??
    (module ? files.python(module)?.code : undefined) ??
    '';
  const trains = /\.create_training_job\s*\(/.test(source);
  return {
    kind: 'lambda',
    name: fn.id,
    startsWork:
      trains ||
      /\.start_pipeline_execution\s*\(|\.start_execution\s*\(/.test(source),
    activities: trains ? ['train'] : [],
  };
}

/**
 * EventBridge rules and EventBridge Scheduler schedules that start work on a schedule or
 * on an event (an alarm, new data, an approved model package). A disabled one, or one whose
 * targets only notify, is rejected.
 */
function eventRules(
  files: RepoFileSet,
  template: Template,
  findings: Findings,
) {
  for (const rule of template.ofType(
    'AWS::Events::Rule',
    'AWS::Scheduler::Schedule',
  )) {
    const expression = template.scalar(rule.properties.ScheduleExpression);
    const event = expression
      ? undefined
      : eventKindOf(template.text(rule.properties.EventPattern));
    if (!expression && !event) {
      continue;
    }
    const scheduler = rule.type === 'AWS::Scheduler::Schedule';
    const trigger = {
      tool: scheduler ? 'eventbridge-scheduler' : 'eventbridge',
      path: template.path,
      subject: `${
        scheduler ? 'EventBridge Scheduler schedule' : 'EventBridge rule'
      } ${code(rule.id)} in ${template.path}`,
      name: rule.id,
      expression,
      event,
    };
    if (template.scalar(rule.properties.State) === 'DISABLED') {
      const parameter = template.parameterOf(rule.properties.State);
      rejectDisabledRule(
        findings,
        trigger,
        parameter
          ? `its State defaults to DISABLED through parameter ${code(
              parameter,
            )}`
          : 'State: DISABLED',
      );
      continue;
    }
    emitTriggerRule(findings, {
      ...trigger,
      runners: asArray(rule.properties.Targets ?? rule.properties.Target)
        .map(asMap)
        .map(target => targetRunner(files, template, target)),
      description: `${rule.id} ${template.text(rule.properties.Name)} ${
        template.scalar(rule.properties.Description) ?? ''
      }`,
    });
  }
}

/* ------------------------------------------------------------ monitoring */

const MONITOR_TYPES: Record<string, string> = {
  'AWS::SageMaker::DataQualityJobDefinition': 'data quality',
  'AWS::SageMaker::ModelQualityJobDefinition': 'model quality',
  'AWS::SageMaker::ModelBiasJobDefinition': 'model bias',
  'AWS::SageMaker::ModelExplainabilityJobDefinition': 'feature attribution',
};

/** SageMaker Model Monitor: schedules compare captured traffic with a baseline. */
function modelMonitor(template: Template, findings: Findings) {
  const schedules = template.ofType('AWS::SageMaker::MonitoringSchedule');
  for (const schedule of schedules) {
    const config = asMap(schedule.properties.MonitoringScheduleConfig);
    const definitions = template
      .references(config.MonitoringJobDefinitionName)
      .filter(r => MONITOR_TYPES[r.type]);
    const monitors = definitions.length
      ? definitions.map(d => MONITOR_TYPES[d.type])
      : [
          asString(config.MonitoringType)
            ?.replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase() ?? 'data quality',
        ];
    const expression = template.scalar(
      asMap(config.ScheduleConfig).ScheduleExpression,
    );
    findings.signal(
      'drift-monitoring',
      'sagemaker-model-monitor',
      template.path,
      `SageMaker Model Monitor schedule ${code(schedule.id)} in ${
        template.path
      } checks ${listForHumans(
        monitors,
      )} of the endpoint's traffic against a baseline${
        expression ? ` on ${code(expression)}` : ''
      }`,
      { name: schedule.id, monitors, schedule: expression ?? null },
    );
  }
  const unscheduled = template.resources
    .filter(r => MONITOR_TYPES[r.type])
    .filter(
      definition =>
        !schedules.some(s =>
          template
            .references(
              asMap(s.properties.MonitoringScheduleConfig)
                .MonitoringJobDefinitionName,
            )
            .includes(definition),
        ),
    );
  if (schedules.length === 0 && unscheduled.length > 0) {
    findings.reject(
      'drift-monitoring',
      'sagemaker-model-monitor',
      template.path,
      `${template.path} defines Model Monitor job definition${
        unscheduled.length === 1 ? '' : 's'
      } ${listForHumans(
        unscheduled.map(d => code(d.id)),
      )} but no MonitoringSchedule runs ${
        unscheduled.length === 1 ? 'it' : 'them'
      }`,
    );
  }
}

/** Namespaces of the metrics of what serves the model (endpoints, functions, APIs, containers). */
const SERVICE_NAMESPACE =
  /^(AWS\/SageMaker|aws\/sagemaker\/|\/aws\/sagemaker\/|AWS\/Lambda|AWS\/ApiGateway|AWS\/ECS|AWS\/ApplicationELB)/i;

function alarms(template: Template, findings: Findings) {
  const all = template.ofType('AWS::CloudWatch::Alarm').map(alarm => {
    const p = alarm.properties;
    const metric = template.scalar(p.MetricName) ?? '';
    const namespace = template.scalar(p.Namespace) ?? '';
    const name = template.scalar(p.AlarmName) ?? alarm.id;
    const operator = template.scalar(p.ComparisonOperator) ?? '';
    const threshold = template.scalar(p.Threshold) ?? '';
    return {
      alarm,
      name,
      metric,
      namespace,
      expr: [namespace, metric, operator, threshold].filter(Boolean).join(' '),
    };
  });
  if (all.length === 0) {
    return;
  }
  findings.signal(
    'alert-rules',
    'cloudwatch',
    template.path,
    `${template.path} defines CloudWatch alarms ${listForHumans(
      all.map(a => code(a.name)),
    )}`,
    { alerts: all.map(a => ({ name: a.name, expr: a.expr })) },
  );
  const watched = all.filter(a => SERVICE_NAMESPACE.test(a.namespace));
  if (watched.length > 0) {
    findings.signal(
      'monitoring-config',
      'cloudwatch',
      template.path,
      `CloudWatch alarms in ${
        template.path
      } watch the service's metrics ${listForHumans(
        watched.map(a => `${code(a.metric)} (${a.namespace})`),
      )}`,
      {
        metrics: watched.map(a => `${a.namespace}/${a.metric}`),
      },
    );
  }
}

/**
 * CloudFormation and SAM templates: the infrastructure, the managed platforms that serve the
 * model, their autoscaling and gradual deployments, rules that start pipelines, and the
 * monitoring they declare.
 */
export function detectCloudFormation(files: RepoFileSet, findings: Findings) {
  for (const template of loadTemplates(files)) {
    const tool = template.serverless ? 'sam' : 'cloudformation';
    iacSignal(template, findings);
    const scalings = scalingTargets(template);
    sageMakerEndpoints(template, scalings, tool, findings);
    lambdaFunctions(files, template, scalings, tool, findings);
    ecsServices(template, scalings, tool, findings);
    codeDeployGroups(template, findings);
    eventRules(files, template, findings);
    modelMonitor(template, findings);
    alarms(template, findings);
  }
}
