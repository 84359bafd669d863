import { K8sResourceAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  booleanParam,
  capitalize,
  citeRejections,
  defineCheck,
  describeSignals,
  fail,
  numberParam,
  pass,
  plural,
  withRepository,
} from './evidence';
import {
  MODEL_SERVER_KINDS,
  TRAFFIC_KINDS,
  describeResource,
  isKnativeService,
  isWorkload,
} from './kubernetes';

const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'];
const BATCH_KINDS = ['Job', 'CronJob'];
const PROGRESSIVE_KINDS = ['Rollout', 'Canary'];

/** Serving workloads: batch jobs do not take traffic. */
const isServingWorkload = (r: K8sResourceAttributes) =>
  isWorkload(r) && !BATCH_KINDS.includes(r.resourceKind);

/** The fewest replicas a workload or autoscaler keeps running (Kubernetes defaults to 1). */
const replicaFloor = (r: K8sResourceAttributes) =>
  Math.max(r.replicas ?? 1, r.minReplicas ?? 1);

/** Why an autoscaling resource cannot actually scale, or undefined when it can. */
function pinned(r: K8sResourceAttributes): string | undefined {
  const min = r.minReplicas ?? 1;
  if (AUTOSCALER_KINDS.includes(r.resourceKind)) {
    return r.maxReplicas !== null && r.maxReplicas <= min
      ? `is pinned at ${r.maxReplicas} replicas (minReplicas ${min}, maxReplicas ${r.maxReplicas})`
      : undefined;
  }
  if (r.maxReplicas === null) {
    return 'sets no maxReplicas';
  }
  return r.maxReplicas <= min
    ? `is pinned at ${r.maxReplicas} replicas (minReplicas ${min}, maxReplicas ${r.maxReplicas})`
    : undefined;
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
      'Verifies that the model is served by a serving framework (KServe, Seldon, BentoML, Triton, TorchServe, Ray Serve or a dedicated model server).',
    dimension: 'serving',
    level: 1,
    required: false,
    persona: 'ml-engineer',
    sources: ['repository'],
    remediation:
      'Serve the model with a model server: a KServe `InferenceService`, a BentoML service (`service.py` + `bentofile.yaml`), Triton or a FastAPI app that loads the registered model.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const servers = repo.signals('serving');
        const resources = repo.k8sResources(r =>
          MODEL_SERVER_KINDS.includes(r.resourceKind),
        );
        if (servers.length > 0 || resources.length > 0) {
          return pass(
            `Model served by ${[
              ...(servers.length > 0 ? [describeSignals(servers)] : []),
              ...resources.map(describeResource),
            ].join(', ')}`,
            [
              ...servers.map(s => repo.found(s)),
              ...resources.map(r => repo.found(r.signal, describeResource(r))),
            ],
          );
        }
        const rejections = repo.rejections('serving');
        const missing = repo.missing(
          'model serving framework (KServe, Seldon, BentoML, Triton, TorchServe, Ray Serve)',
        );
        return fail(
          `${capitalize(missing.detail)}${citeRejections(rejections)}`,
          [missing, ...rejections.map(r => repo.rejected(r))],
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
    required: false,
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
          const missing = repo.missing(
            'serving workload behind a Service or load balancer',
          );
          return fail(capitalize(missing.detail), [missing]);
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
    required: false,
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
          const missing = repo.missing(
            'Kubernetes workload to inspect for resource requests',
          );
          return fail(capitalize(missing.detail), [missing]);
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
      'Verifies that serving scales with load: a HorizontalPodAutoscaler, KEDA ScaledObject, or KServe/Seldon/Knative min and max replicas that differ.',
    dimension: 'serving',
    level: 2,
    required: true,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Add a `HorizontalPodAutoscaler` (or KEDA `ScaledObject`) for the serving Deployment with `maxReplicas` above `minReplicas`, or set `minReplicas`/`maxReplicas` on the KServe InferenceService.',
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const candidates = repo.k8sResources(canScale);
        const scaling = candidates.filter(c => !pinned(c.resource));
        if (scaling.length > 0) {
          return pass(
            `Autoscaling: ${scaling
              .map(
                s =>
                  `${describeResource(s)} ${s.resource.minReplicas ?? 1}–${
                    s.resource.maxReplicas ?? 'default max'
                  } replicas`,
              )
              .join(', ')}`,
            scaling.map(s =>
              repo.found(s.signal, `${describeResource(s)} scales with load`),
            ),
          );
        }
        const reasons = candidates.map(
          c => `${describeResource(c)} ${pinned(c.resource)}`,
        );
        const missing = repo.missing(
          'autoscaler that can scale (HorizontalPodAutoscaler, KEDA ScaledObject, or KServe/Seldon/Knative min and max replicas)',
        );
        return fail(
          `${capitalize(missing.detail)}${reasons.map(r => `; ${r}`).join('')}`,
          [
            missing,
            ...candidates.map((c, i) => repo.found(c.signal, reasons[i])),
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
    required: false,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Roll out new versions gradually: set `canaryTrafficPercent` on the KServe InferenceService, or use an Argo Rollouts `Rollout` / Flagger `Canary` with analysis steps.',
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
        const missing = repo.missing(
          'canary or blue-green rollout (KServe canaryTrafficPercent, Argo Rollouts, Flagger)',
        );
        return fail(
          `${capitalize(missing.detail)}${citeRejections(rejections)}`,
          [missing, ...rejections.map(r => repo.rejected(r))],
        );
      }),
  }),
];
