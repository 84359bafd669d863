import {
  K8sResourceAttributes,
  K8sWorkloadRole,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { K8sResource } from './evidence';

/** Kinds that run the model's pods (plain Kubernetes, Argo Rollouts, KServe, Seldon, Ray). */
const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Rollout',
  'InferenceService',
  'SeldonDeployment',
  'RayService',
  'CronJob',
  'Job',
];

/** Kinds that spread traffic over replicas (KServe and Seldon route traffic themselves). */
export const TRAFFIC_KINDS = [
  'Service',
  'Ingress',
  'HTTPRoute',
  'VirtualService',
  'Route',
  'InferenceService',
  'SeldonDeployment',
];

/** Serving runtimes that bring their own model server. */
export const MODEL_SERVER_KINDS = [
  'InferenceService',
  'SeldonDeployment',
  'RayService',
];

export function isKnativeService(resource: K8sResourceAttributes): boolean {
  return (
    resource.resourceKind === 'Service' &&
    resource.apiVersion.startsWith('serving.knative.dev')
  );
}

export function isWorkload(resource: K8sResourceAttributes): boolean {
  return (
    WORKLOAD_KINDS.includes(resource.resourceKind) || isKnativeService(resource)
  );
}

export function describeResource({ signal, resource }: K8sResource): string {
  return `${resource.resourceKind} ${resource.name} (${signal.path})`;
}

/** Roles of workloads that serve the model: a model server, or a web service a Service routes to. */
const SERVING_ROLES: K8sWorkloadRole[] = ['model-server', 'web'];

const ROLE_NAMES: Record<K8sWorkloadRole, string> = {
  'model-server': 'model server',
  web: 'web service',
  infrastructure: 'database, queue or monitoring',
  batch: 'batch',
  worker: 'worker (no Service routes traffic to it)',
};

/**
 * Why an autoscaler does not scale the serving workload, or undefined when it does. The
 * analysis resolves `scaleTargetRef` to the workload it names and that workload's role.
 */
export function notScalingServing({ signal }: K8sResource): string | undefined {
  const target = signal.attributes?.scaleTarget as
    | K8sResourceAttributes['scaleTarget']
    | undefined;
  if (!target) {
    return 'names no workload to scale (scaleTargetRef)';
  }
  const named = `${target.kind} ${target.name}`;
  if (!target.role) {
    return `scales ${named}, which the repository's manifests do not declare`;
  }
  return SERVING_ROLES.includes(target.role)
    ? undefined
    : `scales ${named}, a ${
        ROLE_NAMES[target.role]
      } workload that does not serve the model`;
}
