import { CiJobAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { findBlocks, stripCLikeComments } from '../parsing/blocks';
import { basenameOf, dirnameOf, extensionOf } from '../parsing/paths';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  getPath,
  isMap,
} from '../parsing/yaml';
import { helmCharts } from './helmCharts';
import { costToolOf } from './k8sDetectors';
import { code, DetectorResult, Findings, listForHumans } from './types';

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Infrastructure resources that also say something about serving, alerting or scheduling. */
const RESOURCE_MEANINGS: Array<{
  pattern: RegExp;
  kind: 'serving' | 'alert-rules' | 'schedule' | 'gpu-cost';
  tool: string;
  what: string;
}> = [
  {
    pattern: /^(aws_sagemaker_endpoint|AWS::SageMaker::Endpoint)$/,
    kind: 'serving',
    tool: 'sagemaker',
    what: 'a SageMaker endpoint',
  },
  {
    pattern: /^google_vertex_ai_endpoint$/,
    kind: 'serving',
    tool: 'vertex-ai',
    what: 'a Vertex AI endpoint',
  },
  {
    pattern:
      /^(azurerm_machine_learning_online_endpoint|Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints(\/deployments)?)$/,
    kind: 'serving',
    tool: 'azureml',
    what: 'an Azure ML online endpoint',
  },
  {
    pattern: /^(aws_cloudwatch_metric_alarm|AWS::CloudWatch::Alarm)$/,
    kind: 'alert-rules',
    tool: 'cloudwatch',
    what: 'CloudWatch alarms',
  },
  {
    pattern: /^google_monitoring_alert_policy$/,
    kind: 'alert-rules',
    tool: 'cloud-monitoring',
    what: 'Cloud Monitoring alert policies',
  },
  {
    pattern:
      /^(azurerm_monitor_metric_alert|azurerm_monitor_scheduled_query_rules_alert(_v2)?|Microsoft\.Insights\/(metricAlerts|scheduledQueryRules))$/,
    kind: 'alert-rules',
    tool: 'azure-monitor',
    what: 'Azure Monitor alerts',
  },
  {
    pattern: /^(aws_scheduler_schedule|AWS::Scheduler::Schedule)$/,
    kind: 'schedule',
    tool: 'eventbridge-scheduler',
    what: 'an EventBridge schedule',
  },
  {
    pattern: /^google_cloud_scheduler_job$/,
    kind: 'schedule',
    tool: 'cloud-scheduler',
    what: 'a Cloud Scheduler job',
  },
];

function terraform(files: RepoFileSet, findings: Findings) {
  const byDir = new Map<string, Array<{ path: string; text: string }>>();
  for (const file of files.withExtension('tf')) {
    const dir = dirnameOf(file.path);
    byDir.set(dir, [
      ...(byDir.get(dir) ?? []),
      { path: file.path, text: stripCLikeComments(file.text, true) },
    ]);
  }
  for (const [dir, tfFiles] of byDir) {
    const all = tfFiles.map(f => f.text).join('\n');
    const resources = [
      ...all.matchAll(/^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"/gm),
    ].map(m => ({ type: m[1], name: m[2] }));
    const modules = [...all.matchAll(/^\s*module\s+"([\w-]+)"/gm)].map(
      m => m[1],
    );
    if (resources.length === 0 && modules.length === 0) {
      continue;
    }
    const providers = unique([
      ...[...all.matchAll(/^\s*provider\s+"([\w-]+)"/gm)].map(m => m[1]),
      ...resources.map(r => r.type.split('_')[0]),
    ]);
    const types = unique(resources.map(r => r.type));
    const path =
      tfFiles.find(f => /main\.tf$/.test(f.path))?.path ?? tfFiles[0].path;
    findings.signal(
      'iac',
      'terraform',
      path,
      `Terraform in ${dir || 'the repository root'} declares ${
        resources.length
      } resource${resources.length === 1 ? '' : 's'}${
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
    for (const meaning of RESOURCE_MEANINGS) {
      const matching = resources.filter(r => meaning.pattern.test(r.type));
      if (matching.length === 0) {
        continue;
      }
      const names = matching.map(r => r.name);
      if (meaning.kind === 'alert-rules') {
        findings.signal(
          'alert-rules',
          meaning.tool,
          path,
          `Terraform in ${dir || 'the root'} defines ${
            meaning.what
          } ${listForHumans(names.map(code))}`,
          {
            alerts: names.map(name => ({ name, expr: '' })),
          },
        );
      } else {
        findings.signal(
          meaning.kind,
          meaning.tool,
          path,
          `Terraform in ${dir || 'the root'} defines ${
            meaning.what
          } (${listForHumans(names.map(code))})`,
          {
            resources: names,
            ...(meaning.kind === 'serving'
              ? {
                  autoscaling:
                    /aws_appautoscaling_target[\s\S]*sagemaker:variant/.test(
                      all,
                    ),
                }
              : {}),
          },
        );
      }
    }
    for (const rule of findBlocks(
      all,
      /resource\s+"aws_cloudwatch_event_rule"\s+"([\w-]+)"\s*\{/g,
    )) {
      const expression = rule.body.match(
        /schedule_expression\s*=\s*"([^"]+)"/,
      )?.[1];
      if (expression) {
        findings.signal(
          'schedule',
          'eventbridge',
          path,
          `EventBridge rule ${code(rule.match[1])} in ${
            dir || 'the root'
          } runs on ${code(expression)}`,
          {
            trigger: 'cron',
            schedule: expression,
            target: rule.match[1],
            activities: [],
          },
        );
      }
    }
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

function bicepAndArm(files: RepoFileSet, findings: Findings) {
  for (const file of files.withExtension('bicep')) {
    const types = unique(
      [...file.text.matchAll(/^\s*resource\s+\w+\s+'([^'@]+)@[^']*'/gm)].map(
        m => m[1],
      ),
    );
    const modules = [
      ...file.text.matchAll(/^\s*module\s+\w+\s+'([^']+)'/gm),
    ].map(m => m[1]);
    if (types.length === 0 && modules.length === 0) {
      continue;
    }
    findings.signal(
      'iac',
      'bicep',
      file.path,
      `Bicep template ${file.path} declares ${
        listForHumans(types.map(code), 4) || `${modules.length} modules`
      }`,
      {
        resourceTypes: types,
        modules,
      },
    );
    resourceMeanings(findings, 'bicep', file.path, types);
  }
  for (const file of files.withExtension('json')) {
    if (!/deploymentTemplate\.json/.test(file.text)) {
      continue;
    }
    const doc = asMap(files.json(file.path));
    if (!/deploymentTemplate\.json/.test(asString(doc.$schema) ?? '')) {
      continue;
    }
    const types = unique(
      asArray(doc.resources)
        .map(r => asString(asMap(r).type) ?? '')
        .filter(Boolean),
    );
    findings.signal(
      'iac',
      'arm',
      file.path,
      `ARM template ${file.path} declares ${
        listForHumans(types.map(code), 4) || 'no resources'
      }`,
      {
        resourceTypes: types,
      },
    );
    resourceMeanings(findings, 'arm', file.path, types);
  }
}

function resourceMeanings(
  findings: Findings,
  tool: string,
  path: string,
  types: string[],
) {
  for (const meaning of RESOURCE_MEANINGS) {
    const matching = types.filter(type => meaning.pattern.test(type));
    if (matching.length === 0) {
      continue;
    }
    if (meaning.kind === 'alert-rules') {
      findings.signal(
        'alert-rules',
        meaning.tool,
        path,
        `${path} defines ${meaning.what}`,
        { alerts: matching.map(name => ({ name, expr: '' })) },
      );
    } else {
      findings.signal(
        meaning.kind,
        meaning.tool,
        path,
        `${path} defines ${meaning.what}`,
        { resources: matching, via: tool },
      );
    }
  }
}

function cloudFormation(files: RepoFileSet, findings: Findings) {
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    if (
      !['yml', 'yaml', 'json', 'template'].includes(ext) ||
      !/AWS::|AWSTemplateFormatVersion/.test(file.text)
    ) {
      continue;
    }
    const doc = asMap(files.structured(file.path));
    const resources = asMap(doc.Resources);
    const entries = Object.entries(resources).map(([id, r]) => ({
      id,
      type: asString(asMap(r).Type) ?? '',
      properties: asMap(asMap(r).Properties),
    }));
    const awsResources = entries.filter(r => /^AWS::/.test(r.type));
    if (
      awsResources.length === 0 &&
      doc.AWSTemplateFormatVersion === undefined
    ) {
      continue;
    }
    const serverless = /AWS::Serverless/.test(
      JSON.stringify(doc.Transform ?? ''),
    );
    const tool = serverless ? 'sam' : 'cloudformation';
    const types = unique(entries.map(r => r.type));
    findings.signal(
      'iac',
      tool,
      file.path,
      `${serverless ? 'SAM' : 'CloudFormation'} template ${
        file.path
      } declares ${entries.length} resource${entries.length === 1 ? '' : 's'}${
        types.length ? ` (${listForHumans(types.map(code), 4)})` : ''
      }`,
      {
        resourceTypes: types,
        resources: entries.length,
      },
    );
    for (const meaning of RESOURCE_MEANINGS) {
      const matching = entries.filter(r => meaning.pattern.test(r.type));
      if (matching.length === 0) {
        continue;
      }
      if (meaning.kind === 'alert-rules') {
        findings.signal(
          'alert-rules',
          meaning.tool,
          file.path,
          `${file.path} defines ${meaning.what} ${listForHumans(
            matching.map(r => code(asString(r.properties.AlarmName) ?? r.id)),
          )}`,
          {
            alerts: matching.map(r => ({
              name: asString(r.properties.AlarmName) ?? r.id,
              expr: asString(r.properties.MetricName) ?? '',
            })),
          },
        );
      } else {
        findings.signal(
          meaning.kind,
          meaning.tool,
          file.path,
          `${file.path} defines ${meaning.what} (${listForHumans(
            matching.map(r => code(r.id)),
          )})`,
          {
            resources: matching.map(r => r.id),
          },
        );
      }
    }
    for (const rule of entries.filter(
      r =>
        r.type === 'AWS::Events::Rule' &&
        asString(r.properties.ScheduleExpression),
    )) {
      const expression = asString(rule.properties.ScheduleExpression)!;
      findings.signal(
        'schedule',
        'eventbridge',
        file.path,
        `EventBridge rule ${code(rule.id)} in ${file.path} runs on ${code(
          expression,
        )}`,
        {
          trigger: 'cron',
          schedule: expression,
          target: rule.id,
          activities: [],
        },
      );
    }
  }
}

function helm(files: RepoFileSet, findings: Findings) {
  for (const chart of helmCharts(files)) {
    const name = asString(chart.chart.name) ?? basenameOf(chart.dir);
    const values = chart.values;
    const autoscaling = asMap(values.autoscaling);
    const resources = asMap(values.resources);
    const dependencies = asArray(chart.chart.dependencies)
      .map(d => asString(asMap(d).name) ?? '')
      .filter(Boolean);
    findings.signal(
      'iac',
      'helm',
      chart.chartPath,
      `Helm chart ${code(name)} in ${chart.dir || 'the repository root'} with ${
        chart.templates.length
      } template${chart.templates.length === 1 ? '' : 's'}`,
      {
        chart: name,
        version: asString(chart.chart.version) ?? null,
        templates: chart.templates.length,
        replicaCount: asNumber(values.replicaCount),
        autoscaling: {
          enabled: autoscaling.enabled === true,
          minReplicas: asNumber(autoscaling.minReplicas),
          maxReplicas: asNumber(autoscaling.maxReplicas),
        },
        hasResourceRequests:
          isMap(resources.requests) &&
          Object.keys(resources.requests).length > 0,
        hasResourceLimits:
          isMap(resources.limits) && Object.keys(resources.limits).length > 0,
        dependencies,
        valuesFiles: chart.overrides.map(o => o.path),
      },
    );
    for (const dependency of dependencies) {
      if (/prometheus|victoria-metrics/.test(dependency)) {
        findings.signal(
          'monitoring-config',
          dependency,
          chart.chartPath,
          `Helm chart ${code(name)} depends on ${code(dependency)}`,
          { chart: name },
        );
      }
      if (/dcgm-exporter|kubecost|cost-analyzer|opencost/.test(dependency)) {
        findings.signal(
          'gpu-cost',
          costToolOf(dependency),
          chart.chartPath,
          `Helm chart ${code(name)} depends on ${code(dependency)}`,
          {
            chart: name,
          },
        );
      }
    }
  }
}

function kustomize(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^(kustomization\.ya?ml|Kustomization)$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (!doc) {
      continue;
    }
    const resources = asArray(doc.resources ?? doc.bases);
    const patches = [
      ...asArray(doc.patches),
      ...asArray(doc.patchesStrategicMerge),
      ...asArray(doc.patchesJson6902),
    ];
    const images = asArray(doc.images)
      .map(i => asString(asMap(i).name) ?? '')
      .filter(Boolean);
    findings.signal(
      'iac',
      'kustomize',
      file.path,
      `Kustomize ${
        resources.some(r => /\.\.\//.test(String(r))) ? 'overlay' : 'base'
      } in ${dirnameOf(file.path) || 'the root'} with ${
        resources.length
      } resource${resources.length === 1 ? '' : 's'}${
        patches.length
          ? ` and ${patches.length} patch${patches.length === 1 ? '' : 'es'}`
          : ''
      }`,
      {
        resources: resources.length,
        patches: patches.length,
        images,
      },
    );
  }
}

function otherTools(files: RepoFileSet, findings: Findings) {
  for (const file of files.named(/^cdk\.json$/)) {
    const app = asString(asMap(files.json(file.path)).app);
    if (app) {
      findings.signal(
        'iac',
        'cdk',
        file.path,
        `AWS CDK app in ${dirnameOf(file.path) || 'the root'} (${code(app)})`,
        { app },
      );
    }
  }
  for (const file of files.named(/^Pulumi\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc?.runtime !== undefined) {
      const runtime =
        asString(doc.runtime) ?? asString(asMap(doc.runtime).name) ?? 'unknown';
      findings.signal(
        'iac',
        'pulumi',
        file.path,
        `Pulumi project ${code(asString(doc.name) ?? '')} (${runtime}) in ${
          dirnameOf(file.path) || 'the root'
        }`,
        {
          project: asString(doc.name) ?? null,
          runtime,
        },
      );
    }
  }
  for (const file of files.named(/^serverless\.ya?ml$/)) {
    const doc = files.yamlMaps(file.path)[0];
    if (doc && doc.service !== undefined && isMap(doc.provider)) {
      findings.signal(
        'iac',
        'serverless',
        file.path,
        `Serverless Framework service ${code(asString(doc.service) ?? '')} in ${
          file.path
        }`,
        {
          provider: asString(asMap(doc.provider).name) ?? null,
        },
      );
    }
  }
}

/**
 * GitOps controllers deploy on their own: an Argo CD Application with automated sync,
 * or a Flux Kustomization/HelmRelease, is continuous deployment declared in the repository.
 */
function gitOps(files: RepoFileSet, findings: Findings) {
  for (const file of files.yamlFiles()) {
    for (const doc of files.yamlMaps(file.path)) {
      const kind = asString(doc.kind);
      const apiVersion = asString(doc.apiVersion) ?? '';
      const name = asString(getPath(doc, 'metadata.name')) ?? '';
      let branch: string | undefined;
      let automated: boolean;
      let system: string;
      if (kind === 'Application' && /^argoproj\.io\//.test(apiVersion)) {
        const source = asMap(
          getPath(doc, 'spec.source') ??
            asArray(getPath(doc, 'spec.sources'))[0],
        );
        branch = asString(source.targetRevision);
        automated = isMap(getPath(doc, 'spec.syncPolicy.automated'));
        system = 'argocd';
      } else if (
        (kind === 'Kustomization' || kind === 'HelmRelease') &&
        /fluxcd\.io\//.test(apiVersion)
      ) {
        automated = getPath(doc, 'spec.suspend') !== true;
        system = 'flux';
      } else {
        continue;
      }
      const branches =
        branch && !/^(HEAD|\*)$/.test(branch) && !/^\d|^v\d/.test(branch)
          ? [branch]
          : [];
      const attributes: CiJobAttributes = {
        system,
        workflow: name,
        job: name,
        triggers: ['push'],
        branches,
        manualGate: !automated,
        activities: ['deploy'],
        evidence: [
          `deploy: ${system === 'argocd' ? 'Argo CD sync' : `Flux ${kind}`}`,
        ],
      };
      findings.signal(
        'ci-job',
        system,
        file.path,
        `${system === 'argocd' ? 'Argo CD Application' : `Flux ${kind}`} ${code(
          name,
        )} in ${file.path} ${
          automated
            ? `deploys automatically on push${
                branches.length ? ` to ${branches[0]}` : ''
              }`
            : 'deploys only when synced by hand'
        }`,
        attributes,
      );
    }
  }
}

/** Infrastructure as code: Terraform, Bicep/ARM, CloudFormation/SAM/CDK, Pulumi, Helm, Kustomize, GitOps. */
export function detectInfrastructure(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  terraform(files, findings);
  bicepAndArm(files, findings);
  cloudFormation(files, findings);
  helm(files, findings);
  kustomize(files, findings);
  otherTools(files, findings);
  gitOps(files, findings);
  return findings.result();
}
