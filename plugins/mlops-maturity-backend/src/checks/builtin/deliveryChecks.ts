import {
  CiFacts,
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
  evidenceFrom,
  fail,
  judgeRuns,
  matchesPrefixPattern,
  numberParam,
  observedOnly,
  pass,
  plural,
  runsEvidence,
  stringsParam,
  withRepository,
} from './evidence';

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

/** Delivery: a pipeline deploys the service, continuously, and often. */
export const deliveryChecks: MaturityCheck[] = [
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
