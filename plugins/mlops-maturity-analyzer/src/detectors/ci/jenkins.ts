import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  findBlocks,
  stringLiterals,
  stripCLikeComments,
} from '../../parsing/blocks';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

interface StageText {
  name: string;
  body: string;
  start: number;
}

/** Leaf stages (stages with no nested stages), in order. */
function leafStages(text: string): StageText[] {
  const stages = findBlocks(
    text,
    /\bstage\s*\(\s*(['"])([^'"]+)\1\s*\)\s*\{/g,
  ).map(block => ({
    name: block.match[2],
    body: block.body,
    start: block.start,
  }));
  return stages
    .filter(stage => !/\bstage\s*\(\s*['"]/.test(stage.body))
    .sort((a, b) => a.start - b.start);
}

/** Shell commands run by `sh`, `bat`, `powershell` steps, with whether their status is ignored. */
function shellSteps(body: string): CiStep[] {
  const steps: CiStep[] = [];
  const ignoreAll =
    /catchError\s*\([^)]*buildResult\s*:\s*['"]SUCCESS['"]/.test(body);
  const pattern =
    /\b(sh|bat|powershell|pwsh)\s*(\(\s*)?(?:(?:script|label)\s*:\s*)?((?:'''[\s\S]*?'''|"""[\s\S]*?"""|'[^'\n]*'|"[^"\n]*"))([^\n]*)/g;
  for (const match of body.matchAll(pattern)) {
    const script = stringLiterals(match[3])[0] ?? '';
    const rest = `${match[4]}`;
    const returnsStatus = /returnStatus\s*:\s*true/.test(rest);
    steps.push({
      script: script.replace(/\$\{[^}]+\}/g, 'x'),
      ignoreFailure: ignoreAll || returnsStatus,
    });
  }
  if (/\bdocker\.build\s*\(/.test(body)) {
    steps.push({
      activities: ['build-image'],
      evidence: 'docker.build',
      ignoreFailure: false,
    });
  }
  if (/\.push\s*\(/.test(body) && /\bdocker\./.test(body)) {
    steps.push({
      activities: ['push-image'],
      evidence: 'docker image push()',
      ignoreFailure: false,
    });
  }
  if (/\b(kubernetesDeploy|kubeDeploy|openshiftDeploy)\s*\(/.test(body)) {
    steps.push({
      activities: ['deploy'],
      evidence: 'kubernetesDeploy',
      ignoreFailure: false,
    });
  }
  if (/\bdependencyCheck\s*\(|\bsnykSecurity\s*\(/.test(body)) {
    steps.push({
      activities: ['security-scan'],
      evidence: 'dependencyCheck',
      ignoreFailure: false,
    });
  }
  return steps;
}

function stageCondition(
  body: string,
  triggers: Set<CiTrigger>,
): { triggers: Set<CiTrigger>; branches: string[] } {
  const when = findBlocks(body, /\bwhen\s*\{/g)[0]?.body ?? '';
  let narrowed = new Set(triggers);
  let branches: string[] = [];
  if (!when) {
    return { triggers: narrowed, branches };
  }
  const negated = /\bnot\s*\{/.test(when);
  const branchMatches = [
    ...when.matchAll(/\bbranch\s*(?:pattern\s*:\s*)?['"]([^'"]+)['"]/g),
    ...when.matchAll(/BRANCH_NAME\s*==\s*['"]([^'"]+)['"]/g),
  ].map(m => m[1]);
  const changeRequest = /\bchangeRequest\s*\(/.test(when);
  const tag = /\b(buildingTag\s*\(|tag\s+['"])/.test(when);
  if (
    /\banyOf\s*\{/.test(when) &&
    !negated &&
    (branchMatches.length || changeRequest || tag)
  ) {
    // Any one condition lets the stage run: each adds the event it stands for.
    const allowed = new Set<CiTrigger>(
      [...narrowed].filter(
        t => t !== 'push' && t !== 'pull-request' && t !== 'tag',
      ),
    );
    if (branchMatches.length) {
      allowed.add('push');
    }
    if (changeRequest) {
      allowed.add('pull-request');
    }
    if (tag) {
      allowed.add('tag');
    }
    return { triggers: allowed, branches: branchMatches };
  }
  if (branchMatches.length && !negated) {
    branches = branchMatches;
    narrowed.delete('pull-request');
  }
  if (changeRequest && !negated) {
    narrowed = new Set(['pull-request']);
  }
  if (tag && !negated) {
    narrowed = new Set(['tag']);
  }
  if (
    /triggeredBy\s*(?:cause\s*:\s*)?['"](TimerTrigger|TimerTriggerCause)/.test(
      when,
    )
  ) {
    narrowed = new Set(['schedule']);
  }
  if (/triggeredBy\s*(?:cause\s*:\s*)?['"]UserIdCause/.test(when)) {
    narrowed = new Set(['manual']);
  }
  return { triggers: narrowed, branches };
}

/** Reads declarative and scripted Jenkinsfiles: one job per leaf stage. */
export function jenkinsJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.named(
    /^(Jenkinsfile([._-].*)?|.+\.jenkinsfile|.+\.Jenkinsfile)$/,
  )) {
    const text = stripCLikeComments(file.text);
    // Jenkins builds a Jenkinsfile on changes by default (a multibranch job or a
    // webhook), but that set-up lives in Jenkins unless the file declares the trigger.
    const triggers = new Set<CiTrigger>(['push']);
    const triggerBlock = findBlocks(text, /\btriggers\s*\{/g)[0]?.body ?? '';
    const propertiesTriggers =
      text.match(/pipelineTriggers\s*\(\s*\[([\s\S]*?)\]\s*\)/)?.[1] ?? '';
    const declared = `${triggerBlock}\n${propertiesTriggers}`;
    if (/\b(cron|parameterizedCron)\s*\(/.test(declared)) {
      triggers.add('schedule');
    }
    if (/\bupstream\s*\(/.test(declared)) {
      triggers.add('pipeline');
    }
    if (/\bGenericTrigger\s*\(/.test(declared)) {
      triggers.add('external');
    }
    if (/\btriggerOnMergeRequest\s*:\s*true\b/.test(declared)) {
      triggers.add('pull-request');
    }
    const pushDeclared =
      /\b(pollSCM|githubPush|bitbucketPush|gitlab|gitea|GenericTrigger)\s*\(/.test(
        declared,
      );
    let gated = false;
    for (const stage of leafStages(text)) {
      // An `input` step or directive holds this stage and every later one, not earlier ones.
      if (/(^|[^\w.])input\s*(\{|\(|['"]|message\s*:)/.test(stage.body)) {
        gated = true;
      }
      const condition = stageCondition(stage.body, triggers);
      const downstream = stage.body.match(
        /\bbuild\s*\(?\s*(?:job\s*:\s*)?['"]([^'"]+)['"]/,
      )?.[1];
      models.push({
        system: 'jenkins',
        systemLabel: 'Jenkins',
        path: file.path,
        workflow: file.path,
        job: stage.name,
        triggers: sortTriggers(condition.triggers),
        branches: condition.triggers.has('push') ? condition.branches : [],
        manualGate: gated,
        steps: shellSteps(stage.body),
        hidden: downstream ? `the Jenkins job \`${downstream}\`` : undefined,
        triggerOutsideRepository:
          condition.triggers.has('push') && !pushDeclared
            ? 'in Jenkins (a multibranch job, webhook or SCM polling)'
            : undefined,
      });
    }
  }
  return models;
}
