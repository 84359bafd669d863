import { RepoFileSet } from '../RepoFileSet';
import { Block, findBlocks, stripCLikeComments } from '../parsing/blocks';
import { dirnameOf } from '../parsing/paths';
import { asNumber } from '../parsing/yaml';
import { alertResources } from './alertResources';
import {
  emitTriggerRule,
  eventKindOf,
  rejectDisabledRule,
  Runner,
  runnerOfArn,
} from './eventRules';
import { servicePythonSources } from './python/pythonFiles';
import { platformAttributes } from './servingCode';
import { code, Findings, listForHumans } from './types';

interface Resource {
  type: string;
  name: string;
  body: string;
}

/** An attribute's value: the string of a literal, else the expression as written. */
function attribute(body: string, name: string): string | undefined {
  const match = body.match(
    new RegExp(`(?:^|\\n)\\s*${name}\\s*=\\s*("([^"]*)"|[^\\n]+)`),
  );
  return match ? match[2] ?? match[1].trim() : undefined;
}

function resourcesIn(text: string): Resource[] {
  return findBlocks(text, /resource\s+"([\w-]+)"\s+"([\w-]+)"\s*\{/g).map(
    (block: Block) => ({
      type: block.match[1],
      name: block.match[2],
      body: block.body,
    }),
  );
}

const PLATFORMS: Array<{
  type: RegExp;
  tool: string;
  platform: string;
  what: string;
}> = [
  {
    type: /^aws_sagemaker_endpoint$/,
    tool: 'sagemaker',
    platform: 'sagemaker-endpoint',
    what: 'SageMaker endpoint',
  },
  {
    type: /^google_vertex_ai_endpoint$/,
    tool: 'vertex-ai',
    platform: 'vertex-ai-endpoint',
    what: 'Vertex AI endpoint',
  },
  {
    type: /^google_cloud_run_(v2_)?service$/,
    tool: 'cloud-run',
    platform: 'cloud-run',
    what: 'Cloud Run service',
  },
  {
    type: /^azurerm_container_app$/,
    tool: 'azure-container-apps',
    platform: 'azure-container-apps',
    what: 'Azure Container App',
  },
  {
    type: /^azurerm_(linux_web_app|windows_web_app|app_service)$/,
    tool: 'azure-app-service',
    platform: 'azure-app-service',
    what: 'Azure App Service web app',
  },
  {
    type: /^aws_ecs_service$/,
    tool: 'aws-ecs',
    platform: 'aws-ecs',
    what: 'ECS service',
  },
];

/** Bounds a resource declares itself (Cloud Run, Container Apps). */
function ownBounds(resource: Resource) {
  const min =
    attribute(resource.body, 'min_instance_count') ??
    attribute(resource.body, 'min_replicas') ??
    attribute(resource.body, '"autoscaling.knative.dev/minScale"');
  const max =
    attribute(resource.body, 'max_instance_count') ??
    attribute(resource.body, 'max_replicas') ??
    attribute(resource.body, '"autoscaling.knative.dev/maxScale"');
  return max === undefined
    ? null
    : {
        minReplicas: asNumber(min) ?? 0,
        maxReplicas: asNumber(max),
        via: `${resource.type} scaling`,
      };
}

/** Application Auto Scaling targets on a namespace that a policy drives. */
function appAutoscaling(resources: Resource[], namespace: string) {
  const driven = resources.some(r => r.type === 'aws_appautoscaling_policy');
  const target = resources.find(
    r =>
      r.type === 'aws_appautoscaling_target' &&
      (attribute(r.body, 'service_namespace') === namespace ||
        (attribute(r.body, 'scalable_dimension') ?? '').startsWith(
          `${namespace}:`,
        )),
  );
  return driven && target
    ? {
        minReplicas: asNumber(attribute(target.body, 'min_capacity')),
        maxReplicas: asNumber(attribute(target.body, 'max_capacity')),
        via: `aws_appautoscaling_target.${target.name}`,
      }
    : null;
}

/** Platforms that separate `aws_appautoscaling_*` resources scale, by service namespace. */
const APP_AUTOSCALING_NAMESPACES: Record<string, string | undefined> = {
  'sagemaker-endpoint': 'sagemaker',
  'aws-ecs': 'ecs',
};

function platforms(
  findings: Findings,
  path: string,
  where: string,
  resources: Resource[],
) {
  for (const platform of PLATFORMS) {
    const declared = resources.filter(r => platform.type.test(r.type));
    for (const resource of declared) {
      const namespace = APP_AUTOSCALING_NAMESPACES[platform.platform];
      const autoscaling = namespace
        ? appAutoscaling(resources, namespace)
        : ownBounds(resource);
      findings.signal(
        'serving',
        platform.tool,
        path,
        `Terraform in ${where} deploys ${platform.what} ${code(resource.name)}${
          autoscaling
            ? `, autoscaled ${autoscaling.minReplicas ?? '?'}–${
                autoscaling.maxReplicas ?? '?'
              } instances by ${autoscaling.via}`
            : ''
        }`,
        platformAttributes(platform.platform, 'terraform', {
          autoscaling,
          extra: { resources: [resource.name] },
        }),
      );
    }
  }
}

/* ------------------------------------------------------------- schedules */

/** An ARN expression (`aws_sfn_state_machine.train.arn`) as the runner it names. */
function awsRunner(expression: string): Runner {
  const kinds: Array<[RegExp, string]> = [
    [/aws_sfn_state_machine\./, 'arn:aws:states:'],
    [/aws_codepipeline\./, 'arn:aws:codepipeline:'],
    [/aws_codebuild_project\./, 'arn:aws:codebuild:'],
    [/aws_sagemaker_pipeline\./, ':pipeline/'],
    [/aws_batch_job_queue\./, 'arn:aws:batch:'],
    [/aws_lambda_function\./, 'arn:aws:lambda:'],
    [/aws_(sns_topic|sqs_queue|cloudwatch_log_group)\./, 'arn:aws:sns:'],
  ];
  const arn = kinds.find(([pattern]) => pattern.test(expression))?.[1];
  return runnerOfArn(expression, arn ?? expression);
}

function eventBridgeRules(
  findings: Findings,
  path: string,
  where: string,
  resources: Resource[],
) {
  for (const rule of resources.filter(
    r =>
      r.type === 'aws_cloudwatch_event_rule' ||
      r.type === 'aws_scheduler_schedule',
  )) {
    const scheduler = rule.type === 'aws_scheduler_schedule';
    const expression = attribute(rule.body, 'schedule_expression');
    const event = expression
      ? undefined
      : eventKindOf(attribute(rule.body, 'event_pattern') ?? rule.body);
    if (!expression && !event) {
      continue;
    }
    const trigger = {
      tool: scheduler ? 'eventbridge-scheduler' : 'eventbridge',
      path,
      subject: `${
        scheduler ? 'EventBridge Scheduler schedule' : 'EventBridge rule'
      } ${code(rule.name)} in ${where}`,
      name: rule.name,
      expression,
      event,
    };
    const state = attribute(rule.body, 'state');
    if (
      state === 'DISABLED' ||
      attribute(rule.body, 'is_enabled') === 'false'
    ) {
      rejectDisabledRule(
        findings,
        trigger,
        state === 'DISABLED' ? 'state = "DISABLED"' : 'is_enabled = false',
      );
      continue;
    }
    const targets = scheduler
      ? findBlocks(rule.body, /\btarget\s*\{/g).map(
          block => attribute(block.body, 'arn') ?? '',
        )
      : resources
          .filter(
            r =>
              r.type === 'aws_cloudwatch_event_target' &&
              new RegExp(`aws_cloudwatch_event_rule\\.${rule.name}\\.`).test(
                attribute(r.body, 'rule') ?? '',
              ),
          )
          .map(r =>
            /sagemaker_pipeline_target\s*\{/.test(r.body)
              ? 'aws_sagemaker_pipeline.target'
              : attribute(r.body, 'arn') ?? '',
          );
    emitTriggerRule(findings, {
      ...trigger,
      runners: targets.map(awsRunner),
      description: `${rule.name} ${attribute(rule.body, 'description') ?? ''}`,
    });
  }
}

/** Python code that handles a Pub/Sub or HTTP event and submits a Vertex AI or Kubeflow pipeline. */
function pipelineSubmitters(files: RepoFileSet): string[] {
  return servicePythonSources(files)
    .filter(
      source =>
        /\baiplatform\.(?:pipeline_jobs\.)?PipelineJob\s*\(|\.create_run_from_pipeline_(package|func)\s*\(|\.create_run_from_job_spec\s*\(/.test(
          source.code,
        ) &&
        (source
          .functions()
          .some(fn => /^\s*(event|cloud_event|request)\b/.test(fn.params)) ||
          /functions_framework/.test(source.code)),
    )
    .map(source => source.path);
}

/**
 * Cloud Scheduler jobs start work when they call the Vertex AI pipelines API, or publish to
 * Pub/Sub or call a function whose code (in this repository) submits a pipeline.
 */
function cloudSchedulerJobs(
  findings: Findings,
  path: string,
  where: string,
  resources: Resource[],
  submitters: string[],
  allTerraform: string,
) {
  for (const job of resources.filter(
    r => r.type === 'google_cloud_scheduler_job',
  )) {
    const expression = attribute(job.body, 'schedule') ?? 'schedule';
    const trigger = {
      tool: 'cloud-scheduler',
      path,
      subject: `Cloud Scheduler job ${code(job.name)} in ${where}`,
      name: job.name,
      expression,
      event: undefined,
    };
    if (attribute(job.body, 'paused') === 'true') {
      rejectDisabledRule(findings, trigger, 'paused = true');
      continue;
    }
    const uri = findBlocks(job.body, /\bhttp_target\s*\{/g)
      .map(block => attribute(block.body, 'uri') ?? '')
      .join(' ');
    const pubsub = /\bpubsub_target\s*\{/.test(job.body);
    // The trigger function runs the compiled pipeline the message names.
    const template = job.body.match(/template_path\s*=\s*"?([^"\n,]+)/)?.[1];
    const submits = template
      ? `(submits the pipeline at ${code(template.trim())})`
      : undefined;
    const subscribed =
      /google\.pubsub\.topic\.publish|pubsub_topic\s*=|event_type\s*=\s*"google\.cloud\.pubsub/.test(
        allTerraform,
      );
    const runners: Runner[] = [];
    if (/aiplatform\.googleapis\.com[^\s"]*pipelineJobs/.test(uri)) {
      runners.push({
        kind: 'vertex-pipeline',
        name: 'pipelineJobs API',
        startsWork: true,
        activities: [],
      });
    } else if (
      (pubsub && subscribed) ||
      /cloudfunctions\.net|run\.app/.test(uri)
    ) {
      runners.push(
        ...(submitters.length
          ? submitters.map(file => ({
              kind: 'function',
              name: file,
              note: submits,
              startsWork: true,
              activities: [],
            }))
          : [
              {
                kind: pubsub ? 'pubsub-subscriber' : 'function',
                name: pubsub ? 'topic subscriber' : uri,
                startsWork: false,
                activities: [],
              },
            ]),
      );
    } else if (pubsub) {
      runners.push({
        kind: 'pubsub-topic',
        name: attribute(job.body, 'topic_name') ?? 'topic',
        startsWork: false,
        activities: [],
      });
    }
    emitTriggerRule(findings, {
      ...trigger,
      runners,
      description: `${job.name} ${attribute(job.body, 'description') ?? ''} ${
        attribute(job.body, 'name') ?? ''
      }`,
    });
  }
}

/* ------------------------------------------------------------ monitoring */

function monitoring(
  findings: Findings,
  path: string,
  where: string,
  resources: Resource[],
) {
  const policies = resources.filter(
    r => r.type === 'google_monitoring_alert_policy',
  );
  if (policies.length > 0) {
    findings.signal(
      'monitoring-config',
      'cloud-monitoring',
      path,
      `Terraform in ${where} configures Cloud Monitoring alert policies ${listForHumans(
        policies.map(p => code(attribute(p.body, 'display_name') ?? p.name)),
      )}`,
      { policies: policies.map(p => p.name) },
    );
  }
  for (const schedule of resources.filter(
    r => r.type === 'aws_sagemaker_monitoring_schedule',
  )) {
    findings.signal(
      'drift-monitoring',
      'sagemaker-model-monitor',
      path,
      `SageMaker Model Monitor schedule ${code(
        schedule.name,
      )} in ${where} checks the endpoint's traffic against a baseline`,
      { name: schedule.name, monitors: [], schedule: null },
    );
  }
}

/**
 * Terraform, per module directory: the infrastructure, the managed platforms that serve the
 * model and their autoscaling, rules and scheduler jobs that start pipelines, and alerting.
 */
export function detectTerraform(files: RepoFileSet, findings: Findings) {
  const byDir = new Map<string, Array<{ path: string; text: string }>>();
  for (const file of files.withExtension('tf')) {
    const dir = dirnameOf(file.path);
    byDir.set(dir, [
      ...(byDir.get(dir) ?? []),
      { path: file.path, text: stripCLikeComments(file.text, true) },
    ]);
  }
  const allTerraform = [...byDir.values()]
    .flat()
    .map(f => f.text)
    .join('\n');
  const submitters = /google_cloud_scheduler_job/.test(allTerraform)
    ? pipelineSubmitters(files)
    : [];
  for (const [dir, tfFiles] of byDir) {
    const all = tfFiles.map(f => f.text).join('\n');
    const resources = resourcesIn(all);
    const modules = [...all.matchAll(/^\s*module\s+"([\w-]+)"/gm)].map(
      m => m[1],
    );
    if (resources.length === 0 && modules.length === 0) {
      continue;
    }
    const providers = [
      ...new Set([
        ...[...all.matchAll(/^\s*provider\s+"([\w-]+)"/gm)].map(m => m[1]),
        ...resources.map(r => r.type.split('_')[0]),
      ]),
    ];
    const types = [...new Set(resources.map(r => r.type))];
    const path =
      tfFiles.find(f => /main\.tf$/.test(f.path))?.path ?? tfFiles[0].path;
    const where = dir || 'the repository root';
    findings.signal(
      'iac',
      'terraform',
      path,
      `Terraform in ${where} declares ${resources.length} resource${
        resources.length === 1 ? '' : 's'
      }${
        modules.length
          ? ` and ${modules.length} module${modules.length === 1 ? '' : 's'}`
          : ''
      }${types.length ? ` (${listForHumans(types.map(code), 4)})` : ''}`,
      {
        directory: dir,
        providers,
        resourceTypes: types,
        resources: resources.length,
        modules,
      },
    );
    alertResources(findings, path, `Terraform in ${where}`, resources);
    platforms(findings, path, where, resources);
    eventBridgeRules(findings, path, where, resources);
    cloudSchedulerJobs(
      findings,
      path,
      where,
      resources,
      submitters,
      allTerraform,
    );
    monitoring(findings, path, where, resources);
  }
  for (const file of files.named(/^terragrunt\.hcl$/)) {
    findings.signal(
      'iac',
      'terragrunt',
      file.path,
      `Terragrunt configuration in ${file.path}`,
      { directory: dirnameOf(file.path) },
    );
  }
}
