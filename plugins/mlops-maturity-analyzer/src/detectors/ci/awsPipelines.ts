import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  findBlocks,
  stringLiterals,
  stripCLikeComments,
} from '../../parsing/blocks';
import { extensionOf, stemOf } from '../../parsing/paths';
import {
  asArray,
  asMap,
  asNumber,
  asString,
  asStrings,
  isMap,
  parseYamlDocuments,
  YamlMap,
} from '../../parsing/yaml';
import { buildspecFile, buildspecSteps, isBuildspec } from './buildspec';
import { CiStep } from './ciActivities';
import { CiJobModel, sortTriggers } from './ciJobs';
import { cdkCodePipelines } from './cdkCodePipeline';
import {
  eventRuleTrigger,
  PipelineAction,
  pipelineModels,
  PipelineStage,
  StartingTriggers,
} from './codePipelineStages';

interface Template {
  path: string;
  resources: YamlMap;
  parameters: YamlMap;
}

function cloudFormationTemplates(files: RepoFileSet): Template[] {
  const templates: Template[] = [];
  for (const file of files.files) {
    const ext = extensionOf(file.path);
    if (
      !['yml', 'yaml', 'json', 'template'].includes(ext) ||
      !/AWS::/.test(file.text)
    ) {
      continue;
    }
    const template = asMap(files.structured(file.path));
    const resources = asMap(template.Resources);
    if (
      Object.values(resources).some(resource =>
        /^AWS::/.test(asString(asMap(resource).Type) ?? ''),
      )
    ) {
      templates.push({
        path: file.path,
        resources,
        parameters: asMap(template.Parameters),
      });
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

/** The steps of a CodeBuild project's buildspec (inline or a file), and the file read. */
function codeBuildProjectSteps(
  files: RepoFileSet,
  templatePath: string,
  project: YamlMap | undefined,
): { steps?: CiStep[]; file?: string } {
  const buildSpec = asMap(asMap(project?.Properties).Source).BuildSpec;
  const text = asString(buildSpec);
  if (text && /phases\s*:/.test(text)) {
    const doc = parseYamlDocuments(text)[0];
    return { steps: isMap(doc) ? buildspecSteps(doc) : undefined };
  }
  const file = buildspecFile(files, templatePath, text);
  return file ? { steps: buildspecSteps(files.yamlMaps(file)[0]), file } : {};
}

const WEBHOOK_EVENTS: Record<string, CiTrigger> = {
  PUSH: 'push',
  PULL_REQUEST_CREATED: 'pull-request',
  PULL_REQUEST_UPDATED: 'pull-request',
  PULL_REQUEST_REOPENED: 'pull-request',
  PULL_REQUEST_MERGED: 'push',
  WORKFLOW_JOB_QUEUED: 'external',
  RELEASED: 'tag',
};

/** A CodeBuild project's webhook (`Triggers.FilterGroups`): the events that start a build. */
function webhookTriggers(project: YamlMap): StartingTriggers | undefined {
  const triggers = asMap(asMap(project.Properties).Triggers);
  if (triggers.Webhook !== true && triggers.Webhook !== 'true') {
    return undefined;
  }
  const found: StartingTriggers = { triggers: new Set(), branches: [] };
  const groups = asArray(triggers.FilterGroups);
  if (groups.length === 0) {
    found.triggers.add('push');
  }
  for (const group of groups) {
    const filters = asArray(group).map(asMap);
    const events = filters
      .filter(filter => filter.Type === 'EVENT')
      .flatMap(filter => (asString(filter.Pattern) ?? '').split(/\s*,\s*/));
    const branch = filters
      .filter(filter => filter.Type === 'HEAD_REF')
      .map(filter => asString(filter.Pattern) ?? '')
      .map(pattern =>
        pattern.replace(/^\^?refs\/heads\//, '').replace(/\$$/, ''),
      )
      .find(Boolean);
    for (const event of events) {
      const trigger = WEBHOOK_EVENTS[event] ?? 'external';
      found.triggers.add(trigger);
      if (trigger === 'push' && branch) {
        found.branches.push(branch);
      }
    }
  }
  return found;
}

/** EventBridge rules of a template that start one of its pipelines, by pipeline id. */
function cloudFormationRuleTriggers(
  resources: YamlMap,
  pipelineIds: string[],
  value: (text: string | undefined) => string | undefined,
): Map<string, StartingTriggers> {
  const found = new Map<string, StartingTriggers>();
  for (const raw of Object.values(resources)) {
    const rule = asMap(raw);
    const properties = asMap(rule.Properties);
    if (
      rule.Type !== 'AWS::Events::Rule' ||
      /^DISABLED/i.test(asString(properties.State) ?? '')
    ) {
      continue;
    }
    const pattern = asMap(properties.EventPattern);
    const trigger = eventRuleTrigger(
      asStrings(pattern.source),
      asString(properties.ScheduleExpression) !== undefined,
    );
    for (const target of asArray(properties.Targets).map(asMap)) {
      const arn = JSON.stringify(target.Arn ?? '');
      if (!/codepipeline/i.test(arn)) {
        continue;
      }
      const pipeline =
        pipelineIds.find(id => new RegExp(`\\b${id}\\b`).test(arn)) ??
        (pipelineIds.length === 1 ? pipelineIds[0] : undefined);
      if (!pipeline) {
        continue;
      }
      const entry = found.get(pipeline) ?? {
        triggers: new Set<CiTrigger>(),
        branches: [],
      };
      entry.triggers.add(trigger);
      if (trigger === 'push') {
        entry.branches.push(
          ...asStrings(asMap(pattern.detail).referenceName)
            .map(value)
            .filter((branch): branch is string => branch !== undefined),
        );
      }
      found.set(pipeline, entry);
    }
  }
  return found;
}

function cloudFormationJobs(files: RepoFileSet): {
  models: CiJobModel[];
  consumedBuildspecs: Set<string>;
} {
  const models: CiJobModel[] = [];
  const consumedBuildspecs = new Set<string>();
  for (const { path, resources, parameters } of cloudFormationTemplates(
    files,
  )) {
    // `BranchName: !Ref GitBranch` names a parameter: its default, if any, is the branch.
    const value = (text: string | undefined) =>
      text !== undefined && text in parameters
        ? asString(asMap(parameters[text]).Default)
        : text;
    const pipelineIds = Object.keys(resources).filter(
      id => asMap(resources[id]).Type === 'AWS::CodePipeline::Pipeline',
    );
    const rules = cloudFormationRuleTriggers(resources, pipelineIds, value);
    const projectsInPipelines = new Set<string>();
    for (const id of pipelineIds) {
      const properties = asMap(asMap(resources[id]).Properties);
      const stages: PipelineStage[] = asArray(properties.Stages).map(
        rawStage => {
          const stage = asMap(rawStage);
          return {
            name: asString(stage.Name) ?? 'stage',
            actions: asArray(stage.Actions).map(rawAction => {
              const action = asMap(rawAction);
              const type = asMap(action.ActionTypeId);
              const configuration = asMap(action.Configuration);
              const provider = asString(type.Provider) ?? '';
              const projectId = logicalId(configuration.ProjectName);
              let steps: CiStep[] | undefined;
              if (provider === 'CodeBuild' && projectId) {
                projectsInPipelines.add(projectId);
                const project = codeBuildProjectSteps(
                  files,
                  path,
                  asMap(resources[projectId]),
                );
                steps = project.steps;
                if (project.file) {
                  consumedBuildspecs.add(project.file);
                }
              }
              const parsed: PipelineAction = {
                category: asString(type.Category) ?? '',
                provider,
                name: asString(action.Name) ?? provider,
                runOrder: asNumber(action.RunOrder) ?? 1,
                branch: value(
                  asString(configuration.BranchName) ??
                    asString(configuration.Branch),
                ),
                detectsChanges: !(
                  configuration.PollForSourceChanges === false ||
                  configuration.PollForSourceChanges === 'false' ||
                  configuration.DetectChanges === false ||
                  configuration.DetectChanges === 'false'
                ),
                steps,
                preparesOnly: /^CHANGE_SET_REPLACE$/i.test(
                  asString(configuration.ActionMode) ?? '',
                ),
              };
              return parsed;
            }),
          };
        },
      );
      const v2Triggers = asArray(properties.Triggers).map(trigger =>
        asMap(asMap(trigger).GitConfiguration),
      );
      let starting = rules.get(id);
      if (v2Triggers.length) {
        const declared: StartingTriggers = {
          triggers: new Set(starting?.triggers),
          branches: [...(starting?.branches ?? [])],
          replaceSources: true,
        };
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
        starting = declared;
      }
      models.push(
        ...pipelineModels(
          {
            path,
            workflow: asString(properties.Name) ?? id,
            systemLabel: 'AWS CodePipeline',
          },
          stages,
          starting,
        ),
      );
    }
    // A CodeBuild project outside any pipeline, started by its own webhook.
    for (const [id, raw] of Object.entries(resources)) {
      const project = asMap(raw);
      const webhook =
        project.Type === 'AWS::CodeBuild::Project' &&
        !projectsInPipelines.has(id)
          ? webhookTriggers(project)
          : undefined;
      const build = webhook
        ? codeBuildProjectSteps(files, path, project)
        : undefined;
      if (!webhook || !build?.steps) {
        continue;
      }
      if (build.file) {
        consumedBuildspecs.add(build.file);
      }
      models.push({
        system: 'aws-codebuild',
        systemLabel: 'AWS CodeBuild',
        path: build.file ?? path,
        workflow: path,
        job: asString(asMap(project.Properties).Name) ?? id,
        triggers: sortTriggers(webhook.triggers),
        branches: webhook.triggers.has('push') ? webhook.branches : [],
        manualGate: false,
        steps: build.steps,
      });
    }
  }
  return { models, consumedBuildspecs };
}

function hclString(body: string, key: string): string | undefined {
  return body.match(new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`))?.[1];
}

/** `aws_cloudwatch_event_rule` + `aws_cloudwatch_event_target` pairs that start a pipeline. */
function terraformRuleTriggers(texts: string[]): Map<string, StartingTriggers> {
  const rules = new Map<string, CiTrigger>();
  const all = texts.join('\n');
  for (const rule of findBlocks(
    all,
    /resource\s+"aws_cloudwatch_event_rule"\s+"([\w-]+)"\s*\{/g,
  )) {
    if (/\bstate\s*=\s*"DISABLED"|\bis_enabled\s*=\s*false\b/.test(rule.body)) {
      continue;
    }
    const sources = [
      ...rule.body.matchAll(/\bsource"?\s*[=:]\s*\[\s*"([^"]+)"/g),
    ].map(match => match[1]);
    rules.set(
      rule.match[1],
      eventRuleTrigger(sources, /\bschedule_expression\s*=/.test(rule.body)),
    );
  }
  const found = new Map<string, StartingTriggers>();
  for (const target of findBlocks(
    all,
    /resource\s+"aws_cloudwatch_event_target"\s+"[\w-]+"\s*\{/g,
  )) {
    const pipeline = target.body.match(
      /\barn\s*=\s*aws_codepipeline\.([\w-]+)\.arn/,
    )?.[1];
    const rule = target.body.match(
      /\brule\s*=\s*aws_cloudwatch_event_rule\.([\w-]+)\./,
    )?.[1];
    const trigger = rule ? rules.get(rule) : undefined;
    if (pipeline && trigger) {
      const entry = found.get(pipeline) ?? {
        triggers: new Set<CiTrigger>(),
        branches: [],
      };
      entry.triggers.add(trigger);
      found.set(pipeline, entry);
    }
  }
  return found;
}

function terraformJobs(files: RepoFileSet): {
  models: CiJobModel[];
  consumedBuildspecs: Set<string>;
} {
  const models: CiJobModel[] = [];
  const consumedBuildspecs = new Set<string>();
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
    if (heredoc) {
      const doc = parseYamlDocuments(heredoc)[0];
      return isMap(doc) ? buildspecSteps(doc) : undefined;
    }
    const file = buildspecFile(
      files,
      project.path,
      spec?.replace(/^\$\{path\.module\}\//, ''),
    );
    if (!file) {
      return undefined;
    }
    consumedBuildspecs.add(file);
    return buildspecSteps(files.yamlMaps(file)[0]);
  };
  const rules = terraformRuleTriggers(tfFiles.map(file => file.text));
  for (const file of tfFiles) {
    for (const pipeline of findBlocks(
      file.text,
      /resource\s+"aws_codepipeline"\s+"([\w-]+)"\s*\{/g,
    )) {
      const stages: PipelineStage[] = findBlocks(
        pipeline.body,
        /\bstage\s*\{/g,
      ).map(stage => ({
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
            runOrder: Number(
              action.body.match(/\brun_order\s*=\s*(\d+)/)?.[1] ?? 1,
            ),
            branch: action.body.match(/BranchName\s*=\s*"([^"]+)"/)?.[1],
            detectsChanges:
              !/\b(PollForSourceChanges|DetectChanges)\s*=\s*"?false"?/.test(
                action.body,
              ),
            steps:
              provider === 'CodeBuild' ? projectSteps(projectRef) : undefined,
            preparesOnly: /ActionMode\s*=\s*"CHANGE_SET_REPLACE"/.test(
              action.body,
            ),
          };
        }),
      }));
      models.push(
        ...pipelineModels(
          {
            path: file.path,
            workflow: hclString(pipeline.body, 'name') ?? pipeline.match[1],
            systemLabel: 'AWS CodePipeline',
          },
          stages,
          rules.get(pipeline.match[1]),
        ),
      );
    }
  }
  return { models, consumedBuildspecs };
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

/**
 * AWS CodeBuild buildspecs and CodePipeline pipelines (CloudFormation, Terraform, CDK),
 * with the EventBridge rules that start them. A buildspec that a pipeline of the
 * repository runs is read as part of that pipeline; any other buildspec is started by
 * a CodeBuild project configured outside the repository.
 */
export function awsJobs(files: RepoFileSet): CiJobModel[] {
  const cloudFormation = cloudFormationJobs(files);
  const terraform = terraformJobs(files);
  const cdk = cdkCodePipelines(files);
  const consumed = new Set([
    ...cloudFormation.consumedBuildspecs,
    ...terraform.consumedBuildspecs,
    ...cdk.consumedBuildspecs,
  ]);
  const models: CiJobModel[] = [];
  for (const file of files.yamlFiles()) {
    const doc = files.yamlMaps(file.path)[0];
    if (
      !/(^|\/)(\.github|\.circleci)\//.test(file.path) &&
      !consumed.has(file.path) &&
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
        triggerOutsideRepository:
          'in CodeBuild (a project webhook or a pipeline)',
      });
    }
  }
  models.push(
    ...cloudFormation.models,
    ...terraform.models,
    ...cdk.models,
    ...cdkPipelines(files),
  );
  return models;
}
