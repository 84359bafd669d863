import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

const endpointTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ModelDataUrl:
    Type: String
  ExecutionRoleArn:
    Type: String
Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !Ref ExecutionRoleArn
      PrimaryContainer:
        Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/fraud:latest
        ModelDataUrl: !Ref ModelDataUrl
  EndpointConfig:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: AllTraffic
          ModelName: !GetAtt Model.ModelName
          InitialInstanceCount: 2
          InstanceType: ml.m5.large
          InitialVariantWeight: 1.0
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
      DeploymentConfig:
        BlueGreenUpdatePolicy:
          TrafficRoutingConfiguration:
            Type: CANARY
            CanarySize: { Type: CAPACITY_PERCENT, Value: 10 }
            WaitIntervalInSeconds: 600
        AutoRollbackConfiguration:
          Alarms:
            - AlarmName: !Ref LatencyAlarm
  LatencyAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: fraud-model-latency
      Namespace: AWS/SageMaker
      MetricName: ModelLatency
      Dimensions:
        - Name: EndpointName
          Value: !GetAtt Endpoint.EndpointName
        - Name: VariantName
          Value: AllTraffic
      Statistic: Average
      Period: 60
      EvaluationPeriods: 3
      Threshold: 500000
      ComparisonOperator: GreaterThanThreshold
  ScalableTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: sagemaker
      ScalableDimension: sagemaker:variant:DesiredInstanceCount
      ResourceId: !Sub endpoint/\${Endpoint.EndpointName}/variant/AllTraffic
      MinCapacity: 2
      MaxCapacity: 8
  ScalingPolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: invocations-per-instance
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref ScalableTarget
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 70
        PredefinedMetricSpecification:
          PredefinedMetricType: SageMakerVariantInvocationsPerInstance
  DataQualityJob:
    Type: AWS::SageMaker::DataQualityJobDefinition
    Properties:
      DataQualityAppSpecification:
        ImageUri: 468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer
      DataQualityJobInput:
        EndpointInput:
          EndpointName: !GetAtt Endpoint.EndpointName
          LocalPath: /opt/ml/processing/input
      RoleArn: !Ref ExecutionRoleArn
  MonitoringSchedule:
    Type: AWS::SageMaker::MonitoringSchedule
    Properties:
      MonitoringScheduleName: fraud-data-quality
      MonitoringScheduleConfig:
        MonitoringJobDefinitionName: !GetAtt DataQualityJob.JobDefinitionName
        MonitoringType: DataQuality
        ScheduleConfig:
          ScheduleExpression: cron(0 * ? * * *)
`;

const samTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 30
Resources:
  PredictFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../api
      Handler: app.lambda_handler
      AutoPublishAlias: live
      DeploymentPreference:
        Type: Canary10Percent5Minutes
        Alarms:
          - !Ref ErrorsAlarm
        Hooks:
          PreTraffic: !Ref PreTrafficHook
      Events:
        Predict:
          Type: Api
          Properties:
            Path: /predict
            Method: post
  PreTrafficHook:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../api
      Handler: hooks.pre_traffic
      DeploymentPreference:
        Enabled: false
  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref PredictFunction
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
`;

const pipelineTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  MonthlyRetrainState:
    Type: String
    Default: DISABLED
    AllowedValues: [ENABLED, DISABLED]
Resources:
  ModelPipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt PipelineRole.Arn
      Stages:
        - Name: Source
          Actions:
            - Name: Data
              ActionTypeId: { Category: Source, Owner: AWS, Provider: S3, Version: '1' }
        - Name: Train
          Actions:
            - Name: StartTraining
              ActionTypeId: { Category: Invoke, Owner: AWS, Provider: StepFunctions, Version: '1' }
        - Name: DeployProd
          Actions:
            - Name: Deploy
              ActionTypeId: { Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1' }
  DriftRetrainRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.cloudwatch]
        detail-type: [CloudWatch Alarm State Change]
        detail:
          alarmName: [fraud-data-drift]
          state: { value: [ALARM] }
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${ModelPipeline}
          Id: retrain
          RoleArn: !GetAtt EventsRole.Arn
  NewDataRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.s3]
        detail-type: [Object Created]
        detail:
          bucket: { name: [fraud-training-data] }
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${ModelPipeline}
          Id: new-data
  MonthlyRetrainRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 12 1 * ? *)
      State: !Ref MonthlyRetrainState
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${ModelPipeline}
          Id: monthly
  WeeklyRetrainRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(7 days)
      State: DISABLED
      Targets:
        - Arn: !Sub arn:aws:codepipeline:\${AWS::Region}:\${AWS::AccountId}:\${ModelPipeline}
          Id: weekly
  ReminderRule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 day)
      Targets:
        - Arn: !Ref ReminderTopic
          Id: reminder
  ReminderTopic:
    Type: AWS::SNS::Topic
  ModelApprovedRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.sagemaker]
        detail-type: [SageMaker Model Package State Change]
        detail:
          ModelApprovalStatus: [Approved]
      Targets:
        - Arn: !GetAtt DeployTrigger.Arn
          Id: deploy
  DeployTrigger:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Code:
        ZipFile: |
          import urllib.request
          def handler(event, context):
              urllib.request.urlopen("https://ci.example.test/trigger")
`;

describe('CloudFormation and SAM', () => {
  it('recognises a SageMaker endpoint with autoscaling, a canary deployment with alarm rollback, Model Monitor and alarms on its metrics', async () => {
    const facts = await analyzeFiles({
      'deploy/endpoint.yml': endpointTemplate,
    });
    const [endpoint] = signalsOf(facts, 'serving', 'sagemaker');
    expect(endpoint.attributes).toEqual({
      platform: 'sagemaker-endpoint',
      declaredIn: 'cloudformation',
      orchestrated: true,
      autoscaling: {
        minReplicas: 2,
        maxReplicas: 8,
        via: 'Application Auto Scaling target ScalableTarget',
      },
      resources: ['Endpoint', 'EndpointConfig'],
    });
    expect(endpoint.detail).toBe(
      'deploy/endpoint.yml deploys SageMaker endpoint `Endpoint` with endpoint config `EndpointConfig` (1 production variant), autoscaled 2–8 instances by Application Auto Scaling target ScalableTarget',
    );
    expect(
      signalsOf(facts, 'progressive-rollout', 'sagemaker')[0].attributes,
    ).toMatchObject({ name: 'Endpoint', strategy: 'canary' });
    expect(signalsOf(facts, 'rollback', 'sagemaker')[0].attributes).toEqual({
      name: 'Endpoint',
      automatic: true,
    });
    expect(
      signalsOf(facts, 'drift-monitoring', 'sagemaker-model-monitor')[0]
        .attributes,
    ).toEqual({
      name: 'MonitoringSchedule',
      monitors: ['data quality'],
      schedule: 'cron(0 * ? * * *)',
    });
    expect(
      signalsOf(facts, 'alert-rules', 'cloudwatch')[0].attributes.alerts,
    ).toEqual([
      {
        name: 'fraud-model-latency',
        expr: 'AWS/SageMaker ModelLatency GreaterThanThreshold 500000',
      },
    ]);
    expect(
      signalsOf(facts, 'monitoring-config', 'cloudwatch')[0].attributes,
    ).toEqual({ metrics: ['AWS/SageMaker/ModelLatency'] });
  });

  it('takes a scalable target without a scaling policy for fixed capacity, not autoscaling', async () => {
    const facts = await analyzeFiles({
      'deploy/endpoint.yml': endpointTemplate.replace(
        / {2}ScalingPolicy:[\s\S]*?(?= {2}DataQualityJob:)/,
        '',
      ),
    });
    expect(
      signalsOf(facts, 'serving', 'sagemaker')[0].attributes.autoscaling,
    ).toBeNull();
  });

  it('recognises a SAM function that serves the model with a CodeDeploy canary that rolls back on alarms and hooks', async () => {
    const facts = await analyzeFiles({
      'infra/template.yaml': samTemplate,
      'api/app.py': `import json
import boto3

runtime = boto3.client("sagemaker-runtime")


def lambda_handler(event, context):
    response = runtime.invoke_endpoint(EndpointName="fraud", ContentType="application/json", Body=event["body"])
    return {"statusCode": 200, "body": response["Body"].read().decode()}
`,
      'api/hooks.py': 'def pre_traffic(event, context):\n    return True\n',
    });
    const [lambda] = signalsOf(facts, 'serving', 'aws-lambda');
    expect(lambda.attributes).toMatchObject({
      platform: 'aws-lambda',
      declaredIn: 'sam',
      handler: 'app.lambda_handler',
    });
    expect(lambda.detail).toContain('api/app.py calls `.invoke_endpoint`');
    expect(
      signalsOf(facts, 'progressive-rollout', 'codedeploy')[0].attributes,
    ).toEqual({
      name: 'PredictFunction',
      strategy: 'canary',
      deploymentType: 'Canary10Percent5Minutes',
    });
    expect(signalsOf(facts, 'rollback', 'codedeploy')[0].detail).toBe(
      'CodeDeploy rolls Lambda function `PredictFunction` in infra/template.yaml back automatically when its CloudWatch alarm fires or a PreTraffic validation hook fails',
    );
    expect(signalsOf(facts, 'serving', 'aws-lambda')).toHaveLength(1);
  });

  it('reads EventBridge rules: what they start, and which are off or only notify', async () => {
    const facts = await analyzeFiles({ 'pipeline.yml': pipelineTemplate });
    const schedules = signalsOf(facts, 'schedule', 'eventbridge');
    expect(
      schedules.map(s => ({
        target: s.attributes.target,
        trigger: s.attributes.trigger,
        schedule: s.attributes.schedule,
        activities: s.attributes.activities,
      })),
    ).toEqual([
      {
        target: 'DriftRetrainRule',
        trigger: 'event',
        schedule: 'alarm',
        activities: ['train', 'deploy'],
      },
      {
        target: 'NewDataRule',
        trigger: 'event',
        schedule: 'new-data',
        activities: ['train', 'deploy'],
      },
      {
        target: 'ModelApprovedRule',
        trigger: 'event',
        schedule: 'model-approved',
        activities: ['deploy'],
      },
    ]);
    expect(schedules[0].detail).toBe(
      'EventBridge rule `DriftRetrainRule` in pipeline.yml fires when a CloudWatch alarm goes into ALARM and starts codepipeline `ModelPipeline` (train, deploy)',
    );
    expect(rejectionsOf(facts, 'schedule').map(r => r.reason)).toEqual([
      'EventBridge rule `MonthlyRetrainRule` in pipeline.yml is disabled (its State defaults to DISABLED through parameter `MonthlyRetrainState`), so its schedule `cron(0 12 1 * ? *)` starts nothing',
      'EventBridge rule `WeeklyRetrainRule` in pipeline.yml is disabled (State: DISABLED), so its schedule `rate(7 days)` starts nothing',
      'EventBridge rule `ReminderRule` in pipeline.yml runs on `rate(1 day)` but only targets notification `ReminderTopic`, which starts no pipeline or job the repository shows',
    ]);
  });
});
