import { analyzeFiles, ciJob, rejectionsOf, signalsOf } from '../testUtils';

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
