import {
  K8sResourceAttributes,
  RepoSignal,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  booleanParam,
  capitalize,
  citeRejections,
  defineCheck,
  describeSignals,
  fail,
  K8sResource,
  numberParam,
  pass,
  plural,
  RepositoryView,
  withRepository,
} from './evidence';
import {
  MODEL_SERVER_KINDS,
  TRAFFIC_KINDS,
  describeResource,
  isKnativeService,
  isWorkload,
  notScalingServing,
} from './kubernetes';
import {
  describePlatform,
  pinnedPlatform,
  servingPlatforms,
} from './servingPlatforms';

const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'];
const BATCH_KINDS = ['Job', 'CronJob'];
const PROGRESSIVE_KINDS = ['Rollout', 'Canary'];

/** Serving workloads: batch jobs do not take traffic. */
const isServingWorkload = (r: K8sResourceAttributes) =>
  isWorkload(r) && !BATCH_KINDS.includes(r.resourceKind);

/** The fewest replicas a workload or autoscaler keeps running (Kubernetes defaults to 1). */
const replicaFloor = (r: K8sResourceAttributes) =>
  Math.max(r.replicas ?? 1, r.minReplicas ?? 1);

/** Why an autoscaling resource cannot actually scale the model, or undefined when it can. */
function pinned(k8s: K8sResource): string | undefined {
  const r = k8s.resource;
  const min = r.minReplicas ?? 1;
  if (AUTOSCALER_KINDS.includes(r.resourceKind)) {
    return (
      notScalingServing(k8s) ??
      (r.maxReplicas !== null && r.maxReplicas <= min
        ? `is pinned at ${r.maxReplicas} replicas (minReplicas ${min}, maxReplicas ${r.maxReplicas})`
        : undefined)
    );
  }
  if (r.maxReplicas === null) {
    return 'sets no maxReplicas';
  }
  return r.maxReplicas <= min
    ? `is pinned at ${r.maxReplicas} replicas (minReplicas ${min}, maxReplicas ${r.maxReplicas})`
    : undefined;
}

/**
 * A web app the service wrote itself (FastAPI, Flask) that loads a model: serving
 * infrastructure only once something packages it to run somewhere.
 */
function isHandWrittenApp(signal: RepoSignal): boolean {
  return typeof signal.attributes?.modelLoader === 'string';
}

/** What packages or deploys the service: container images, Kubernetes workloads, platforms. */
function packagingOf(repo: RepositoryView): string[] {
  return [
    ...repo.signals('container-image').map(s => s.path),
    ...repo
      .k8sResources(r => isWorkload(r) && !BATCH_KINDS.includes(r.resourceKind))
      .map(describeResource),
    ...servingPlatforms(repo).map(describePlatform),
  ];
}

const canScale = (r: K8sResourceAttributes) =>
  AUTOSCALER_KINDS.includes(r.resourceKind) ||
  MODEL_SERVER_KINDS.includes(r.resourceKind) ||
  isKnativeService(r);

export const servingChecks: MaturityCheck[] = [
  defineCheck({
    id: 'serving.infra',
    title: 'Model serving infrastructure',
    description:
      'Verifies that the model is served by serving infrastructure: a model server (KServe, Seldon, BentoML, Triton, TorchServe, Ray Serve), a managed endpoint or app platform (SageMaker, Vertex AI, Azure ML, Container Apps, App Service, Cloud Run, Lambda), or a web app that loads the model and is packaged to run there.',
    dimension: 'serving',
    level: 1,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Serve the model with serving infrastructure: a KServe `InferenceService`, a BentoML service (`service.py` + `bentofile.yaml`), Triton, a managed endpoint (SageMaker, Vertex AI, Azure ML), or a FastAPI app that loads the registered model, built into an image and deployed.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const serving = repo.signals('serving');
        const apps = serving.filter(isHandWrittenApp);
        const packaging = packagingOf(repo);
        const servers = serving.filter(
          s => !isHandWrittenApp(s) || packaging.length > 0,
        );
        const resources = repo.k8sResources(r =>
          MODEL_SERVER_KINDS.includes(r.resourceKind),
        );
        if (servers.length > 0 || resources.length > 0) {
          const packagedBy =
            apps.length > 0 && packaging.length > 0
              ? ` (packaged by ${packaging.slice(0, 2).join(', ')})`
              : '';
          return pass(
            `Model served by ${[
              ...(servers.length > 0 ? [describeSignals(servers)] : []),
              ...resources.map(describeResource),
            ].join(', ')}${packagedBy}`,
            [
              ...servers.map(s => repo.found(s)),
              ...resources.map(r => repo.found(r.signal, describeResource(r))),
            ],
          );
        }
        const unpackaged = apps.map(
          app =>
            `${app.path} serves a model with ${app.tool} but nothing packages or deploys it (no container image, Kubernetes workload or serving platform), so it runs only when started by hand`,
        );
        const rejections = repo.rejections('serving');
        const missing = repo.notFound(
          'model serving infrastructure (KServe, Seldon, BentoML, Triton, TorchServe, Ray Serve, or a managed endpoint or app platform)',
        );
        return fail(
          `${missing.message}${unpackaged
            .map(u => `; ${u}`)
            .join('')}${citeRejections(rejections)}`,
          [
            missing.evidence,
            ...apps.map((app, i) => repo.found(app, unpackaged[i])),
            ...rejections.map(r => repo.rejected(r)),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'serving.load-balancing',
    title: 'Traffic is load-balanced',
    description:
      'Verifies that serving traffic is spread over several replicas behind a Service, Ingress or serving router.',
    dimension: 'serving',
    level: 1,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Run at least two replicas (`replicas: 2`, or `minReplicas: 2` on the HPA or InferenceService) behind a Kubernetes `Service`/`Ingress`, so traffic is balanced and one pod failing does not take the model down.',
    parameters: {
      minReplicas: {
        type: 'number',
        default: 2,
        min: 1,
        description:
          'Replicas that must be kept running behind the load balancer.',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const min = numberParam(ctx, 'minReplicas');
        const workloads = repo.k8sResources(isServingWorkload);
        const scalers = repo.k8sResources(r =>
          AUTOSCALER_KINDS.includes(r.resourceKind),
        );
        const fronts = repo.k8sResources(
          r => TRAFFIC_KINDS.includes(r.resourceKind) || isKnativeService(r),
        );
        if (workloads.length === 0) {
          const missing = repo.notFound(
            'serving workload behind a Service or load balancer',
          );
          return fail(missing.message, [missing.evidence]);
        }
        const floors = [...workloads, ...scalers].map(r =>
          replicaFloor(r.resource),
        );
        const most = Math.max(...floors);
        const workloadEvidence = workloads.map(w =>
          repo.found(
            w.signal,
            `${describeResource(w)} keeps ${plural(
              replicaFloor(w.resource),
              'replica',
            )}`,
          ),
        );
        if (fronts.length === 0) {
          return fail(
            `No Service, Ingress or serving router in front of ${workloads
              .map(describeResource)
              .join(', ')}`,
            [...workloadEvidence, repo.missing('Service, Ingress or route')],
          );
        }
        const frontEvidence = fronts.map(f =>
          repo.found(f.signal, `${describeResource(f)} routes traffic`),
        );
        if (most < min) {
          return fail(
            `At most ${plural(most, 'replica')} behind ${fronts
              .map(describeResource)
              .join(', ')}: at least ${min} are needed to balance load`,
            [...workloadEvidence, ...frontEvidence],
          );
        }
        return pass(
          `${most} replicas behind ${fronts.map(describeResource).join(', ')}`,
          [...workloadEvidence, ...frontEvidence],
        );
      }),
  }),

  defineCheck({
    id: 'serving.resources',
    title: 'Resources are requested and limited',
    description:
      'Verifies that every serving workload declares CPU/memory (or GPU) requests and, by default, limits.',
    dimension: 'serving',
    level: 1,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Set `resources.requests` and `resources.limits` (cpu, memory, `nvidia.com/gpu`) on every serving container, sized from observed usage, so the scheduler can pack nodes and a runaway pod cannot starve others.',
    parameters: {
      requireLimits: {
        type: 'boolean',
        default: true,
        description: 'Also require resource limits, not only requests.',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const requireLimits = booleanParam(ctx, 'requireLimits');
        const workloads = repo.k8sResources(isWorkload);
        if (workloads.length === 0) {
          const missing = repo.notFound(
            'Kubernetes workload to inspect for resource requests',
          );
          return fail(missing.message, [missing.evidence]);
        }
        const lacking = (r: K8sResourceAttributes) =>
          [
            ...(r.hasResourceRequests ? [] : ['requests']),
            ...(requireLimits && !r.hasResourceLimits ? ['limits'] : []),
          ].join(' and ');
        const offending = workloads.filter(w => lacking(w.resource));
        if (offending.length === 0) {
          return pass(
            `Resources declared for ${workloads
              .map(describeResource)
              .join(', ')}`,
            workloads.map(w =>
              repo.found(w.signal, `${describeResource(w)} declares resources`),
            ),
          );
        }
        const reasons = offending.map(
          w => `${describeResource(w)} has no resource ${lacking(w.resource)}`,
        );
        return fail(
          capitalize(reasons.join('; ')),
          offending.map((w, i) => repo.found(w.signal, reasons[i])),
        );
      }),
  }),

  defineCheck({
    id: 'serving.autoscaling',
    title: 'Serving autoscales',
    description:
      'Verifies that serving scales with load: a HorizontalPodAutoscaler or KEDA ScaledObject on the serving workload, KServe/Seldon/Knative min and max replicas that differ, or autoscaling of a managed endpoint or app platform (Application Auto Scaling, Vertex AI replica counts, Azure ML or Container Apps scale settings).',
    dimension: 'serving',
    level: 2,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Add a `HorizontalPodAutoscaler` (or KEDA `ScaledObject`) whose `scaleTargetRef` is the serving Deployment, with `maxReplicas` above `minReplicas`; set `minReplicas`/`maxReplicas` on the KServe InferenceService; or autoscale the managed endpoint (an Application Auto Scaling target and policy on the SageMaker variant, `max_replica_count` on Vertex AI, scale settings on Azure ML or Container Apps).',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const candidates = repo.k8sResources(canScale);
        const scaling = candidates.filter(c => !pinned(c));
        const platforms = servingPlatforms(repo).filter(
          p => p.attributes.autoscaling,
        );
        const scalingPlatforms = platforms.filter(p => !pinnedPlatform(p));
        if (scaling.length > 0 || scalingPlatforms.length > 0) {
          const bounds = (min: number | null, max: number | null) =>
            `${min ?? 1}–${max ?? 'default max'}`;
          return pass(
            `Autoscaling: ${[
              ...scaling.map(
                s =>
                  `${describeResource(s)} ${bounds(
                    s.resource.minReplicas,
                    s.resource.maxReplicas,
                  )} replicas`,
              ),
              ...scalingPlatforms.map(
                p =>
                  `${describePlatform(p)} ${
                    p.attributes.autoscaling!.minReplicas ?? '?'
                  }–${p.attributes.autoscaling!.maxReplicas ?? '?'} instances`,
              ),
            ].join(', ')}`,
            [
              ...scaling.map(s =>
                repo.found(s.signal, `${describeResource(s)} scales with load`),
              ),
              ...scalingPlatforms.map(p => repo.found(p.signal)),
            ],
          );
        }
        const reasons = [
          ...candidates.map(c => `${describeResource(c)} ${pinned(c)}`),
          ...platforms.map(p => `${describePlatform(p)} ${pinnedPlatform(p)}`),
        ];
        const missing = repo.notFound(
          'autoscaler of the serving workload (HorizontalPodAutoscaler, KEDA ScaledObject, KServe/Seldon/Knative min and max replicas, or managed endpoint autoscaling)',
        );
        return fail(
          `${missing.message}${reasons.map(r => `; ${r}`).join('')}`,
          [
            missing.evidence,
            ...[...candidates, ...platforms].map((c, i) =>
              repo.found(c.signal, reasons[i]),
            ),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'serving.progressive-rollout',
    title: 'Progressive rollout',
    description:
      'Verifies that new model versions are rolled out progressively (canary or blue-green) rather than all at once.',
    dimension: 'serving',
    level: 2,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      "Roll out new versions gradually: set `canaryTrafficPercent` on the KServe InferenceService, use an Argo Rollouts `Rollout` / Flagger `Canary` with analysis steps, a CodeDeploy canary (SAM `DeploymentPreference: Canary10Percent5Minutes`), a SageMaker canary or linear blue/green `DeploymentConfig`, or split an Azure ML endpoint's traffic between deployments.",
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const declared = repo.signals('progressive-rollout');
        const resources = repo.k8sResources(
          r =>
            PROGRESSIVE_KINDS.includes(r.resourceKind) ||
            (r.canaryTrafficPercent !== null &&
              r.canaryTrafficPercent > 0 &&
              r.canaryTrafficPercent < 100),
        );
        if (declared.length > 0 || resources.length > 0) {
          return pass(
            `Progressive rollout: ${[
              ...(declared.length > 0 ? [describeSignals(declared)] : []),
              ...resources.map(describeResource),
            ].join(', ')}`,
            [
              ...declared.map(s => repo.found(s)),
              ...resources.map(r =>
                repo.found(
                  r.signal,
                  r.resource.canaryTrafficPercent !== null
                    ? `${describeResource(r)} sends ${
                        r.resource.canaryTrafficPercent
                      }% to the canary`
                    : `${describeResource(r)} rolls out progressively`,
                ),
              ),
            ],
          );
        }
        const rejections = repo.rejections('progressive-rollout');
        const missing = repo.notFound(
          'canary or gradual rollout (KServe canaryTrafficPercent, Argo Rollouts, Flagger, CodeDeploy canary or linear, SageMaker canary or linear deployment, endpoint traffic split)',
        );
        return fail(`${missing.message}${citeRejections(rejections)}`, [
          missing.evidence,
          ...rejections.map(r => repo.rejected(r)),
        ]);
      }),
  }),
];
