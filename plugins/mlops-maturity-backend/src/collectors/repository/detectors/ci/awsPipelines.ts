import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  findBlocks,
  stringLiterals,
  stripCLikeComments,
} from '../../parsing/blocks';
import { dirnameOf, extensionOf, stemOf } from '../../parsing/paths';
import {
  asArray,
  asMap,
  asString,
  asStrings,
  isMap,
  parseYamlDocuments,
  YamlMap,
} from '../../parsing/yaml';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';

const PHASES = ['install', 'pre_build', 'build', 'post_build'];

/** Steps of a CodeBuild buildspec document. */
function buildspecSteps(doc: YamlMap): CiStep[] {
  const steps: CiStep[] = [];
  const phases = asMap(doc.phases);
  for (const phaseName of PHASES) {
    const phase = asMap(phases[phaseName]);
    const ignoreFailure =
      asString(phase['on-failure'])?.toUpperCase() === 'CONTINUE';
    for (const command of [
      ...asStrings(phase.commands),
      ...asStrings(asMap(phase.finally).commands),
    ]) {
      steps.push({ script: command, ignoreFailure });
    }
  }
  return steps;
}

function isBuildspec(path: string, doc: YamlMap | undefined): doc is YamlMap {
  return (
    isMap(doc) &&
    isMap(doc.phases) &&
    (/(^|\/)buildspec[^/]*\.ya?ml$/.test(path) || doc.version !== undefined)
  );
}

function cloudFormationTemplates(
  files: RepoFileSet,
): Array<{ path: string; resources: YamlMap }> {
  const templates: Array<{ path: string; resources: YamlMap }> = [];
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    if (
      !['yml', 'yaml', 'json', 'template'].includes(ext) ||
      !/AWS::/.test(file.text)
    ) {
      continue;
    }
    const resources = asMap(asMap(files.structured(file.path)).Resources);
    if (
      Object.values(resources).some(resource =>
        /^AWS::/.test(asString(asMap(resource).Type) ?? ''),
      )
    ) {
      templates.push({ path: file.path, resources });
    }
  }
  return templates;
}

/** `!Ref X`, `{ Ref: X }` and plain names all name a logical resource. */
function logicalId(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const map = asMap(value);
  return asString(map.Ref) ?? asString(asArray(map['Fn::GetAtt'])[0]);
}

function codeBuildProjectSteps(
  files: RepoFileSet,
  templatePath: string,
  project: YamlMap | undefined,
): CiStep[] | undefined {
  const buildSpec = asMap(asMap(project?.Properties).Source).BuildSpec;
  const text = asString(buildSpec);
  if (text && /phases\s*:/.test(text)) {
    const doc = parseYamlDocuments(text)[0];
    return isMap(doc) ? buildspecSteps(doc) : undefined;
  }
  const path =
    files.resolve(dirnameOf(templatePath), text ?? 'buildspec.yml') ??
    (text ? undefined : files.resolve('', 'buildspec.yml'));
  const doc = path ? files.yamlMaps(path)[0] : undefined;
  return isBuildspec(path ?? '', doc) ? buildspecSteps(doc) : undefined;
}

interface PipelineAction {
  category: string;
  provider: string;
  name: string;
  branch?: string;
  steps?: CiStep[];
}

function pipelineModels(
  path: string,
  workflow: string,
  stages: Array<{ name: string; actions: PipelineAction[] }>,
  declaredTriggers:
    | { triggers: Set<CiTrigger>; branches: string[] }
    | undefined,
): CiJobModel[] {
  const sourceTriggers = new Set<CiTrigger>();
  const branches: string[] = [];
  for (const action of stages
    .flatMap(stage => stage.actions)
    .filter(a => a.category === 'Source')) {
    if (
      /CodeCommit|GitHub|CodeStarSourceConnection|Bitbucket|GitLab/i.test(
        action.provider,
      )
    ) {
      sourceTriggers.add('push');
      if (action.branch) {
        branches.push(action.branch);
      }
    } else {
      sourceTriggers.add('external');
    }
  }
  const triggers = declaredTriggers ?? {
    triggers: sourceTriggers.size
      ? sourceTriggers
      : new Set<CiTrigger>(['external']),
    branches,
  };
  const models: CiJobModel[] = [];
  let gated = false;
  for (const stage of stages) {
    const work = stage.actions.filter(
      action => action.category !== 'Source' && action.category !== 'Approval',
    );
    if (stage.actions.some(action => action.category === 'Approval')) {
      gated = true;
    }
    if (work.length === 0) {
      continue;
    }
    const steps: CiStep[] = [];
    for (const action of work) {
      if (action.steps) {
        steps.push(...action.steps);
      } else if (action.category === 'Deploy') {
        steps.push({
          activities: ['deploy'],
          evidence: `${action.provider} deploy action \`${action.name}\``,
        });
      } else if (action.category === 'Test') {
        steps.push({
          activities: ['test'],
          evidence: `${action.provider} test action \`${action.name}\``,
        });
      }
    }
    models.push({
      system: 'aws-codepipeline',
      systemLabel: 'AWS CodePipeline',
      path,
      workflow,
      job: stage.name,
      triggers: sortTriggers(triggers.triggers),
      branches: triggers.triggers.has('push') ? triggers.branches : [],
      manualGate: gated,
      steps,
      names: [stage.name, ...work.map(action => action.name)],
    });
  }
  return models;
}

function cloudFormationPipelines(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const { path, resources } of cloudFormationTemplates(files)) {
    for (const [id, raw] of Object.entries(resources)) {
      const resource = asMap(raw);
      if (resource.Type !== 'AWS::CodePipeline::Pipeline') {
        continue;
      }
      const properties = asMap(resource.Properties);
      const stages = asArray(properties.Stages).map(rawStage => {
        const stage = asMap(rawStage);
        return {
          name: asString(stage.Name) ?? 'stage',
          actions: asArray(stage.Actions).map(rawAction => {
            const action = asMap(rawAction);
            const type = asMap(action.ActionTypeId);
            const configuration = asMap(action.Configuration);
            const provider = asString(type.Provider) ?? '';
            const category = asString(type.Category) ?? '';
            const projectId = logicalId(configuration.ProjectName);
            return {
              category,
              provider,
              name: asString(action.Name) ?? provider,
              branch:
                asString(configuration.BranchName) ??
                asString(configuration.Branch),
              steps:
                provider === 'CodeBuild' && projectId
                  ? codeBuildProjectSteps(
                      files,
                      path,
                      asMap(resources[projectId]),
                    )
                  : undefined,
            };
          }),
        };
      });
      const v2Triggers = asArray(properties.Triggers).map(trigger =>
        asMap(asMap(trigger).GitConfiguration),
      );
      let declared:
        | { triggers: Set<CiTrigger>; branches: string[] }
        | undefined;
      if (v2Triggers.length) {
        declared = { triggers: new Set(), branches: [] };
        for (const git of v2Triggers) {
          for (const push of asArray(git.Push)) {
            declared.triggers.add('push');
            declared.branches.push(
              ...asStrings(asMap(asMap(push).Branches).Includes),
            );
          }
          if (asArray(git.PullRequest).length) {
            declared.triggers.add('pull-request');
          }
        }
      }
      models.push(
        ...pipelineModels(
          path,
          asString(properties.Name) ?? id,
          stages,
          declared,
        ),
      );
    }
  }
  return models;
}

function hclString(body: string, key: string): string | undefined {
  return body.match(new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`))?.[1];
}

function terraformPipelines(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  const tfFiles = files.withExtension('tf').map(file => ({
    path: file.path,
    text: stripCLikeComments(file.text, true),
  }));
  const projects = new Map<string, { path: string; body: string }>();
  for (const file of tfFiles) {
    for (const block of findBlocks(
      file.text,
      /resource\s+"aws_codebuild_project"\s+"([\w-]+)"\s*\{/g,
    )) {
      projects.set(block.match[1], { path: file.path, body: block.body });
    }
  }
  const projectSteps = (
    reference: string | undefined,
  ): CiStep[] | undefined => {
    const name = reference?.match(/aws_codebuild_project\.([\w-]+)/)?.[1];
    const project = name ? projects.get(name) : undefined;
    if (!project) {
      return undefined;
    }
    const spec = project.body.match(
      /buildspec\s*=\s*(?:file\(\s*)?"([^"]+)"/,
    )?.[1];
    const heredoc = project.body.match(
      /buildspec\s*=\s*<<-?(\w+)\n([\s\S]*?)\n\s*\1/,
    )?.[2];
    const doc = heredoc
      ? parseYamlDocuments(heredoc)[0]
      : files.yamlMaps(
          files.resolve(
            dirnameOf(project.path),
            (spec ?? 'buildspec.yml').replace(/^\$\{path\.module\}\//, ''),
          ) ?? '',
        )[0];
    return isMap(doc) ? buildspecSteps(doc) : undefined;
  };
  for (const file of tfFiles) {
    for (const pipeline of findBlocks(
      file.text,
      /resource\s+"aws_codepipeline"\s+"([\w-]+)"\s*\{/g,
    )) {
      const stages = findBlocks(pipeline.body, /\bstage\s*\{/g).map(stage => ({
        name: hclString(stage.body, 'name') ?? 'stage',
        actions: findBlocks(stage.body, /\baction\s*\{/g).map(action => {
          const provider = hclString(action.body, 'provider') ?? '';
          const projectRef = action.body.match(
            /ProjectName\s*=\s*([^\n]+)/,
          )?.[1];
          return {
            category: hclString(action.body, 'category') ?? '',
            provider,
            name: hclString(action.body, 'name') ?? provider,
            branch: action.body.match(/BranchName\s*=\s*"([^"]+)"/)?.[1],
            steps:
              provider === 'CodeBuild' ? projectSteps(projectRef) : undefined,
          };
        }),
      }));
      models.push(
        ...pipelineModels(
          file.path,
          hclString(pipeline.body, 'name') ?? pipeline.match[1],
          stages,
          undefined,
        ),
      );
    }
  }
  return models;
}

/** CDK Pipelines (`pipelines.CodePipeline`) in TypeScript or Python CDK apps. */
function cdkPipelines(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.withExtension('ts', 'py', 'js')) {
    if (
      !/aws-cdk-lib\/pipelines|aws_cdk\s*import\s*[^\n]*pipelines|aws_cdk\.pipelines|@aws-cdk\/pipelines/.test(
        file.text,
      )
    ) {
      continue;
    }
    const text =
      extensionOf(file.path) === 'py'
        ? file.text.replace(/#.*$/gm, '')
        : stripCLikeComments(file.text);
    if (!/\bCodePipeline\s*\(/.test(text)) {
      continue;
    }
    const branch = text.match(
      /CodePipelineSource\.(?:gitHub|git_hub|connection|codeCommit|code_commit)\s*\(\s*[^,]+,\s*['"]([^'"]+)['"]/,
    )?.[1];
    const commands = [
      ...text.matchAll(
        /\b(?:commands|install_commands|installCommands)\s*[:=]\s*\[([^\]]*)\]/g,
      ),
    ].flatMap(match => stringLiterals(match[1]));
    const steps: CiStep[] = commands.map(command => ({ script: command }));
    if (/\.(addStage|add_stage|addWave|add_wave)\s*\(/.test(text)) {
      steps.push({
        activities: ['deploy'],
        evidence: "CDK pipeline stage (deploys the stage's stacks)",
      });
    }
    models.push({
      system: 'aws-codepipeline',
      systemLabel: 'AWS CDK Pipelines',
      path: file.path,
      workflow: file.path,
      job:
        text.match(
          /CodePipeline\s*\(\s*(?:this|self)\s*,\s*['"]([^'"]+)['"]/,
        )?.[1] ?? 'pipeline',
      triggers: ['push'],
      branches: branch ? [branch] : [],
      manualGate: /\bManualApprovalStep\s*\(/.test(text),
      steps,
    });
  }
  return models;
}

/** AWS CodeBuild buildspecs and CodePipeline pipelines (CloudFormation, Terraform, CDK). */
export function awsJobs(files: RepoFileSet): CiJobModel[] {
  const models: CiJobModel[] = [];
  for (const file of files.yamlFiles()) {
    const doc = files.yamlMaps(file.path)[0];
    if (
      !/(^|\/)(\.github|\.circleci)\//.test(file.path) &&
      isBuildspec(file.path, doc)
    ) {
      models.push({
        system: 'aws-codebuild',
        systemLabel: 'AWS CodeBuild',
        path: file.path,
        workflow: file.path,
        job: stemOf(file.path),
        triggers: ['external'],
        branches: [],
        manualGate: false,
        steps: buildspecSteps(doc),
      });
    }
  }
  models.push(
    ...cloudFormationPipelines(files),
    ...terraformPipelines(files),
    ...cdkPipelines(files),
  );
  return models;
}
