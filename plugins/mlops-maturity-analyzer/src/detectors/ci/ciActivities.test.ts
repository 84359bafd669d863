import { RepoFileSet } from '../../RepoFileSet';
import { analyzeSteps, parseMakefile } from './ciActivities';

const files = (contents: Record<string, string>) =>
  new RepoFileSet(
    Object.entries(contents).map(([path, text]) => ({ path, text })),
  );

describe('analyzeSteps', () => {
  it.each([
    ['kubectl -n ml apply -f k8s/', ['deploy']],
    ['kubectl apply --dry-run=client -f k8s/', []],
    ['kubectl rollout status deploy/api', []],
    ['kubectl create secret generic x --from-literal=a=b', []],
    ['helm template chart/ | kubeconform', ['lint']],
    ['helm upgrade --install api chart/ --dry-run', []],
    ['terraform plan -out tfplan', []],
    ['terraform -chdir=infra apply -auto-approve tfplan', ['deploy']],
    ['aws sagemaker create-endpoint-config --endpoint-config-name x', []],
    [
      'aws sagemaker update-endpoint --endpoint-name fraud --endpoint-config-name v2',
      ['deploy'],
    ],
    [
      'gcloud ai endpoints deploy-model 123 --model=456 --region=europe-west4',
      ['deploy'],
    ],
    ['az ml online-deployment create -f deploy/green.yml', ['deploy']],
    ['sam deploy --no-confirm-changeset', ['deploy']],
    ['bentoml deploy .', ['deploy']],
    ['docker buildx build --push -t acme/x .', ['build-image', 'push-image']],
    ['gcloud builds submit --tag gcr.io/acme/x', ['build-image', 'push-image']],
    ['pytest --collect-only', []],
    ['go test ./...', ['test']],
    ['./mvnw -B verify', ['test']],
    ['deepeval test run tests/test_rag.py', ['llm-eval']],
    ['great_expectations checkpoint run transactions', ['data-validation']],
    [
      'dbt build --select fct_transactions',
      ['data-validation', 'data-refresh'],
    ],
    ['snyk test --severity-threshold=high', ['security-scan']],
    ['mlflow run . -P alpha=0.5', ['train']],
    ['az ml model create --name fraud --path model/', ['register-model']],
    ['wandb agent acme/fraud/abc123', ['hyperparameter-tuning']],
    [
      'curl -s -X POST http://pushgateway:9091/metrics/job/train --data-binary @m.txt',
      ['publish-metrics'],
    ],
    ['python scripts/ingest_data.py --date today', ['data-refresh']],
    ['python tune_hyperparams.py', ['hyperparameter-tuning']],
    ['azd deploy --no-prompt', ['deploy']],
    ['azd up --no-prompt', ['deploy']],
    ['azd provision --no-prompt', []],
    [
      'az ml model deploy -n fraud --model fraud:3 --ic inference.yml',
      ['deploy'],
    ],
    [
      'az ml run submit-script -e fraud --source-directory src train.py',
      ['train'],
    ],
    ['cd api && railway up --detach', ['deploy']],
    ['heroku container:release web --app fraud', ['deploy']],
    [
      'aws cloudformation deploy --template-file endpoint.yml --stack-name fraud',
      ['deploy'],
    ],
    [
      'aws lambda update-function-code --function-name fraud --image-uri x',
      ['deploy'],
    ],
    [
      'gcloud run deploy fraud --image europe-docker.pkg.dev/acme/ml/fraud',
      ['deploy'],
    ],
    ['cdk deploy --require-approval never', ['deploy']],
  ])('%s', (command, activities) => {
    // Scripts named in the command exist: a name alone is not evidence.
    expect(
      analyzeSteps(
        [{ script: command }],
        files({
          'scripts/ingest_data.py': 'import pandas as pd\n',
          'tune_hyperparams.py': 'import json\n',
        }),
      ).activities,
    ).toEqual(activities);
  });

  it('does not infer what a script does from the name of a script the repository lacks', () => {
    const result = analyzeSteps(
      [
        { script: 'python scripts/validate_data.py' },
        { script: 'python -m pipeline.register_model --name fraud' },
      ],
      files({}),
    );
    expect(result.activities).toEqual([]);
    expect(result.missingScripts).toEqual([
      {
        label: 'python scripts/validate_data.py',
        activities: ['data-validation'],
      },
      {
        label: 'python -m pipeline.register_model',
        activities: ['register-model'],
      },
    ]);
  });

  it('runs the commands of the tox environments a step selects', () => {
    const toxIni = `[tox]
envlist = test_package, checks

[testenv]
install_command = pip install {opts} {packages}

[testenv:test_package]
commands=
	pytest \
	-vv \
	{posargs:tests/}

[testenv:train]
commands=
	python regression_model/train_pipeline.py

[testenv:checks]
commands =
	flake8 regression_model tests
	- mypy regression_model
`;
    const repo = files({
      'model/tox.ini': toxIni,
      'model/regression_model/train_pipeline.py':
        'from sklearn.linear_model import Lasso\nLasso().fit(X, y)\n',
      'model/tests/test_model.py': 'def test_x():\n    assert 1 + 1 == 2\n',
    });
    const train = analyzeSteps(
      [{ script: 'tox -e train', workingDirectory: 'model' }],
      repo,
    );
    expect(train.activities).toEqual(['train']);
    expect(train.evidence.train).toBe(
      'tox -e train → python regression_model/train_pipeline.py',
    );
    const plain = analyzeSteps(
      [{ script: 'tox', workingDirectory: 'model' }],
      repo,
    );
    expect(plain.activities).toEqual(['test', 'lint']);
    expect(plain.testTargets).toEqual(['model/tests']);
    expect(
      analyzeSteps([{ script: 'tox -e lint' }], files({})).activities,
    ).toEqual([]);
    expect(
      analyzeSteps([{ script: 'tox -e py311' }], files({})).activities,
    ).toEqual(['test']);
  });

  it("follows the repository's console scripts and the modules passed to them", () => {
    const result = analyzeSteps(
      [
        {
          script:
            'run-pipeline --module-name pipelines.fraud.pipeline --role-arn $ROLE',
          workingDirectory: 'build',
        },
      ],
      files({
        'build/setup.py':
          'from setuptools import setup\nsetup(name="fraud", entry_points={"console_scripts": ["run-pipeline=pipelines.run_pipeline:main"]})\n',
        'build/pipelines/run_pipeline.py':
          'from pipelines._utils import get_pipeline_driver\npipeline = get_pipeline_driver(args.module_name)\npipeline.upsert(role_arn=args.role_arn)\npipeline.start()\n',
        'build/pipelines/fraud/pipeline.py':
          'from sagemaker.workflow.pipeline import Pipeline\nfrom sagemaker.workflow.step_collections import RegisterModel\ndef get_pipeline():\n    register = RegisterModel(name="Register", model_package_group_name="fraud")\n    return Pipeline(name="fraud", steps=[register])\n',
      }),
    );
    expect(result.activities).toEqual(['train', 'register-model']);
    expect(result.invokedPaths).toEqual([
      'build/pipelines/run_pipeline.py',
      'build/pipelines/fraud/pipeline.py',
    ]);
  });

  it('sees a script that creates or updates a CloudFormation stack as a deploy', () => {
    const result = analyzeSteps(
      [{ script: 'python deploy_stack.py --stack-name fraud-staging' }],
      files({
        'deploy_stack.py':
          'import boto3\ncfn = boto3.client("cloudformation")\ncfn.create_stack(StackName=name, TemplateBody=body)\n',
      }),
    );
    expect(result.activities).toEqual(['deploy']);
  });

  it('sees a job that trains and then uploads the model package as publishing a versioned model', () => {
    const repo = files({
      'model/train_pipeline.py':
        'from sklearn.linear_model import Lasso\nLasso().fit(X, y)\n',
      'model/setup.py':
        'from setuptools import setup\nsetup(name="acme-price-model", version=open("VERSION").read())\n',
      'model/publish_model.sh':
        'python setup.py sdist bdist_wheel\nfor X in $(ls dist); do\n  curl -F package=@"dist/$X" "$GEMFURY_PUSH_URL"\ndone\n',
    });
    const trainThenPublish = analyzeSteps(
      [
        { script: 'python train_pipeline.py', workingDirectory: 'model' },
        { script: './publish_model.sh', workingDirectory: 'model' },
      ],
      repo,
    );
    expect(trainThenPublish.activities).toEqual(['train', 'register-model']);
    expect(trainThenPublish.evidence['register-model']).toBe(
      'model/publish_model.sh → curl -F package=@"dist/$X" (publishes package `acme-price-model` after training it: a versioned model package)',
    );
    const publishOnly = analyzeSteps(
      [{ script: 'twine upload dist/*', workingDirectory: 'model' }],
      repo,
    );
    expect(publishOnly.activities).toEqual([]);
  });

  it('classifies a repository script by what it calls', () => {
    const result = analyzeSteps(
      [
        {
          script: 'python -m fraud.publish',
          workingDirectory: 'services/fraud',
        },
      ],
      files({
        'services/fraud/src/fraud/publish.py':
          'import mlflow\nfrom mlflow import MlflowClient\nMlflowClient().create_model_version("fraud", "s3://m", "run")\n',
      }),
    );
    expect(result.activities).toEqual(['register-model']);
    expect(result.invokedPaths).toEqual([
      'services/fraud/src/fraud/publish.py',
    ]);
  });

  it('treats kubectl apply of a Katib experiment as tuning, not deployment', () => {
    const result = analyzeSteps(
      [{ script: 'kubectl apply -f tuning/experiment.yaml' }],
      files({
        'tuning/experiment.yaml':
          'apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata: { name: hpo }\n',
      }),
    );
    expect(result.activities).toEqual(['hyperparameter-tuning']);
  });
});

describe('parseMakefile', () => {
  it('reads targets, prerequisites, recipes and variables', () => {
    const makefile = parseMakefile(
      'PY := python3\n.PHONY: all\nall: test\ntest: lint\n\t$(PY) -m pytest\nlint:\n\t-ruff check .\n',
    );
    expect(makefile.defaultTarget).toBe('all');
    expect(makefile.targets.get('test')).toEqual({
      prerequisites: ['lint'],
      recipe: ['python3 -m pytest'],
    });
    expect(makefile.targets.get('lint')!.recipe).toEqual(['-ruff check .']);
  });
});
