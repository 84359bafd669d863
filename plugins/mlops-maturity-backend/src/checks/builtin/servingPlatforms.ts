import {
  RepoSignal,
  ServingPlatformAttributes,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepositoryView } from './evidence';

/** A managed platform that serves the model (a `serving` signal with platform attributes). */
export interface ServingPlatform {
  signal: RepoSignal;
  attributes: ServingPlatformAttributes;
}

const PLATFORM_NAMES: Record<string, string> = {
  'sagemaker-endpoint': 'SageMaker endpoint',
  'vertex-ai-endpoint': 'Vertex AI endpoint',
  'ai-platform-prediction': 'AI Platform Prediction',
  'azureml-online-endpoint': 'Azure ML online endpoint',
  'azureml-kubernetes-endpoint': 'Azure ML Kubernetes endpoint',
  'azureml-aks-webservice': 'Azure ML web service on AKS',
  'azureml-aci-webservice': 'Azure ML web service on ACI',
  'azure-container-apps': 'Azure Container Apps',
  'azure-app-service': 'Azure App Service',
  'cloud-run': 'Cloud Run',
  'aws-lambda': 'AWS Lambda',
  'aws-ecs': 'Amazon ECS',
};

function isAutoscaling(
  value: unknown,
): value is NonNullable<ServingPlatformAttributes['autoscaling']> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Serving signals of managed platforms, read with the contract's defaults (once per evaluation). */
export function servingPlatforms(
  repo: RepositoryView,
): readonly ServingPlatform[] {
  return repo.derive(readServingPlatforms);
}

function readServingPlatforms(repo: RepositoryView): ServingPlatform[] {
  return repo
    .signals('serving', s => typeof s.attributes?.platform === 'string')
    .map(signal => {
      const a = signal.attributes;
      const autoscaling = isAutoscaling(a.autoscaling) ? a.autoscaling : null;
      return {
        signal,
        attributes: {
          platform: String(a.platform),
          declaredIn: String(a.declaredIn ?? ''),
          orchestrated: a.orchestrated === true,
          autoscaling: autoscaling && {
            minReplicas:
              typeof autoscaling.minReplicas === 'number'
                ? autoscaling.minReplicas
                : null,
            maxReplicas:
              typeof autoscaling.maxReplicas === 'number'
                ? autoscaling.maxReplicas
                : null,
            via: String(autoscaling.via ?? ''),
          },
        },
      };
    });
}

/** `SageMaker endpoint (deploy/endpoint.yml)`. */
export function describePlatform({
  signal,
  attributes,
}: ServingPlatform): string {
  return `${PLATFORM_NAMES[attributes.platform] ?? attributes.platform} (${
    signal.path
  })`;
}

/** Why a platform's autoscaling cannot scale, or undefined when it can. */
export function pinnedPlatform({
  attributes,
}: ServingPlatform): string | undefined {
  const scaling = attributes.autoscaling;
  if (!scaling) {
    return 'declares no autoscaling';
  }
  const min = scaling.minReplicas ?? 1;
  return scaling.maxReplicas !== null && scaling.maxReplicas <= min
    ? `is pinned at ${scaling.maxReplicas} instances (min ${min}, max ${scaling.maxReplicas})`
    : undefined;
}
