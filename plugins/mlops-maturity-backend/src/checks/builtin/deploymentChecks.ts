import {
  CiFacts,
  FACT_SOURCES,
  RegistryFacts,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import {
  CheckContext,
  CheckOutcome,
  MaturityCheck,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-node';
import {
  CiJob,
  capitalize,
  citeRejections,
  decide,
  declaredCiJobs,
  defineCheck,
  describeJob,
  describeRuns,
  describeSignals,
  evidenceFrom,
  fail,
  judgeRuns,
  matchesPrefixPattern,
  numberParam,
  observedOnly,
  pass,
  plural,
  requireSignals,
  runsEvidence,
  stringList,
  stringsParam,
  withRepository,
} from './evidence';
import { describeResource, isWorkload } from './kubernetes';

const isDeployJob = (job: CiJob['job']) => job.activities.includes('deploy');

/** Why a deploy job is not continuous deployment from the default branch, or undefined when it is. */
function notContinuous(
  job: CiJob['job'],
  defaultBranches: string[],
): string | undefined {
  if (!job.triggers.includes('push')) {
    if (job.triggers.length > 0 && job.triggers.every(t => t === 'manual')) {
      return 'runs only when started by hand (manual dispatch such as workflow_dispatch)';
    }
    if (job.triggers.includes('tag')) {
      return 'runs on tags, not on merges to the default branch';
    }
    return `runs on ${
      job.triggers.join(', ') || 'no recognised trigger'
    }, not on push`;
  }
  if (job.manualGate) {
    return 'waits for a manual approval before deploying';
  }
  if (
    job.branches.length > 0 &&
    !defaultBranches.some(branch =>
      job.branches.some(p => matchesPrefixPattern(branch, p)),
    )
  ) {
    return `deploys on pushes to ${job.branches.join(
      ', ',
    )} only, not to ${defaultBranches.join(' or ')}`;
  }
  return undefined;
}

function declaredContinuousDeployment(
  ctx: CheckContext,
  defaultBranches: string[],
): CheckOutcome {
  return withRepository(ctx, repo => {
    const jobs = repo.ciJobs(isDeployJob);
    const continuous = jobs.filter(j => !notContinuous(j.job, defaultBranches));
    if (continuous.length > 0) {
      return pass(
        `Deploys on push to ${defaultBranches.join(
          ' or ',
        )} without a manual gate: ${continuous.map(describeJob).join(', ')}`,
        continuous.map(j => repo.found(j.signal)),
      );
    }
    const reasons = jobs.map(
      j => `${describeJob(j)} ${notContinuous(j.job, defaultBranches)}`,
    );
    const missing = repo.missing(
      `CI job that deploys on push to ${defaultBranches.join(
        ' or ',
      )} without a manual gate`,
    );
    return fail(
      `${capitalize(missing.detail)}${reasons.map(r => `; ${r}`).join('')}`,
      [missing, ...jobs.map((j, i) => repo.found(j.signal, reasons[i]))],
    );
  });
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
    id: 'deploy.automated-pipeline',
    title: 'Deployment is automated',
    description:
      'Verifies that a CI job deploys the service and, where CI is connected, that a deploy run succeeded.',
    dimension: 'deployment',
    level: 1,
    required: true,
    weight: 2,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Add a deploy job to the pipeline that releases the service, e.g. a `deploy` job in `.github/workflows/deploy.yml` running `helm upgrade --install` or `kubectl apply -k`, and keep it green; building and pushing an image alone is not a deployment.',
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) =>
          judgeRuns(set, 'deploy', ci.deploy, declaredCiJobs(ctx, isDeployJob)),
        declared: () =>
          withRepository(ctx, repo => {
            const jobs = repo.ciJobs(isDeployJob);
            if (jobs.length > 0) {
              return pass(
                `Deploy job declared: ${jobs.map(describeJob).join(', ')}`,
                jobs.map(j => repo.found(j.signal)),
              );
            }
            const rejections = repo.rejections('ci-job');
            const missing = repo.missing('CI job that deploys the service');
            return fail(
              `${capitalize(missing.detail)}${citeRejections(rejections)}`,
              [missing, ...rejections.map(r => repo.rejected(r))],
            );
          }),
      }),
  }),

  defineCheck({
    id: 'deploy.containerized',
    title: 'Service is containerized',
    description:
      'Verifies that the repository builds the service as a container image.',
    dimension: 'deployment',
    level: 1,
    required: true,
    weight: 2,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Add a `Dockerfile` that installs the pinned dependencies and starts the model server, and build it in CI.',
    evaluate: ctx =>
      withRepository(ctx, repo =>
        requireSignals(repo, {
          kinds: 'container-image',
          lookingFor: 'Dockerfile or container build definition',
          foundMessage: 'Container image defined',
        }),
      ),
  }),

  defineCheck({
    id: 'deploy.standard-base-image',
    title: 'Standard base image',
    description:
      'Verifies that the runtime stage of every Dockerfile starts FROM an approved base image.',
    dimension: 'deployment',
    level: 1,
    required: false,
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
          const missing = repo.missing('Dockerfile');
          return fail(capitalize(missing.detail), [missing]);
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
      'Verifies that the service is deployed through Kubernetes manifests, a Helm chart, Kustomize or KServe/Seldon resources.',
    dimension: 'deployment',
    level: 1,
    required: true,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      'Describe the deployment declaratively: add a Helm chart (`chart/`), Kustomize overlays or Kubernetes manifests (`k8s/deployment.yaml`), or a KServe `InferenceService`, and apply them from the deploy job.',
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
        const charts = repo.signals('iac', s =>
          tools.includes(s.tool.toLowerCase()),
        );
        if (workloads.length > 0 || charts.length > 0) {
          return pass(
            `Orchestrated deployment: ${[
              ...workloads.map(describeResource),
              ...(charts.length > 0 ? [describeSignals(charts)] : []),
            ].join(', ')}`,
            [
              ...workloads.map(w => repo.found(w.signal, describeResource(w))),
              ...charts.map(s => repo.found(s)),
            ],
          );
        }
        const rejections = repo.rejections(['k8s-resource', 'iac']);
        const missing = repo.missing(
          `Kubernetes workload manifest, ${tools.join(' or ')} definition`,
        );
        return fail(
          `${capitalize(missing.detail)}${citeRejections(rejections)}`,
          [missing, ...rejections.map(r => repo.rejected(r))],
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
    required: false,
    persona: 'devops',
    sources: ['repository'],
    remediation:
      "Define the service's infrastructure in code next to it, e.g. `infra/main.tf` (Terraform), `main.bicep`, a CDK app or a Helm chart, and apply it from CI instead of clicking in a console.",
    evaluate: ctx =>
      withRepository(ctx, repo =>
        requireSignals(repo, {
          kinds: 'iac',
          lookingFor:
            'infrastructure as code (Terraform, Bicep/ARM, CloudFormation/CDK, Pulumi, Helm, Kustomize)',
          foundMessage: 'Infrastructure defined as code',
        }),
      ),
  }),

  defineCheck({
    id: 'deploy.cd-on-merge',
    title: 'Continuous deployment on merge',
    description:
      'Verifies that merging to the default branch deploys automatically, without a manual gate, and that such deploys succeed where CI is connected.',
    dimension: 'deployment',
    level: 2,
    required: true,
    weight: 2,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Trigger the deploy job on push to the default branch (`on: push: branches: [main]`) with no `workflow_dispatch`-only trigger, required reviewer or `when: manual` gate; guard releases with tests and progressive rollout instead.',
    parameters: {
      defaultBranches: {
        type: 'string[]',
        default: ['main', 'master'],
        description:
          'Branches treated as the default branch when CI facts do not name it.',
      },
    },
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) => {
          const branches = ci.defaultBranch
            ? [ci.defaultBranch]
            : stringsParam(ctx, 'defaultBranches');
          const runs = runsEvidence(set, 'deploy', ci.deploy);
          if (ci.deployOnPush === false) {
            const declared = declaredContinuousDeployment(ctx, branches);
            return fail(
              `${ci.provider} shows that deploys on ${branches.join(
                ' or ',
              )} are not started by a push without a manual gate (declared: ${
                declared.message
              })`,
              [runs, ...declared.evidence],
            );
          }
          if (ci.deploy.succeeded === 0) {
            return judgeRuns(
              set,
              'deploy',
              ci.deploy,
              declaredCiJobs(ctx, isDeployJob),
            );
          }
          if (ci.deployOnPush === true) {
            return pass(
              `Deploys start on push to ${branches.join(
                ' or ',
              )} without a manual gate: ${describeRuns('deploy', ci.deploy)}`,
              [runs],
            );
          }
          // CI cannot tell how the runs started: the declared trigger decides, the runs show they succeed.
          const declared = declaredContinuousDeployment(ctx, branches);
          return {
            ...declared,
            message: `${declared.message}; ${describeRuns(
              'deploy',
              ci.deploy,
            )}`,
            evidence: [runs, ...declared.evidence],
          };
        },
        declared: () =>
          declaredContinuousDeployment(
            ctx,
            stringsParam(ctx, 'defaultBranches'),
          ),
      }),
  }),

  defineCheck({
    id: 'deploy.rollback',
    title: 'Rollback is possible',
    description:
      'Verifies that a previous version can be restored: previous model versions kept behind an alias, Helm or rollout history, or Argo Rollouts.',
    dimension: 'deployment',
    level: 2,
    required: true,
    persona: 'devops',
    sources: ['repository', 'registry'],
    remediation:
      'Keep a way back: deploy with Helm (`helm rollback`) or Argo Rollouts, keep `revisionHistoryLimit` above 0, and serve the model through a registry alias so the previous version can be re-pointed.',
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
            const rollback = repo.signals('rollback');
            const rollouts = repo.k8sResources(
              r => r.resourceKind === 'Rollout',
            );
            const kept = repo.k8sResources(
              r => (r.revisionHistoryLimit ?? 0) > 0,
            );
            const found = [
              ...rollback.map(s => repo.found(s)),
              ...rollouts.map(r =>
                repo.found(
                  r.signal,
                  `${describeResource(r)} supports rollback`,
                ),
              ),
              ...kept.map(r =>
                repo.found(
                  r.signal,
                  `${describeResource(r)} keeps ${
                    r.resource.revisionHistoryLimit
                  } revisions`,
                ),
              ),
            ];
            if (found.length > 0) {
              return pass(
                `Rollback is possible: ${found.map(e => e.detail).join('; ')}`,
                found,
              );
            }
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
            const missing = repo.missing(
              'rollback support (Helm history, Argo Rollouts, revision history)',
            );
            return fail(
              `${capitalize(missing.detail)}${why
                .map(w => `; ${w}`)
                .join('')}${citeRejections(rejections)}`,
              [
                missing,
                ...discarded.map((r, i) => repo.found(r.signal, why[i])),
                ...rejections.map(r => repo.rejected(r)),
              ],
            );
          }),
      }),
  }),

  defineCheck({
    id: 'deploy.frequency',
    title: 'Deploys happen often',
    description:
      'Verifies that CI observed at least the configured number of successful deploys in the last 30 days.',
    dimension: 'deployment',
    level: 2,
    required: false,
    persona: 'devops',
    sources: ['ci'],
    remediation:
      'Ship small changes often: deploy from the default branch on every merge (see deploy.cd-on-merge) and connect the CI provider so deploy runs are counted.',
    parameters: {
      minDeploysLast30d: {
        type: 'number',
        default: 2,
        min: 1,
        description: 'Successful deploys needed in the last 30 days.',
      },
    },
    evaluate: ctx =>
      observedOnly<CiFacts>(
        ctx,
        FACT_SOURCES.ci,
        (ci, set) => {
          const min = numberParam(ctx, 'minDeploysLast30d');
          const count = ci.deploy.successesLast30d;
          const detail = `${plural(
            count,
            'successful deploy',
          )} in the last 30 days (at least ${min} expected)`;
          const evidence = [
            runsEvidence(set, 'deploy', ci.deploy),
            evidenceFrom(set, 'observed', detail),
          ];
          return count >= min
            ? pass(capitalize(detail), evidence)
            : fail(capitalize(detail), evidence);
        },
        'connect the CI provider (the `github.com/project-slug` or `gitlab.com/project-slug` annotation)',
      ),
  }),
];
