import { analyzeFiles, rejectionsOf, signalsOf } from '../../testUtils';

const SKLEARN_TRAIN = `import joblib
from sklearn.linear_model import LogisticRegression

model = LogisticRegression().fit(X, y)
joblib.dump(model, "model.joblib")
`;

describe('Azure ML', () => {
  it('reads an SDK v1 pipeline of PythonScriptSteps, its schedule, and the run that logs and registers', async () => {
    const facts = await analyzeFiles({
      'aml/pipeline.py': `from azureml.core import Workspace, Experiment
from azureml.pipeline.core import Pipeline
from azureml.pipeline.core.schedule import Schedule, ScheduleRecurrence
from azureml.pipeline.steps import PythonScriptStep

ws = Workspace.from_config()
prep = PythonScriptStep(name="prep", script_name="prep.py", source_directory="steps", compute_target="cpu")
train = PythonScriptStep(name="train", script_name="train.py", source_directory="steps", compute_target="cpu")
pipeline = Pipeline(workspace=ws, steps=[prep, train])
run = Experiment(ws, "fraud").submit(pipeline)
published = pipeline.publish(name="fraud-train")
recurrence = ScheduleRecurrence(frequency="Day", interval=1)
Schedule.create(ws, name="nightly", pipeline_id=published.id, experiment_name="fraud", recurrence=recurrence)
`,
      'aml/steps/prep.py':
        'import pandas as pd\npd.read_csv("raw.csv").dropna().to_csv("clean.csv")\n',
      'aml/steps/train.py': `from azureml.core import Run, Model
from sklearn.linear_model import LogisticRegression

run = Run.get_context()
model = LogisticRegression().fit(X, y)
run.log("accuracy", model.score(X, y))
run.register_model(model_name="fraud", model_path="outputs/model.pkl")
`,
    });
    const [pipeline] = signalsOf(facts, 'pipeline', 'azureml');
    expect(pipeline.attributes).toMatchObject({
      steps: 2,
      stepNames: ['prep', 'train'],
    });
    expect(pipeline.attributes.activities).toEqual(
      expect.arrayContaining(['train', 'register-model']),
    );
    expect(signalsOf(facts, 'schedule', 'azureml')[0].attributes).toMatchObject(
      { schedule: 'every 1 day' },
    );
    const tracking = signalsOf(facts, 'experiment-tracking', 'azureml');
    expect(tracking.map(s => s.path).sort()).toEqual([
      'aml/pipeline.py',
      'aml/steps/train.py',
    ]);
    expect(tracking.find(s => s.path === 'aml/steps/train.py')!.detail).toMatch(
      /logs to the Azure ML run it executes in/,
    );
    expect(signalsOf(facts, 'metrics-logging', 'azureml')).toHaveLength(1);
    expect(signalsOf(facts, 'model-registration', 'azureml')).toHaveLength(1);
  });

  it('reads SDK v2: command components in a DSL pipeline, job submission, registration, schedules and command job YAML', async () => {
    const facts = await analyzeFiles({
      'aml2/pipeline.py': `from azure.ai.ml import MLClient, command, dsl, Input
from azure.ai.ml.entities import CronTrigger, JobSchedule, Model
from azure.identity import DefaultAzureCredential

ml_client = MLClient(DefaultAzureCredential(), "sub", "rg", "ws")
train_component = command(name="train", code="./src", command="python train.py --data \${{inputs.data}}", environment="azureml:sklearn:1", inputs={"data": Input(type="uri_folder")})

@dsl.pipeline(compute="cpu-cluster", description="fraud training")
def fraud_pipeline(data):
    trained = train_component(data=data)
    return {"model": trained.outputs.model}

job = ml_client.jobs.create_or_update(fraud_pipeline(Input(path="azureml:tx:1")), experiment_name="fraud")
ml_client.models.create_or_update(Model(path=f"azureml://jobs/{job.name}/outputs/model", name="fraud", type="mlflow_model"))
schedule = JobSchedule(name="weekly", trigger=CronTrigger(expression="0 3 * * 1"), create_job=fraud_pipeline(Input(path="azureml:tx:1")))
ml_client.schedules.begin_create_or_update(schedule)
`,
      'aml2/src/train.py': `import mlflow
from sklearn.linear_model import LogisticRegression

mlflow.autolog()
LogisticRegression().fit(X, y)
`,
      'aml2/jobs/train-job.yml': `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
code: ../src
command: python train.py --data \${{inputs.data}}
environment: azureml:sklearn:1
compute: azureml:cpu-cluster
experiment_name: fraud
`,
      'aml2/jobs/score-job.yml': `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
code: ../src
command: python score.py
environment: azureml:sklearn:1
compute: azureml:cpu-cluster
`,
    });
    const [pipeline] = signalsOf(facts, 'pipeline', 'azureml');
    expect(pipeline.attributes).toMatchObject({
      name: 'fraud_pipeline',
      steps: 1,
      activities: ['train'],
    });
    expect(signalsOf(facts, 'schedule', 'azureml')[0].attributes).toMatchObject(
      { schedule: '0 3 * * 1', activities: ['train'] },
    );
    expect(
      signalsOf(facts, 'experiment-tracking', 'azureml').map(s => s.path),
    ).toEqual(['aml2/jobs/train-job.yml', 'aml2/pipeline.py']);
    expect(signalsOf(facts, 'model-registration', 'azureml')).toHaveLength(1);
    expect(
      rejectionsOf(facts, 'experiment-tracking').map(r => r.reason),
    ).toEqual([
      expect.stringMatching(
        /score-job.*runs score\.py, which the repository does not contain/,
      ),
    ]);
  });
});

describe('SageMaker', () => {
  const pipelineFile = `import os
import sagemaker
from sagemaker.processing import ScriptProcessor
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.estimator import Estimator
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.workflow.check_job_config import CheckJobConfig
from sagemaker.workflow.quality_check_step import DataQualityCheckConfig, QualityCheckStep
from sagemaker.workflow.step_collections import RegisterModel
from sagemaker.workflow.steps import ProcessingStep, TrainingStep
from sagemaker.workflow.pipeline import Pipeline

BASE_DIR = os.path.dirname(os.path.realpath(__file__))

def get_pipeline(role):
    step_process = ProcessingStep(name="Preprocess", processor=SKLearnProcessor(role=role), code=os.path.join(BASE_DIR, "preprocess.py"))
    step_quality = QualityCheckStep(name="DataQuality", quality_check_config=DataQualityCheckConfig(baseline_dataset=data), check_job_config=CheckJobConfig(role=role))
    xgb = Estimator(image_uri=image, role=role, instance_type="ml.m5.xlarge")
    step_train = TrainingStep(name="Train", estimator=xgb, inputs=inputs)
    step_eval = ProcessingStep(name="Evaluate", processor=ScriptProcessor(role=role), code=os.path.join(BASE_DIR, "evaluate.py"))
    metrics = ModelMetrics(model_statistics=MetricsSource(s3_uri=uri, content_type="application/json"))
    step_register = RegisterModel(name="Register", estimator=xgb, model_data=model_data, model_package_group_name="fraud", model_metrics=metrics)
    return Pipeline(name="FraudPipeline", steps=[step_process, step_quality, step_train, step_eval, step_register])
`;

  it('reads a SageMaker pipeline: what its steps do, its default experiment tracking, data checks and registration', async () => {
    const facts = await analyzeFiles({
      'ml/pipelines/pipeline.py': pipelineFile,
      'ml/pipelines/preprocess.py':
        'import pandas as pd\npd.read_csv("/opt/ml/processing/input/tx.csv").dropna()\n',
      'ml/pipelines/evaluate.py':
        'import json\nfrom sklearn.metrics import mean_squared_error\njson.dump({"mse": mean_squared_error(y, p)}, open("evaluation.json", "w"))\n',
      'ml/run_pipeline.py': `from pipelines.pipeline import get_pipeline
pipeline = get_pipeline(role)
pipeline.upsert(role_arn=role)
pipeline.start()
`,
    });
    const [pipeline] = signalsOf(facts, 'pipeline', 'sagemaker');
    expect(pipeline.attributes).toMatchObject({
      name: 'FraudPipeline',
      steps: 5,
    });
    expect([...(pipeline.attributes.activities as string[])].sort()).toEqual([
      'data-validation',
      'evaluate-model',
      'register-model',
      'train',
    ]);
    expect(
      signalsOf(facts, 'experiment-tracking', 'sagemaker-experiments')[0]
        .detail,
    ).toMatch(/records every execution in SageMaker Experiments/);
    expect(signalsOf(facts, 'data-validation', 'sagemaker')).toHaveLength(1);
    expect(signalsOf(facts, 'metrics-logging', 'sagemaker')).toHaveLength(1);
    expect(signalsOf(facts, 'model-registration', 'sagemaker')).toHaveLength(1);
  });

  it('does not claim experiment tracking when the pipeline turns it off', async () => {
    const facts = await analyzeFiles({
      'pipeline.py': pipelineFile.replace(
        'steps=[step_process',
        'pipeline_experiment_config=None, steps=[step_process',
      ),
      'preprocess.py': 'print(1)\n',
      'evaluate.py': 'print(1)\n',
    });
    expect(signalsOf(facts, 'pipeline', 'sagemaker')).toHaveLength(1);
    expect(signalsOf(facts, 'experiment-tracking')).toHaveLength(0);
  });

  it('does not count a pipeline kept in a notebook, or one whose step scripts are missing', async () => {
    const notebook = JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          source: pipelineFile.split('\n').map(l => `${l}\n`),
        },
      ],
    });
    const facts = await analyzeFiles({
      'notebooks/build-pipeline.ipynb': notebook,
      'pipelines/pipeline.py': pipelineFile,
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(
      rejectionsOf(facts, 'pipeline')
        .map(r => r.reason)
        .sort(),
    ).toEqual([
      expect.stringMatching(
        /build-pipeline\.ipynb is defined in a notebook: cells run by hand/,
      ),
      expect.stringMatching(
        /pipelines\/pipeline\.py has no step the repository backs: its steps run preprocess\.py and evaluate\.py, which the repository does not contain/,
      ),
    ]);
  });

  it('counts SageMaker training jobs and SageMaker Experiments as tracked runs, and model packages as registration', async () => {
    const facts = await analyzeFiles({
      'train_job.py': `import boto3
sm = boto3.client("sagemaker")
sm.create_training_job(TrainingJobName=name, AlgorithmSpecification=spec, RoleArn=role, OutputDataConfig=out, ResourceConfig=res, StoppingCondition=stop)
sm.create_model_package_group(ModelPackageGroupName="fraud")
`,
      'estimator.py': `from sagemaker.sklearn.estimator import SKLearn
estimator = SKLearn(entry_point="train.py", role=role, instance_type="ml.m5.large", framework_version="1.2-1")
estimator.fit({"train": train_uri})
`,
      'train.py': SKLEARN_TRAIN,
      'experiments.py': `from sagemaker.experiments.run import Run
with Run(experiment_name="fraud", run_name="baseline") as run:
    run.log_parameter("C", 1.0)
    run.log_metric(name="auc", value=0.91)
`,
      'legacy_experiments.py': `from smexperiments.experiment import Experiment
from smexperiments.trial import Trial
Experiment.create(experiment_name="fraud", description="fraud model")
Trial.create(trial_name="fraud-1", experiment_name="fraud")
`,
    });
    const tracking = signalsOf(facts, 'experiment-tracking');
    expect(tracking.map(s => `${s.path}:${s.tool}`).sort()).toEqual([
      'estimator.py:sagemaker-training',
      'experiments.py:sagemaker-experiments',
      'legacy_experiments.py:sagemaker-experiments',
      'train_job.py:sagemaker-training',
    ]);
    expect(tracking.find(s => s.path === 'train_job.py')!.detail).toMatch(
      /SageMaker records each training job with its hyperparameters, metrics and output model/,
    );
    expect(
      signalsOf(facts, 'metrics-logging', 'sagemaker-experiments'),
    ).toHaveLength(1);
    // A model package group alone registers no model version.
    expect(signalsOf(facts, 'model-registration')).toHaveLength(0);
  });

  it('reads AWS Step Functions Data Science SDK workflows that train and deploy', async () => {
    const facts = await analyzeFiles({
      'workflow/run_pipeline.py': `import sagemaker
import stepfunctions
from stepfunctions import steps
from stepfunctions.inputs import ExecutionInput
from stepfunctions.workflow import Workflow

execution_input = ExecutionInput(schema={"TrainingJobName": str, "ModelName": str, "EndpointName": str})
xgb = sagemaker.estimator.Estimator(image_uri, role, instance_count=1, instance_type="ml.m5.xlarge")
training_step = steps.TrainingStep("Train", estimator=xgb, data=data, job_name=execution_input["TrainingJobName"], experiment_config={"ExperimentName": "fraud", "TrialName": execution_input["TrainingJobName"]})
model_step = steps.ModelStep("Save model", model=training_step.get_expected_model(), model_name=execution_input["ModelName"])
endpoint_config_step = steps.EndpointConfigStep("Create endpoint config", endpoint_config_name=execution_input["ModelName"], model_name=execution_input["ModelName"], initial_instance_count=1, instance_type="ml.m5.large")
endpoint_step = steps.EndpointStep("Create endpoint", endpoint_name=execution_input["EndpointName"], endpoint_config_name=execution_input["ModelName"])
definition = steps.Chain([training_step, model_step, endpoint_config_step, endpoint_step])
workflow = Workflow(name="fraud-training", definition=definition, role=workflow_role)
workflow.create()
workflow.execute(inputs={"TrainingJobName": "fraud-1", "ModelName": "fraud-1", "EndpointName": "fraud"})
`,
    });
    const [workflow] = signalsOf(facts, 'pipeline', 'aws-step-functions');
    expect(workflow.attributes).toMatchObject({
      name: 'fraud-training',
      steps: 4,
      activities: ['train', 'deploy'],
    });
    expect(
      signalsOf(facts, 'experiment-tracking', 'sagemaker-experiments')[0]
        .detail,
    ).toMatch(/recorded as a trial of the SageMaker experiment/);
  });
});

describe('Vertex AI and Kubeflow', () => {
  it('follows a KFP v2 pipeline to components in other files, and reads the Vertex AI registry, experiments and submission', async () => {
    const facts = await analyzeFiles({
      'pipelines/training/pipeline.py': `from kfp import dsl, compiler
from components.train import train_model
from components.deploy import deploy_model

@dsl.pipeline(name="fraud-train")
def pipeline(project: str, parent_model: str = ""):
    trained = train_model(project=project, parent_model=parent_model)
    with dsl.If(trained.outputs["auc"] > 0.8):
        deploy_model(model=trained.outputs["model"])

if __name__ == "__main__":
    compiler.Compiler().compile(pipeline, "training.json")
`,
      'components/train.py': `from kfp import dsl
from kfp.dsl import Metrics, Model, Output

@dsl.component(base_image="python:3.11", packages_to_install=["google-cloud-aiplatform"])
def train_model(project: str, parent_model: str, model: Output[Model], metrics: Output[Metrics]):
    from google.cloud import aiplatform
    job = aiplatform.CustomTrainingJob(display_name="fraud", script_path="train.py", container_uri=image, model_serving_container_image_uri=serving)
    uploaded = job.run(model_display_name="fraud", parent_model=parent_model or None, is_default_version=False)
    metrics.log_metric("auc", 0.91)
`,
      'components/deploy.py': `from kfp import dsl

@dsl.component(packages_to_install=["google-cloud-aiplatform"])
def deploy_model(model: dsl.Input[dsl.Model]):
    from google.cloud import aiplatform
    from google.cloud.aiplatform.models import ModelRegistry
    registered = aiplatform.Model(model.metadata["resourceName"])
    ModelRegistry(model=registered).add_version_aliases(["champion"], registered.version_id)
    endpoint = aiplatform.Endpoint.create(display_name="fraud")
    registered.deploy(endpoint=endpoint, machine_type="n1-standard-4")
`,
      'pipelines/trigger/main.py': `from google.cloud import aiplatform
aiplatform.init(project=project, location=region, experiment="fraud")
job = aiplatform.pipeline_jobs.PipelineJob(display_name="fraud-train", template_path="training.json", parameter_values={})
job.submit(service_account=sa)
`,
      'notebooks/explore.py': `from google.cloud import aiplatform
aiplatform.init(experiment="fraud-exploration")
aiplatform.start_run("run-1")
aiplatform.log_metrics({"auc": 0.9})
`,
    });
    const kubeflow = signalsOf(facts, 'pipeline', 'kubeflow')[0];
    expect(kubeflow.attributes).toMatchObject({
      name: 'fraud-train',
      steps: 2,
      stepNames: ['train_model', 'deploy_model'],
      runner: 'vertex-ai',
    });
    expect(kubeflow.attributes.activities).toEqual(
      expect.arrayContaining(['train', 'register-model', 'deploy']),
    );
    expect(
      signalsOf(facts, 'experiment-tracking', 'ml-metadata')[0].detail,
    ).toBe(
      'Every run of Kubeflow pipeline `fraud-train` in pipelines/training/pipeline.py is recorded in ML Metadata with its parameters, artifacts and their lineage',
    );
    const [submitter] = signalsOf(facts, 'pipeline', 'vertex-ai');
    expect(submitter.attributes).toMatchObject({
      name: 'fraud-train',
      submits: 'training.json',
    });
    // The repository compiles the pipeline to the file it submits: it does what that pipeline does.
    expect(submitter.attributes.activities).toEqual(
      kubeflow.attributes.activities,
    );
    expect(
      signalsOf(facts, 'model-registration', 'vertex-ai')
        .map(s => s.path)
        .sort(),
    ).toEqual(['components/deploy.py', 'components/train.py']);
    expect(
      signalsOf(facts, 'experiment-tracking', 'vertex-ai-training')[0].detail,
    ).toMatch(/Vertex AI records each training job/);
    expect(
      signalsOf(facts, 'experiment-tracking', 'vertex-ai-experiments')
        .map(s => s.path)
        .sort(),
    ).toEqual(['notebooks/explore.py', 'pipelines/trigger/main.py']);
    expect(signalsOf(facts, 'metrics-logging', 'kubeflow')).toHaveLength(1);
  });

  it('reads a TFX pipeline: Evaluator metrics, the Pusher publishing blessed versions, and ML Metadata runs', async () => {
    const facts = await analyzeFiles({
      'pipeline.py': `from tfx import v1 as tfx
import tensorflow_model_analysis as tfma

def create_pipeline(root, data_root, module_file, serving_model_dir):
    example_gen = tfx.components.CsvExampleGen(input_base=data_root)
    statistics_gen = tfx.components.StatisticsGen(examples=example_gen.outputs["examples"])
    schema_gen = tfx.components.SchemaGen(statistics=statistics_gen.outputs["statistics"])
    trainer = tfx.components.Trainer(module_file=module_file, examples=example_gen.outputs["examples"])
    evaluator = tfx.components.Evaluator(examples=example_gen.outputs["examples"], model=trainer.outputs["model"], eval_config=tfma.EvalConfig())
    pusher = tfx.components.Pusher(model=trainer.outputs["model"], model_blessing=evaluator.outputs["blessing"], push_destination=tfx.proto.PushDestination(filesystem=tfx.proto.PushDestination.Filesystem(base_directory=serving_model_dir)))
    return tfx.dsl.Pipeline(pipeline_name="penguin", pipeline_root=root, components=[example_gen, statistics_gen, schema_gen, trainer, evaluator, pusher])
`,
      'utils.py': `from sklearn.pipeline import Pipeline
from tfx.components.trainer.fn_args_utils import FnArgs

def run_fn(fn_args: FnArgs):
    model = Pipeline([("clf", clf)])
`,
    });
    const pipelines = signalsOf(facts, 'pipeline', 'tfx');
    expect(pipelines.map(s => s.path)).toEqual(['pipeline.py']);
    expect(pipelines[0].attributes).toMatchObject({
      name: 'penguin',
      activities: ['train', 'evaluate-model', 'register-model'],
    });
    expect(rejectionsOf(facts, 'pipeline')).toHaveLength(0);
    expect(signalsOf(facts, 'model-registration', 'tfx')[0].detail).toBe(
      'TFX pipeline in pipeline.py publishes each model the Evaluator blesses as a new model version with the Pusher (model versioning)',
    );
    expect(signalsOf(facts, 'metrics-logging', 'tfx')).toHaveLength(1);
    expect(signalsOf(facts, 'experiment-tracking', 'ml-metadata')).toHaveLength(
      1,
    );
  });
});
