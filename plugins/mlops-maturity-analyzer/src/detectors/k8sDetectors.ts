import {
  K8sResourceAttributes,
  K8sWorkloadRole,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { commandLabel } from '../parsing/shell';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  asStrings,
  getPath,
  isMap,
  YamlMap,
} from '../parsing/yaml';
import { analyzeSteps } from './ci/ciActivities';
import { ManifestDocument, manifestDocuments } from './manifests';
import { code, DetectorResult, Findings, listForHumans } from './types';

/** Kinds worth a `k8s-resource` signal (workloads, traffic, scaling, serving, monitoring). */
const RESOURCE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
  'Service',
  'Ingress',
  'HTTPRoute',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
  'PodDisruptionBudget',
  'InferenceService',
  'ServingRuntime',
  'ClusterServingRuntime',
  'InferenceGraph',
  'SeldonDeployment',
  'Model',
  'Server',
  'Rollout',
  'Canary',
  'ServiceMonitor',
  'PodMonitor',
  'PodMonitoring',
  'PrometheusRule',
  'ScaledObject',
  'RayService',
  'RayCluster',
  'RayJob',
  'VirtualService',
  'TrafficSplit',
  'Experiment',
  'SparkApplication',
  'Application',
  'HelmRelease',
]);

const TRAFFIC_SPLITTERS: Record<string, string> = {
  VirtualService: 'istio',
  Service: 'knative',
  TrafficSplit: 'smi',
};

/** The GPU cost tool an image or chart name refers to. */
export function costToolOf(name: string): string {
  if (/dcgm/.test(name)) {
    return 'dcgm-exporter';
  }
  return /opencost/.test(name) ? 'opencost' : 'kubecost';
}

const COST_LABEL =
  /cost[-_.]?(center|centre|allocation|owner)|^team$|^owner$|kubecost|billing|chargeback|^project$|^department$/i;

const SERVING_IMAGES: Array<{ pattern: RegExp; tool: string }> = [
  { pattern: /tritonserver/, tool: 'triton' },
  { pattern: /torchserve/, tool: 'torchserve' },
  { pattern: /vllm/, tool: 'vllm' },
  { pattern: /text-generation-inference/, tool: 'tgi' },
  { pattern: /seldonio\/mlserver|\/mlserver:/, tool: 'mlserver' },
  { pattern: /tensorflow\/serving/, tool: 'tensorflow-serving' },
  { pattern: /kserve\//, tool: 'kserve' },
  { pattern: /ollama\/ollama/, tool: 'ollama' },
];

const SERVING_COMMANDS: Array<{ pattern: RegExp; tool: string }> = [
  { pattern: /\bvllm\s+serve\b|vllm\.entrypoints/, tool: 'vllm' },
  { pattern: /\bmlflow\s+models\s+serve\b/, tool: 'mlflow' },
  { pattern: /\btritonserver\b/, tool: 'triton' },
  { pattern: /\btorchserve\s+--start\b/, tool: 'torchserve' },
  { pattern: /\bbentoml\s+serve\b/, tool: 'bentoml' },
  { pattern: /\bmlserver\s+start\b/, tool: 'mlserver' },
  { pattern: /\bserve\s+run\b/, tool: 'ray-serve' },
];

interface Containers {
  images: string[];
  commands: string[];
  hasRequests: boolean;
  hasLimits: boolean;
  gpu: boolean;
  probes: boolean;
}

/** Walks a spec for containers and resource blocks, whatever the CRD's layout. */
function inspectContainers(spec: unknown): Containers {
  const result: Containers = {
    images: [],
    commands: [],
    hasRequests: false,
    hasLimits: false,
    gpu: false,
    probes: false,
  };
  const visit = (value: unknown, depth: number) => {
    if (depth > 12) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(item => visit(item, depth + 1));
      return;
    }
    if (!isMap(value)) {
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (
        key === 'resources' &&
        isMap(child) &&
        (isMap(child.requests) || isMap(child.limits))
      ) {
        const requests = asMap(child.requests);
        const limits = asMap(child.limits);
        result.hasRequests =
          result.hasRequests || Object.keys(requests).length > 0;
        result.hasLimits = result.hasLimits || Object.keys(limits).length > 0;
        const gpuKeys = [
          ...Object.entries(requests),
          ...Object.entries(limits),
        ].filter(
          ([name, amount]) => /gpu/i.test(name) && (asNumber(amount) ?? 1) > 0,
        );
        result.gpu = result.gpu || gpuKeys.length > 0;
      } else if (key === 'image' && typeof child === 'string') {
        result.images.push(child);
      } else if (
        (key === 'command' || key === 'args') &&
        Array.isArray(child)
      ) {
        result.commands.push(asStrings(child).join(' '));
      } else if (
        key === 'readinessProbe' ||
        key === 'livenessProbe' ||
        key === 'startupProbe'
      ) {
        result.probes = true;
      } else {
        visit(child, depth + 1);
      }
    }
  };
  visit(spec, 0);
  return result;
}

function scalingBounds(
  kind: string,
  doc: YamlMap,
): { min: number | null; max: number | null } {
  const spec = asMap(doc.spec);
  switch (kind) {
    case 'HorizontalPodAutoscaler':
      return {
        min: asNumber(spec.minReplicas) ?? 1,
        max: asNumber(spec.maxReplicas),
      };
    case 'InferenceService':
      return {
        min: asNumber(getPath(spec, 'predictor.minReplicas')),
        max: asNumber(getPath(spec, 'predictor.maxReplicas')),
      };
    case 'ScaledObject':
      return {
        min: asNumber(spec.minReplicaCount) ?? 0,
        max: asNumber(spec.maxReplicaCount) ?? 100,
      };
    case 'SeldonDeployment': {
      const hpa = asArray(spec.predictors)
        .flatMap(p => asArray(asMap(p).componentSpecs))
        .map(c => asMap(asMap(c).hpaSpec))
        .find(h => h.maxReplicas !== undefined);
      return {
        min: asNumber(hpa?.minReplicas),
        max: asNumber(hpa?.maxReplicas),
      };
    }
    case 'Service': {
      const annotations = asMap(getPath(spec, 'template.metadata.annotations'));
      return {
        min: asNumber(
          annotations['autoscaling.knative.dev/min-scale'] ??
            annotations['autoscaling.knative.dev/minScale'],
        ),
        max: asNumber(
          annotations['autoscaling.knative.dev/max-scale'] ??
            annotations['autoscaling.knative.dev/maxScale'],
        ),
      };
    }
    default:
      return { min: null, max: null };
  }
}

function canaryPercent(kind: string, doc: YamlMap): number | null {
  const spec = asMap(doc.spec);
  if (kind === 'InferenceService') {
    return asNumber(getPath(spec, 'predictor.canaryTrafficPercent'));
  }
  if (kind === 'Rollout') {
    const steps = asArray(getPath(spec, 'strategy.canary.steps')).map(asMap);
    return asNumber(
      steps.find(step => step.setWeight !== undefined)?.setWeight,
    );
  }
  if (kind === 'Canary') {
    return asNumber(getPath(spec, 'analysis.stepWeight'));
  }
  if (kind === 'SeldonDeployment') {
    const traffic = asArray(spec.predictors)
      .map(p => asNumber(asMap(p).traffic))
      .filter((t): t is number => t !== null);
    return traffic.length > 1 ? Math.min(...traffic) : null;
  }
  return null;
}

/** Images of stateful or supporting components (databases, queues, monitoring), not of the service. */
const INFRASTRUCTURE_IMAGE =
  /^(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|redis-stack|valkey|memcached|cassandra|elasticsearch|opensearch|rabbitmq|kafka|zookeeper|nats|minio|etcd|clickhouse|neo4j|qdrant|milvus|weaviate|chroma|grafana|prometheus|alertmanager|loki|jaeger|otel-collector|opentelemetry-collector)(-|$)/;

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Rollout',
  'Pod',
  'Job',
  'CronJob',
]);

const SERVING_RUNTIME_KINDS = new Set([
  'InferenceService',
  'SeldonDeployment',
  'RayService',
]);

function isInfrastructureImage(image: string): boolean {
  const name = (image.split('/').pop() ?? image).split(/[:@]/)[0];
  return INFRASTRUCTURE_IMAGE.test(name.toLowerCase());
}

/** The model server a workload's images or commands run, if any. */
function modelServerOf(containers: Containers) {
  return (
    SERVING_IMAGES.find(s => containers.images.some(i => s.pattern.test(i))) ??
    SERVING_COMMANDS.find(s => containers.commands.some(c => s.pattern.test(c)))
  );
}

function podLabelsOf(doc: YamlMap): Record<string, unknown> {
  return {
    ...asMap(getPath(doc, 'spec.selector.matchLabels')),
    ...asMap(getPath(doc, 'spec.template.metadata.labels')),
    ...(doc.kind === 'Pod' ? asMap(getPath(doc, 'metadata.labels')) : {}),
  };
}

function namespaceOf(doc: YamlMap): string | null {
  return asString(getPath(doc, 'metadata.namespace')) ?? null;
}

function resourceKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/**
 * What each workload of the manifests does. A Service routing to a workload makes it a web
 * workload: its selector matches the pod labels or, when templating left the labels empty,
 * it carries the workload's name (the convention of Helm charts).
 */
function workloadRoles(
  documents: ManifestDocument[],
): Map<string, K8sWorkloadRole> {
  const services = documents
    .filter(
      ({ doc }) =>
        doc.kind === 'Service' &&
        !/serving\.knative\.dev/.test(asString(doc.apiVersion) ?? ''),
    )
    .map(({ doc }) => ({
      name: asString(getPath(doc, 'metadata.name')) ?? '',
      namespace: namespaceOf(doc),
      selector: asMap(getPath(doc, 'spec.selector')),
    }));
  const roles = new Map<string, K8sWorkloadRole>();
  for (const { doc } of documents) {
    const kind = asString(doc.kind) ?? '';
    const apiVersion = asString(doc.apiVersion) ?? '';
    const knative =
      kind === 'Service' && /serving\.knative\.dev/.test(apiVersion);
    if (
      !WORKLOAD_KINDS.has(kind) &&
      !SERVING_RUNTIME_KINDS.has(kind) &&
      !knative
    ) {
      continue;
    }
    const name = asString(getPath(doc, 'metadata.name')) ?? kind;
    const containers = inspectContainers(doc.spec);
    const labels = podLabelsOf(doc);
    const routed = services.some(
      service =>
        service.namespace === namespaceOf(doc) &&
        (Object.keys(service.selector).length > 0
          ? Object.entries(service.selector).every(
              ([key, value]) => String(labels[key]) === String(value),
            )
          : service.name === name),
    );
    let role: K8sWorkloadRole;
    if (SERVING_RUNTIME_KINDS.has(kind) || modelServerOf(containers)) {
      role = 'model-server';
    } else if (
      containers.images.length > 0 &&
      containers.images.every(isInfrastructureImage)
    ) {
      role = 'infrastructure';
    } else if (kind === 'Job' || kind === 'CronJob') {
      role = 'batch';
    } else if (routed || knative) {
      role = 'web';
    } else {
      role = 'worker';
    }
    roles.set(resourceKey(kind, name), role);
  }
  return roles;
}

/** The workload an autoscaler scales (KEDA defaults the kind to Deployment). */
function scaleTargetOf(
  kind: string,
  doc: YamlMap,
  roles: Map<string, K8sWorkloadRole>,
): K8sResourceAttributes['scaleTarget'] {
  if (kind !== 'HorizontalPodAutoscaler' && kind !== 'ScaledObject') {
    return undefined;
  }
  const ref = asMap(getPath(doc, 'spec.scaleTargetRef'));
  const name = asString(ref.name);
  if (!name) {
    return null;
  }
  const targetKind = asString(ref.kind) ?? 'Deployment';
  return {
    kind: targetKind,
    name,
    role: roles.get(resourceKey(targetKind, name)) ?? null,
  };
}

function labelsOf(doc: YamlMap): Record<string, unknown> {
  return {
    ...asMap(getPath(doc, 'metadata.labels')),
    ...asMap(getPath(doc, 'spec.template.metadata.labels')),
    ...asMap(getPath(doc, 'spec.jobTemplate.spec.template.metadata.labels')),
  };
}

function summary(attrs: K8sResourceAttributes): string {
  const parts: string[] = [];
  if (attrs.replicas !== null) {
    parts.push(`${attrs.replicas} replica${attrs.replicas === 1 ? '' : 's'}`);
  }
  if (attrs.minReplicas !== null || attrs.maxReplicas !== null) {
    const target = attrs.scaleTarget
      ? ` ${attrs.scaleTarget.kind} ${code(attrs.scaleTarget.name)}`
      : '';
    parts.push(
      `scales${target} ${attrs.minReplicas ?? '?'}–${
        attrs.maxReplicas ?? '?'
      } replicas`,
    );
  }
  if (attrs.canaryTrafficPercent !== null) {
    parts.push(`canary at ${attrs.canaryTrafficPercent}%`);
  }
  const declared = [
    attrs.hasResourceRequests && 'requests',
    attrs.hasResourceLimits && 'limits',
  ].filter(Boolean);
  if (declared.length) {
    parts.push(`resource ${declared.join(' and ')} set`);
  }
  if (attrs.gpu) {
    parts.push('requests GPUs');
  }
  return parts.length ? `: ${parts.join(', ')}` : '';
}

/** Kubernetes manifests (plain, Kustomize bases, rendered Helm templates) and what they declare. */
export function detectKubernetes(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  const { documents, unparsed } = manifestDocuments(files);
  const roles = workloadRoles(documents);
  for (const { path, doc, source, valuesFile } of documents) {
    const kind = asString(doc.kind)!;
    const apiVersion = asString(doc.apiVersion)!;
    const name = asString(getPath(doc, 'metadata.name')) ?? kind;
    const spec = asMap(doc.spec);
    const containers = inspectContainers(spec);
    const bounds = scalingBounds(kind, doc);
    const role = roles.get(resourceKey(kind, name));
    const scaleTarget = scaleTargetOf(kind, doc, roles);
    const attributes: K8sResourceAttributes = {
      apiVersion,
      resourceKind: kind,
      name,
      replicas: ['Deployment', 'StatefulSet', 'Rollout', 'ReplicaSet'].includes(
        kind,
      )
        ? asNumber(spec.replicas)
        : null,
      minReplicas: bounds.min,
      maxReplicas: bounds.max,
      hasResourceRequests: containers.hasRequests,
      hasResourceLimits: containers.hasLimits,
      gpu: containers.gpu,
      canaryTrafficPercent: canaryPercent(kind, doc),
      revisionHistoryLimit: asNumber(spec.revisionHistoryLimit),
      images: [...new Set(containers.images)],
      probes: containers.probes,
      namespace: namespaceOf(doc),
      ...(role ? { role } : {}),
      ...(scaleTarget !== undefined ? { scaleTarget } : {}),
      source,
      ...(valuesFile ? { valuesFile } : {}),
    };
    const where = `${path}${valuesFile ? ` (enabled by ${valuesFile})` : ''}`;
    const subject = `Kubernetes ${kind} ${code(name)} in ${where}`;
    const kindIs = (group: RegExp, k: string) =>
      kind === k && group.test(apiVersion);

    if (
      RESOURCE_KINDS.has(kind) &&
      !(kind === 'Model' && !/seldon/.test(apiVersion)) &&
      !(kind === 'Experiment' && !/kubeflow/.test(apiVersion)) &&
      !(kind === 'Application' && !/argoproj/.test(apiVersion))
    ) {
      findings.signal(
        'k8s-resource',
        'kubernetes',
        path,
        `${subject}${summary(attributes)}`,
        attributes,
      );
    }

    // Serving
    if (
      kindIs(/serving\.kserve\.io|serving\.kubeflow\.org/, 'InferenceService')
    ) {
      const predictor = asMap(spec.predictor);
      const format =
        asString(getPath(predictor, 'model.modelFormat.name')) ??
        Object.keys(predictor).find(
          key =>
            isMap(predictor[key]) && asString(asMap(predictor[key]).storageUri),
        ) ??
        'custom';
      findings.signal(
        'serving',
        'kserve',
        path,
        `KServe InferenceService ${code(
          name,
        )} in ${path} serves a ${format} model`,
        {
          name,
          modelFormat: format,
          storageUri: asString(getPath(predictor, 'model.storageUri')) ?? null,
        },
      );
    } else if (
      kind === 'SeldonDeployment' ||
      (/mlops\.seldon\.io/.test(apiVersion) &&
        (kind === 'Model' || kind === 'Pipeline'))
    ) {
      findings.signal(
        'serving',
        'seldon',
        path,
        `Seldon ${kind} ${code(name)} in ${path}`,
        { name },
      );
    } else if (kindIs(/ray\.io/, 'RayService')) {
      findings.signal(
        'serving',
        'ray-serve',
        path,
        `Ray Serve application ${code(name)} in ${path} (RayService)`,
        { name },
      );
    } else if (
      ['Deployment', 'StatefulSet', 'Rollout', 'Pod'].includes(kind) ||
      (kind === 'Service' && /serving\.knative\.dev/.test(apiVersion))
    ) {
      const match = modelServerOf(containers);
      if (match) {
        findings.signal(
          'serving',
          match.tool,
          path,
          `${subject} runs a ${match.tool} model server`,
          { name, images: attributes.images },
        );
      }
    }

    // Progressive delivery and rollback
    if (kindIs(/argoproj\.io/, 'Rollout')) {
      const strategy = (['canary', 'blueGreen'] as const)
        .filter(key => isMap(getPath(spec, `strategy.${key}`)))
        .map(key => (key === 'blueGreen' ? 'blue-green' : key))[0];
      if (strategy) {
        findings.signal(
          'progressive-rollout',
          'argo-rollouts',
          path,
          `Argo Rollout ${code(name)} in ${path} uses a ${strategy} strategy`,
          {
            name,
            strategy,
            analysis: JSON.stringify(spec).includes('analysis'),
          },
        );
        findings.signal(
          'rollback',
          'argo-rollouts',
          path,
          `Argo Rollout ${code(
            name,
          )} in ${path} keeps the previous ReplicaSet and can abort back to it`,
          {
            name,
            automatic: JSON.stringify(spec).includes('analysis'),
            revisionHistoryLimit: attributes.revisionHistoryLimit,
          },
        );
      }
    } else if (kindIs(/flagger\.app/, 'Canary')) {
      findings.signal(
        'progressive-rollout',
        'flagger',
        path,
        `Flagger Canary ${code(name)} in ${path} shifts traffic step by step`,
        {
          name,
          strategy: 'canary',
          stepWeight: attributes.canaryTrafficPercent,
        },
      );
      findings.signal(
        'rollback',
        'flagger',
        path,
        `Flagger Canary ${code(
          name,
        )} in ${path} rolls back automatically when its analysis fails`,
        {
          name,
          automatic: true,
        },
      );
    } else if (
      kind === 'InferenceService' &&
      attributes.canaryTrafficPercent !== null
    ) {
      findings.signal(
        'progressive-rollout',
        'kserve',
        path,
        `KServe InferenceService ${code(name)} in ${path} sends ${
          attributes.canaryTrafficPercent
        }% of traffic to the new revision`,
        {
          name,
          strategy: 'canary',
          canaryTrafficPercent: attributes.canaryTrafficPercent,
        },
      );
      findings.signal(
        'rollback',
        'kserve',
        path,
        `KServe InferenceService ${code(
          name,
        )} in ${path} keeps the previous revision serving during a canary`,
        {
          name,
          automatic: false,
        },
      );
    } else if (
      kind === 'SeldonDeployment' &&
      attributes.canaryTrafficPercent !== null
    ) {
      findings.signal(
        'progressive-rollout',
        'seldon',
        path,
        `SeldonDeployment ${code(
          name,
        )} in ${path} splits traffic between predictors`,
        {
          name,
          strategy: 'canary',
        },
      );
    } else if (
      kind === 'VirtualService' ||
      kind === 'TrafficSplit' ||
      kind === 'HTTPRoute' ||
      (kind === 'Service' && /serving\.knative\.dev/.test(apiVersion))
    ) {
      const weights =
        JSON.stringify(spec).match(/"(weight|percent)":\s*\d+/g) ?? [];
      if (weights.length >= 2) {
        const tool = TRAFFIC_SPLITTERS[kind] ?? 'gateway-api';
        findings.signal(
          'progressive-rollout',
          tool,
          path,
          `${subject} splits traffic by weight`,
          {
            name,
            strategy: 'traffic-split',
          },
        );
      }
    }
    // Keeping old ReplicaSets is Kubernetes' default (10), so a positive limit is no
    // rollback practice on its own; discarding them all removes the way back.
    if (kind === 'Deployment' && attributes.revisionHistoryLimit === 0) {
      findings.reject(
        'rollback',
        'kubernetes',
        path,
        `${subject} sets revisionHistoryLimit: 0, so there is no previous version to roll back to`,
      );
    }

    // Monitoring
    if (
      (kind === 'ServiceMonitor' || kind === 'PodMonitor') &&
      /monitoring\.coreos\.com/.test(apiVersion)
    ) {
      const endpoints = asArray(spec.endpoints ?? spec.podMetricsEndpoints).map(
        asMap,
      );
      findings.signal(
        'monitoring-config',
        'prometheus-operator',
        path,
        `Prometheus ${kind} ${code(name)} in ${path} scrapes ${
          endpoints.map(e => asString(e.path) ?? '/metrics').join(', ') ||
          '/metrics'
        }`,
        {
          name,
          endpoints: endpoints.map(
            e =>
              `${asString(e.port) ?? asString(e.targetPort) ?? ''}${
                asString(e.path) ?? '/metrics'
              }`,
          ),
        },
      );
    } else if (
      kind === 'PodMonitoring' &&
      /monitoring\.googleapis\.com/.test(apiVersion)
    ) {
      findings.signal(
        'monitoring-config',
        'google-managed-prometheus',
        path,
        `PodMonitoring ${code(name)} in ${path} scrapes the service's pods`,
        { name },
      );
    }
    const annotations = {
      ...asMap(getPath(doc, 'metadata.annotations')),
      ...asMap(getPath(spec, 'template.metadata.annotations')),
    };
    if (String(annotations['prometheus.io/scrape']) === 'true') {
      findings.signal(
        'monitoring-config',
        'prometheus',
        path,
        `${subject} is annotated for Prometheus scraping (prometheus.io/scrape)`,
        {
          name,
          port: asString(annotations['prometheus.io/port']) ?? null,
          path: asString(annotations['prometheus.io/path']) ?? '/metrics',
        },
      );
    }
    if (
      kind === 'PrometheusRule' ||
      (kind === 'Rules' && /monitoring\.googleapis\.com/.test(apiVersion))
    ) {
      const alerts = asArray(spec.groups)
        .flatMap(group => asArray(asMap(group).rules))
        .map(asMap)
        .filter(rule => typeof rule.alert === 'string')
        .map(rule => ({
          name: String(rule.alert),
          expr: asString(rule.expr) ?? '',
          for: asString(rule.for) ?? null,
          severity: asString(getPath(rule, 'labels.severity')) ?? null,
        }));
      if (alerts.length) {
        findings.signal(
          'alert-rules',
          'prometheus-operator',
          path,
          `PrometheusRule ${code(name)} in ${path} defines alert${
            alerts.length > 1 ? 's' : ''
          } ${listForHumans(alerts.map(a => code(a.name)))}`,
          {
            name,
            alerts,
          },
        );
      } else {
        findings.reject(
          'alert-rules',
          'prometheus-operator',
          path,
          `PrometheusRule ${code(
            name,
          )} in ${path} has no alerting rules (only recording rules or none)`,
        );
      }
    }

    // Schedules, tuning, scale
    if (kind === 'CronJob') {
      const schedule = asString(spec.schedule) ?? '';
      const analysis = analyzeSteps(
        containers.commands.map(command => ({ script: command })),
        files,
      );
      findings.invokes(...analysis.invokedPaths);
      const ran = analysis.activities.length
        ? analysis.activities.map(a => code(analysis.evidence[a]!))
        : containers.commands
            .slice(0, 1)
            .map(command => code(commandLabel(command, 4)));
      const doing = ran.length ? ` and runs ${listForHumans(ran)}` : '';
      if (spec.suspend === true) {
        findings.reject(
          'schedule',
          'kubernetes',
          path,
          `Kubernetes CronJob ${code(
            name,
          )} in ${path} is suspended (\`suspend: true\`), so its schedule ${code(
            schedule,
          )} never starts it`,
        );
      } else {
        findings.signal(
          'schedule',
          'kubernetes',
          path,
          `Kubernetes CronJob ${code(name)} in ${path} runs on schedule ${code(
            schedule,
          )}${doing}`,
          {
            trigger: 'cron',
            schedule,
            target: name,
            activities: analysis.activities,
          },
        );
      }
    }
    if (kind === 'Experiment' && /kubeflow\.org/.test(apiVersion)) {
      findings.signal(
        'hyperparameter-tuning',
        'katib',
        path,
        `Katib Experiment ${code(name)} in ${path} tunes ${
          asArray(spec.parameters).length
        } parameters with ${
          asString(getPath(spec, 'algorithm.algorithmName')) ??
          'a search algorithm'
        }`,
        {
          name,
          algorithm: asString(getPath(spec, 'algorithm.algorithmName')) ?? null,
          runByPipeline: false,
        },
      );
    }
    if (
      kind === 'SparkApplication' ||
      kind === 'RayCluster' ||
      kind === 'RayJob'
    ) {
      findings.signal(
        'data-scale',
        kind === 'SparkApplication' ? 'spark' : 'ray',
        path,
        `${subject} runs distributed processing`,
        { name },
      );
    }

    // GPU cost visibility
    const images = attributes.images as string[];
    const costImage = images.find(image =>
      /dcgm-exporter|kubecost|cost-analyzer|opencost/.test(image),
    );
    if (costImage) {
      const tool = costToolOf(costImage);
      findings.signal(
        'gpu-cost',
        tool,
        path,
        `${subject} runs ${tool} (${costImage})`,
        { name, image: costImage },
      );
    } else if (containers.gpu) {
      const costLabels = Object.keys(labelsOf(doc)).filter(key =>
        COST_LABEL.test(key.split('/').pop() ?? key),
      );
      if (costLabels.length) {
        findings.signal(
          'gpu-cost',
          'kubernetes',
          path,
          `${subject} requests GPUs and carries cost-attribution labels ${listForHumans(
            costLabels.map(code),
          )}`,
          {
            name,
            labels: costLabels,
          },
        );
      } else if (
        [
          'Deployment',
          'StatefulSet',
          'Job',
          'CronJob',
          'Pod',
          'InferenceService',
          'Rollout',
          'RayService',
        ].includes(kind)
      ) {
        findings.reject(
          'gpu-cost',
          'kubernetes',
          path,
          `${subject} requests GPUs but has no cost-attribution label (cost-center, team...), so its GPU cost cannot be attributed`,
        );
      }
    }
  }
  for (const path of unparsed) {
    const text = files.get(path)?.text ?? '';
    const kind = text.match(/^kind:\s*(\w+)/m)?.[1] ?? 'resource';
    if (RESOURCE_KINDS.has(kind)) {
      findings.signal(
        'k8s-resource',
        'kubernetes',
        path,
        `Helm template for a Kubernetes ${kind} in ${path} (not fully rendered)`,
        {
          apiVersion: text.match(/^apiVersion:\s*(\S+)/m)?.[1] ?? '',
          resourceKind: kind,
          name: '',
          replicas: null,
          minReplicas: null,
          maxReplicas: null,
          hasResourceRequests: /^\s*requests:/m.test(text),
          hasResourceLimits: /^\s*limits:/m.test(text),
          gpu: /gpu/.test(text),
          canaryTrafficPercent: null,
          revisionHistoryLimit: null,
          source: 'helm',
        },
      );
    }
  }
  return findings.result();
}
