import { K8sResourceAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
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
