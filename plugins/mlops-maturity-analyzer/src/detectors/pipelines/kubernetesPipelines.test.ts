import { analyzeFiles, rejectionsOf, signalsOf } from '../../testUtils';

const BUILD_PIPELINE = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: build-and-test
spec:
  workspaces:
    - name: source
  tasks:
    - name: fetch-source
      taskRef:
        name: git-clone
      workspaces:
        - name: output
          workspace: source
    - name: unit-tests
      runAfter: [fetch-source]
      taskSpec:
        steps:
          - name: pytest
            image: python:3.11
            script: |
              pip install -r requirements.txt
              pytest tests/
    - name: build-image
      runAfter: [unit-tests]
      taskRef:
        name: buildah
      params:
        - name: IMAGE
          value: registry.example.com/fraud:latest
`;

describe('Kubernetes workflow engines', () => {
  it('does not count a Tekton pipeline that only clones, tests and builds images', async () => {
    const facts = await analyzeFiles({
      'tekton/pipeline.yaml': BUILD_PIPELINE,
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(rejectionsOf(facts, 'pipeline')[0].reason).toBe(
      'Tekton pipeline `build-and-test` in tekton/pipeline.yaml does no ML work: no step trains, evaluates, registers or deploys a model, or validates or refreshes its data (its tasks only run tests, build images and push images (git-clone and buildah))',
    );
  });

  it('counts a Tekton pipeline whose Task trains with a script of the repository', async () => {
    const facts = await analyzeFiles({
      'tekton/train-task.yaml': `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: train-model
spec:
  steps:
    - name: train
      image: python:3.11
      command: [python, src/train.py]
`,
      'tekton/pipeline.yaml': `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: retrain
spec:
  tasks:
    - name: fetch-source
      taskRef:
        name: git-clone
    - name: train
      runAfter: [fetch-source]
      taskRef:
        name: train-model
`,
      'src/train.py':
        'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n',
    });
    expect(signalsOf(facts, 'pipeline', 'tekton')[0].attributes).toMatchObject({
      name: 'retrain',
      steps: 2,
      activities: ['train'],
    });
  });

  it('does not count an Argo workflow that builds an image, nor its cron schedule; nor one whose training script is missing', async () => {
    const facts = await analyzeFiles({
      'argo/build.yaml': `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly-build
spec:
  schedule: "0 1 * * *"
  workflowSpec:
    entrypoint: build
    templates:
      - name: build
        container:
          image: gcr.io/kaniko-project/executor:latest
          args: ["--dockerfile=Dockerfile", "--destination=registry.example.com/app:nightly"]
`,
      'argo/train.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: train-
spec:
  entrypoint: train
  templates:
    - name: train
      container:
        image: acme/trainer:1.0
        command: [python, train.py]
`,
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(signalsOf(facts, 'schedule')).toHaveLength(0);
    expect(rejectionsOf(facts, 'pipeline').map(r => r.reason)).toEqual([
      expect.stringMatching(
        /`nightly-build`.*does no ML work.*\(nothing its templates run is recognisable \(build\)\)/,
      ),
      'Argo Workflows pipeline `train-` in argo/train.yaml has no step the repository backs: its steps run train.py, which the repository does not contain',
    ]);
    expect(rejectionsOf(facts, 'schedule')[0].reason).toMatch(
      /`nightly-build`.*runs on schedule `0 1 \* \* \*`, but what it runs does no recognised ML work/,
    );
  });

  it('reads what an Argo script template does in Python', async () => {
    const facts = await analyzeFiles({
      'argo/train.yaml': `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  entrypoint: train
  templates:
    - name: train
      script:
        image: python:3.11
        command: [python]
        source: |
          import mlflow
          from sklearn.linear_model import LogisticRegression
          with mlflow.start_run():
              mlflow.sklearn.log_model(LogisticRegression().fit(X, y), "model", registered_model_name="fraud")
`,
    });
    expect(
      signalsOf(facts, 'pipeline', 'argo-workflows')[0].attributes.activities,
    ).toEqual(['train', 'register-model']);
  });
});
