import { analyzeFiles, ciJob, rejectionsOf, signalsOf } from '../testUtils';

describe('infrastructure as code', () => {
  it('reads Terraform per module with resources that also mean serving, alerts and schedules', async () => {
    const facts = await analyzeFiles({
      'infra/terraform/main.tf': `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
# resource "aws_instance" "commented_out" {}
resource "aws_sagemaker_endpoint" "fraud" {
  name                 = "fraud"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.fraud.name
}
resource "aws_appautoscaling_target" "fraud" {
  resource_id        = "endpoint/fraud/variant/main"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  min_capacity       = 1
  max_capacity       = 4
}
resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name = "fraud-latency"
}
resource "aws_appautoscaling_policy" "fraud" {
  name               = "invocations"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.fraud.resource_id
  scalable_dimension = aws_appautoscaling_target.fraud.scalable_dimension
  service_namespace  = aws_appautoscaling_target.fraud.service_namespace
}
resource "aws_cloudwatch_event_rule" "retrain" {
  name                = "weekly-retrain"
  schedule_expression = "cron(0 3 ? * MON *)"
}
resource "aws_cloudwatch_event_target" "retrain" {
  rule     = aws_cloudwatch_event_rule.retrain.name
  arn      = aws_sfn_state_machine.train.arn
  role_arn = aws_iam_role.events.arn
}
resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
`,
      'infra/terraform/variables.tf':
        'variable "region" { default = "eu-west-1" }\n',
    });
    const [tf] = signalsOf(facts, 'iac', 'terraform');
    expect(tf.path).toBe('infra/terraform/main.tf');
    expect(tf.attributes).toMatchObject({
      directory: 'infra/terraform',
      resources: 7,
      modules: ['vpc'],
      providers: ['aws'],
    });
    expect(tf.attributes.resourceTypes).not.toContain('aws_instance');
    expect(signalsOf(facts, 'serving', 'sagemaker')[0].attributes).toEqual({
      platform: 'sagemaker-endpoint',
      declaredIn: 'terraform',
      orchestrated: true,
      autoscaling: {
        minReplicas: 1,
        maxReplicas: 4,
        via: 'aws_appautoscaling_target.fraud',
      },
      resources: ['fraud'],
    });
    expect(signalsOf(facts, 'alert-rules', 'cloudwatch')).toHaveLength(1);
    const schedules = signalsOf(facts, 'schedule', 'eventbridge');
    expect(schedules).toHaveLength(1);
    expect(schedules[0].attributes).toMatchObject({
      trigger: 'cron',
      schedule: 'cron(0 3 ? * MON *)',
      runners: ['step-functions'],
      activities: ['train'],
    });
    expect(rejectionsOf(facts, 'schedule')[0].reason).toBe(
      'EventBridge rule `nightly` in infra/terraform runs on `rate(1 day)` but has no target',
    );
  });

  it('reads Bicep, ARM, CloudFormation/SAM, CDK, Pulumi, Kustomize and Serverless', async () => {
    const facts = await analyzeFiles({
      'infra/main.bicep': `param location string = resourceGroup().location
resource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: 'mlw-fraud'
  location: location
}
resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01' = {
  parent: ws
  name: 'fraud'
}
`,
      'infra/azuredeploy.json': JSON.stringify({
        $schema:
          'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'st' }],
      }),
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Predict:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Role: !GetAtt PredictRole.Arn
`,
      'cdk/cdk.json': JSON.stringify({
        app: 'npx ts-node --prefer-ts-exts bin/app.ts',
      }),
      'pulumi/Pulumi.yaml': 'name: fraud-infra\nruntime: python\n',
      'deploy/overlays/prod/kustomization.yaml':
        'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\nimages:\n  - name: acme/fraud\n    newTag: 1.4.2\n',
      'serverless.yml':
        'service: fraud-api\nprovider:\n  name: aws\n  runtime: python3.11\n',
    });
    const tools = signalsOf(facts, 'iac')
      .map(s => s.tool)
      .sort();
    expect(tools).toEqual([
      'arm',
      'bicep',
      'cdk',
      'kustomize',
      'pulumi',
      'sam',
      'serverless',
    ]);
    expect(signalsOf(facts, 'iac', 'kustomize')[0].detail).toContain('overlay');
    expect(signalsOf(facts, 'serving', 'azureml')).toHaveLength(1);
  });

  it('treats automated Argo CD and Flux sync as continuous deployment', async () => {
    const facts = await analyzeFiles({
      'gitops/app.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: fraud-prod }
spec:
  source: { repoURL: 'https://git.example.test/acme/fraud', path: deploy/overlays/prod, targetRevision: main }
  syncPolicy:
    automated: { prune: true, selfHeal: true }
`,
      'gitops/manual.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: fraud-staging }
spec:
  source: { repoURL: 'https://git.example.test/acme/fraud', path: deploy/overlays/staging, targetRevision: HEAD }
`,
    });
    expect(ciJob(facts, 'fraud-prod')!.attributes).toMatchObject({
      system: 'argocd',
      triggers: ['push'],
      branches: ['main'],
      manualGate: false,
      activities: ['deploy'],
    });
    expect(ciJob(facts, 'fraud-staging')!.attributes.manualGate).toBe(true);
  });
});

describe('Helm charts and kustomizations that deploy nothing', () => {
  it('rejects an empty Chart.yaml and a kustomization without resources', async () => {
    const facts = await analyzeFiles({
      'chart/Chart.yaml': 'apiVersion: v2\nname: fraud\nversion: 0.1.0\n',
      'deploy/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: fraud\n',
    });
    expect(signalsOf(facts, 'iac')).toHaveLength(0);
    expect(rejectionsOf(facts, 'iac').map(r => r.reason)).toEqual([
      'Helm chart `fraud` in chart has no templates and no dependencies, so installing it deploys nothing',
      'Kustomization deploy/kustomization.yaml lists no resources, components, charts or generators, so it builds nothing',
    ]);
  });
});
