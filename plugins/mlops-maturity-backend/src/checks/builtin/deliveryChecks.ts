import {
  CiFacts,
  CiTrigger,
  FACT_SOURCES,
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
  repositoryOf,
  RepositoryView,
  runsEvidence,
  stringList,
  stringsParam,
  triggerOutsideRepository,
  withRepository,
} from './evidence';

const isDeployJob = (job: CiJob['job']) => job.activities.includes('deploy');

/** Triggers that start a deploy without a person once a change is merged or a model approved. */
const AUTOMATIC_DEPLOY_TRIGGERS: CiTrigger[] = ['push', 'pipeline', 'external'];

/**
 * Why a deploy job is not automatic continuous deployment, or undefined when it is: it
 * starts on a push to the default branch, an upstream pipeline or a declared event (a
 * registry approval), and no person stands before it. An approval before a later
 * environment is allowed; an approval before this deploy is not.
 */
function notContinuous(
  j: CiJob,
  defaultBranches: string[],
): string | undefined {
  const { job } = j;
  const automatic = job.triggers.filter(
    trigger =>
      AUTOMATIC_DEPLOY_TRIGGERS.includes(trigger) &&
      !(trigger === 'external' && triggerOutsideRepository(j)),
  );
  if (automatic.length === 0) {
    if (job.triggers.includes('external') && triggerOutsideRepository(j)) {
      return 'is started by a trigger configured outside the repository, so it cannot be seen to deploy without a person';
    }
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
    automatic.every(trigger => trigger === 'push') &&
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

/** What starts a continuous deploy job, for the message. */
function startedBy(j: CiJob): string {
  const outside = triggerOutsideRepository(j);
  const events = j.job.triggers
    .filter(t => AUTOMATIC_DEPLOY_TRIGGERS.includes(t))
    .filter(t => !(t === 'external' && outside))
    .map(
      t =>
        ({
          push: 'a push',
          pipeline: 'an upstream pipeline',
          external: 'an event such as a model approval',
        }[t as 'push']),
    );
  return `${events.join(' or ')}${
    outside ? ', through a trigger configured outside the repository' : ''
  }`;
}

function declaredContinuousDeployment(
  ctx: CheckContext,
  defaultBranches: string[],
): CheckOutcome {
  return withRepository(ctx, repo => {
    const jobs = repo.ciJobs(isDeployJob);
    const continuous = jobs.filter(j => !notContinuous(j, defaultBranches));
    if (continuous.length > 0) {
      const workflows = new Set(continuous.map(j => j.signal.path));
      const approvedLater = jobs.filter(
        j => j.job.manualGate && workflows.has(j.signal.path),
      );
      const later = approvedLater.length
        ? `; later deploys wait for a manual approval, which is allowed: ${approvedLater
            .map(describeJob)
            .join(', ')}`
        : '';
      return pass(
        `Deploys automatically without a manual gate: ${continuous
          .map(j => `${describeJob(j)} (started by ${startedBy(j)})`)
          .join(', ')}${later}`,
        continuous.map(j => repo.found(j.signal)),
      );
    }
    const reasons = jobs.map(
      j => `${describeJob(j)} ${notContinuous(j, defaultBranches)}`,
    );
    const missing = repo.notFound(
      `CI job that deploys automatically (on push to ${defaultBranches.join(
        ' or ',
      )}, an upstream pipeline or a model approval) without a manual gate before its first deploy`,
    );
    return fail(`${missing.message}${reasons.map(r => `; ${r}`).join('')}`, [
      missing.evidence,
      ...jobs.map((j, i) => repo.found(j.signal, reasons[i])),
    ]);
  });
}

/** ML pipelines (Kubeflow, SageMaker, Azure ML...) with a step that deploys the model. */
function deployingPipelines(repo: RepositoryView) {
  return repo.signals('pipeline', signal =>
    stringList(signal.attributes?.activities).includes('deploy'),
  );
}

/** Delivery: a pipeline deploys the service, continuously, and often. */
export const deliveryChecks: MaturityCheck[] = [
  defineCheck({
    id: 'deploy.automated-pipeline',
    title: 'Deployment is automated',
    description:
      'Verifies that a CI job (or a step of the ML pipeline) deploys the service and, where CI is connected, that a deploy run succeeded.',
    dimension: 'deployment',
    level: 1,
    weight: 2,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Add a deploy job to the pipeline that releases the service, e.g. a `deploy` job in `.github/workflows/deploy.yml` running `helm upgrade --install` or `kubectl apply -k`, and keep it green; building and pushing an image alone is not a deployment.',
    evaluate: ctx =>
      decide<CiFacts>({
        ctx,
        observedSource: FACT_SOURCES.ci,
        observed: (ci, set) => {
          let jobs: ReturnType<typeof declaredCiJobs> | undefined;
          const declared = () => (jobs ??= declaredCiJobs(ctx, isDeployJob));
          if (ci.deploy.runs === 0 && declared().jobs.length === 0) {
            const repo = repositoryOf(ctx);
            if (
              repo instanceof RepositoryView &&
              deployingPipelines(repo).length > 0
            ) {
              // The ML pipeline deploys, and its runs are not CI runs.
              return undefined;
            }
          }
          return judgeRuns(set, 'deploy', ci.deploy, declared);
        },
        declared: () =>
          withRepository(ctx, repo => {
            const jobs = repo.ciJobs(isDeployJob);
            if (jobs.length > 0) {
              return pass(
                `Deploy job declared: ${jobs.map(describeJob).join(', ')}`,
                jobs.map(j => repo.found(j.signal)),
              );
            }
            const pipelines = deployingPipelines(repo);
            if (pipelines.length > 0) {
              return pass(
                `The ML pipeline deploys the model: ${describeSignals(
                  pipelines,
                )}`,
                pipelines.map(p => repo.found(p)),
              );
            }
            const rejections = repo.rejections('ci-job');
            const missing = repo.notFound(
              'CI job or ML pipeline step that deploys the service',
            );
            return fail(`${missing.message}${citeRejections(rejections)}`, [
              missing.evidence,
              ...rejections.map(r => repo.rejected(r)),
            ]);
          }),
      }),
  }),

  defineCheck({
    id: 'deploy.cd-on-merge',
    title: 'Continuous deployment on merge',
    description:
      'Verifies that a change reaches at least a first environment without a person: a deploy started by a push to the default branch, an upstream pipeline or a model approval event, with no manual gate before it. Approval gates before later environments (production) are allowed. Where CI is connected, such deploys must succeed.',
    dimension: 'deployment',
    level: 2,
    weight: 2,
    persona: 'devops',
    sources: ['repository', 'ci'],
    remediation:
      'Trigger the deploy job on push to the default branch (`on: push: branches: [main]`), an upstream pipeline or the model-approval event, and let it deploy to the first environment (staging) with no `workflow_dispatch`-only trigger, required reviewer or `when: manual` gate before it; keep approvals for later environments such as production, and guard releases with tests and progressive rollout.',
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
            return judgeRuns(set, 'deploy', ci.deploy, () =>
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
    id: 'deploy.frequency',
    title: 'Deploys happen often',
    description:
      'Verifies that CI observed at least the configured number of successful deploys in the last 30 days.',
    dimension: 'deployment',
    level: 2,
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
