import { ContainerImageAttributes } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../RepoFileSet';
import { basenameOf, dirnameOf, joinRepoPath } from '../parsing/paths';
import { asMap, asString } from '../parsing/yaml';
import {
  handlerModule,
  modelServingCall,
  platformAttributes,
} from './servingCode';
import { code, DetectorResult, Findings } from './types';

function isDockerfile(path: string): boolean {
  return /^(Dockerfile|Containerfile)([._-][\w.-]+)?$|\.(dockerfile|Dockerfile|containerfile)$/.test(
    basenameOf(path),
  );
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile, continuation lines joined and comments dropped. */
function dockerInstructions(text: string): Instruction[] {
  const escape = text.match(/^#\s*escape\s*=\s*`/m) ? '`' : '\\';
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const instructions: Instruction[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !current)) {
      continue;
    }
    if (line.endsWith(escape)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const match = current.match(/^(\w+)\s*(.*)$/);
    if (match) {
      instructions.push({
        keyword: match[1].toUpperCase(),
        args: match[2].trim(),
      });
    }
    current = '';
  }
  return instructions;
}

/** Resolves `${VAR}`, `${VAR:-default}` and `$VAR` from ARG defaults; unknown ones stay as written. */
function substitute(value: string, args: Map<string, string>): string {
  return value
    .replace(
      /\$\{(\w+)(?::?[-+]([^}]*))?\}/g,
      (whole, name: string, fallback: string | undefined) =>
        args.get(name) || fallback || whole,
    )
    .replace(/\$(\w+)/g, (whole, name: string) => args.get(name) || whole);
}

const SERVING_COMMANDS: Array<{ pattern: RegExp; tool: string }> = [
  { pattern: /\bvllm\s+serve\b|vllm\.entrypoints/, tool: 'vllm' },
  {
    pattern: /\bmlflow\s+models\s+serve\b|mlflow\W+models\W+serve/,
    tool: 'mlflow',
  },
  { pattern: /\btritonserver\b/, tool: 'triton' },
  { pattern: /\btorchserve\b|torch-model-archiver/, tool: 'torchserve' },
  { pattern: /\bbentoml\W+serve\b/, tool: 'bentoml' },
  { pattern: /\bmlserver\W+start\b/, tool: 'mlserver' },
  { pattern: /text-generation-launcher/, tool: 'tgi' },
  { pattern: /tensorflow_model_server/, tool: 'tensorflow-serving' },
];

/**
 * Dockerfiles that build a development environment: the `build.dockerfile` a root
 * `.devcontainer.json` names (the `.devcontainer/` folder is not analysed at all), Gitpod's
 * `.gitpod.Dockerfile` and the `image.file` of `.gitpod.yml`.
 */
function devEnvironmentDockerfiles(files: RepoFileSet): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files.named(/^\.gitpod\.Dockerfile$/)) {
    found.set(file.path, 'the Gitpod workspace image');
  }
  // devcontainer.json is JSON with comments, so the one key is read directly.
  for (const file of files.named(/^\.?devcontainer\.json$/)) {
    const dockerfile = file.text.match(
      /"(?:dockerfile|dockerFile)"\s*:\s*"([^"]+)"/,
    )?.[1];
    const path = dockerfile && joinRepoPath(dirnameOf(file.path), dockerfile);
    if (path) {
      found.set(
        path,
        `the Dev Container that ${file.path} defines for the development environment`,
      );
    }
  }
  for (const file of files.named(/^\.gitpod\.ya?ml$/)) {
    const image = asString(
      asMap(asMap(files.yamlMaps(file.path)[0]).image).file,
    );
    const path = image && joinRepoPath(dirnameOf(file.path), image);
    if (path) {
      found.set(path, `the Gitpod workspace image of ${file.path}`);
    }
  }
  return found;
}

const LAMBDA_BASE_IMAGE =
  /^(public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-|(?:[\w.-]+\/)?aws-lambda-python)/;

/** The handler a Lambda image's CMD names, e.g. `app.lambda_handler`. */
function lambdaHandler(cmd: string | undefined): string | undefined {
  if (!cmd) {
    return undefined;
  }
  const exec = cmd.match(/^\[\s*"([^"]+)"/)?.[1];
  return exec ?? cmd.trim().split(/\s+/)[0];
}

/** Container build definitions and their base images (ARG defaults resolved). */
export function detectContainers(files: RepoFileSet): DetectorResult {
  const findings = new Findings();
  const devEnvironment = devEnvironmentDockerfiles(files);
  for (const file of files.files.filter(f => isDockerfile(f.path))) {
    const devImage = devEnvironment.get(file.path);
    if (devImage) {
      findings.reject(
        'container-image',
        'docker',
        file.path,
        `${file.path} builds ${devImage}, not an image of the service`,
      );
      continue;
    }
    const instructions = dockerInstructions(file.text);
    const globalArgs = new Map<string, string>();
    const stages: Array<{ name: string | undefined; image: string }> = [];
    let user: string | null = null;
    let healthcheck = false;
    const exposed: string[] = [];
    const commands: string[] = [];
    let cmd: string | undefined;
    for (const instruction of instructions) {
      if (instruction.keyword === 'ARG' && stages.length === 0) {
        const [name, ...rest] = instruction.args.split('=');
        globalArgs.set(
          name.trim(),
          substitute(
            rest
              .join('=')
              .trim()
              .replace(/^["']|["']$/g, ''),
            globalArgs,
          ),
        );
      } else if (instruction.keyword === 'FROM') {
        const words = instruction.args
          .split(/\s+/)
          .filter(word => !word.startsWith('--'));
        const reference = substitute(words[0] ?? '', globalArgs);
        const alias = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
        const previous = stages.find(
          stage =>
            stage.name && stage.name.toLowerCase() === reference.toLowerCase(),
        );
        stages.push({
          name: alias,
          image: previous ? previous.image : reference,
        });
        user = null;
      } else if (instruction.keyword === 'USER') {
        user = instruction.args;
      } else if (
        instruction.keyword === 'HEALTHCHECK' &&
        !/^NONE\b/i.test(instruction.args)
      ) {
        healthcheck = true;
      } else if (instruction.keyword === 'EXPOSE') {
        exposed.push(...instruction.args.split(/\s+/));
      } else if (['CMD', 'ENTRYPOINT', 'RUN'].includes(instruction.keyword)) {
        commands.push(instruction.args);
        if (instruction.keyword === 'CMD') {
          cmd = instruction.args;
        }
      }
    }
    if (stages.length === 0) {
      findings.reject(
        'container-image',
        'docker',
        file.path,
        `${file.path} has no FROM instruction, so it builds nothing`,
      );
      continue;
    }
    const baseImages = stages.map(stage => stage.image);
    const runtime = baseImages[baseImages.length - 1];
    const attributes: ContainerImageAttributes = {
      baseImages,
      stages: stages.length,
      user,
      runsAsRoot: user === null || /^(root|0)(:|$)/.test(user),
      healthcheck,
      exposedPorts: exposed,
    };
    findings.signal(
      'container-image',
      'docker',
      file.path,
      `${file.path} builds an image on ${code(runtime)}${
        stages.length > 1 ? ` (${stages.length}-stage build)` : ''
      }`,
      attributes,
    );
    const serving = SERVING_COMMANDS.find(s =>
      commands.some(c => s.pattern.test(c)),
    );
    if (serving) {
      findings.signal(
        'serving',
        serving.tool,
        file.path,
        `${file.path} packages a ${serving.tool} model server`,
        { image: runtime },
      );
    }
    lambdaImage(files, findings, file.path, runtime, cmd);
  }
  return findings.result();
}

/**
 * An image on an AWS Lambda base image runs as a Lambda function; it serves the model when
 * its handler loads a model or calls a model endpoint.
 */
function lambdaImage(
  files: RepoFileSet,
  findings: Findings,
  path: string,
  runtime: string,
  cmd: string | undefined,
) {
  const handler = lambdaHandler(cmd);
  if (!LAMBDA_BASE_IMAGE.test(runtime) || !handler) {
    return;
  }
  const module = handlerModule(files, dirnameOf(path), handler);
  const call = module && modelServingCall(files, module);
  if (!module || !call) {
    return;
  }
  findings.signal(
    'serving',
    'aws-lambda',
    path,
    `${path} packages AWS Lambda function ${code(handler)} on ${code(
      runtime,
    )}, which serves the model (${module} calls ${code(call)})`,
    platformAttributes('aws-lambda', 'dockerfile', {
      extra: { handler, image: runtime },
    }),
  );
}
