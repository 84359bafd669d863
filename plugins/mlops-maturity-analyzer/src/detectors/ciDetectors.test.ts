import { analyzeFiles, ciJob, rejectionsOf, signalsOf } from '../testUtils';

const TRAIN_SCRIPT =
  'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n';

describe('GitHub Actions', () => {
  const cd = `name: CD
on:
  push:
    branches: [main]
  workflow_dispatch:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
      - uses: docker/build-push-action@v5
        with:
          context: services/fraud
          push: true
          tags: ghcr.io/acme/fraud:\${{ github.sha }}
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: azure/setup-helm@v4
      - name: Deploy
        run: |
          helm upgrade --install fraud ./deploy/helm/fraud \\
            --namespace ml --atomic --set image.tag=\${{ github.sha }}
`;
  const ci = `name: CI
on:
  pull_request:
  push:
    branches: [main, 'release/**']
jobs:
  test:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: services/fraud
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: { python-version: '3.11' }
      - run: pip install -r requirements.txt
      - run: ruff check .
      - run: python -m pytest tests --cov=src
      - run: pip-audit -r requirements.txt
`;

  it('recognises a deploy job from what it runs, with triggers, branches and no gate', async () => {
    const facts = await analyzeFiles({ '.github/workflows/cd.yml': cd });
    const deploy = ciJob(facts, 'deploy')!;
    expect(deploy.tool).toBe('github-actions');
    expect(deploy.attributes).toMatchObject({
      system: 'github-actions',
      workflow: 'CD',
      triggers: ['push', 'manual'],
      branches: ['main'],
      manualGate: false,
      activities: ['deploy'],
    });
    expect(deploy.detail).toBe(
      'GitHub Actions job `deploy` in .github/workflows/cd.yml runs `helm upgrade --install` on push to main and when started manually',
    );
    expect(ciJob(facts, 'build')!.attributes.activities).toEqual([
      'build-image',
      'push-image',
    ]);
    expect(signalsOf(facts, 'rollback', 'helm')).toHaveLength(1);
    expect(signalsOf(facts, 'rollback', 'helm')[0].attributes.automatic).toBe(
      true,
    );
  });

  it('recognises tests, lint and security scanning in a PR workflow', async () => {
    const facts = await analyzeFiles({ '.github/workflows/ci.yml': ci });
    const test = ciJob(facts, 'test')!;
    expect(test.attributes.triggers).toEqual(['push', 'pull-request']);
    expect(test.attributes.branches).toEqual(['main', 'release/**']);
    expect(test.attributes.activities).toEqual(
      expect.arrayContaining(['test', 'lint', 'security-scan']),
    );
    expect(signalsOf(facts, 'security-scan', 'pip-audit')).toHaveLength(1);
  });

  it('rejects a "deploy" workflow that only builds and pushes an image', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/deploy.yml': `name: Deploy model
on:
  push:
    branches: [main]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t acme/fraud:latest .
      - run: docker push acme/fraud:latest
`,
    });
    const job = ciJob(facts, 'release')!;
    expect(job.attributes.activities).toEqual(['build-image', 'push-image']);
    expect(job.attributes.activities).not.toContain('deploy');
    const [rejection] = rejectionsOf(facts, 'ci-job');
    expect(rejection.reason).toMatch(
      /workflow `Deploy model`.*named like a deployment but only builds or pushes a container image/,
    );
  });

  it('rejects a deploy job that only echoes', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/cd.yml': `on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "Deploying model to production..."
          sleep 5
          echo "Done"
`,
    });
    expect(ciJob(facts, 'deploy')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'deploy')!.detail).toContain(
      'runs only trivial commands',
    );
    expect(rejectionsOf(facts, 'ci-job')[0].reason).toMatch(
      /runs only trivial commands/,
    );
  });

  it('does not count tests whose result is ignored, nor a metrics post as a test', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/ci.yml': `on: pull_request
jobs:
  unit:
    runs-on: ubuntu-latest
    steps:
      - run: pytest tests/ || true
  integration:
    runs-on: ubuntu-latest
    steps:
      - run: pytest tests/integration
        continue-on-error: true
  test:
    runs-on: ubuntu-latest
    steps:
      - run: curl -X POST https://metrics.acme.test/api/metrics -d @metrics.json
`,
    });
    expect(ciJob(facts, 'unit')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'integration')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'test')!.attributes.activities).toEqual([
      'publish-metrics',
    ]);
    const reasons = rejectionsOf(facts, 'ci-job').map(r => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /job `unit`.*runs `pytest tests\/` but ignores the result/,
        ),
        expect.stringMatching(/job `integration`.*ignores the result/),
        expect.stringMatching(/job `test`.*only publishes metrics/),
      ]),
    );
  });

  it('treats dispatch-only workflows and approval steps as manual gates, not environments', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/manual.yml': `on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f k8s/
`,
      '.github/workflows/gated.yml': `on:
  push:
    branches: [main]
jobs:
  approve:
    runs-on: ubuntu-latest
    steps:
      - uses: trstringer/manual-approval@v1
        with: { approvers: ml-leads }
  rollout:
    needs: approve
    runs-on: ubuntu-latest
    steps:
      - run: kubectl -n ml set image deployment/fraud api=acme/fraud:\${{ github.sha }}
`,
    });
    expect(
      signalsOf(facts, 'ci-job').find(s => s.path.endsWith('manual.yml'))!
        .attributes.manualGate,
    ).toBe(true);
    expect(ciJob(facts, 'rollout')!.attributes).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
    });
  });

  it('narrows triggers with job conditions and sees merged pull requests as pushes', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/pipeline.yml': `on:
  push:
  pull_request:
    types: [closed]
    branches: [main]
jobs:
  publish:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - run: gcloud run deploy fraud --image=gcr.io/acme/fraud --region=europe-west1
  on-merge:
    if: github.event.pull_request.merged == true
    runs-on: ubuntu-latest
    steps:
      - run: az ml online-deployment update -f deploy/blue.yml
`,
    });
    expect(ciJob(facts, 'publish')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'on-merge')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: ['deploy'],
    });
  });

  it('follows scripts, Make targets, package.json scripts, local actions and reusable workflows', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/cd.yml': `on:
  push:
    branches: [main]
jobs:
  script:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/deploy.sh prod
  make:
    runs-on: ubuntu-latest
    steps:
      - run: make deploy ENV=prod
  npm:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
  composite:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/rollout
  reusable:
    uses: ./.github/workflows/deploy-reusable.yml
    with: { environment: prod }
  remote:
    uses: acme/platform/.github/workflows/release.yml@v2
  remote-deploy:
    uses: acme/platform/.github/workflows/create-deployment.yml@v2
`,
      'scripts/deploy.sh':
        '#!/usr/bin/env bash\nset -euo pipefail\nkustomize build deploy/overlays/$1 | kubectl apply -f -\n',
      Makefile:
        'IMAGE ?= acme/fraud\n\n.PHONY: deploy\nbuild:\n\tdocker build -t $(IMAGE) .\n\ndeploy: build\n\t@helm upgrade --install fraud chart/ --wait\n',
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
      }),
      '.github/actions/rollout/action.yml': `name: rollout
runs:
  using: composite
  steps:
    - run: argocd app sync fraud-prod
      shell: bash
`,
      '.github/workflows/deploy-reusable.yml': `on: workflow_call
jobs:
  apply:
    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f deploy/k8s/
`,
    });
    expect(ciJob(facts, 'script')!.attributes.activities).toEqual(['deploy']);
    expect(ciJob(facts, 'script')!.detail).toContain(
      'scripts/deploy.sh → kubectl apply',
    );
    expect(ciJob(facts, 'make')!.attributes.activities).toEqual([
      'build-image',
      'deploy',
    ]);
    expect(ciJob(facts, 'npm')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'composite')!.attributes.activities).toEqual([
      'deploy',
    ]);
    expect(ciJob(facts, 'reusable')!.attributes.activities).toEqual(['deploy']);
    expect(ciJob(facts, 'reusable')!.attributes.triggers).toEqual(['push']);
    expect(ciJob(facts, 'remote')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'remote')!.detail).toContain(
      'calls the reusable workflow `acme/platform/.github/workflows/release.yml@v2`',
    );
    expect(ciJob(facts, 'remote-deploy')!.attributes.activities).toEqual([
      'deploy',
    ]);
  });

  it('judges python entry points by name and by what the script calls', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/retrain.yml': `name: Retrain
on:
  schedule:
    - cron: '0 3 * * 1'
  workflow_dispatch:
jobs:
  submit:
    runs-on: ubuntu-latest
    steps:
      - run: python ml/pipelines/submit.py --project acme
  dvc:
    runs-on: ubuntu-latest
    steps:
      - run: dvc repro && dvc push
  evaluate:
    runs-on: ubuntu-latest
    steps:
      - run: python -m src.evaluate
      - run: promptfoo eval -c evals/promptfooconfig.yaml
`,
      'ml/pipelines/submit.py': `from google.cloud import aiplatform

aiplatform.init(project="acme")
job = aiplatform.PipelineJob(display_name="fraud-train", template_path="pipeline.json")
job.submit()
`,
      'src/evaluate.py': 'import mlflow\nprint("eval")\n',
    });
    expect(ciJob(facts, 'submit')!.attributes).toMatchObject({
      triggers: ['schedule', 'manual'],
      activities: ['train'],
    });
    expect(ciJob(facts, 'submit')!.detail).toContain('aiplatform.PipelineJob');
    expect(ciJob(facts, 'dvc')!.attributes.activities).toEqual(['train']);
    expect(ciJob(facts, 'evaluate')!.attributes.activities).toEqual([
      'evaluate-model',
      'llm-eval',
    ]);
  });

  it('recognises CodeQL and marketplace security actions as security scanning', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/codeql.yml': `name: CodeQL
on:
  push: { branches: [main] }
  schedule: [{ cron: '30 1 * * 0' }]
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
      - uses: github/codeql-action/init@v3
        with: { languages: python }
      - uses: github/codeql-action/analyze@v3
  image-scan:
    runs-on: ubuntu-latest
    steps:
      - uses: aquasecurity/trivy-action@0.24.0
        with: { image-ref: 'acme/fraud:latest' }
`,
    });
    expect(
      signalsOf(facts, 'security-scan')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['codeql', 'trivy']);
  });

  it('finds workflows of a subtree and ignores workflow files that do not parse', async () => {
    const facts = await analyzeFiles({
      'services/fraud/.github/workflows/ci.yml':
        'on: push\njobs:\n  test:\n    steps:\n      - run: pytest\n',
      '.github/workflows/broken.yml': 'on: [push\njobs: {',
    });
    expect(signalsOf(facts, 'ci-job')).toHaveLength(1);
    expect(ciJob(facts, 'test')!.path).toBe(
      'services/fraud/.github/workflows/ci.yml',
    );
  });
});

describe('GitLab CI', () => {
  const root = `include:
  - local: ci/deploy.gitlab-ci.yml
  - template: Security/SAST.gitlab-ci.yml
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    - if: $CI_PIPELINE_SOURCE == "schedule"
stages: [test, train, deploy]
.setup:
  script:
    - pip install -r requirements.txt
.python:
  image: python:3.11
unit-tests:
  extends: .python
  stage: test
  script:
    - !reference [.setup, script]
    - pytest tests/ --junitxml=report.xml
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
retrain:
  extends: .python
  stage: train
  script:
    - python -m src.train --config configs/train.yaml
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
lint:
  stage: test
  script: [ruff check src]
  only: [merge_requests]
`;
  const deploy = `deploy-prod:
  stage: deploy
  image: alpine/helm:3.14
  script:
    - helm upgrade --install fraud deploy/helm/fraud --atomic
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
deploy-staging:
  stage: deploy
  script:
    - kubectl apply -k deploy/overlays/staging
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
smoke:
  stage: deploy
  needs: [deploy-prod]
  script:
    - curl -fsS https://fraud.acme.test/health
`;

  it('reads rules, includes, extends, !reference, manual jobs and security templates', async () => {
    const facts = await analyzeFiles({
      '.gitlab-ci.yml': root,
      'ci/deploy.gitlab-ci.yml': deploy,
      'src/train.py': TRAIN_SCRIPT,
    });
    expect(ciJob(facts, 'unit-tests')!.attributes).toMatchObject({
      system: 'gitlab-ci',
      triggers: ['push', 'pull-request'],
      branches: ['$default-branch'],
      activities: ['test'],
      manualGate: false,
    });
    expect(ciJob(facts, 'retrain')!.attributes).toMatchObject({
      triggers: ['schedule'],
      activities: ['train'],
    });
    expect(ciJob(facts, 'lint')!.attributes).toMatchObject({
      triggers: ['pull-request'],
      activities: ['lint'],
    });
    const prod = ciJob(facts, 'deploy-prod')!;
    expect(prod.path).toBe('ci/deploy.gitlab-ci.yml');
    expect(prod.attributes).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
      branches: ['$default-branch'],
    });
    expect(ciJob(facts, 'deploy-staging')!.attributes).toMatchObject({
      manualGate: false,
      branches: ['main'],
      triggers: ['push'],
    });
    expect(ciJob(facts, 'smoke')!.attributes.manualGate).toBe(true);
    expect(ciJob(facts, 'SAST')!.attributes.activities).toEqual([
      'security-scan',
    ]);
    expect(signalsOf(facts, 'security-scan', 'sast')).toHaveLength(1);
  });

  it('does not process an included file twice', async () => {
    const facts = await analyzeFiles({
      '.gitlab-ci.yml': root,
      'ci/deploy.gitlab-ci.yml': deploy,
    });
    expect(
      signalsOf(facts, 'ci-job').filter(
        s => s.attributes.job === 'deploy-prod',
      ),
    ).toHaveLength(1);
  });

  it('inherits triggers into child pipelines and uses only/allow_failure', async () => {
    const facts = await analyzeFiles({
      '.gitlab-ci.yml': `train-pipeline:
  trigger:
    include: ml/.gitlab-ci-train.yml
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
flaky-tests:
  script: [pytest tests/e2e]
  allow_failure: true
  only: [main]
`,
      'ml/.gitlab-ci-train.yml': 'train:\n  script:\n    - dvc repro\n',
    });
    expect(ciJob(facts, 'train')!.attributes).toMatchObject({
      triggers: ['schedule'],
      activities: ['train'],
    });
    expect(ciJob(facts, 'flaky-tests')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: [],
    });
  });
});

describe('Azure Pipelines', () => {
  it('reads stages, conditions, templates, ManualValidation gates and canary deployment jobs', async () => {
    const facts = await analyzeFiles({
      'azure-pipelines.yml': `trigger:
  branches:
    include: [main]
pr:
  branches:
    include: ['*']
schedules:
  - cron: "0 2 * * 0"
    displayName: Weekly retrain
    branches: { include: [main] }
stages:
  - stage: Test
    jobs:
      - job: UnitTests
        steps:
          - template: templates/python-setup.yml
          - script: pytest tests
  - stage: Train
    condition: eq(variables['Build.Reason'], 'Schedule')
    jobs:
      - job: Train
        steps:
          - task: AzureCLI@2
            inputs:
              azureSubscription: ml
              scriptType: bash
              scriptLocation: inlineScript
              inlineScript: az ml job create -f ml/pipelines/train-pipeline.yml --stream
  - stage: Approve
    jobs:
      - job: WaitForApproval
        pool: server
        steps:
          - task: ManualValidation@0
            inputs: { notifyUsers: 'ml-team@acme.test' }
  - stage: Deploy
    condition: and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))
    jobs:
      - deployment: DeployModel
        environment: prod
        strategy:
          canary:
            increments: [10, 50]
            deploy:
              steps:
                - task: AzureCLI@2
                  inputs:
                    scriptType: bash
                    scriptLocation: inlineScript
                    inlineScript: az ml online-deployment create -f deploy/green.yml
`,
      'templates/python-setup.yml':
        'steps:\n  - script: pip install -r requirements.txt\n  - script: ruff check .\n',
      'ml/pipelines/train-pipeline.yml': `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
jobs:
  prep: { type: command, command: python prep.py }
  sweep_step: { type: sweep }
`,
    });
    expect(ciJob(facts, 'Test.UnitTests')!.attributes).toMatchObject({
      triggers: ['push', 'pull-request', 'schedule'],
      branches: ['main'],
      activities: ['lint', 'test'],
    });
    expect(ciJob(facts, 'Train.Train')!.attributes).toMatchObject({
      triggers: ['schedule'],
      activities: ['hyperparameter-tuning', 'train'],
    });
    expect(ciJob(facts, 'Deploy.DeployModel')!.attributes).toMatchObject({
      manualGate: true,
      branches: ['main'],
      activities: ['deploy'],
    });
    expect(
      ciJob(facts, 'Deploy.DeployModel')!.attributes.triggers,
    ).not.toContain('pull-request');
    expect(
      signalsOf(facts, 'progressive-rollout', 'azure-pipelines'),
    ).toHaveLength(1);
    expect(
      signalsOf(facts, 'ci-job').some(
        s => s.path === 'templates/python-setup.yml',
      ),
    ).toBe(false);
  });

  it('maps well-known tasks (HelmDeploy, Docker) to activities', async () => {
    const facts = await analyzeFiles({
      '.azure-pipelines/cd.yml': `trigger: [main]
pool: { vmImage: ubuntu-latest }
steps:
  - task: Docker@2
    inputs: { command: buildAndPush, repository: fraud }
  - task: HelmDeploy@0
    inputs:
      command: upgrade
      chartType: FilePath
      chartPath: deploy/helm/fraud
      arguments: --atomic
`,
    });
    expect(ciJob(facts, 'Job')!.attributes).toMatchObject({
      activities: ['build-image', 'push-image', 'deploy'],
      branches: ['main'],
    });
    expect(signalsOf(facts, 'rollback', 'helm')).toHaveLength(1);
  });
});

describe('Google Cloud Build, Jenkins, CircleCI and AWS', () => {
  it('reads Cloud Build steps with external triggers', async () => {
    const facts = await analyzeFiles({
      'deploy/cloudbuild.yaml': `steps:
  - name: gcr.io/cloud-builders/docker
    args: [build, -t, 'europe-docker.pkg.dev/acme/ml/fraud:$SHORT_SHA', .]
  - name: gcr.io/cloud-builders/docker
    args: [push, 'europe-docker.pkg.dev/acme/ml/fraud:$SHORT_SHA']
  - name: gcr.io/google.com/cloudsdktool/cloud-sdk
    entrypoint: gcloud
    args: [run, deploy, fraud, --image, 'europe-docker.pkg.dev/acme/ml/fraud:$SHORT_SHA', --region, europe-west1]
images: ['europe-docker.pkg.dev/acme/ml/fraud:$SHORT_SHA']
`,
    });
    const job = ciJob(facts, 'cloudbuild')!;
    expect(job.attributes).toMatchObject({
      system: 'cloud-build',
      triggers: ['external'],
      activities: ['build-image', 'push-image', 'deploy'],
    });
  });

  it('reads Jenkins stages, when branch, cron triggers and input gates', async () => {
    const facts = await analyzeFiles({
      Jenkinsfile: `pipeline {
  agent any
  triggers { cron('H 2 * * 1') }
  stages {
    stage('Test') {
      steps {
        sh 'pip install -r requirements.txt'
        sh "pytest -q tests"
      }
    }
    stage('Build image') {
      steps { sh 'docker build -t acme/fraud:$BUILD_NUMBER .' }
    }
    stage('Deploy') {
      when { branch 'main' }
      steps {
        input message: 'Deploy to production?'
        sh '''
          helm upgrade --install fraud chart/ \\
            --set image.tag=$BUILD_NUMBER
        '''
      }
    }
  }
}
`,
    });
    expect(ciJob(facts, 'Test')!.attributes).toMatchObject({
      system: 'jenkins',
      triggers: ['push', 'schedule'],
      activities: ['test'],
      manualGate: false,
    });
    expect(ciJob(facts, 'Deploy')!.attributes).toMatchObject({
      branches: ['main'],
      manualGate: true,
      activities: ['deploy'],
    });
  });

  it('reads CircleCI workflows with approvals, filters, orbs and scheduled workflows', async () => {
    const facts = await analyzeFiles({
      '.circleci/config.yml': `version: 2.1
orbs:
  aws-ecr: circleci/aws-ecr@9.0
  helm: circleci/helm@3.0
commands:
  install:
    steps:
      - run: pip install -r requirements.txt
jobs:
  test:
    docker: [{ image: cimg/python:3.11 }]
    steps:
      - checkout
      - install
      - run:
          name: Unit tests
          command: pytest tests
  deploy:
    docker: [{ image: cimg/base:stable }]
    steps:
      - checkout
      - helm/upgrade-helm-chart:
          chart: ./chart
          release-name: fraud
  retrain:
    docker: [{ image: cimg/python:3.11 }]
    steps:
      - run: python train.py
workflows:
  build-test-deploy:
    jobs:
      - test
      - aws-ecr/build-and-push-image:
          repo: fraud
          requires: [test]
      - hold:
          type: approval
          requires: [aws-ecr/build-and-push-image]
      - deploy:
          requires: [hold]
          filters:
            branches:
              only: main
  nightly:
    triggers:
      - schedule:
          cron: "0 4 * * *"
          filters: { branches: { only: main } }
    jobs: [retrain]
`,
      'train.py': TRAIN_SCRIPT,
    });
    const deploy = signalsOf(facts, 'ci-job').find(
      s => s.attributes.job === 'deploy',
    )!;
    expect(deploy.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      manualGate: true,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'test')!.attributes.activities).toEqual(['test']);
    expect(
      ciJob(facts, 'aws-ecr/build-and-push-image')!.attributes.activities,
    ).toEqual(['build-image', 'push-image']);
    expect(ciJob(facts, 'retrain')!.attributes).toMatchObject({
      triggers: ['schedule'],
      activities: ['train'],
    });
  });

  it('reads CodeBuild buildspecs and CodePipeline stages in CloudFormation', async () => {
    const facts = await analyzeFiles({
      'infra/pipeline.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TrainProject:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: |
          version: 0.2
          phases:
            build:
              commands:
                - aws sagemaker start-pipeline-execution --pipeline-name fraud-train
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: fraud-mlops
      Stages:
        - Name: Source
          Actions:
            - Name: Source
              ActionTypeId: { Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: '1' }
              Configuration: { BranchName: main, FullRepositoryId: acme/fraud }
        - Name: Train
          Actions:
            - Name: Train
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1' }
              Configuration:
                ProjectName: !Ref TrainProject
        - Name: Approve
          Actions:
            - Name: ApproveModel
              ActionTypeId: { Category: Approval, Owner: AWS, Provider: Manual, Version: '1' }
        - Name: DeployProd
          Actions:
            - Name: Deploy
              ActionTypeId: { Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1' }
`,
      'buildspec.yml': `version: 0.2
phases:
  install:
    commands: [pip install -r requirements.txt]
  build:
    commands:
      - pytest tests
      - sam deploy --no-confirm-changeset
`,
    });
    expect(ciJob(facts, 'Train')!.attributes).toMatchObject({
      system: 'aws-codepipeline',
      triggers: ['push'],
      branches: ['main'],
      activities: ['train'],
      manualGate: false,
    });
    expect(ciJob(facts, 'DeployProd')!.attributes).toMatchObject({
      activities: ['deploy'],
      manualGate: true,
    });
    expect(ciJob(facts, 'buildspec')!.attributes).toMatchObject({
      system: 'aws-codebuild',
      triggers: ['external'],
      activities: ['test', 'deploy'],
    });
    expect(signalsOf(facts, 'iac', 'cloudformation')).toHaveLength(1);
  });

  it('reads CDK Pipelines code', async () => {
    const facts = await analyzeFiles({
      'infra/lib/pipeline-stack.ts': `import { Stack } from 'aws-cdk-lib';
import { CodePipeline, CodePipelineSource, ShellStep, ManualApprovalStep } from 'aws-cdk-lib/pipelines';

export class PipelineStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const pipeline = new CodePipeline(this, 'FraudPipeline', {
      synth: new ShellStep('Synth', {
        input: CodePipelineSource.gitHub('acme/fraud', 'main'),
        commands: ['npm ci', 'npm run build', 'npx cdk synth'],
      }),
    });
    pipeline.addStage(new ProdStage(this, 'Prod'), { pre: [new ManualApprovalStep('PromoteToProd')] });
  }
}
`,
    });
    expect(ciJob(facts, 'FraudPipeline')!.attributes).toMatchObject({
      branches: ['main'],
      manualGate: true,
      activities: ['deploy'],
    });
  });
});

describe('what jobs really run', () => {
  it('looks inside containers, skips compile-only entry points and judges whole workflows by name', async () => {
    const facts = await analyzeFiles({
      Jenkinsfile: `pipeline {
  agent any
  stages {
    stage('Image filesystem scan') {
      steps {
        sh 'docker run --rm -v "$PWD:/src" aquasec/trivy:0.57.0 fs --exit-code 1 /src'
      }
    }
    stage('Unit') {
      steps {
        sh 'docker compose run --rm api pytest -q'
      }
    }
  }
}
`,
      '.gitlab-ci.yml':
        'compile:\n  script:\n    - python -m pipelines.training_pipeline --compile-only\n',
      'pipelines/training_pipeline.py':
        'from kfp.client import Client\nClient().create_run_from_pipeline_package("p.yaml")\n',
      '.github/workflows/tests.yml': `name: tests
on: push
jobs:
  accuracy:
    runs-on: ubuntu-latest
    steps:
      - run: python report_accuracy.py
`,
      'report_accuracy.py':
        'import json, requests\nrequests.post(URL, json=json.load(open("metrics.json")))\n',
      'evals/rag_eval.py':
        'from ragas import evaluate\nevaluate(ds, metrics=[])\n',
      '.github/workflows/pr.yml':
        'on: pull_request\njobs:\n  unit:\n    steps:\n      - run: pytest -q\n',
    });
    expect(
      ciJob(facts, 'Image filesystem scan')!.attributes.activities,
    ).toEqual(['security-scan']);
    expect(ciJob(facts, 'Unit')!.attributes.activities).toEqual(['test']);
    expect(ciJob(facts, 'compile')!.attributes.activities).toEqual([]);
    expect(ciJob(facts, 'accuracy')!.attributes.activities).toEqual([
      'publish-metrics',
    ]);
    expect(ciJob(facts, 'unit')!.attributes.activities).toEqual(['test']);
    expect(rejectionsOf(facts, 'ci-job').map(r => r.reason)).toEqual([
      expect.stringMatching(
        /workflow `tests` in .github\/workflows\/tests.yml is named like a test job but only publishes metrics/,
      ),
    ]);
  });

  it('judges Azure jobs by their own names, and describes approval jobs', async () => {
    const facts = await analyzeFiles({
      'azure-pipelines.yml': `trigger: [main]
stages:
  - stage: Test
    jobs:
      - job: dependency_scan
        steps:
          - script: pip-audit -r requirements.txt
  - stage: Deploy
    jobs:
      - job: approval
        pool: server
        steps:
          - task: ManualValidation@1
      - job: aks
        dependsOn: approval
        steps:
          - script: kubectl apply -f deploy/k8s/
`,
    });
    expect(rejectionsOf(facts, 'ci-job')).toEqual([]);
    expect(ciJob(facts, 'Deploy.approval')!.detail).toContain(
      'waits for a manual approval',
    );
    expect(ciJob(facts, 'Deploy.aks')!.attributes).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
    });
  });
});

describe('real-world shapes', () => {
  it('sees commands inside $(...) and Azure ML pipeline job commands', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/run-pipeline.yml': `name: run-pipeline
on:
  workflow_call:
    inputs:
      parameters-file: { required: true, type: string }
jobs:
  run-pipeline:
    runs-on: ubuntu-latest
    steps:
      - uses: azure/login@v1
      - run: az extension add -n ml -y
      - name: run-ml-pipeline
        run: |
          run_id=$(az ml job create --file \${{ github.workspace }}/\${{ inputs.parameters-file }} --query name -o tsv)
          if [[ -z "$run_id" ]]
          then
            echo "Job creation failed"
            exit 3
          fi
`,
      'mlops/azureml/train/pipeline.yml': `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
jobs:
  train_model:
    type: command
    code: ../../../data-science/src
    command: >-
      python train.py --data \${{inputs.training_data}}
  register_model:
    code: ../../../data-science/src
    command: >-
      python register.py --model_name \${{inputs.model_name}}
`,
      'data-science/src/register.py':
        'import mlflow\nmlflow.register_model("runs:/x/model", "taxi")\n',
      'data-science/src/train.py': TRAIN_SCRIPT,
      'azure-pipelines.yml': 'trigger:\n- none\nsteps:\n  - script: pytest\n',
    });
    expect(ciJob(facts, 'run-pipeline')!.attributes).toMatchObject({
      triggers: ['pipeline'],
      activities: ['train'],
    });
    expect(
      signalsOf(facts, 'pipeline', 'azureml')[0].attributes.activities,
    ).toEqual(['train', 'register-model']);
    expect(ciJob(facts, 'Job')!.attributes.triggers).toEqual([]);
  });
});

describe('jobs and steps that never run, and scripts that are not there', () => {
  it('does not count GitHub Actions jobs or steps switched off with `if: false`', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/cd.yml': `name: CD
on:
  push:
    branches: [main]
jobs:
  deploy:
    if: false
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade --install fraud chart/
  release:
    if: \${{ false }}
    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f k8s/
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest tests
      - name: Register model
        if: false
        run: az ml model create --name fraud --path model/
`,
    });
    expect(ciJob(facts, 'deploy')).toBeUndefined();
    expect(ciJob(facts, 'release')).toBeUndefined();
    expect(ciJob(facts, 'test')!.attributes.activities).toEqual(['test']);
    expect(rejectionsOf(facts, 'ci-job').map(r => r.reason)).toEqual([
      'GitHub Actions workflow `CD` in .github/workflows/cd.yml is named like a deployment but nothing in it deploys anything (it only runs `pytest tests`)',
      'GitHub Actions job `deploy` in .github/workflows/cd.yml never runs: the job has `if: false`; its `helm upgrade --install` never runs',
      'GitHub Actions job `release` in .github/workflows/cd.yml never runs: the job has `if: false`; its `kubectl apply -f` never runs',
      'GitHub Actions job `test` in .github/workflows/cd.yml has a step that never runs (step `Register model` has `if: false`), so its `az ml model create` does not count',
    ]);
  });

  it('does not infer what a step does from the name of a script the repository lacks', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/ml.yml': `on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  quality:
    runs-on: ubuntu-latest
    steps:
      - run: python scripts/validate_data.py --input data/
      - run: python register_model.py --name fraud
`,
    });
    expect(ciJob(facts, 'quality')!.attributes.activities).toEqual([]);
    expect(rejectionsOf(facts, 'data-validation')[0].reason).toBe(
      'GitHub Actions job `quality` in .github/workflows/ml.yml runs `python scripts/validate_data.py`, which is not in the repository, so its name (suggesting data-validation) is not evidence of what it does',
    );
    expect(rejectionsOf(facts, 'model-registration')).toHaveLength(1);
  });
});

describe('GitHub Actions reuse', () => {
  it('passes inputs into local composite actions and reads reusable workflows through their callers', async () => {
    const facts = await analyzeFiles({
      '.github/actions/run-script/action.yml': `name: run-script
inputs:
  command:
    required: true
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        \${{ inputs.command }}
`,
      '.github/workflows/deploy-flow.yml': `name: deploy-flow
on:
  workflow_call:
    inputs:
      env_name: { type: string, required: true }
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/run-script
        with:
          command: az ml online-deployment create -f deploy/\${{ inputs.env_name }}.yml
`,
      '.github/workflows/ci.yml': `name: ci
on:
  push:
    branches: [main]
jobs:
  ship:
    uses: ./.github/workflows/deploy-flow.yml
    with:
      env_name: dev
`,
    });
    expect(ciJob(facts, 'ship')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: ['deploy'],
    });
    // The reusable workflow's own job keeps only the trigger it has of its own.
    expect(ciJob(facts, 'deploy')!.attributes).toMatchObject({
      triggers: ['manual'],
      activities: ['deploy'],
    });
  });

  it('recognises azd deployments', async () => {
    const facts = await analyzeFiles({
      '.github/workflows/azure-dev.yml': `name: Deploy
on:
  workflow_dispatch:
  push:
    branches: [main]
jobs:
  build_and_deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: Azure/setup-azd@v2
      - run: azd provision --no-prompt
      - run: azd deploy --no-prompt
`,
    });
    expect(ciJob(facts, 'build_and_deploy')!.attributes).toMatchObject({
      triggers: ['push', 'manual'],
      activities: ['deploy'],
      evidence: ['deploy: azd deploy'],
    });
  });
});

describe('Google Cloud Build triggers', () => {
  const prChecks = `steps:
  - name: python:3.11
    entrypoint: /bin/sh
    args: ['-c', 'pip install -r requirements.txt && pytest tests']
`;
  const release = `steps:
  - name: gcr.io/cloud-builders/gsutil
    args: ['cp', '-r', 'dist/', 'gs://acme-pipelines/$TAG_NAME/']
`;
  const deploy = `steps:
  - name: gcr.io/google.com/cloudsdktool/cloud-sdk
    entrypoint: gcloud
    args: [run, deploy, fraud, --image, 'europe-docker.pkg.dev/acme/ml/fraud:$SHORT_SHA', --region, europe-west1]
`;

  it('takes triggers from Terraform google_cloudbuild_trigger resources', async () => {
    const facts = await analyzeFiles({
      'cloudbuild/pr-checks.yaml': prChecks,
      'cloudbuild/deploy.yaml': deploy,
      'terraform/triggers.tf': `resource "google_cloudbuild_trigger" "pr_checks" {
  name     = "pr-checks"
  filename = "cloudbuild/pr-checks.yaml"
  github {
    owner = "acme"
    name  = "fraud"
    pull_request {
      branch = "^main$"
    }
  }
}

resource "google_cloudbuild_trigger" "deploy" {
  name     = "deploy"
  filename = "cloudbuild/deploy.yaml"
  github {
    owner = "acme"
    name  = "fraud"
    push {
      branch = "^main$"
    }
  }
  approval_config {
    approval_required = true
  }
}
`,
    });
    expect(ciJob(facts, 'pr-checks')!.attributes).toMatchObject({
      triggers: ['pull-request'],
      activities: ['test'],
    });
    expect(
      ciJob(facts, 'pr-checks')!.attributes.triggerOutsideRepository,
    ).toBeUndefined();
    expect(ciJob(facts, 'deploy')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      manualGate: true,
      activities: ['deploy'],
    });
  });

  it('takes triggers from gcloud builds triggers create in scripts, not in docs', async () => {
    const facts = await analyzeFiles({
      'cloudbuild/deploy.yaml': deploy,
      'scripts/setup_triggers.sh': `#!/bin/bash
gcloud builds triggers create github \\
  --name=deploy --repo-owner=acme --repo-name=fraud \\
  --branch-pattern="^main$" --build-config=cloudbuild/deploy.yaml
`,
      'docs/triggers.md':
        '```\ngcloud builds triggers create github --pull-request-pattern="^main$" --build-config=cloudbuild/deploy.yaml\n```\n',
    });
    expect(ciJob(facts, 'deploy')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
    });
  });

  it('reads the trigger kind from the substitutions a config uses, else calls it external and says where it lives', async () => {
    const facts = await analyzeFiles({
      'cloudbuild/release.yaml': release,
      'cloudbuild/pr.yaml': `steps:
  - name: python:3.11
    entrypoint: bash
    args: ['-c', 'echo "PR $_PR_NUMBER into $_BASE_BRANCH" && pytest']
`,
      'cloudbuild.yaml': deploy,
    });
    expect(ciJob(facts, 'release')!.attributes).toMatchObject({
      triggers: ['tag'],
      triggerOutsideRepository: true,
    });
    expect(ciJob(facts, 'pr')!.attributes.triggers).toEqual(['pull-request']);
    const external = ciJob(facts, 'cloudbuild')!;
    expect(external.attributes).toMatchObject({
      triggers: ['external'],
      triggerOutsideRepository: true,
    });
    expect(external.detail).toBe(
      'Cloud Build job `cloudbuild` in cloudbuild.yaml runs `gcloud run deploy` when triggered from outside the repository (its trigger is configured in Cloud Build, outside the repository)',
    );
  });
});

describe('Jenkins triggers and gates', () => {
  it('reads declared triggers, change requests, tags and input gates', async () => {
    const facts = await analyzeFiles({
      Jenkinsfile: `pipeline {
  agent any
  triggers {
    githubPush()
    cron('H 3 * * 1')
  }
  stages {
    stage('Unit tests') {
      when { changeRequest() }
      steps { sh 'pytest tests/unit' }
    }
    stage('Deploy staging') {
      when { branch 'main' }
      steps { sh 'helm upgrade --install fraud chart/ -f values-staging.yaml' }
    }
    stage('Deploy production') {
      when { anyOf { branch 'main'; buildingTag() } }
      input {
        message 'Ship to production?'
      }
      steps { sh 'helm upgrade --install fraud chart/ -f values-prod.yaml' }
    }
  }
}
`,
    });
    expect(ciJob(facts, 'Unit tests')!.attributes).toMatchObject({
      triggers: ['pull-request'],
      activities: ['test'],
    });
    expect(ciJob(facts, 'Deploy staging')!.attributes).toMatchObject({
      triggers: ['push', 'schedule'],
      branches: ['main'],
      manualGate: false,
    });
    expect(
      ciJob(facts, 'Deploy staging')!.attributes.triggerOutsideRepository,
    ).toBeUndefined();
    expect(ciJob(facts, 'Deploy production')!.attributes).toMatchObject({
      triggers: ['push', 'tag', 'schedule'],
      branches: ['main'],
      manualGate: true,
    });
  });

  it('says the push trigger of a Jenkinsfile without triggers lives in Jenkins', async () => {
    const facts = await analyzeFiles({
      Jenkinsfile: `pipeline {
  agent any
  stages {
    stage('Train') {
      steps { sh 'aws sagemaker create-training-job --training-job-name fraud-$BUILD_ID' }
    }
    stage('Release') {
      steps { build job: 'deploy-fraud' }
    }
  }
}
`,
    });
    const train = ciJob(facts, 'Train')!;
    expect(train.attributes).toMatchObject({
      triggers: ['push'],
      activities: ['train'],
      triggerOutsideRepository: true,
    });
    expect(train.detail).toContain(
      'its trigger is configured in Jenkins (a multibranch job, webhook or SCM polling), outside the repository',
    );
    expect(ciJob(facts, 'Release')!.detail).toContain(
      'calls the Jenkins job `deploy-fraud`',
    );
  });
});

describe('Bitbucket Pipelines, Drone and Tekton Triggers', () => {
  it('reads Bitbucket pipelines by branch, pull request, tag and custom, with manual steps', async () => {
    const facts = await analyzeFiles({
      'bitbucket-pipelines.yml': `image: python:3.11
definitions:
  steps:
    - step: &test
        name: Unit tests
        script:
          - pip install -r requirements.txt
          - pytest tests
pipelines:
  pull-requests:
    '**':
      - step: *test
  branches:
    main:
      - step: *test
      - step:
          name: Deploy to staging
          deployment: staging
          script:
            - pipe: atlassian/aws-ecs-deploy:1.6.0
              variables:
                CLUSTER_NAME: ml
      - step:
          name: Deploy to production
          deployment: production
          trigger: manual
          script:
            - helm upgrade --install fraud chart/
  custom:
    retrain:
      - step:
          name: Retrain
          script:
            - dvc repro
`,
    });
    const jobs = signalsOf(facts, 'ci-job', 'bitbucket-pipelines');
    const byName = (workflow: string, job: string) =>
      jobs.find(
        s => s.attributes.workflow === workflow && s.attributes.job === job,
      )!.attributes;
    expect(byName('pull-requests **', 'Unit tests')).toMatchObject({
      triggers: ['pull-request'],
      activities: ['test'],
    });
    expect(byName('branches main', 'Deploy to staging')).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      manualGate: false,
      activities: ['deploy'],
    });
    expect(byName('branches main', 'Deploy to production')).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
    });
    expect(byName('custom retrain', 'Retrain')).toMatchObject({
      triggers: ['manual'],
      activities: ['train'],
      triggerOutsideRepository: true,
    });
  });

  it('reads Drone pipelines with trigger and step conditions', async () => {
    const facts = await analyzeFiles({
      '.drone.yml': `kind: pipeline
type: docker
name: ci

steps:
- name: test
  image: python:3.11
  commands:
  - pip install -r requirements.txt
  - pytest tests
- name: publish
  image: plugins/docker
  settings:
    repo: acme/fraud
  when:
    branch: [main]
    event: [push]
- name: deploy
  image: pelotech/drone-helm3
  settings:
    chart: ./chart
  when:
    event: [promote]

trigger:
  event: [push, pull_request, promote]
---
kind: pipeline
type: docker
name: nightly

steps:
- name: retrain
  image: python:3.11
  commands:
  - dvc repro

trigger:
  event: [cron]
  cron: [nightly]
`,
    });
    expect(ciJob(facts, 'test')!.attributes).toMatchObject({
      triggers: ['push', 'pull-request', 'manual'],
      activities: ['test'],
    });
    expect(ciJob(facts, 'publish')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: ['build-image', 'push-image'],
    });
    expect(ciJob(facts, 'deploy')!.attributes).toMatchObject({
      triggers: ['manual'],
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'retrain')!.attributes).toMatchObject({
      triggers: ['schedule'],
      activities: ['train'],
    });
  });

  it('reads Tekton EventListeners: interceptor events, and the tasks of the PipelineRun their template creates', async () => {
    const facts = await analyzeFiles({
      'tekton/listener.yaml': `apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata:
  name: fraud-listener
spec:
  serviceAccountName: tekton-triggers
  triggers:
    - name: pull-request
      interceptors:
        - ref:
            name: github
          params:
            - name: secretRef
              value: { secretName: github-secret, secretKey: token }
            - name: eventTypes
              value: ["pull_request"]
      bindings:
        - ref: github-pr
      template:
        ref: ci-template
    - name: merge-to-main
      interceptors:
        - ref:
            name: github
          params:
            - name: eventTypes
              value: ["push"]
        - ref:
            name: cel
          params:
            - name: filter
              value: "body.ref == 'refs/heads/main'"
      bindings:
        - ref: github-push
      template:
        ref: cd-template
---
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: ci-template
spec:
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: ci-
      spec:
        pipelineRef:
          name: ci
---
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerTemplate
metadata:
  name: cd-template
spec:
  resourcetemplates:
    - apiVersion: tekton.dev/v1
      kind: PipelineRun
      metadata:
        generateName: cd-
      spec:
        pipelineRef:
          name: cd
`,
      'tekton/pipelines.yaml': `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  tasks:
    - name: clone
      taskRef: { name: git-clone }
    - name: unit-tests
      taskRef: { name: run-tests }
---
apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: cd
spec:
  tasks:
    - name: build
      taskRef: { name: kaniko }
    - name: deploy
      taskSpec:
        steps:
          - name: helm
            image: alpine/helm:3.14
            script: |
              helm upgrade --install fraud ./chart
---
apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: run-tests
spec:
  steps:
    - name: pytest
      image: python:3.11
      script: |
        pip install -r requirements.txt
        pytest tests
`,
    });
    expect(ciJob(facts, 'pull-request')!.attributes).toMatchObject({
      system: 'tekton',
      workflow: 'fraud-listener',
      triggers: ['pull-request'],
      activities: ['test'],
    });
    expect(ciJob(facts, 'merge-to-main')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: ['build-image', 'push-image', 'deploy'],
    });
  });
});

describe('AWS CodePipeline starts, stages and approvals', () => {
  it('reads EventBridge rules that start a CloudFormation pipeline, approvals by run order, and invoked state machines', async () => {
    const facts = await analyzeFiles({
      'pipeline.yml': `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  GitBranch:
    Type: String
    Default: main
Resources:
  BuildProject:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: model/buildspec.yml
  DeployPipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Stages:
        - Name: Source
          Actions:
            - Name: GitSource
              ActionTypeId: { Category: Source, Owner: AWS, Provider: CodeCommit, Version: '1' }
              Configuration: { RepositoryName: fraud, BranchName: !Ref GitBranch, PollForSourceChanges: false }
            - Name: DataSource
              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: '1' }
              Configuration: { S3Bucket: !Ref DataBucket, S3ObjectKey: data.zip, PollForSourceChanges: false }
        - Name: Build
          Actions:
            - Name: BuildTemplates
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1' }
              Configuration: { ProjectName: !Ref BuildProject }
        - Name: Train
          Actions:
            - Name: StartWorkflow
              ActionTypeId: { Category: Invoke, Owner: AWS, Provider: StepFunctions, Version: '1' }
              Configuration: { StateMachineArn: !Sub 'arn:aws:states:::stateMachine:fraud' }
        - Name: DeployDev
          Actions:
            - Name: DeployModelDev
              ActionTypeId: { Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1' }
              Configuration: { ActionMode: REPLACE_ON_FAILURE, StackName: fraud-dev }
              RunOrder: 1
            - Name: ApproveDeploy
              ActionTypeId: { Category: Approval, Owner: AWS, Provider: Manual, Version: '1' }
              RunOrder: 2
        - Name: DeployPrd
          Actions:
            - Name: DeployModelPrd
              ActionTypeId: { Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1' }
              Configuration: { ActionMode: CREATE_UPDATE, StackName: fraud-prd }
  CodeCommitRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.codecommit]
        detail-type: [CodeCommit Repository State Change]
        detail: { referenceType: [branch], referenceName: [!Ref GitBranch] }
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${DeployPipeline}
          Id: pipeline
  RetrainRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.cloudwatch]
        detail-type: [CloudWatch Alarm State Change]
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${DeployPipeline}
          Id: pipeline
  ScheduledRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 12 1 * ? *)
      State: DISABLED
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${DeployPipeline}
          Id: pipeline
`,
      'model/buildspec.yml': `version: 0.2
phases:
  build:
    commands:
      - python model/run_pipeline.py --model-name fraud
`,
      'model/run_pipeline.py':
        'import sagemaker\nfrom sagemaker.workflow.pipeline import Pipeline\nPipeline(name="fraud", steps=[]).start()\n',
    });
    const jobs = signalsOf(facts, 'ci-job');
    // The buildspec the pipeline runs is read as part of it, not as a second job.
    expect(jobs.map(j => j.attributes.job)).toEqual([
      'Build',
      'Train',
      'DeployDev',
      'DeployPrd',
    ]);
    expect(ciJob(facts, 'Build')!.attributes).toMatchObject({
      triggers: ['push', 'external'],
      branches: ['main'],
      activities: ['train'],
    });
    expect(ciJob(facts, 'Train')!.detail).toContain(
      'calls the Step Functions state machine of `StartWorkflow`',
    );
    expect(ciJob(facts, 'DeployDev')!.attributes).toMatchObject({
      manualGate: false,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'DeployPrd')!.attributes.manualGate).toBe(true);
    expect(ciJob(facts, 'Build')!.attributes.triggers).not.toContain(
      'schedule',
    );
  });

  it('reads Terraform pipelines started by an EventBridge rule, and CodeBuild projects with their own webhook', async () => {
    const facts = await analyzeFiles({
      'infra/pipeline.tf': `resource "aws_codepipeline" "deploy" {
  name = "fraud-deploy"
  stage {
    name = "Source"
    action {
      name     = "Model"
      category = "Source"
      provider = "S3"
      configuration = {
        S3Bucket             = "acme-models"
        PollForSourceChanges = "false"
      }
    }
  }
  stage {
    name = "DeployStaging"
    action {
      name     = "Deploy"
      category = "Deploy"
      provider = "CloudFormation"
      run_order = 1
    }
    action {
      name     = "Approve"
      category = "Approval"
      provider = "Manual"
      run_order = 2
    }
  }
}

resource "aws_cloudwatch_event_rule" "model_approved" {
  name = "model-approved"
  event_pattern = jsonencode({
    source      = ["aws.sagemaker"]
    detail-type = ["SageMaker Model Package State Change"]
  })
}

resource "aws_cloudwatch_event_target" "start_deploy" {
  rule = aws_cloudwatch_event_rule.model_approved.name
  arn  = aws_codepipeline.deploy.arn
}
`,
      'ci/project.yml': `Resources:
  UnitTests:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: fraud-unit-tests
      Source:
        Type: GITHUB
        Location: https://github.com/acme/fraud
        BuildSpec: buildspec-test.yml
      Triggers:
        Webhook: true
        FilterGroups:
          - - Type: EVENT
              Pattern: PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED
`,
      'ci/buildspec-test.yml': `version: 0.2
phases:
  build:
    commands:
      - pytest tests
`,
    });
    expect(ciJob(facts, 'DeployStaging')!.attributes).toMatchObject({
      triggers: ['external'],
      manualGate: false,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'fraud-unit-tests')!.attributes).toMatchObject({
      system: 'aws-codebuild',
      triggers: ['pull-request'],
      activities: ['test'],
    });
    // The buildspec its project runs is not also a job started from outside the repository.
    expect(ciJob(facts, 'buildspec-test')).toBeUndefined();
  });

  it('reads a CDK codepipeline.Pipeline in Python with the rule that starts it on model approval', async () => {
    const facts = await analyzeFiles({
      'infra/deploy_pipeline.py': `from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as codepipeline_actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets


class DeployPipeline(Construct):
    def __init__(self, scope, construct_id, repo, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        source_output = codepipeline.Artifact()
        build_output = codepipeline.Artifact()
        synth = codebuild.PipelineProject(
            self,
            "Synth",
            build_spec=codebuild.BuildSpec.from_object(
                {"version": "0.2", "phases": {"build": {"commands": ["npx cdk synth"]}}}
            ),
        )
        pipeline = codepipeline.Pipeline(self, "DeployPipeline")
        pipeline.add_stage(
            stage_name="Source",
            actions=[
                codepipeline_actions.CodeCommitSourceAction(
                    action_name="Source",
                    repository=repo,
                    branch="main",
                    trigger=codepipeline_actions.CodeCommitTrigger.NONE,
                    output=source_output,
                )
            ],
        )
        pipeline.add_stage(
            stage_name="Build",
            actions=[
                codepipeline_actions.CodeBuildAction(
                    action_name="Synth", project=synth, input=source_output, outputs=[build_output]
                )
            ],
        )
        pipeline.add_stage(
            stage_name="DeployStaging",
            actions=[
                codepipeline_actions.CloudFormationCreateUpdateStackAction(
                    action_name="DeployStaging",
                    run_order=1,
                    stack_name="fraud-staging",
                    template_path=build_output.at_path("staging.template.json"),
                    admin_permissions=False,
                ),
                codepipeline_actions.ManualApprovalAction(
                    action_name="ApproveStaging", run_order=2
                ),
            ],
        )
        pipeline.add_stage(
            stage_name="DeployProd",
            actions=[
                codepipeline_actions.CloudFormationCreateUpdateStackAction(
                    action_name="DeployProd",
                    stack_name="fraud-prod",
                    template_path=build_output.at_path("prod.template.json"),
                    admin_permissions=False,
                )
            ],
        )
        events.Rule(
            self,
            "ModelRegistryRule",
            event_pattern=events.EventPattern(
                source=["aws.sagemaker"],
                detail_type=["SageMaker Model Package State Change"],
                detail={"ModelApprovalStatus": ["Approved"]},
            ),
            targets=[targets.CodePipeline(pipeline)],
        )
`,
    });
    expect(ciJob(facts, 'DeployStaging')!.attributes).toMatchObject({
      system: 'aws-codepipeline',
      workflow: 'DeployPipeline',
      triggers: ['external'],
      manualGate: false,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'DeployProd')!.attributes.manualGate).toBe(true);
    expect(ciJob(facts, 'Build')!.attributes.activities).toEqual([]);
  });

  it('reads a CDK codepipeline.Pipeline in TypeScript with stages in the constructor', async () => {
    const facts = await analyzeFiles({
      'lib/pipeline-stack.ts': `import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';

export class PipelineStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const sourceOutput = new codepipeline.Artifact();
    const source = new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHub',
      owner: 'acme',
      repo: 'fraud',
      branch: 'main',
      connectionArn: 'arn:aws:codestar-connections:eu-west-1:123:connection/abc',
      output: sourceOutput,
    });
    new codepipeline.Pipeline(this, 'FraudPipeline', {
      stages: [
        { stageName: 'Source', actions: [source] },
        {
          stageName: 'Deploy',
          actions: [
            new actions.CloudFormationCreateReplaceChangeSetAction({
              actionName: 'PrepareChanges',
              stackName: 'fraud',
              changeSetName: 'next',
              adminPermissions: true,
              templatePath: sourceOutput.atPath('template.yaml'),
              runOrder: 1,
            }),
            new actions.ManualApprovalAction({ actionName: 'Approve', runOrder: 2 }),
            new actions.CloudFormationExecuteChangeSetAction({
              actionName: 'ExecuteChanges',
              stackName: 'fraud',
              changeSetName: 'next',
              runOrder: 3,
            }),
          ],
        },
      ],
    });
  }
}
`,
    });
    expect(ciJob(facts, 'Deploy')!.attributes).toMatchObject({
      triggers: ['push'],
      branches: ['main'],
      activities: [],
      manualGate: false,
    });
    expect(ciJob(facts, 'Deploy (after approval)')!.attributes).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
    });
  });
});

describe('where jobs run', () => {
  it('runs CircleCI jobs in their working_directory and GitLab jobs of a nested .gitlab-ci.yml in its folder', async () => {
    const facts = await analyzeFiles({
      '.circleci/config.yml': `version: 2.1
jobs:
  test_and_publish_model:
    docker: [{ image: cimg/python:3.11 }]
    working_directory: ~/project/model-package
    steps:
      - checkout:
          path: ~/project
      - run: tox -e train
      - run: tox -e publish_model
workflows:
  release:
    jobs:
      - test_and_publish_model:
          filters:
            branches: { ignore: /.*/ }
            tags: { only: /^v.*/ }
`,
      'model-package/tox.ini': `[testenv:train]
commands =
    python regression_model/train_pipeline.py

[testenv:publish_model]
commands =
    python regression_model/train_pipeline.py
    twine upload dist/*
`,
      'model-package/pyproject.toml':
        '[project]\nname = "acme-regression-model"\n',
      'model-package/regression_model/train_pipeline.py':
        'from sklearn.linear_model import Lasso\nLasso().fit(X, y)\n',
      'deploy/.gitlab-ci.yml': `staging_deploy:
  script:
    - python deploy_stack.py --stack-name staging
production_deploy:
  script:
    - python deploy_stack.py --stack-name prod
  when: manual
`,
      'deploy/deploy_stack.py':
        'import boto3\nclient = boto3.client("cloudformation")\nclient.update_stack(StackName=name)\n',
    });
    const publish = ciJob(facts, 'test_and_publish_model')!;
    expect(publish.attributes).toMatchObject({
      triggers: ['tag'],
      activities: ['train', 'register-model'],
    });
    expect(publish.detail).toContain(
      'publishes package `acme-regression-model` after training it: a versioned model package',
    );
    expect(ciJob(facts, 'staging_deploy')!.attributes).toMatchObject({
      manualGate: false,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'production_deploy')!.attributes.manualGate).toBe(true);
  });
});

describe('Azure Pipelines templates', () => {
  it('fills template parameters in and opens ${{ if }} blocks', async () => {
    const facts = await analyzeFiles({
      'flows/fraud/.azure-pipelines/ci.yml': `trigger:
  branches:
    include: [main]
parameters:
  - name: flow
    default: fraud
  - name: deployment_type
    default: aml
stages:
  - template: ../../../.azure-pipelines/platform.yml
    parameters:
      flow: \${{ parameters.flow }}
      deployment_type: \${{ parameters.deployment_type }}
`,
      '.azure-pipelines/platform.yml': `parameters:
  - name: flow
  - name: deployment_type
stages:
  - stage: validate
    jobs:
      - job: unit
        steps:
          - script: pytest \${{ parameters.flow }}/tests
  - stage: deploy
    jobs:
      - job: deploy_flow
        steps:
          - \${{ if eq(parameters.deployment_type, 'aml') }}:
            - template: templates/aml.yml
              parameters:
                flow: \${{ parameters.flow }}
`,
      '.azure-pipelines/templates/aml.yml': `parameters:
  - name: flow
steps:
  - script: az ml online-deployment create -f \${{ parameters.flow }}/deployment.yml
`,
      'fraud/tests/test_flow.py':
        'def test_score():\n    assert score(1) == 2\n',
    });
    expect(ciJob(facts, 'validate.unit')!.attributes).toMatchObject({
      triggers: ['push'],
      activities: ['test'],
      testTargets: ['fraud/tests'],
    });
    expect(ciJob(facts, 'deploy.deploy_flow')!.attributes).toMatchObject({
      activities: ['deploy'],
    });
    // The templates are read through the pipeline that uses them, not as pipelines of their own.
    expect(signalsOf(facts, 'ci-job').map(signal => signal.path)).toEqual([
      'flows/fraud/.azure-pipelines/ci.yml',
      'flows/fraud/.azure-pipelines/ci.yml',
    ]);
  });
});

describe('Azure Pipelines environments', () => {
  it('treats a deployment job that only targets an environment as holding its stage for the environment checks', async () => {
    const facts = await analyzeFiles({
      '.pipelines/release.yml': `trigger:
  branches:
    include: [main]
stages:
  - stage: deploy_test
    jobs:
      - deployment: Approval
        environment: Test
      - job: deploy_model
        steps:
          - script: az ml model deploy -n fraud --model fraud:1 --ic inference.yml
  - stage: smoke
    condition: false
    jobs:
      - job: smoke
        steps:
          - script: pytest tests/smoke
`,
    });
    expect(ciJob(facts, 'deploy_test.Approval')!.detail).toContain(
      'waits for the approvals and checks of environment `Test`',
    );
    expect(ciJob(facts, 'deploy_test.deploy_model')!.attributes).toMatchObject({
      manualGate: true,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'smoke.smoke')).toBeUndefined();
    expect(rejectionsOf(facts, 'ci-job').map(r => r.reason)).toContain(
      'Azure Pipelines job `smoke.smoke` in .pipelines/release.yml never runs: `condition: false`; its `pytest tests/smoke` never runs',
    );
  });
});
