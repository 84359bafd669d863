import { CiTrigger } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import { stringLiterals, stripCLikeComments } from '../../parsing/blocks';
import { extensionOf } from '../../parsing/paths';
import { buildspecFile, buildspecSteps } from './buildspec';
import { CiStep } from './ciActivities';
import { CiJobModel } from './ciJobs';
import {
  eventRuleTrigger,
  PipelineAction,
  pipelineModels,
  PipelineStage,
  StartingTriggers,
} from './codePipelineStages';

/** Index of the bracket closing the one at `open`, skipping string literals; -1 if none. */
function closingBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      const end = text.indexOf(char, i + 1);
      i = end < 0 ? text.length : end;
    } else if (pairs[char]) {
      stack.push(pairs[char]);
    } else if (char === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) {
        return i;
      }
    }
  }
  return -1;
}

/** The text between the bracket at `open` and its closing bracket. */
function inside(text: string, open: number): string {
  const close = closingBracket(text, open);
  return close < 0 ? '' : text.slice(open + 1, close);
}

/** Items of a list's text, split on commas outside brackets and strings. */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ('([{'.includes(char)) {
      const close = closingBracket(text, i);
      i = close < 0 ? text.length : close;
    } else if (char === '"' || char === "'" || char === '`') {
      const end = text.indexOf(char, i + 1);
      i = end < 0 ? text.length : end;
    } else if (char === ',') {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(text.slice(start).trim());
  return items.filter(Boolean);
}

/** A keyword argument (Python) or property (TypeScript) of a call's text. */
function argument(
  args: string,
  pythonName: string,
  tsName: string,
): string | undefined {
  return args
    .match(
      new RegExp(`\\b(?:${pythonName}|${tsName})["']?\\s*[=:]\\s*([^,\\n)]+)`),
    )?.[1]
    ?.trim();
}

function literal(value: string | undefined): string | undefined {
  return value ? stringLiterals(value)[0] : undefined;
}

const SOURCE_PROVIDERS: Record<string, string> = {
  CodeCommitSourceAction: 'CodeCommit',
  GitHubSourceAction: 'GitHub',
  CodeStarConnectionsSourceAction: 'CodeStarSourceConnection',
  BitBucketSourceAction: 'Bitbucket',
  S3SourceAction: 'S3',
  EcrSourceAction: 'ECR',
};

const DEPLOY_PROVIDERS: Record<string, string> = {
  CloudFormationCreateUpdateStackAction: 'CloudFormation',
  CloudFormationExecuteChangeSetAction: 'CloudFormation',
  CloudFormationDeployStackSetAction: 'CloudFormationStackSet',
  CloudFormationDeployStackInstancesAction: 'CloudFormationStackSet',
  EcsDeployAction: 'ECS',
  CodeDeployServerDeployAction: 'CodeDeploy',
  CodeDeployEcsDeployAction: 'CodeDeployToECS',
  S3DeployAction: 'S3',
  ElasticBeanstalkDeployAction: 'ElasticBeanstalk',
};

interface Construction {
  className: string;
  args: string;
}

/** `name = new x.SomeAction({...})` / `name = x.SomeAction(...)` anywhere in the file. */
function constructionsByVariable(
  text: string,
  classPattern: string,
): Map<string, Construction> {
  const found = new Map<string, Construction>();
  const pattern = new RegExp(
    `(?:self\\.|this\\.)?(\\w+)\\s*=\\s*(?:new\\s+)?(?:[\\w.]+\\.)?(${classPattern})\\s*\\(`,
    'g',
  );
  for (const match of text.matchAll(pattern)) {
    const open = match.index! + match[0].length - 1;
    found.set(match[1], { className: match[2], args: inside(text, open) });
  }
  return found;
}

interface FileContext {
  files: RepoFileSet;
  path: string;
  text: string;
  actions: Map<string, Construction>;
  projects: Map<string, Construction>;
  consumedBuildspecs: Set<string>;
}

/** What a CodeBuild project (`codebuild.PipelineProject`) runs, when its buildspec is readable. */
function projectSteps(
  ctx: FileContext,
  reference: string | undefined,
): CiStep[] | undefined {
  const name = reference?.replace(/^(self|this)\./, '');
  const project = name ? ctx.projects.get(name) : undefined;
  if (!project) {
    return undefined;
  }
  const fromFile = project.args.match(
    /BuildSpec\.(?:from_source_filename|fromSourceFilename)\s*\(\s*(['"])([^'"]+)\1/,
  )?.[2];
  if (fromFile) {
    const file = buildspecFile(ctx.files, ctx.path, fromFile);
    if (file) {
      ctx.consumedBuildspecs.add(file);
      return buildspecSteps(ctx.files.yamlMaps(file)[0]);
    }
    return undefined;
  }
  const inline = project.args.match(
    /BuildSpec\.(?:from_object|fromObject)\s*\(/,
  );
  if (inline) {
    const spec = inside(project.args, inline.index! + inline[0].length - 1);
    return [...spec.matchAll(/["']?commands["']?\s*[:=]\s*\[/g)].flatMap(
      match =>
        stringLiterals(inside(spec, match.index! + match[0].length - 1)).map(
          command => ({ script: command }),
        ),
    );
  }
  return undefined;
}

function parseAction(
  ctx: FileContext,
  construction: Construction,
): PipelineAction | undefined {
  const { className, args } = construction;
  const name =
    literal(argument(args, 'action_name', 'actionName')) ?? className;
  const runOrder = Number(argument(args, 'run_order', 'runOrder') ?? 1) || 1;
  if (SOURCE_PROVIDERS[className]) {
    const trigger = argument(args, 'trigger', 'trigger') ?? '';
    const onPush = argument(args, 'trigger_on_push', 'triggerOnPush') ?? '';
    return {
      category: 'Source',
      provider: SOURCE_PROVIDERS[className],
      name,
      runOrder,
      branch: literal(argument(args, 'branch', 'branch')),
      detectsChanges:
        !/\.NONE\b/.test(trigger) && !/^(False|false)$/.test(onPush),
    };
  }
  if (className === 'CodeBuildAction') {
    const test = /CodeBuildActionType\.TEST\b/.test(
      argument(args, 'type', 'type') ?? '',
    );
    return {
      category: test ? 'Test' : 'Build',
      provider: 'CodeBuild',
      name,
      runOrder,
      steps: projectSteps(ctx, argument(args, 'project', 'project')),
    };
  }
  if (DEPLOY_PROVIDERS[className]) {
    return {
      category: 'Deploy',
      provider: DEPLOY_PROVIDERS[className],
      name,
      runOrder,
    };
  }
  if (className === 'CloudFormationCreateReplaceChangeSetAction') {
    return {
      category: 'Deploy',
      provider: 'CloudFormation',
      name,
      runOrder,
      preparesOnly: true,
    };
  }
  if (className === 'ManualApprovalAction') {
    return { category: 'Approval', provider: 'Manual', name, runOrder };
  }
  if (
    className === 'LambdaInvokeAction' ||
    className === 'StepFunctionInvokeAction'
  ) {
    return {
      category: 'Invoke',
      provider: className === 'LambdaInvokeAction' ? 'Lambda' : 'StepFunctions',
      name,
      runOrder,
    };
  }
  return undefined;
}

const ACTION_CALL = /^(?:new\s+)?(?:[\w.]+\.)?(\w+Action)\s*\(/;

/** The actions of an `actions` list: constructions in place, or variables holding them. */
function listedActions(ctx: FileContext, list: string): PipelineAction[] {
  return topLevelItems(list)
    .map(item => {
      const call = item.match(ACTION_CALL);
      if (call) {
        return {
          className: call[1],
          args: inside(item, call[0].length - 1),
        };
      }
      return ctx.actions.get(item.replace(/^(self|this)\./, ''));
    })
    .filter((c): c is Construction => c !== undefined)
    .map(construction => parseAction(ctx, construction))
    .filter((action): action is PipelineAction => action !== undefined);
}

/** Stages in the order they are written: each `stage_name`/`stageName` and the `actions` after it. */
function stagesOf(ctx: FileContext): PipelineStage[] {
  const names = [
    ...ctx.text.matchAll(
      /["']?(?:stage_name|stageName)["']?\s*[=:]\s*(['"])([^'"]+)\1/g,
    ),
  ];
  return names.map((match, index) => {
    const end = names[index + 1]?.index ?? ctx.text.length;
    const segment = ctx.text.slice(match.index!, end);
    const list = segment.match(/["']?actions["']?\s*[=:]\s*\[/);
    const actions = list
      ? listedActions(ctx, inside(segment, list.index! + list[0].length - 1))
      : [];
    // `stage.add_action(...)` / `stage.addAction(...)` after the stage is created.
    for (const added of segment.matchAll(/\.(?:add_action|addAction)\s*\(/g)) {
      actions.push(
        ...listedActions(
          ctx,
          inside(segment, added.index! + added[0].length - 1),
        ),
      );
    }
    return { name: match[2], actions };
  });
}

/** EventBridge rules in the file whose target is a CodePipeline, and `onCommit` hooks. */
function ruleTriggers(text: string): StartingTriggers | undefined {
  const found: StartingTriggers = {
    triggers: new Set<CiTrigger>(),
    branches: [],
  };
  const rules = new Map<string, string>();
  for (const match of text.matchAll(
    /(?:(?:self\.|this\.)?(\w+)\s*=\s*)?(?:new\s+)?(?:[\w.]+\.|(?<![\w.]))Rule\s*\(/g,
  )) {
    const args = inside(text, match.index! + match[0].length - 1);
    rules.set(match[1] ?? `rule${rules.size}`, args);
  }
  for (const [variable, args] of rules) {
    const targeted =
      /\bCodePipeline\s*\(/.test(args) ||
      new RegExp(
        `\\b${variable}\\.(?:add_target|addTarget)\\s*\\([^)]*CodePipeline\\s*\\(`,
      ).test(text);
    if (!targeted || /\benabled\s*[=:]\s*(False|false)\b/.test(args)) {
      continue;
    }
    const sources = [
      ...args.matchAll(/\bsource["']?\s*[=:]\s*\[([^\]]*)\]/g),
    ].flatMap(match => stringLiterals(match[1]));
    found.triggers.add(
      eventRuleTrigger(sources, /\bschedule\s*[=:]/.test(args)),
    );
  }
  for (const hook of text.matchAll(/\.(?:on_commit|onCommit)\s*\(/g)) {
    const args = inside(text, hook.index! + hook[0].length - 1);
    if (/\bCodePipeline\s*\(/.test(args)) {
      found.triggers.add('push');
      found.branches.push(
        ...stringLiterals(
          args.match(/\bbranches\s*[=:]\s*\[([^\]]*)\]/)?.[1] ?? '',
        ),
      );
    }
  }
  return found.triggers.size ? found : undefined;
}

/**
 * How the file refers to the CDK's `aws_codepipeline` module: its import aliases, and
 * whether `Pipeline` is imported by name.
 */
function codePipelineModule(
  text: string,
): { aliases: string[]; named: boolean } | undefined {
  const aliases = [
    ...text.matchAll(/\baws_codepipeline\s+as\s+(\w+)/g),
    ...text.matchAll(
      /import\s+\*\s+as\s+(\w+)\s+from\s+['"](?:aws-cdk-lib\/aws-codepipeline|@aws-cdk\/aws-codepipeline)['"]/g,
    ),
  ].map(match => match[1]);
  if (
    /from\s+aws_cdk\s+import\s+[^\n]*\baws_codepipeline\b(?!_|\s+as)/.test(text)
  ) {
    aliases.push('aws_codepipeline');
  }
  const named =
    /from\s+aws_cdk\.aws_codepipeline\s+import\s+[^\n]*\bPipeline\b/.test(
      text,
    ) ||
    /import\s*\{[^}]*\bPipeline\b[^}]*\}\s*from\s+['"](?:aws-cdk-lib\/aws-codepipeline|@aws-cdk\/aws-codepipeline)['"]/.test(
      text,
    );
  return aliases.length || named ? { aliases, named } : undefined;
}

/**
 * AWS CodePipelines written with the CDK's `codepipeline.Pipeline` construct in
 * TypeScript or Python: stages and actions in order, approvals, and the EventBridge
 * rules that start the pipeline (a push, a schedule, an approved model package).
 */
export function cdkCodePipelines(files: RepoFileSet): {
  models: CiJobModel[];
  consumedBuildspecs: Set<string>;
} {
  const models: CiJobModel[] = [];
  const consumedBuildspecs = new Set<string>();
  for (const file of files.withExtension('ts', 'py', 'js')) {
    const module = codePipelineModule(file.text);
    if (!module) {
      continue;
    }
    const text =
      extensionOf(file.path) === 'py'
        ? file.text.replace(/#.*$/gm, '')
        : stripCLikeComments(file.text);
    const qualifiers = [
      ...module.aliases.map(alias => `${alias}\\.`),
      ...(module.named ? ['(?<![\\w.])'] : []),
    ];
    const pipeline = text.match(
      new RegExp(
        `(?:${qualifiers.join(
          '|',
        )})Pipeline\\s*\\(\\s*[\\w.]+\\s*,\\s*(?:(['"])([^'"]+)\\1)?`,
      ),
    );
    if (!pipeline) {
      continue;
    }
    const ctx: FileContext = {
      files,
      path: file.path,
      text,
      actions: constructionsByVariable(text, '\\w+Action'),
      projects: constructionsByVariable(text, 'PipelineProject|Project'),
      consumedBuildspecs,
    };
    const stages = stagesOf(ctx).filter(stage => stage.actions.length > 0);
    if (stages.length === 0) {
      continue;
    }
    models.push(
      ...pipelineModels(
        {
          path: file.path,
          workflow: pipeline[2] ?? file.path,
          systemLabel: 'AWS CodePipeline (CDK)',
        },
        stages,
        ruleTriggers(text),
      ),
    );
  }
  return { models, consumedBuildspecs };
}
