import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('AWS CDK apps', () => {
  it('reads a Python stack: endpoint, autoscaling, Model Monitor, alarms and retraining rules', async () => {
    const facts = await analyzeFiles({
      'infra/cdk.json': JSON.stringify({ app: 'python3 app.py' }),
      'infra/stacks/serving.py': `from aws_cdk import (
    Stack,
    aws_applicationautoscaling as appscaling,
    aws_cloudwatch as cloudwatch,
    aws_sagemaker as sagemaker,
)
from constructs import Construct


class ServingStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        endpoint = sagemaker.CfnEndpoint(
            self,
            "Endpoint",
            endpoint_config_name=config.attr_endpoint_config_name,
        )
        target = appscaling.CfnScalableTarget(
            self,
            "Scaling",
            min_capacity=1,
            max_capacity=4,
            resource_id="endpoint/fraud/variant/AllTraffic",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            service_namespace="sagemaker",
        )
        appscaling.CfnScalingPolicy(
            self,
            "ScalingPolicy",
            policy_name="invocations",
            policy_type="TargetTrackingScaling",
            scaling_target_id=target.ref,
        )
        sagemaker.CfnMonitoringSchedule(
            self,
            "Monitor",
            monitoring_schedule_name="fraud-monitor",
            monitoring_schedule_config=sagemaker.CfnMonitoringSchedule.MonitoringScheduleConfigProperty(
                schedule_config=sagemaker.CfnMonitoringSchedule.ScheduleConfigProperty(
                    schedule_expression="cron(0 * ? * * *)",
                ),
            ),
        )
        cloudwatch.CfnAlarm(
            self,
            "DriftAlarm",
            alarm_name="fraud-drift",
            namespace="aws/sagemaker/Endpoints/data-metrics",
            metric_name="feature_baseline_drift_amount",
            comparison_operator="GreaterThanThreshold",
            threshold=0.2,
            evaluation_periods=1,
        )
`,
      'infra/stacks/retraining.py': `from aws_cdk import Stack, aws_events as events, aws_events_targets as targets
from aws_cdk import aws_stepfunctions_tasks as tasks


class RetrainingStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        train = tasks.SageMakerCreateTrainingJob(self, "Train", training_job_name="fraud")
        events.Rule(
            self,
            "DriftRule",
            event_pattern=events.EventPattern(
                source=["aws.cloudwatch"],
                detail_type=["CloudWatch Alarm State Change"],
            ),
            targets=[targets.SfnStateMachine(state_machine)],
        )
        weekly = events.Rule(
            self,
            "WeeklyRule",
            schedule=events.Schedule.cron(minute="0", hour="3", week_day="MON"),
        )
        weekly.add_target(targets.SfnStateMachine(state_machine))
        events.Rule(
            self,
            "PausedRule",
            enabled=False,
            schedule=events.Schedule.rate(Duration.days(1)),
            targets=[targets.SfnStateMachine(state_machine)],
        )
`,
    });
    expect(signalsOf(facts, 'serving', 'sagemaker')[0].attributes).toEqual({
      platform: 'sagemaker-endpoint',
      declaredIn: 'cdk',
      orchestrated: true,
      autoscaling: {
        minReplicas: 1,
        maxReplicas: 4,
        via: 'Application Auto Scaling (Scaling)',
      },
      resources: ['Endpoint'],
    });
    expect(
      signalsOf(facts, 'drift-monitoring', 'sagemaker-model-monitor')[0]
        .attributes,
    ).toMatchObject({ name: 'Monitor', schedule: 'cron(0 * ? * * *)' });
    expect(
      signalsOf(facts, 'monitoring-config', 'cloudwatch')[0].detail,
    ).toContain('`fraud-drift`');
    const schedules = signalsOf(facts, 'schedule', 'eventbridge');
    expect(
      schedules.map(s => [s.attributes.target, s.attributes.activities]),
    ).toEqual([
      ['DriftRule', ['train']],
      ['WeeklyRule', ['train']],
    ]);
    expect(schedules[1].attributes.schedule).toBe(
      'cron(minute="0", hour="3", week_day="MON")',
    );
    expect(rejectionsOf(facts, 'schedule')[0].reason).toBe(
      'EventBridge rule `PausedRule` in CDK app infra/stacks/retraining.py is disabled (enabled: false), so its schedule `rate(Duration.days(1))` starts nothing',
    );
  });

  it('reads a TypeScript stack: endpoint rollout policy, Lambda canary and scheduled pipeline', async () => {
    const facts = await analyzeFiles({
      'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts' }),
      'lib/serving-stack.ts': `import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { aws_codedeploy as codedeploy, aws_lambda as lambda } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';

export class ServingStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    // The endpoint shifts traffic in steps and rolls back on its alarm.
    new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointConfigName: config.attrEndpointConfigName,
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: { type: 'LINEAR', linearStepSize: { type: 'CAPACITY_PERCENT', value: 20 } },
        },
        autoRollbackConfiguration: { alarms: [{ alarmName: 'fraud-5xx' }] },
      },
    });
    const fn = new lambda.Function(this, 'Predict', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'handler.predict',
      code: lambda.Code.fromAsset('lambda'),
    });
    new codedeploy.LambdaDeploymentGroup(this, 'PredictDeployment', {
      alias: fn.currentVersion.addAlias('live'),
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: [errors],
    });
    new events.Rule(this, 'NightlyRetrain', {
      schedule: events.Schedule.expression('cron(0 2 * * ? *)'),
      targets: [new targets.CodeBuildProject(retrainProject)],
    });
  }
}
`,
      'lambda/handler.py': `import joblib

model = joblib.load("/opt/model.joblib")


def predict(event, context):
    return {"score": float(model.predict([event["features"]])[0])}
`,
    });
    expect(
      signalsOf(facts, 'progressive-rollout')
        .map(s => [s.tool, s.attributes.strategy])
        .sort(),
    ).toEqual([
      ['codedeploy', 'canary'],
      ['sagemaker', 'linear'],
    ]);
    expect(
      signalsOf(facts, 'rollback')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['codedeploy', 'sagemaker']);
    expect(signalsOf(facts, 'serving', 'aws-lambda')[0].detail).toBe(
      'CDK app lib/serving-stack.ts deploys AWS Lambda function `Predict`, which serves the model (lambda/handler.py calls `joblib.load`)',
    );
    expect(
      signalsOf(facts, 'schedule', 'eventbridge')[0].attributes,
    ).toMatchObject({
      trigger: 'cron',
      schedule: 'cron(0 2 * * ? *)',
      runners: ['codebuild'],
      activities: ['train'],
    });
  });

  it('reads autoscaling bounds a stack takes from its stage configuration files', async () => {
    const facts = await analyzeFiles({
      'deploy/cdk.json': JSON.stringify({ app: 'python3 app.py' }),
      'deploy/staging-config.json': JSON.stringify({ stage_name: 'staging' }),
      'deploy/prod-config.json': JSON.stringify({
        stage_name: 'prod',
        auto_scaling: { min_capacity: 2, max_capacity: 6 },
      }),
      'deploy/infra/endpoint_stack.py': `import aws_cdk as cdk
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_sagemaker as sagemaker


class EndpointStack(cdk.Stack):
    def __init__(self, scope, construct_id, config, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        sagemaker.CfnEndpoint(self, "Endpoint", endpoint_config_name=endpoint_config.attr_endpoint_config_name)
        target = appscaling.CfnScalableTarget(
            self,
            "AutoScaling",
            min_capacity=config.auto_scaling.min_capacity,
            max_capacity=config.auto_scaling.max_capacity,
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            service_namespace="sagemaker",
        )
        appscaling.CfnScalingPolicy(self, "Policy", policy_type="TargetTrackingScaling", scaling_target_id=target.ref)
`,
    });
    expect(
      signalsOf(facts, 'serving', 'sagemaker')[0].attributes.autoscaling,
    ).toEqual({
      minReplicas: 2,
      maxReplicas: 6,
      via: 'Application Auto Scaling (AutoScaling), bounds from deploy/prod-config.json',
    });
  });
});
