import { CiActivity } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { RepoFileSet } from '../../RepoFileSet';
import {
  basenameOf,
  dirnameOf,
  joinRepoPath,
  stemOf,
} from '../../parsing/paths';
import { PythonSource } from '../../parsing/python';
import {
  commandLabel,
  isTrivialCommand,
  parseShellScript,
  shellWords,
  ShellCommand,
} from '../../parsing/shell';
import { asMap, asString, isMap } from '../../parsing/yaml';
import {
  DATA_VALIDATION,
  DEPLOYING,
  HYPERPARAMETER_TUNING,
  LLM_EVALUATION,
  matchFirst,
  MODEL_REGISTRATION,
  PUBLISHING_METRICS,
  PythonMatcher,
  TRAINING,
  usage,
} from '../python/pythonPatterns';
import { parseToxIni } from './toxIni';

/** A step of a CI job: a shell script, or an action/task already understood by its CI system. */
export type CiStep =
  | { script: string; workingDirectory?: string; ignoreFailure?: boolean }
  | { activities: CiActivity[]; evidence: string; ignoreFailure?: boolean };

export interface StepAnalysis {
  /** Activities in order of first appearance. */
  activities: CiActivity[];
  /** The first command or action that showed each activity. */
  evidence: Partial<Record<CiActivity, string>>;
  /** Test commands whose failure is ignored (`|| true`, continue-on-error). */
  ignoredTests: string[];
  /** Every command run, normalised (for rollback / traffic-shift recognition). */
  commands: string[];
  /** Nothing but trivial commands (`echo`, `sleep`...) ran. */
  trivialOnly: boolean;
  /** Repository scripts the steps run. */
  invokedPaths: string[];
  /**
   * Scripts the steps call that the repository does not contain, with what their names
   * suggest they do: a name is not evidence without the code behind it.
   */
  missingScripts: Array<{ label: string; activities: CiActivity[] }>;
  /**
   * Repository paths the test commands run (`''` is the whole repository), or undefined
   * when a test runner whose targets cannot be read ran (`npm test`, `go test`).
   */
  testTargets?: string[];
}

interface CommandRule {
  activity: CiActivity;
  pattern: RegExp;
  exclude?: RegExp;
  label?: (text: string) => string;
}

const NOT_A_DEPLOY = /--dry-run\b|\s-destroy\b|--server-dry-run\b/;

const helmLabel = (text: string) => {
  const verb =
    text.match(/^helm\s+(?:[^|]*?\s)?(upgrade|install)\b/)?.[1] ?? 'upgrade';
  return `helm ${verb}${
    verb === 'upgrade' && /\s(--install|-i)\b/.test(text) ? ' --install' : ''
  }`;
};

const COMMAND_RULES: CommandRule[] = [
  // deploy
  {
    activity: 'deploy',
    pattern:
      /^(kubectl|oc)\s+(?:[^|]*?\s)?(apply|replace|set\s+image|rollout\s+(?:restart|undo)|argo\s+rollouts\s+(?:set\s+image|promote)|create(?!\s+(namespace|ns|secret|configmap|serviceaccount|sa|token|job\s+--from))\b)/,
    exclude: NOT_A_DEPLOY,
    label: text =>
      commandLabel(text.replace(/\s+-n\s+\S+|\s+--namespace[= ]\S+/, ''), 3),
  },
  {
    activity: 'deploy',
    pattern: /^helm\s+(?:[^|]*?\s)?(upgrade|install)\b/,
    exclude: NOT_A_DEPLOY,
    label: helmLabel,
  },
  {
    activity: 'deploy',
    pattern: /^helmfile\s+(?:[^|]*?\s)?(apply|sync|deploy)\b/,
    exclude: NOT_A_DEPLOY,
  },
  { activity: 'deploy', pattern: /^argocd\s+app\s+(sync|set|create)\b/ },
  { activity: 'deploy', pattern: /^flux\s+reconcile\b/ },
  {
    activity: 'deploy',
    pattern:
      /^(terraform|tofu|terragrunt)\s+(?:-chdir=\S+\s+)?(run-all\s+)?apply\b/,
    exclude: NOT_A_DEPLOY,
  },
  { activity: 'deploy', pattern: /^pulumi\s+(up|update)\b/ },
  {
    activity: 'deploy',
    pattern:
      /^az\s+ml\s+((online|batch)-(deployment|endpoint)\s+(create|update)|model\s+deploy|service\s+update)\b/,
  },
  // The Azure Developer CLI: `azd up` provisions and deploys, `azd deploy` ships the code;
  // `azd provision` alone creates infrastructure without the application.
  { activity: 'deploy', pattern: /^azd\s+(up|deploy)\b/ },
  {
    activity: 'deploy',
    pattern: /^(railway\s+up|heroku\s+container:release)\b/,
  },
  {
    activity: 'deploy',
    pattern:
      /^az\s+(containerapp\s+(update|up|create)|webapp\s+(deploy|up|deployment\s+source)|functionapp\s+deployment|deployment\s+(group|sub|mg|tenant)\s+create|spring\s+app\s+deploy|container\s+create)\b/,
  },
  {
    activity: 'deploy',
    pattern:
      /^gcloud\s+(beta\s+|alpha\s+)?(run\s+(deploy|services\s+(replace|update))|ai\s+endpoints\s+deploy-model|app\s+deploy|functions\s+deploy|deploy\s+releases\s+create)\b/,
  },
  {
    activity: 'deploy',
    pattern:
      /^aws\s+(sagemaker\s+(create-endpoint|update-endpoint)(?![\w-])|ecs\s+update-service|cloudformation\s+(deploy|create-stack|update-stack)|lambda\s+update-function-code|apprunner\s+(start-deployment|update-service)|deploy\s+create-deployment|elasticbeanstalk\s+update-environment)/,
  },
  {
    activity: 'deploy',
    pattern:
      /^((sam|cdk|serverless|sls|eb|fly|flyctl|modal|bentoml|copilot(\s+svc)?)\s+deploy|skaffold\s+(run|deploy)|gke-deploy\s+(run|apply)|kn\s+service\s+(create|update|apply)|databricks\s+bundle\s+deploy|truss\s+push|seldon\s+(model|pipeline|experiment)\s+(load|start)|mlflow\s+deployments\s+(create|update)|mlflow\s+sagemaker\s+deploy|docker\s+stack\s+deploy)\b/,
    exclude: NOT_A_DEPLOY,
  },
  // images
  {
    activity: 'build-image',
    pattern:
      /^((docker|podman|nerdctl)\s+(image\s+)?(buildx\s+)?(build|bake)|docker\s+compose\s+build|docker-compose\s+build|buildah\s+(bud|build)|(\/kaniko\/)?executor\s+|gcloud\s+builds\s+submit|az\s+acr\s+build|pack\s+build|bentoml\s+containerize|mlflow\s+models\s+build-docker|ko\s+build|s2i\s+build)\b/,
  },
  {
    activity: 'push-image',
    pattern:
      /^((docker|podman|nerdctl|buildah)\s+(image\s+)?push|docker\s+(buildx\s+)?(build|bake)\b.*\s--push|(\/kaniko\/)?executor\s+(?!.*--no-push)|gcloud\s+builds\s+submit|az\s+acr\s+build|(crane|skopeo)\s+(push|copy)|ko\s+build|docker\s+compose\s+push|docker-compose\s+push|pack\s+build\b.*--publish)\b/,
  },
  // tests
  {
    activity: 'test',
    pattern:
      /^(pytest|tox|nox|nosetests|behave|bats|unittest|hatch\s+test|jest|vitest|mocha|ava|playwright\s+test|cypress\s+run|go\s+test|cargo\s+test|dotnet\s+test|(\.\/)?(mvnw?|gradlew?)\s+(?:[^|]*?\s)?(test|verify|check)|python[\d.]*\s+(\S*\/)?(manage\.py|setup\.py)\s+test|bun\s+test)\b/,
    exclude: /--collect-only|\s--co\b|--version|--help|\s--watch\b/,
    label: text => commandLabel(text, 2),
  },
  // llm evaluation
  {
    activity: 'llm-eval',
    pattern:
      /^(promptfoo(@[\w.-]+)?\s+eval|deepeval\s+test\s+run|ragas\s+evals?|inspect\s+eval|lm[-_]eval)\b/,
    label: text =>
      commandLabel(text.replace(/^promptfoo@[\w.-]+/, 'promptfoo'), 3),
  },
  // lint
  {
    activity: 'lint',
    pattern:
      /^(ruff|flake8|pylint|mypy|pyright|black|isort|pydocstyle|pycodestyle|yamllint|hadolint|shellcheck|eslint|prettier|golangci-lint|tflint|sqlfluff|kubeval|kubeconform|actionlint|markdownlint|pre-commit|codespell|interrogate|pyflakes|yapf|helm\s+lint|terraform\s+(fmt|validate)|go\s+vet|tsc\s+--noEmit)\b/,
    label: text => commandLabel(text, 2),
  },
  // security scanning
  {
    activity: 'security-scan',
    pattern:
      /^(trivy|grype|gitleaks|semgrep|checkov|tfsec|trufflehog|osv-scanner|codeql|dependency-check|kics|terrascan|govulncheck|bandit|pip-audit|snyk\s+(test|monitor|container|iac|code)|safety\s+(check|scan)|detect-secrets\s+scan|(npm|pnpm|yarn)\s+audit|docker\s+scout\s+(cves|quickview)|cargo\s+audit|pipenv\s+check)\b/,
    label: text => commandLabel(text, 2),
  },
  // training and ML steps
  {
    activity: 'train',
    pattern:
      /^(dvc\s+(repro|exp\s+run)|mlflow\s+run|kfp\s+run\s+(submit|create)|az\s+ml\s+job\s+create|az\s+ml\s+run\s+submit-(script|pipeline)|aws\s+sagemaker\s+(start-pipeline-execution|create-training-job|create-auto-ml-job)|gcloud\s+(beta\s+)?ai\s+custom-jobs\s+create|gcloud\s+ai-platform\s+jobs\s+submit\s+training|zenml\s+pipeline\s+run|kedro\s+run|sky\s+(launch|jobs\s+launch))\b/,
    label: text => commandLabel(text, 3),
  },
  {
    activity: 'register-model',
    pattern:
      /^(az\s+ml\s+model\s+(create|register)|gcloud\s+(beta\s+)?ai\s+models\s+upload|aws\s+sagemaker\s+create-model-package(?![\w-])|gto\s+(register|assign|promote))\b/,
  },
  { activity: 'evaluate-model', pattern: /^dvc\s+metrics\s+diff\b/ },
  {
    activity: 'data-validation',
    pattern:
      /^((great[_-]expectations|gx)\s+(checkpoint\s+run|validation-operator\s+run)|soda\s+scan|dbt\s+(test|build))\b/,
    label: text => commandLabel(text, 3),
  },
  { activity: 'hyperparameter-tuning', pattern: /^wandb\s+(sweep|agent)\b/ },
  {
    activity: 'data-refresh',
    pattern:
      /^(dvc\s+(update|import|import-url)|dbt\s+(run|build|seed|snapshot)|meltano\s+(run|elt)|aws\s+glue\s+start-job-run|feast\s+materialize(-incremental)?)\b/,
  },
  {
    activity: 'publish-metrics',
    pattern:
      /^((curl|wget|http|https)\b.*\b(metrics?|pushgateway|prometheus|influx\w*|datadoghq|statsd)\b|cml\s+(comment|send-comment|publish))/i,
    label: text => commandLabel(text.replace(/\s+-[sSfLX]+\b/g, ''), 3),
  },
];

/** Script-name hints for `python <script>` invocations (what the entry point is for). */
const SCRIPT_NAME_RULES: Array<{ activity: CiActivity; pattern: RegExp }> = [
  {
    activity: 'hyperparameter-tuning',
    pattern: /(^|[_-])(tune|tuning|hpo|sweep|hyperparam\w*)([_-]|$)/,
  },
  {
    activity: 'train',
    pattern: /(^|[_-])(re)?train(ing)?([_-]|$)|^(re)?train/,
  },
  {
    activity: 'evaluate-model',
    pattern: /(^|[_-])(eval|evaluate|evaluation)([_-]|$)/,
  },
  { activity: 'register-model', pattern: /(^|[_-])(register|promote)([_-]|$)/ },
  {
    activity: 'data-validation',
    pattern:
      /(validate|check)[_-]?(data|dataset|schema|inputs?)|data[_-]?(validation|checks?|quality)/,
  },
  {
    activity: 'data-refresh',
    pattern:
      /(^|[_-])(ingest|ingestion|etl)([_-]|$)|(refresh|fetch|download|update|pull|collect|extract)[_-](data|dataset|features?)/,
  },
  {
    activity: 'publish-metrics',
    pattern:
      /(push|publish|report|export|send|post)[_-]?(metrics|accuracy|kpis?|scores)/,
  },
];

/**
 * Uploads of a built Python package (PyPI, a private index, Gemfury's documented
 * `curl -F package=@...` push).
 */
const PACKAGE_UPLOAD =
  /^(twine\s+upload|poetry\s+publish|flit\s+publish|hatch\s+publish|pdm\s+publish|uv\s+publish|fury\s+push|curl\b.*\s-F\s*["']?package=@|curl\b.*push\.fury\.io)/;

/** Scripts that create or update a CloudFormation stack (an endpoint stack, a service stack). */
const STACK_DEPLOYS: PythonMatcher[] = [
  usage(
    'cloudformation',
    ['boto3'],
    /\.(create_stack|update_stack|execute_change_set)\s*\(/,
    /client\(\s*['"]cloudformation['"]/,
  ),
];

const CONTENT_RULES: Array<{
  activity: CiActivity;
  matchers: PythonMatcher[];
}> = [
  { activity: 'train', matchers: TRAINING },
  { activity: 'register-model', matchers: MODEL_REGISTRATION },
  { activity: 'hyperparameter-tuning', matchers: HYPERPARAMETER_TUNING },
  { activity: 'llm-eval', matchers: LLM_EVALUATION },
  { activity: 'data-validation', matchers: DATA_VALIDATION },
  { activity: 'deploy', matchers: [...DEPLOYING, ...STACK_DEPLOYS] },
  { activity: 'publish-metrics', matchers: PUBLISHING_METRICS },
];

const TRAINING_KINDS = new Set([
  'PyTorchJob',
  'TFJob',
  'XGBoostJob',
  'MPIJob',
  'PaddleJob',
  'JAXJob',
  'TrainJob',
  'RayJob',
]);

const MAX_DEPTH = 4;

/** Flags that make an entry point compile, check or print help instead of running. */
const NOT_A_RUN =
  /\s--?(compile(-only)?|dry[-_]?run|help|version|validate[-_]only|check[-_]only)\b/;

const CONTAINER_RUN =
  /^((docker|podman|nerdctl)\s+(container\s+)?(run|exec)|docker[- ]compose\s+(?:-f\s+\S+\s+)*(run|exec)|kubectl\s+exec)\s+/;
const OPTIONS_WITH_VALUES = new Set([
  '-v',
  '--volume',
  '-e',
  '--env',
  '--env-file',
  '-w',
  '--workdir',
  '-p',
  '--publish',
  '--name',
  '--network',
  '--net',
  '--entrypoint',
  '-u',
  '--user',
  '--platform',
  '--mount',
  '-l',
  '--label',
  '--gpus',
  '--memory',
  '-m',
  '--cpus',
  '--add-host',
  '--shm-size',
  '--ipc',
  '-n',
  '--namespace',
  '-c',
  '--container',
]);

/**
 * The command a `docker run IMAGE CMD` (or `compose run SERVICE CMD`, `kubectl exec POD
 * -- CMD`) runs inside the container: the given command, else the image's own program
 * (`aquasec/trivy fs .` runs `trivy fs .`).
 */
function containerCommand(text: string): string[] | undefined {
  const prefix = text.match(CONTAINER_RUN);
  if (!prefix) {
    return undefined;
  }
  const words = shellWords(text.slice(prefix[0].length));
  const dashDash = words.indexOf('--');
  if (/^kubectl/.test(text)) {
    return dashDash >= 0 ? [words.slice(dashDash + 1).join(' ')] : [];
  }
  let index = 0;
  while (index < words.length && words[index].startsWith('-')) {
    index +=
      OPTIONS_WITH_VALUES.has(words[index]) && !words[index].includes('=')
        ? 2
        : 1;
  }
  const image = words[index] ?? '';
  const rest = words.slice(index + 1).join(' ');
  const program = image.split('@')[0].split(':')[0].split('/').pop() ?? '';
  return [rest, `${program} ${rest}`.trim()].filter(Boolean);
}

class StepAnalyzer {
  private readonly activities: CiActivity[] = [];
  private readonly evidence: Partial<Record<CiActivity, string>> = {};
  private readonly ignoredTests: string[] = [];
  private readonly commands: string[] = [];
  private readonly invoked = new Set<string>();
  private readonly missing: StepAnalysis['missingScripts'] = [];
  private readonly testTargets = new Set<string>();
  private scripts?: Map<string, { module: string; from: string }>;
  private unknownTestTargets = false;
  private meaningful = false;

  constructor(private readonly files: RepoFileSet) {}

  add(activity: CiActivity, evidence: string) {
    if (!this.activities.includes(activity)) {
      this.activities.push(activity);
      this.evidence[activity] = evidence;
    }
    this.meaningful = true;
  }

  step(step: CiStep) {
    if ('activities' in step) {
      this.meaningful = true;
      for (const activity of step.activities) {
        if (activity === 'test') {
          this.unknownTestTargets = true;
        }
        if (activity === 'test' && step.ignoreFailure) {
          this.ignoredTests.push(step.evidence);
        } else {
          this.add(activity, step.evidence);
        }
      }
      return;
    }
    this.script(
      step.script,
      step.workingDirectory ?? '',
      Boolean(step.ignoreFailure),
      0,
      '',
    );
  }

  script(
    script: string,
    workingDirectory: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ) {
    for (const command of parseShellScript(script)) {
      this.command(
        command,
        workingDirectory,
        ignoreFailure || command.resultIgnored,
        depth,
        via,
      );
    }
  }

  private command(
    command: ShellCommand,
    wd: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ) {
    const text = command.text;
    this.commands.push(text);
    if (isTrivialCommand(text)) {
      return;
    }
    this.meaningful = true;
    if (
      depth < MAX_DEPTH &&
      this.delegated(text, wd, ignoreFailure, depth, via)
    ) {
      return;
    }
    if (command.inlineProgram !== undefined) {
      this.pythonContent(
        PythonSource.parse('<inline>', command.inlineProgram),
        `${via}${commandLabel(text, 2)}`,
      );
    }
    for (const rule of COMMAND_RULES) {
      if (!rule.pattern.test(text) || rule.exclude?.test(text)) {
        continue;
      }
      const label = `${via}${
        rule.label
          ? rule.label(text)
          : commandLabel(text.match(rule.pattern)![0].trim(), 4)
      }`;
      if (rule.activity === 'test' && ignoreFailure) {
        this.ignoredTests.push(label);
        continue;
      }
      if (
        rule.activity === 'deploy' &&
        this.appliesOnlyTrainingResources(text, wd, label)
      ) {
        continue;
      }
      if (
        rule.activity === 'hyperparameter-tuning' &&
        /^wandb\s+sweep\b/.test(text)
      ) {
        const config = shellWords(text)
          .slice(2)
          .find(word => !word.startsWith('-'));
        const path = config ? this.files.resolve(wd, config) : undefined;
        if (path) {
          this.invoked.add(path);
        }
      }
      if (rule.activity === 'train' && /^az\s+ml\s+job\s+create\b/.test(text)) {
        this.azureMlJob(text, wd, label);
        continue;
      }
      this.add(rule.activity, label);
      if (rule.activity === 'test') {
        this.recordTestTargets(text, wd);
        this.llmEvalTests(text, wd, label);
      }
    }
    if (PACKAGE_UPLOAD.test(text) && this.activities.includes('train')) {
      this.add(
        'register-model',
        `${via}${commandLabel(text, 3)} (publishes ${this.packageName(
          wd,
        )} after training it: a versioned model package)`,
      );
    }
  }

  /** Follows scripts, Make targets, package.json scripts and Python entry points. */
  private delegated(
    text: string,
    wd: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ): boolean {
    const packageScript = text.match(
      /^(npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/,
    );
    if (
      packageScript &&
      !/^(install|ci|i|add|init|audit|publish|pack|exec|dlx|x)$/.test(
        packageScript[2],
      )
    ) {
      return this.packageJsonScript(
        packageScript[1],
        packageScript[2],
        wd,
        ignoreFailure,
        depth,
        via,
      );
    }
    const make = text.match(/^make\s*(.*)$/);
    if (make) {
      return this.makeTargets(make[1], wd, ignoreFailure, depth, via);
    }
    const tox = text.match(/^tox(?:\s+(?:run|r))?(\s.*)?$/);
    if (tox) {
      return this.toxEnvironments(tox[1] ?? '', wd, ignoreFailure, depth, via);
    }
    const shell =
      text.match(/^(?:(?:ba|z|da)?sh|source|\.)\s+(?:-\S+\s+)*(\S+)/) ??
      text.match(/^(\.?\/?\S+\.sh)\b/);
    if (shell) {
      const path = this.files.resolve(wd, shell[1]);
      if (path) {
        this.invoked.add(path);
        this.script(
          this.files.get(path)!.text,
          dirnameOf(path),
          ignoreFailure,
          depth + 1,
          `${via}${path} → `,
        );
        return true;
      }
      return false;
    }
    const inContainer = containerCommand(text);
    if (inContainer) {
      for (const candidate of inContainer) {
        const before = this.activities.length;
        this.command(
          { text: candidate, resultIgnored: ignoreFailure },
          wd,
          ignoreFailure,
          depth + 1,
          via,
        );
        if (this.activities.length > before) {
          break;
        }
      }
      return true;
    }
    const python = this.pythonEntryPoint(text, wd);
    if (python && NOT_A_RUN.test(text)) {
      return true;
    }
    if (python) {
      const label = `${via}${python.label}`;
      const named = SCRIPT_NAME_RULES.filter(rule =>
        rule.pattern.test(python.name.toLowerCase()),
      ).map(rule => rule.activity);
      if (!python.path) {
        if (named.length) {
          this.missing.push({ label, activities: named });
        }
        return named.length > 0;
      }
      named.forEach(activity => this.add(activity, label));
      this.invoked.add(python.path);
      const source = this.files.python(python.path);
      if (source) {
        this.pythonContent(source, label);
      }
      // A runner given a module of the repository runs that module's code too
      // (`run-pipeline --module-name pipelines.fraud.pipeline`).
      for (const path of this.argumentModules(text, wd, python.path)) {
        this.invoked.add(path);
        const argument = this.files.python(path);
        if (argument) {
          this.pythonContent(argument, `${label} → ${path}`);
        }
      }
      return true;
    }
    return false;
  }

  /** Repository Python modules or files named among a command's arguments. */
  private argumentModules(text: string, wd: string, entry: string): string[] {
    const from = wd ? `${wd}/x.py` : 'x.py';
    return shellWords(text)
      .slice(1)
      .map(word => this.argumentModule(word, wd, from))
      .filter((path): path is string => path !== undefined && path !== entry);
  }

  /** A file argument (`train.py`) or a dotted module name (`pipelines.train`). */
  private argumentModule(
    word: string,
    wd: string,
    from: string,
  ): string | undefined {
    if (/\.py$/.test(word)) {
      return this.files.resolve(wd, word);
    }
    if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(word)) {
      return this.files.resolvePythonModule(from, word);
    }
    return undefined;
  }

  /**
   * Console scripts the repository's packages declare (`run-pipeline =
   * pipelines.run_pipeline:main` in setup.py, setup.cfg or pyproject.toml), by name.
   */
  private consoleScripts(): Map<string, { module: string; from: string }> {
    if (!this.scripts) {
      this.scripts = new Map();
      for (const file of this.files.named(
        /^(setup\.py|setup\.cfg|pyproject\.toml)$/,
      )) {
        for (const match of file.text.matchAll(
          /(?:^|["'\s])([\w.-]+)\s*=\s*["']?\s*([A-Za-z_][\w.]*):[A-Za-z_]\w*/gm,
        )) {
          if (!this.scripts.has(match[1])) {
            this.scripts.set(match[1], { module: match[2], from: file.path });
          }
        }
      }
    }
    return this.scripts;
  }

  /** `tox -e train,publish`: the commands of those environments in the repository's tox.ini. */
  private toxEnvironments(
    args: string,
    wd: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ): boolean {
    const words = shellWords(args.split(/\s--\s/)[0]);
    const selected: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '-e' || words[i] === '--env') {
        selected.push(...(words[++i] ?? '').split(','));
      } else if (/^(-e|--env=)\S/.test(words[i])) {
        selected.push(...words[i].replace(/^(-e|--env=)/, '').split(','));
      }
    }
    const path = this.files.resolve(wd, 'tox.ini');
    if (!path) {
      // Without the tox.ini only a test environment's name says what runs.
      return !selected.every(env => /^(py\d*|pypy\d*|tests?|unit)$/.test(env));
    }
    this.invoked.add(path);
    const config = parseToxIni(this.files.get(path)!.text);
    // Plain `tox` runs the envlist, or the default `py` environment (`[testenv]`).
    let envs = selected;
    if (envs.length === 0) {
      envs = config.envlist.length ? config.envlist : ['py'];
    }
    for (const env of envs.filter(Boolean)) {
      for (const { command, ignoreFailure: ignored } of config.commands(env)) {
        this.script(
          command,
          dirnameOf(path),
          ignoreFailure || ignored,
          depth + 1,
          `${via}tox -e ${env} → `,
        );
      }
    }
    return true;
  }

  /** The paths a `pytest` run collects from: existing files and folders among its arguments. */
  private recordTestTargets(text: string, wd: string) {
    if (!/^pytest\b/.test(text)) {
      this.unknownTestTargets = true;
      return;
    }
    const targets = shellWords(text)
      .slice(1)
      .filter(word => !word.startsWith('-'))
      .map(word => joinRepoPath(wd, word.split('::')[0]))
      .filter(
        (target): target is string =>
          target !== undefined &&
          (this.files.has(target) || this.files.under(target).length > 0),
      );
    (targets.length ? targets : [wd]).forEach(target =>
      this.testTargets.add(target),
    );
  }

  /** The name of the Python package built in `wd`, for saying what a job published. */
  private packageName(wd: string): string {
    const pyproject = this.files.resolve(wd, 'pyproject.toml');
    const table = pyproject ? this.files.toml(pyproject) : undefined;
    const project = asMap(asMap(table).project);
    const poetry = asMap(asMap(asMap(table).tool).poetry);
    const setup = this.files.resolve(wd, 'setup.py');
    const name =
      asString(project.name) ??
      asString(poetry.name) ??
      (setup
        ? this.files
            .get(setup)!
            .text.match(/\bname\s*=\s*["']([\w.-]+)["']/i)?.[1]
        : undefined);
    return name ? `package \`${name}\`` : 'the Python package';
  }

  private pythonEntryPoint(
    text: string,
    wd: string,
  ): { name: string; path?: string; label: string } | undefined {
    const module = text.match(
      /^python[\d.]*\s+(?:-[a-zA-Z]+\s+)*-m\s+([\w.]+)/,
    );
    if (module) {
      const path =
        this.files.resolvePythonModule(wd ? `${wd}/x.py` : 'x.py', module[1]) ??
        this.files.resolvePythonModule(
          wd ? `${wd}/x.py` : 'x.py',
          `${module[1]}.__main__`,
        );
      return {
        name: module[1].split('.').pop()!,
        path,
        label: `python -m ${module[1]}`,
      };
    }
    const script =
      text.match(/^python[\d.]*\s+(?:-[a-zA-Z]+\s+)*([^\s-]\S*\.py)\b/) ??
      text.match(
        /^spark-submit\s+(?:--?\S+(?:\s+(?!-)\S+)?\s+)*?(\S+\.py)\b/,
      ) ??
      text.match(/^(\.?\/?[\w./-]+\.py)\b/);
    if (script) {
      const path = this.files.resolve(wd, script[1]);
      return {
        name: stemOf(script[1]),
        path,
        label: commandLabel(text.replace(/^python[\d.]*/, 'python'), 2),
      };
    }
    const command = text.match(/^[\w.-]+/)?.[0];
    const declared = command ? this.consoleScripts().get(command) : undefined;
    if (command && declared) {
      const path =
        this.files.resolvePythonModule(declared.from, declared.module) ??
        this.files.resolvePythonModule(
          declared.from,
          `${declared.module}.__main__`,
        );
      return path
        ? { name: declared.module.split('.').pop()!, path, label: command }
        : undefined;
    }
    return undefined;
  }

  private pythonContent(source: PythonSource, label: string) {
    for (const rule of CONTENT_RULES) {
      const match = matchFirst(source, rule.matchers);
      if (match) {
        this.add(rule.activity, `${label} (${match.evidence})`);
      }
    }
  }

  private packageJsonScript(
    manager: string,
    name: string,
    wd: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ): boolean {
    const scriptName = name === 't' ? 'test' : name;
    const packagePath = this.files.resolve(wd, 'package.json');
    const scripts = packagePath
      ? asMap(asMap(this.files.json(packagePath)).scripts)
      : undefined;
    const script = scripts ? asString(scripts[scriptName]) : undefined;
    if (script === undefined) {
      if (!scripts && /^(test|lint)$/.test(scriptName)) {
        const activity: CiActivity = scriptName === 'test' ? 'test' : 'lint';
        const label = `${via}${manager} ${scriptName}`;
        if (activity === 'test' && ignoreFailure) {
          this.ignoredTests.push(label);
        } else {
          this.add(activity, label);
        }
        return true;
      }
      return false;
    }
    this.script(
      script,
      wd,
      ignoreFailure,
      depth + 1,
      `${via}${manager} run ${scriptName} → `,
    );
    return true;
  }

  private makeTargets(
    args: string,
    wd: string,
    ignoreFailure: boolean,
    depth: number,
    via: string,
  ): boolean {
    const words = shellWords(args);
    let dir = wd;
    let makefile: string | undefined;
    const targets: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (word === '-C' || word === '--directory') {
        dir = joinRepoPath(wd, words[++i] ?? '') ?? wd;
      } else if (word === '-f' || word === '--file') {
        makefile = words[++i];
      } else if (!word.startsWith('-') && !word.includes('=')) {
        targets.push(word);
      }
    }
    const path =
      (makefile && this.files.resolve(dir, makefile)) ??
      this.files.resolve(dir, 'Makefile') ??
      this.files.resolve(dir, 'makefile') ??
      this.files.resolve(dir, 'GNUmakefile');
    if (!path) {
      return false;
    }
    this.invoked.add(path);
    const parsed = parseMakefile(this.files.get(path)!.text);
    const wanted = targets.length
      ? targets
      : [parsed.defaultTarget].filter((t): t is string => t !== undefined);
    const seen = new Set<string>();
    const run = (target: string, level: number) => {
      const rule = parsed.targets.get(target);
      if (!rule || seen.has(target) || level > 3) {
        return;
      }
      seen.add(target);
      rule.prerequisites.forEach(prerequisite => run(prerequisite, level + 1));
      for (const line of rule.recipe) {
        const ignored = line.startsWith('-');
        const recipeLine = line.replace(/^[-@+]+/, '');
        this.script(
          recipeLine,
          dirnameOf(path),
          ignoreFailure || ignored,
          depth + 1,
          `${via}make ${target} → `,
        );
      }
    };
    wanted.forEach(target => run(target, 0));
    return true;
  }

  /** `kubectl apply -f` of training/tuning resources (Katib, training operators) is not a deploy. */
  private appliesOnlyTrainingResources(
    text: string,
    wd: string,
    label: string,
  ): boolean {
    const fileArgs = [...text.matchAll(/(?:-f|--filename)[= ](\S+)/g)].map(
      match => match[1],
    );
    if (!/^(kubectl|oc)\s/.test(text) || fileArgs.length === 0) {
      return false;
    }
    const kinds: string[] = [];
    for (const arg of fileArgs) {
      const target = joinRepoPath(wd, arg);
      if (target === undefined) {
        return false;
      }
      const paths = this.files.has(target)
        ? [target]
        : this.files
            .under(target)
            .map(file => file.path)
            .filter(p => /\.ya?ml$/.test(p));
      if (paths.length === 0) {
        return false;
      }
      for (const path of paths) {
        this.invoked.add(path);
        for (const doc of this.files.yamlMaps(path)) {
          kinds.push(
            `${asString(doc.apiVersion) ?? ''}/${asString(doc.kind) ?? ''}`,
          );
        }
      }
    }
    const tuning = kinds.filter(kind =>
      /kubeflow\.org\/.*\/Experiment$/.test(kind),
    );
    const training = kinds.filter(kind =>
      TRAINING_KINDS.has(kind.split('/').pop()!),
    );
    if (
      kinds.length === 0 ||
      tuning.length + training.length !== kinds.length
    ) {
      return false;
    }
    if (tuning.length) {
      this.add('hyperparameter-tuning', `${label} (Katib Experiment)`);
    }
    if (training.length) {
      this.add('train', `${label} (${training[0].split('/').pop()})`);
    }
    return true;
  }

  /** `az ml job create -f x.yml`: a sweep job tunes, a pipeline or command job trains. */
  private azureMlJob(text: string, wd: string, label: string) {
    const file = text.match(/(?:-f|--file)[= ](\S+)/)?.[1];
    const path = file ? this.files.resolve(wd, file) : undefined;
    if (path) {
      this.invoked.add(path);
    }
    const job = path ? this.files.yamlMaps(path)[0] : undefined;
    const type = asString(job?.type);
    const subJobs = Object.values(asMap(job?.jobs)).filter(isMap);
    if (type === 'sweep' || subJobs.some(sub => sub.type === 'sweep')) {
      this.add('hyperparameter-tuning', `${label} (sweep job)`);
    }
    if (type !== 'sweep') {
      this.add('train', label);
    }
  }

  /** `pytest tests/eval` over files that run LLM evaluations is also an LLM eval. */
  private llmEvalTests(text: string, wd: string, label: string) {
    if (!/^pytest\b/.test(text)) {
      return;
    }
    const targets = shellWords(text)
      .slice(1)
      .filter(word => !word.startsWith('-'))
      .map(word => joinRepoPath(wd, word.split('::')[0]))
      .filter((p): p is string => p !== undefined);
    const candidates = (targets.length ? targets : [wd]).flatMap(target =>
      this.files.has(target)
        ? [target]
        : this.files
            .under(target)
            .map(f => f.path)
            .filter(path => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(path)),
    );
    for (const path of candidates) {
      const source = this.files.python(path);
      const match = source && matchFirst(source, LLM_EVALUATION);
      if (match) {
        this.add('llm-eval', `${label} (${match.tool} in ${basenameOf(path)})`);
        return;
      }
    }
  }

  result(): StepAnalysis {
    return {
      activities: this.activities,
      evidence: this.evidence,
      ignoredTests: this.ignoredTests,
      commands: this.commands,
      trivialOnly: !this.meaningful,
      invokedPaths: [...this.invoked],
      missingScripts: this.missing,
      testTargets:
        this.unknownTestTargets || this.testTargets.size === 0
          ? undefined
          : [...this.testTargets],
    };
  }
}

/** What running a Python file would do, judged from the calls it makes. */
export function pythonActivities(source: PythonSource): CiActivity[] {
  return CONTENT_RULES.filter(
    rule => matchFirst(source, rule.matchers) !== undefined,
  ).map(rule => rule.activity);
}

/** Recognises what a job's steps do from the commands and actions they run. */
export function analyzeSteps(
  steps: CiStep[],
  files: RepoFileSet,
): StepAnalysis {
  const analyzer = new StepAnalyzer(files);
  steps.forEach(step => analyzer.step(step));
  return analyzer.result();
}

export interface Makefile {
  defaultTarget: string | undefined;
  targets: Map<string, { prerequisites: string[]; recipe: string[] }>;
}

/** Reads targets, prerequisites and recipes of a Makefile, expanding simple variables. */
export function parseMakefile(text: string): Makefile {
  const variables = new Map<string, string>();
  const targets = new Map<
    string,
    { prerequisites: string[]; recipe: string[] }
  >();
  let defaultTarget: string | undefined;
  let current: { prerequisites: string[]; recipe: string[] } | undefined;
  const expand = (value: string) =>
    value
      .replace(/\$\((MAKE)\)/g, 'make')
      .replace(
        /\$[({](\w+)[)}]/g,
        (whole, name: string) => variables.get(name) ?? whole,
      );
  for (const raw of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    if (raw.startsWith('\t')) {
      if (current && raw.trim()) {
        current.recipe.push(expand(raw.trim()));
      }
      continue;
    }
    const line = raw.replace(/#.*$/, '').trimEnd();
    const variable = line.match(
      /^(?:export\s+)?(\w+)\s*(?:\?|:|::|\+)?=\s*(.*)$/,
    );
    if (variable) {
      variables.set(variable[1], expand(variable[2].trim()));
      current = undefined;
      continue;
    }
    const rule = line.match(/^([^:=\s][^:=]*?)\s*::?\s*([^=].*)?$/);
    if (rule && !line.startsWith('.PHONY')) {
      const recipeOnSameLine = (rule[2] ?? '').split(';');
      const entry = {
        prerequisites: expand(recipeOnSameLine[0] ?? '')
          .split(/\s+/)
          .filter(Boolean),
        recipe: recipeOnSameLine
          .slice(1)
          .map(part => expand(part.trim()))
          .filter(Boolean),
      };
      for (const name of expand(rule[1]).split(/\s+/).filter(Boolean)) {
        targets.set(name, entry);
        if (!defaultTarget && !name.startsWith('.')) {
          defaultTarget = name;
        }
      }
      current = entry;
    } else if (line.trim()) {
      current = undefined;
    }
  }
  return { defaultTarget, targets };
}
