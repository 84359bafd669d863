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
  ])('%s', (command, activities) => {
    expect(analyzeSteps([{ script: command }], files({})).activities).toEqual(
      activities,
    );
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
