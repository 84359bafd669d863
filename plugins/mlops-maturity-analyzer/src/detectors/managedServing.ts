import { ServingPlatformAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { basenameOf } from '../parsing/paths';
import { keywordArgument, PythonSource } from '../parsing/python';
import { asMap, asNumber, asString, isMap, YamlMap } from '../parsing/yaml';
import { servicePythonSources } from './python/pythonFiles';
import { callArguments, platformAttributes } from './servingCode';
import { code, Findings } from './types';

type Autoscaling = ServingPlatformAttributes['autoscaling'];

function describeAutoscaling(autoscaling: Autoscaling): string {
  return autoscaling
    ? `, autoscaled ${autoscaling.minReplicas ?? '?'}–${
        autoscaling.maxReplicas ?? '?'
      } replicas`
    : '';
}

/** Every call of `callee` in the source, with its argument text. */
function callsOf(source: PythonSource, callee: RegExp): string[] {
  const pattern = new RegExp(`(?:${callee.source})\\s*\\(`, 'g');
  return [...source.code.matchAll(pattern)].map(match =>
    callArguments(source.code, match.index! + match[0].length - 1),
  );
}

function numberArgument(args: string, name: string): number | null {
  return asNumber(keywordArgument(args, name));
}

/** Traffic weights of a `{"blue": 90, "green": 10}` literal. */
function trafficWeights(
  text: string,
): Array<{ name: string; percent: number }> {
  return [...text.matchAll(/["']([\w-]+)["']\s*:\s*(\d+)/g)].map(m => ({
    name: m[1],
    percent: Number(m[2]),
  }));
}

function splitsTraffic(weights: Array<{ percent: number }>): boolean {
  return weights.filter(w => w.percent > 0).length >= 2;
}

/* ------------------------------------------------------------- SDK code */

function sageMakerSdk(source: PythonSource, findings: Findings) {
  const deploys = source.importsModule('sagemaker')
    ? callsOf(source, /\.deploy/).filter(args =>
        /\b(initial_instance_count|instance_type|serverless_inference_config|endpoint_name)\s*=/.test(
          args,
        ),
      )
    : [];
  const created = source.importsModule('boto3')
    ? callsOf(source, /\.create_endpoint/).filter(args =>
        /EndpointConfigName\s*=/.test(args),
      )
    : [];
  if (deploys.length === 0 && created.length === 0) {
    return;
  }
  const target = callsOf(source, /\.register_scalable_target/).find(args =>
    /sagemaker:variant/.test(args),
  );
  const autoscaling: Autoscaling =
    target && /\.put_scaling_policy\s*\(/.test(source.code)
      ? {
          minReplicas: numberArgument(target, 'MinCapacity'),
          maxReplicas: numberArgument(target, 'MaxCapacity'),
          via: 'register_scalable_target',
        }
      : null;
  findings.signal(
    'serving',
    'sagemaker',
    source.path,
    `${source.path} deploys the model to a SageMaker endpoint (${
      deploys.length ? '`.deploy(...)`' : '`create_endpoint`'
    })${describeAutoscaling(autoscaling)}`,
    platformAttributes('sagemaker-endpoint', 'sdk', { autoscaling }),
  );
}

function vertexSdk(source: PythonSource, findings: Findings) {
  if (!source.importsModule('google.cloud.aiplatform')) {
    return;
  }
  const deploys = callsOf(source, /\.deploy/);
  if (
    deploys.length === 0 &&
    !/aiplatform\.Endpoint\.create\s*\(/.test(source.code)
  ) {
    return;
  }
  const bounded = deploys.find(args =>
    keywordArgument(args, 'max_replica_count'),
  );
  const autoscaling: Autoscaling = bounded
    ? {
        minReplicas: numberArgument(bounded, 'min_replica_count') ?? 1,
        maxReplicas: numberArgument(bounded, 'max_replica_count'),
        via: 'min_replica_count/max_replica_count',
      }
    : null;
  findings.signal(
    'serving',
    'vertex-ai',
    source.path,
    `${
      source.path
    } deploys the model to a Vertex AI endpoint${describeAutoscaling(
      autoscaling,
    )}`,
    platformAttributes('vertex-ai-endpoint', 'sdk', { autoscaling }),
  );
  const canary = deploys
    .map(args => numberArgument(args, 'traffic_percentage'))
    .find(p => p !== null && p > 0 && p < 100);
  const split = deploys
    .map(args => keywordArgument(args, 'traffic_split') ?? '')
    .map(trafficWeights)
    .find(splitsTraffic);
  if (canary !== undefined || split) {
    findings.signal(
      'progressive-rollout',
      'vertex-ai',
      source.path,
      `${source.path} deploys a new model to the Vertex AI endpoint with ${
        canary !== undefined
          ? `${canary}% of its traffic`
          : `a traffic split (${split!
              .map(w => `${w.name} ${w.percent}%`)
              .join(', ')})`
      }`,
      { strategy: 'canary', canaryTrafficPercent: canary ?? null },
    );
  }
}

/** TFX's Google Cloud Pusher pushes blessed models to Vertex AI (or legacy AI Platform) serving. */
function tfxPusher(source: PythonSource, findings: Findings) {
  if (
    !/\btfx\.(?:v1\.)?extensions\.google_cloud_ai_platform\.(?:pusher\.component\.)?Pusher\s*\(/.test(
      source.code,
    )
  ) {
    return;
  }
  const vertex = /ENABLE_VERTEX_KEY/.test(source.code);
  findings.signal(
    'serving',
    vertex ? 'vertex-ai' : 'ai-platform',
    source.path,
    `TFX pipeline ${source.path} pushes blessed models to ${
      vertex ? 'a Vertex AI endpoint' : 'AI Platform Prediction'
    } with the Google Cloud Pusher`,
    platformAttributes(
      vertex ? 'vertex-ai-endpoint' : 'ai-platform-prediction',
      'sdk',
    ),
  );
}

function azureMlSdk(source: PythonSource, findings: Findings) {
  const v2 =
    /\bazure\.ai\.ml\.entities\.(Managed|Kubernetes)Online(Endpoint|Deployment)\s*\(/.exec(
      source.code,
    );
  if (v2) {
    const scale = callsOf(source, /\bTargetUtilizationScaleSettings/)[0];
    const autoscaling: Autoscaling = scale
      ? {
          minReplicas: numberArgument(scale, 'min_instances') ?? 1,
          maxReplicas: numberArgument(scale, 'max_instances'),
          via: 'TargetUtilizationScaleSettings',
        }
      : null;
    findings.signal(
      'serving',
      'azureml',
      source.path,
      `${source.path} deploys the model to an Azure ML ${
        v2[1] === 'Kubernetes' ? 'Kubernetes' : 'managed'
      } online endpoint${describeAutoscaling(autoscaling)}`,
      platformAttributes(
        v2[1] === 'Kubernetes'
          ? 'azureml-kubernetes-endpoint'
          : 'azureml-online-endpoint',
        'sdk',
        { autoscaling },
      ),
    );
    const traffic = source.code.match(/\.traffic\s*=\s*\{([^}]*)\}/)?.[1];
    const weights = trafficWeights(traffic ?? '');
    if (splitsTraffic(weights)) {
      findings.signal(
        'progressive-rollout',
        'azureml',
        source.path,
        `${source.path} splits the endpoint's traffic ${weights
          .map(w => `${w.name} ${w.percent}%`)
          .join(', ')}`,
        { strategy: 'traffic-split' },
      );
    }
  }
  const v1 =
    /\bazureml\.core\.webservice\.(?:aks\.|aci\.)?(Aks|Aci)Webservice\.deploy_configuration\s*\(/.exec(
      source.code,
    );
  if (v1 && /\.deploy\s*\(/.test(source.code)) {
    const args = callArguments(source.code, v1.index + v1[0].length - 1);
    const aks = v1[1] === 'Aks';
    const autoscaling: Autoscaling =
      aks && keywordArgument(args, 'autoscale_enabled') === 'True'
        ? {
            minReplicas: numberArgument(args, 'autoscale_min_replicas') ?? 1,
            maxReplicas: numberArgument(args, 'autoscale_max_replicas') ?? 10,
            via: 'AksWebservice autoscaler',
          }
        : null;
    webService(findings, source.path, aks, 'sdk', autoscaling);
    if (keywordArgument(args, 'enable_app_insights') === 'True') {
      appInsightsEnabled(findings, source.path, aks);
    }
  }
}

/** Azure ML v1 web services: AKS runs them on Kubernetes; ACI runs one container, for tests. */
function webService(
  findings: Findings,
  path: string,
  aks: boolean,
  declaredIn: string,
  autoscaling: Autoscaling,
) {
  findings.signal(
    'serving',
    'azureml',
    path,
    aks
      ? `${path} deploys the model as an Azure ML web service on AKS${describeAutoscaling(
          autoscaling,
        )}`
      : `${path} deploys the model as an Azure ML web service on Azure Container Instances (a single container, meant for testing)`,
    platformAttributes(
      aks ? 'azureml-aks-webservice' : 'azureml-aci-webservice',
      declaredIn,
      { orchestrated: aks, autoscaling },
    ),
  );
}

function appInsightsEnabled(findings: Findings, path: string, aks: boolean) {
  findings.signal(
    'monitoring-config',
    'azure-monitor',
    path,
    `${path} sends the ${
      aks ? 'AKS' : 'ACI'
    } web service's request telemetry to Application Insights`,
    { via: 'enable_app_insights' },
  );
}

/* --------------------------------------------------------- Azure ML YAML */

function azureMlYaml(
  files: RepoFileSet,
  path: string,
  doc: YamlMap,
  findings: Findings,
) {
  const schema = asString(doc.$schema) ?? '';
  const kind = schema.match(
    /(managed|kubernetes)Online(Endpoint|Deployment)\.schema\.json/i,
  );
  if (kind) {
    const kubernetes = kind[1].toLowerCase() === 'kubernetes';
    const deployment = kind[2] === 'Deployment';
    const scale = asMap(doc.scale_settings);
    const autoscaling: Autoscaling =
      deployment && asString(scale.type) === 'target_utilization'
        ? {
            minReplicas: asNumber(scale.min_instances) ?? 1,
            maxReplicas: asNumber(scale.max_instances),
            via: 'target_utilization scale settings',
          }
        : null;
    const name = asString(doc.name) ?? basenameOf(path);
    findings.signal(
      'serving',
      'azureml',
      path,
      `Azure ML ${kubernetes ? 'Kubernetes' : 'managed'} online ${
        deployment ? 'deployment' : 'endpoint'
      } ${code(name)} in ${path}${describeAutoscaling(autoscaling)}`,
      platformAttributes(
        kubernetes ? 'azureml-kubernetes-endpoint' : 'azureml-online-endpoint',
        'azureml-yaml',
        { autoscaling, extra: { resources: [name] } },
      ),
    );
    const weights = Object.entries(asMap(doc.traffic)).map(([n, p]) => ({
      name: n,
      percent: asNumber(p) ?? 0,
    }));
    if (!deployment && splitsTraffic(weights)) {
      findings.signal(
        'progressive-rollout',
        'azureml',
        path,
        `Azure ML online endpoint ${code(
          name,
        )} in ${path} splits traffic ${weights
          .map(w => `${w.name} ${w.percent}%`)
          .join(', ')}`,
        { name, strategy: 'traffic-split' },
      );
    }
    if (deployment && doc.app_insights_enabled === true) {
      findings.signal(
        'monitoring-config',
        'azure-monitor',
        path,
        `Azure ML online deployment ${code(
          name,
        )} in ${path} sends its request telemetry to Application Insights (app_insights_enabled)`,
        { via: 'app_insights_enabled' },
      );
    }
    return;
  }
  const compute = asString(doc.computeType)?.toLowerCase();
  if (
    (compute !== 'aks' && compute !== 'aci') ||
    !(
      isMap(doc.containerResourceRequirements) ||
      isMap(doc.autoScaler) ||
      'authEnabled' in doc
    )
  ) {
    return;
  }
  // A deployment configuration counts when a pipeline or script passes it to a deployment.
  if (
    !files.files.some(f => f.path !== path && f.text.includes(basenameOf(path)))
  ) {
    findings.reject(
      'serving',
      'azureml',
      path,
      `${path} is an Azure ML ${compute.toUpperCase()} deployment configuration that no pipeline or script uses`,
    );
    return;
  }
  const scaler = asMap(doc.autoScaler);
  const autoscaling: Autoscaling =
    compute === 'aks' && scaler.autoscaleEnabled === true
      ? {
          minReplicas: asNumber(scaler.minReplicas) ?? 1,
          maxReplicas: asNumber(scaler.maxReplicas) ?? 10,
          via: 'autoScaler',
        }
      : null;
  webService(findings, path, compute === 'aks', 'azureml-yaml', autoscaling);
  if (doc.appInsightsEnabled === true) {
    appInsightsEnabled(findings, path, compute === 'aks');
  }
}

/**
 * Model deployments declared outside infrastructure templates: SDK calls in the service's
 * scripts (SageMaker, Vertex AI, Azure ML v1 and v2, TFX Pusher) and Azure ML deployment
 * YAML (CLI v2 online endpoints, v1 deployment configurations).
 */
export function detectManagedServing(files: RepoFileSet, findings: Findings) {
  // Notebooks deploy by hand; only scripts and pipeline code ship the model.
  for (const source of servicePythonSources(files).filter(s =>
    s.path.endsWith('.py'),
  )) {
    sageMakerSdk(source, findings);
    vertexSdk(source, findings);
    tfxPusher(source, findings);
    azureMlSdk(source, findings);
  }
  for (const file of [...files.yamlFiles(), ...files.withExtension('json')]) {
    if (!/OnlineEndpoint|OnlineDeployment|computeType/.test(file.text)) {
      continue;
    }
    const doc = file.path.endsWith('.json')
      ? asMap(files.json(file.path))
      : files.yamlMaps(file.path)[0];
    if (doc) {
      azureMlYaml(files, file.path, doc, findings);
    }
  }
}
