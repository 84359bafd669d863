import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('managed endpoints deployed from code', () => {
  it('recognises SageMaker SDK deployments with endpoint autoscaling, but not a deploy run by hand in a notebook', async () => {
    const facts = await analyzeFiles({
      'deploy/deploy.py': `import boto3
import sagemaker
from sagemaker.model import Model

model = Model(image_uri=image_uri, model_data=model_data, role=role)
model.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name="fraud")

scaling = boto3.client("application-autoscaling")
scaling.register_scalable_target(
    ServiceNamespace="sagemaker",
    ResourceId="endpoint/fraud/variant/AllTraffic",
    ScalableDimension="sagemaker:variant:DesiredInstanceCount",
    MinCapacity=1,
    MaxCapacity=3,
)
scaling.put_scaling_policy(PolicyName="invocations", ServiceNamespace="sagemaker")
`,
      'notebooks/try-endpoint.ipynb': JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            source: [
              'import sagemaker\n',
              'predictor = estimator.deploy(initial_instance_count=1, instance_type="ml.t2.medium")\n',
            ],
          },
        ],
      }),
    });
    const serving = signalsOf(facts, 'serving', 'sagemaker');
    expect(serving).toHaveLength(1);
    expect(serving[0]).toMatchObject({
      path: 'deploy/deploy.py',
      attributes: {
        platform: 'sagemaker-endpoint',
        declaredIn: 'sdk',
        autoscaling: {
          minReplicas: 1,
          maxReplicas: 3,
          via: 'register_scalable_target',
        },
      },
    });
  });

  it('recognises a Vertex AI deployment with replica bounds and a canary share of traffic', async () => {
    const facts = await analyzeFiles({
      'src/deploy.py': `from google.cloud import aiplatform

aiplatform.init(project="acme", location="europe-west4")
endpoint = aiplatform.Endpoint(endpoint_name)
model = aiplatform.Model(model_name)
model.deploy(
    endpoint=endpoint,
    machine_type="n1-standard-4",
    min_replica_count=1,
    max_replica_count=4,
    traffic_percentage=10,
)
`,
    });
    expect(signalsOf(facts, 'serving', 'vertex-ai')[0].attributes).toEqual({
      platform: 'vertex-ai-endpoint',
      declaredIn: 'sdk',
      orchestrated: true,
      autoscaling: {
        minReplicas: 1,
        maxReplicas: 4,
        via: 'min_replica_count/max_replica_count',
      },
    });
    expect(
      signalsOf(facts, 'progressive-rollout', 'vertex-ai')[0].attributes,
    ).toEqual({ strategy: 'canary', canaryTrafficPercent: 10 });
  });

  it('recognises a TFX pipeline that pushes blessed models to Vertex AI', async () => {
    const facts = await analyzeFiles({
      'pipeline/pipeline.py': `from tfx import v1 as tfx

pusher = tfx.extensions.google_cloud_ai_platform.Pusher(
    model=trainer.outputs["model"],
    model_blessing=evaluator.outputs["blessing"],
    custom_config={
        tfx.extensions.google_cloud_ai_platform.ENABLE_VERTEX_KEY: True,
        tfx.extensions.google_cloud_ai_platform.VERTEX_REGION_KEY: "europe-west4",
        tfx.extensions.google_cloud_ai_platform.SERVING_ARGS_KEY: serving_args,
    },
)
`,
    });
    expect(signalsOf(facts, 'serving', 'vertex-ai')[0].detail).toBe(
      'TFX pipeline pipeline/pipeline.py pushes blessed models to a Vertex AI endpoint with the Google Cloud Pusher',
    );
  });

  it('recognises Azure ML SDK v2 online endpoints with a traffic split and SDK v1 AKS web services', async () => {
    const facts = await analyzeFiles({
      'deploy/online.py': `from azure.ai.ml import MLClient
from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint

endpoint = ManagedOnlineEndpoint(name="fraud", auth_mode="key")
ml_client.online_endpoints.begin_create_or_update(endpoint).result()
green = ManagedOnlineDeployment(name="green", endpoint_name="fraud", model=model, instance_type="Standard_DS3_v2", instance_count=1)
ml_client.online_deployments.begin_create_or_update(green).result()
endpoint.traffic = {"blue": 90, "green": 10}
ml_client.online_endpoints.begin_create_or_update(endpoint).result()
`,
      'deploy/aks.py': `from azureml.core import Workspace
from azureml.core.model import Model
from azureml.core.webservice import AksWebservice

config = AksWebservice.deploy_configuration(
    autoscale_enabled=True,
    autoscale_min_replicas=2,
    autoscale_max_replicas=6,
    enable_app_insights=True,
)
service = Model.deploy(ws, "fraud", [model], inference_config, config, aks_target)
`,
    });
    const platforms = signalsOf(facts, 'serving', 'azureml').map(s => ({
      path: s.path,
      platform: s.attributes.platform,
      autoscaling: s.attributes.autoscaling,
    }));
    expect(platforms).toEqual([
      {
        path: 'deploy/aks.py',
        platform: 'azureml-aks-webservice',
        autoscaling: {
          minReplicas: 2,
          maxReplicas: 6,
          via: 'AksWebservice autoscaler',
        },
      },
      {
        path: 'deploy/online.py',
        platform: 'azureml-online-endpoint',
        autoscaling: null,
      },
    ]);
    expect(signalsOf(facts, 'progressive-rollout', 'azureml')[0].detail).toBe(
      "deploy/online.py splits the endpoint's traffic blue 90%, green 10%",
    );
    expect(signalsOf(facts, 'monitoring-config', 'azure-monitor')).toHaveLength(
      1,
    );
  });
});

describe('Azure ML deployment YAML', () => {
  it('reads CLI v2 online endpoints and deployments', async () => {
    const facts = await analyzeFiles({
      'endpoints/online/endpoint.yml': `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
name: fraud
auth_mode: key
traffic:
  blue: 100
`,
      'endpoints/online/blue.yml': `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: blue
endpoint_name: fraud
model: azureml:fraud:7
instance_type: Standard_DS3_v2
instance_count: 1
app_insights_enabled: true
scale_settings:
  type: target_utilization
  min_instances: 1
  max_instances: 3
`,
    });
    const serving = signalsOf(facts, 'serving', 'azureml');
    expect(serving.map(s => s.detail)).toEqual([
      'Azure ML managed online deployment `blue` in endpoints/online/blue.yml, autoscaled 1–3 replicas',
      'Azure ML managed online endpoint `fraud` in endpoints/online/endpoint.yml',
    ]);
    expect(signalsOf(facts, 'progressive-rollout')).toHaveLength(0);
    expect(signalsOf(facts, 'monitoring-config', 'azure-monitor')).toHaveLength(
      1,
    );
  });

  it('reads v1 deployment configurations a pipeline uses: AKS is orchestrated and autoscaled, ACI is a single test container', async () => {
    const facts = await analyzeFiles({
      'config/aks_deployment.yml': `computeType: AKS
autoScaler:
  autoscaleEnabled: True
  minReplicas: 1
  maxReplicas: 3
  targetUtilization: 70
containerResourceRequirements:
  cpu: 1
  memoryInGB: 2
appInsightsEnabled: True
`,
      'config/aci_deployment.yml':
        'computeType: ACI\ncontainerResourceRequirements:\n  cpu: 1\n  memoryInGB: 1\n',
      'config/old_deployment.json': JSON.stringify({
        computeType: 'aks',
        containerResourceRequirements: { cpu: 1, memoryInGB: 1 },
      }),
      'pipelines/deploy.yml': `steps:
  - script: az ml model deploy --name fraud --model fraud:7 --ic config/inference.yml --dc config/aks_deployment.yml
  - script: az ml model deploy --name fraud-test --model fraud:7 --ic config/inference.yml --dc config/aci_deployment.yml
`,
    });
    const serving = signalsOf(facts, 'serving', 'azureml');
    expect(
      serving.map(s => [
        s.path,
        s.attributes.platform,
        s.attributes.orchestrated,
      ]),
    ).toEqual([
      ['config/aci_deployment.yml', 'azureml-aci-webservice', false],
      ['config/aks_deployment.yml', 'azureml-aks-webservice', true],
    ]);
    expect(serving[1].attributes.autoscaling).toEqual({
      minReplicas: 1,
      maxReplicas: 3,
      via: 'autoScaler',
    });
    expect(rejectionsOf(facts, 'serving')[0].reason).toBe(
      'config/old_deployment.json is an Azure ML AKS deployment configuration that no pipeline or script uses',
    );
  });
});
