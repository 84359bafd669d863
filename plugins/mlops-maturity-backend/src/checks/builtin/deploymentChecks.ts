import {
  FACT_SOURCES,
  RegistryFacts,
  RepoSignal,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { MaturityCheck } from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  capitalize,
  citeRejections,
  decide,
  defineCheck,
  describeSignals,
  evidenceFrom,
  fail,
  matchesPrefixPattern,
  pass,
  signalsRequired,
  stringList,
  stringsParam,
  withRepository,
} from './evidence';
import { describeResource, isWorkload } from './kubernetes';
import { describePlatform, servingPlatforms } from './servingPlatforms';

/**
 * A Helm chart deploys something when it has templates or dependencies, a kustomization when
 * it lists resources or charts; an empty `Chart.yaml` or kustomization deploys nothing.
 */
function deploysSomething(signal: RepoSignal): boolean {
  const count = (name: string) => {
    const value = signal.attributes?.[name];
    return Array.isArray(value) ? value.length : Number(value ?? 0);
  };
  if (signal.tool === 'helm') {
    return count('templates') + count('dependencies') > 0;
  }
  if (signal.tool === 'kustomize') {
    return count('resources') + count('charts') > 0;
  }
  return true;
}

/** Keeps only the part of an image reference the allow-list is written against. */
export function normalizeImage(image: string): string {
  return image
    .trim()
    .replace(/^(index\.)?docker\.io\/library\//, '')
    .replace(/^(index\.)?docker\.io\//, '');
}

export const deploymentChecks: MaturityCheck[] = [
  defineCheck({
    id: 'deploy.containerized',
    title: 'Service is containerized',
    description:
      'Verifies that the repository builds the service as a container image.',
    dimension: 'deployment',
    level: 1,
    weight: 2,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Add a `Dockerfile` that installs the pinned dependencies and starts the model server, and build it in CI.',
    evaluate: signalsRequired({
      kinds: 'container-image',
      lookingFor: 'Dockerfile or container build definition',
      foundMessage: 'Container image defined',
    }),
  }),

  defineCheck({
    id: 'deploy.standard-base-image',
    title: 'Standard base image',
    description:
      'Verifies that the runtime stage of every Dockerfile starts FROM an approved base image.',
    dimension: 'deployment',
    level: 1,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Start the runtime stage FROM an approved base image (see the allowedBaseImages parameter, e.g. `python:3.12-slim` or `gcr.io/distroless/python3`) instead of a full OS or an unvetted image.',
    parameters: {
      allowedBaseImages: {
        type: 'string[]',
        default: [
          'python:3.*-slim',
          'nvcr.io/nvidia/*',
          'gcr.io/distroless/*',
          'mcr.microsoft.com/azureml/*',
          'public.ecr.aws/sagemaker/*',
          'us-docker.pkg.dev/vertex-ai/*',
          'pytorch/pytorch',
          'tensorflow/serving',
          'bentoml/*',
          'seldonio/*',
          'kserve/*',
        ],
        description:
          'Approved base images; `*` matches anything and a pattern matches a prefix up to a separator (tag, digest or suffix).',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const images = repo.signals('container-image');
        if (images.length === 0) {
          const missing = repo.notFound('Dockerfile');
          return fail(missing.message, [missing.evidence]);
        }
        const allowed = stringsParam(ctx, 'allowedBaseImages');
        const runtime = images.map(signal => {
          const bases = stringList(signal.attributes?.baseImages);
          const base =
            bases.length > 0 ? normalizeImage(bases[bases.length - 1]) : '';
          return {
            signal,
            base,
            ok: allowed.some(p => matchesPrefixPattern(base, p)),
          };
        });
        const offending = runtime.filter(r => !r.ok);
        if (offending.length === 0) {
          return pass(
            `Runtime images use standard bases: ${runtime
              .map(r => `${r.base} (${r.signal.path})`)
              .join(', ')}`,
            runtime.map(r =>
              repo.found(r.signal, `runtime stage FROM ${r.base}`),
            ),
          );
        }
        const described = offending
          .map(
            r =>
              `${r.signal.path} uses ${r.base || 'no recognisable base image'}`,
          )
          .join('; ');
        return fail(
          `Not an approved base image: ${described} (approved: ${allowed.join(
            ', ',
          )})`,
          [
            ...offending.map(r =>
              repo.found(
                r.signal,
                `runtime stage FROM ${
                  r.base || 'unknown'
                } is not in the allow-list`,
              ),
            ),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'deploy.orchestrated',
    title: 'Deployment is orchestrated',
    description:
      'Verifies that the service is deployed to a platform that runs and replaces it: Kubernetes manifests, a Helm chart, Kustomize, KServe/Seldon resources, or a managed platform (SageMaker, Vertex AI or Azure ML endpoints, Container Apps, App Service, Cloud Run, Lambda, ECS).',
    dimension: 'deployment',
    level: 1,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Describe the deployment declaratively: add a Helm chart (`chart/`), Kustomize overlays or Kubernetes manifests (`k8s/deployment.yaml`), a KServe `InferenceService`, or the managed endpoint in your IaC (a CloudFormation/CDK SageMaker endpoint, a Vertex AI or Azure ML online endpoint, a Container App), and apply it from the deploy job.',
    parameters: {
      orchestrationTools: {
        type: 'string[]',
        default: ['helm', 'kustomize'],
        description:
          'Infrastructure-as-code tools that deploy to an orchestrator.',
      },
    },
    evaluate: ctx =>
      withRepository(ctx, repo => {
        const tools = stringsParam(ctx, 'orchestrationTools').map(t =>
          t.toLowerCase(),
        );
        const workloads = repo.k8sResources(isWorkload);
        const charts = repo.signals(
          'iac',
          s => tools.includes(s.tool.toLowerCase()) && deploysSomething(s),
        );
        const platforms = servingPlatforms(repo);
        const orchestrated = platforms.filter(p => p.attributes.orchestrated);
        if (
          workloads.length > 0 ||
          charts.length > 0 ||
          orchestrated.length > 0
        ) {
          return pass(
            `Orchestrated deployment: ${[
              ...workloads.map(describeResource),
              ...(charts.length > 0 ? [describeSignals(charts)] : []),
              ...orchestrated.map(describePlatform),
            ].join(', ')}`,
            [
              ...workloads.map(w => repo.found(w.signal, describeResource(w))),
              ...charts.map(s => repo.found(s)),
              ...orchestrated.map(p => repo.found(p.signal)),
            ],
          );
        }
        const single = platforms.map(
          p =>
            `${describePlatform(
              p,
            )} runs a single container instance, which nothing schedules or replaces`,
        );
        const rejections = repo.rejections(['k8s-resource', 'iac']);
        const missing = repo.notFound(
          `Kubernetes workload manifest, ${tools.join(
            ' or ',
          )} definition, or managed serving platform`,
        );
        return fail(
          `${missing.message}${single
            .map(s => `; ${s}`)
            .join('')}${citeRejections(rejections)}`,
          [
            missing.evidence,
            ...platforms.map((p, i) => repo.found(p.signal, single[i])),
            ...rejections.map(r => repo.rejected(r)),
          ],
        );
      }),
  }),

  defineCheck({
    id: 'deploy.iac',
    title: 'Infrastructure as code',
    description:
      'Verifies that the infrastructure the service runs on is defined as code (Terraform, Bicep/ARM, CloudFormation/CDK, Pulumi, Helm, Kustomize).',
    dimension: 'deployment',
    level: 1,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      "Define the service's infrastructure in code next to it, e.g. `infra/main.tf` (Terraform), `main.bicep`, a CDK app or a Helm chart, and apply it from CI instead of clicking in a console.",
    evaluate: signalsRequired({
      kinds: 'iac',
      lookingFor:
        'infrastructure as code (Terraform, Bicep/ARM, CloudFormation/CDK, Pulumi, Helm, Kustomize)',
      foundMessage: 'Infrastructure defined as code',
    }),
  }),

  defineCheck({
    id: 'deploy.rollback',
    title: 'Rollback is possible',
    description:
      'Verifies that a previous version can be restored: previous model versions kept behind an alias, Argo Rollouts or Flagger, a KServe canary, or a deployment that rolls back on alarms (CodeDeploy, SageMaker auto-rollback, the ECS circuit breaker).',
    dimension: 'deployment',
    level: 2,
    persona: 'devops',
    sources: ['repository', 'registry'],
    remediation:
      'Keep a way back that works without a person: roll out with Argo Rollouts or Flagger analysis, CodeDeploy alarms (SAM `DeploymentPreference.Alarms`), SageMaker `AutoRollbackConfiguration`, or serve the model through a registry alias so the previous version can be re-pointed.',
    evaluate: ctx =>
      decide<RegistryFacts>({
        ctx,
        observedSource: FACT_SOURCES.registry,
        // Earlier versions behind an alias prove a model rollback path; without them the
        // deployment itself may still roll back, which only the repository shows.
        observed: (registry, set) => {
          const ready = (registry.versions ?? []).filter(
            v => v.status === 'READY',
          );
          const aliases = Object.entries(registry.aliases ?? {});
          if (
            ready.length < 2 ||
            (aliases.length === 0 && !registry.productionVersion)
          ) {
            return undefined;
          }
          const pointer =
            aliases.length > 0
              ? aliases
                  .map(([alias, version]) => `@${alias} → ${version}`)
                  .join(', ')
              : `production version ${registry.productionVersion}`;
          const detail = `${ready.length} ready versions of ${registry.model.name} are kept and ${pointer} can be re-pointed`;
          return pass(capitalize(detail), [
            evidenceFrom(
              set,
              'observed',
              detail,
              `models:/${registry.model.name}`,
            ),
          ]);
        },
        declared: () =>
          withRepository(ctx, repo => {
            // Earlier analyses marked kept revision history as weak rollback evidence.
            const rollback = repo.signals(
              'rollback',
              s => s.attributes?.weak !== true,
            );
            const rollouts = repo.k8sResources(
              r => r.resourceKind === 'Rollout',
            );
            const found = [
              ...rollback.map(s => repo.found(s)),
              ...rollouts.map(r =>
                repo.found(
                  r.signal,
                  `${describeResource(r)} supports rollback`,
                ),
              ),
            ];
            if (found.length > 0) {
              return pass(
                `Rollback is possible: ${found.map(e => e.detail).join('; ')}`,
                found,
              );
            }
            // Kubernetes keeps old ReplicaSets by default, so history alone is no practice.
            const kept = repo.k8sResources(
              r => (r.revisionHistoryLimit ?? 0) > 0,
            );
            const keptWhy = kept.map(
              r =>
                `${describeResource(r)} keeps ${
                  r.resource.revisionHistoryLimit
                } old revisions for a manual \`kubectl rollout undo\`, which Kubernetes does by default`,
            );
            const discarded = repo.k8sResources(
              r => r.revisionHistoryLimit === 0,
            );
            const why = discarded.map(
              r =>
                `${describeResource(
                  r,
                )} sets revisionHistoryLimit: 0, discarding previous revisions`,
            );
            const rejections = repo.rejections('rollback');
            const missing = repo.notFound(
              'automated rollback (Argo Rollouts, Flagger, KServe canary, CodeDeploy or SageMaker alarm rollback, ECS circuit breaker)',
            );
            return fail(
              `${missing.message}${[...keptWhy, ...why]
                .map(w => `; ${w}`)
                .join('')}${citeRejections(rejections)}`,
              [
                missing.evidence,
                ...kept.map((r, i) =>
                  repo.found(r.signal, `${keptWhy[i]}; not counted on its own`),
                ),
                ...discarded.map((r, i) => repo.found(r.signal, why[i])),
                ...rejections.map(r => repo.rejected(r)),
              ],
            );
          }),
      }),
  }),
];
