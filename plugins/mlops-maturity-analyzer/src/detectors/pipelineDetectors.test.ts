import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('pipeline detection', () => {
  it('reads DVC stages, their metrics, params and model artifacts, and marks tuning run by the pipeline', async () => {
    const facts = await analyzeFiles({
      'ml/dvc.yaml': `stages:
  prepare:
    cmd: python src/prepare.py data/raw data/prepared
    deps: [src/prepare.py, data/raw]
    outs: [data/prepared]
  tune:
    cmd: python src/tune.py
    params: [tune]
  train:
    cmd: python src/train.py
    params: [train.n_estimators, train.max_depth]
    outs: [models/model.pkl]
  evaluate:
    cmd: python src/evaluate.py
    metrics:
      - metrics.json:
          cache: false
artifacts:
  fraud-model:
    path: models/model.pkl
    type: model
`,
      'ml/params.yaml':
        'train:\n  n_estimators: 300\n  max_depth: 8\ntune:\n  trials: 50\n',
      'ml/src/prepare.py': `import pandas as pd
pd.read_csv("data/raw/tx.csv").dropna().to_parquet("data/prepared/tx.parquet")
`,
      'ml/src/train.py': `import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_parquet("data/prepared/tx.parquet")
model = RandomForestClassifier().fit(df.drop(columns="label"), df.label)
joblib.dump(model, "models/model.pkl")
`,
      'ml/src/evaluate.py': `import json
from sklearn.metrics import roc_auc_score

json.dump({"auc": roc_auc_score(y, p)}, open("metrics.json", "w"))
`,
      'ml/src/tune.py': `import optuna
from sklearn.ensemble import RandomForestClassifier

def objective(trial):
    return 0.9

study = optuna.create_study(direction="maximize")
study.optimize(objective, n_trials=50)
`,
      'notebooks/explore.ipynb': JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            source: [
              'import optuna\n',
              's = optuna.create_study()\n',
              's.optimize(f, n_trials=5)\n',
            ],
          },
        ],
      }),
    });
    const [pipeline] = signalsOf(facts, 'pipeline', 'dvc');
    expect(pipeline.attributes).toMatchObject({
      framework: 'dvc',
      steps: 4,
      stepNames: ['prepare', 'tune', 'train', 'evaluate'],
    });
    expect(pipeline.attributes.activities).toEqual(
      expect.arrayContaining([
        'train',
        'evaluate-model',
        'hyperparameter-tuning',
      ]),
    );
    expect(pipeline.detail).toBe(
      'DVC pipeline `ml` in ml/dvc.yaml with 4 steps (prepare, tune, train and evaluate)',
    );
    expect(signalsOf(facts, 'metrics-logging', 'dvc')).toHaveLength(1);
    expect(
      signalsOf(facts, 'config-as-code', 'dvc')[0].attributes.paramsFile,
    ).toBe('ml/params.yaml');
    expect(
      signalsOf(facts, 'model-registration', 'dvc')[0].attributes.model,
    ).toBe('fraud-model');
    const tuning = signalsOf(facts, 'hyperparameter-tuning', 'optuna');
    expect(
      tuning.find(s => s.path === 'ml/src/tune.py')!.attributes.runByPipeline,
    ).toBe(true);
    expect(
      tuning.find(s => s.path === 'notebooks/explore.ipynb')!.attributes
        .runByPipeline,
    ).toBe(false);
  });

  it('rejects a DVC pipeline without stages', async () => {
    const facts = await analyzeFiles({ 'dvc.yaml': 'stages: {}\n' });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(rejectionsOf(facts, 'pipeline')[0].reason).toMatch(
      /defines no steps/,
    );
  });

  it('does not read what a stage does from the name of a script the repository does not contain', async () => {
    const facts = await analyzeFiles({
      'dvc.yaml': `stages:
  prepare:
    cmd: python src/prepare.py
  train:
    cmd: python src/train.py && python src/register_model.py
`,
      'src/prepare.py':
        'import pandas as pd\npd.read_csv("a.csv").to_parquet("a.parquet")\n',
      'ml/MLproject': `name: churn
entry_points:
  main:
    command: "cd src && python train.py"
`,
    });
    const [dvc] = signalsOf(facts, 'pipeline', 'dvc');
    expect(dvc.attributes).toMatchObject({
      steps: 1,
      stepNames: ['prepare'],
      activities: [],
      missingScripts: ['src/train.py', 'src/register_model.py'],
    });
    expect(dvc.detail).toBe(
      'DVC pipeline in dvc.yaml with 1 step (prepare); its steps run src/train.py and src/register_model.py, which the repository does not contain',
    );
    expect(rejectionsOf(facts, 'pipeline').map(r => r.reason)).toEqual([
      'MLflow Project pipeline `churn` in ml/MLproject has no step the repository backs: its steps run train.py, which the repository does not contain',
    ]);
  });

  it('reads MLflow Projects', async () => {
    const facts = await analyzeFiles({
      'training/MLproject': `name: fraud
python_env: python_env.yaml
entry_points:
  main:
    parameters: { alpha: { type: float, default: 0.5 } }
    command: "python train.py --alpha {alpha}"
  validate:
    command: "python validate_data.py"
`,
      'training/python_env.yaml':
        'python: "3.11"\ndependencies:\n  - scikit-learn==1.4.2\n',
      'training/train.py': `import sys
from sklearn.linear_model import LogisticRegression

model = LogisticRegression(C=float(sys.argv[2])).fit(X, y)
`,
      'training/validate_data.py': `import pandera as pa
import pandas as pd

schema = pa.DataFrameSchema({"amount": pa.Column(float)})
schema.validate(pd.read_csv("data.csv"))
`,
    });
    expect(
      signalsOf(facts, 'pipeline', 'mlflow-projects')[0].attributes,
    ).toMatchObject({ name: 'fraud', steps: 2 });
    expect(
      signalsOf(facts, 'pipeline', 'mlflow-projects')[0].attributes.activities,
    ).toEqual(['train', 'data-validation']);
    expect(
      signalsOf(facts, 'reproducible-env', 'mlflow-projects'),
    ).toHaveLength(1);
  });

  it('reads Kubeflow pipelines (Python DSL and compiled) and rejects an empty one', async () => {
    const facts = await analyzeFiles({
      'ml/pipelines/pipeline.py': `from kfp import dsl, compiler
from components import load_data_op

@dsl.component(base_image="python:3.11")
def train(data: dsl.Input[dsl.Dataset], model: dsl.Output[dsl.Model]):
    pass

@dsl.pipeline(name="fraud-training", description="Trains the fraud model")
def fraud_pipeline(source: str):
    data = load_data_op(source=source)
    trained = train(data=data.outputs["data"])
    with dsl.If(trained.outputs["auc"] > 0.8):
        deploy_op(model=trained.outputs["model"])

@dsl.pipeline(name="placeholder")
def todo_pipeline():
    """To be implemented."""
    pass

if __name__ == "__main__":
    compiler.Compiler().compile(fraud_pipeline, "pipeline.yaml")
`,
      'ml/pipelines/pipeline.yaml': `pipelineInfo:
  name: fraud-training
root:
  dag:
    tasks:
      load-data-op: {}
      train: {}
deploymentSpec: {}
`,
    });
    const kubeflow = signalsOf(facts, 'pipeline', 'kubeflow');
    expect(
      kubeflow.find(
        s => s.attributes.name === 'fraud-training' && s.path.endsWith('.py'),
      )!.attributes,
    ).toMatchObject({
      steps: 3,
      stepNames: ['load_data_op', 'train', 'deploy_op'],
    });
    expect(
      kubeflow.find(s => s.path.endsWith('.yaml'))!.attributes,
    ).toMatchObject({ steps: 2, compiled: true });
    expect(rejectionsOf(facts, 'pipeline').map(r => r.reason)).toEqual([
      expect.stringMatching(
        /Kubeflow pipeline `placeholder`.*defines no steps/,
      ),
    ]);
  });

  it('does not count a pipeline that only a test defines', async () => {
    const facts = await analyzeFiles({
      'tests/test_pipeline.py': `from kfp import dsl
from sklearn.linear_model import LogisticRegression

@dsl.component
def train():
    LogisticRegression().fit(X, y)

@dsl.pipeline(name="fixture")
def fixture_pipeline():
    train()

def test_pipeline_compiles():
    assert fixture_pipeline is not None
`,
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
  });

  it('reads Vertex AI, TFX and SageMaker pipelines', async () => {
    const facts = await analyzeFiles({
      'vertex/run.py': `from google.cloud import aiplatform
job = aiplatform.PipelineJob(display_name="fraud", template_path="fraud.json", parameter_values={})
job.create_schedule(display_name="weekly", cron="0 4 * * 1")
`,
      'vertex/fraud.json': JSON.stringify({
        pipelineInfo: { name: 'fraud' },
        root: { dag: { tasks: { a: {}, b: {}, c: {} } } },
      }),
      'tfx/pipeline.py': `from tfx import v1 as tfx
from tfx.components import CsvExampleGen, StatisticsGen, SchemaGen, ExampleValidator, Trainer, Tuner, Pusher

def create_pipeline(root):
    example_gen = CsvExampleGen(input_base=root)
    stats = StatisticsGen(examples=example_gen.outputs["examples"])
    schema = SchemaGen(statistics=stats.outputs["statistics"])
    validator = ExampleValidator(statistics=stats.outputs["statistics"], schema=schema.outputs["schema"])
    tuner = Tuner(module_file="model.py", examples=example_gen.outputs["examples"])
    trainer = Trainer(module_file="model.py", examples=example_gen.outputs["examples"])
    pusher = Pusher(model=trainer.outputs["model"])
    return tfx.dsl.Pipeline(pipeline_name="fraud", pipeline_root=root, components=[example_gen, stats, schema, validator, tuner, trainer, pusher])
`,
      'sagemaker/pipeline.py': `import sagemaker
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.steps import ProcessingStep, TrainingStep
from sagemaker.workflow.model_step import ModelStep

step_process = ProcessingStep(name="Preprocess", processor=processor)
step_train = TrainingStep(name="Train", estimator=estimator)
step_register = ModelStep(name="Register", step_args=model.register(content_types=["text/csv"], model_package_group_name="fraud"))
pipeline = Pipeline(name="FraudPipeline", steps=[step_process, step_train, step_register])
`,
    });
    const vertex = signalsOf(facts, 'pipeline', 'vertex-ai')[0];
    expect(vertex.attributes).toMatchObject({
      steps: 3,
      submits: 'fraud.json',
    });
    expect(
      signalsOf(facts, 'schedule', 'vertex-ai')[0].attributes.schedule,
    ).toBe('0 4 * * 1');
    const tfx = signalsOf(facts, 'pipeline', 'tfx')[0];
    expect(tfx.attributes.steps).toBe(7);
    expect(signalsOf(facts, 'data-validation', 'tfx')).toHaveLength(1);
    expect(
      signalsOf(facts, 'hyperparameter-tuning', 'tfx')[0].attributes
        .runByPipeline,
    ).toBe(true);
    expect(
      signalsOf(facts, 'pipeline', 'sagemaker')[0].attributes,
    ).toMatchObject({ steps: 3 });
    expect(signalsOf(facts, 'model-registration', 'sagemaker')).toHaveLength(1);
  });

  it('reads Azure ML pipeline YAML, DSL pipelines and schedules', async () => {
    const facts = await analyzeFiles({
      'azureml/pipeline.yml': `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: fraud-train
jobs:
  prep:
    type: command
    component: file:./components/prep.yml
  train:
    type: command
    component: file:./components/train.yml
`,
      'azureml/components/prep.yml': 'name: prep\ncommand: python prep.py\n',
      'azureml/components/prep.py':
        'import pandas as pd\npd.read_csv("in.csv").dropna().to_csv("out.csv")\n',
      'azureml/components/train.yml':
        'name: train\ncode: ../src\ncommand: python train.py --data ${{inputs.data}}\n',
      'azureml/src/train.py':
        'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n',
      'azureml/schedule.yml': `$schema: https://azuremlschemas.azureedge.net/latest/schedule.schema.json
name: weekly-retrain
trigger:
  type: cron
  expression: "0 3 * * 1"
create_job: ./pipeline.yml
`,
      'azureml/dsl.py': `from azure.ai.ml import dsl, load_component

prep = load_component(source="prep.yml")

@dsl.pipeline(compute="cpu-cluster")
def training_pipeline(data):
    prepared = prep(raw=data)
    return {"out": prepared.outputs.out}
`,
    });
    const pipelines = signalsOf(facts, 'pipeline', 'azureml');
    expect(
      pipelines.find(s => s.path === 'azureml/pipeline.yml')!.attributes,
    ).toMatchObject({ name: 'fraud-train', steps: 2 });
    expect(
      pipelines.find(s => s.path === 'azureml/dsl.py')!.attributes.steps,
    ).toBe(1);
    expect(signalsOf(facts, 'schedule', 'azureml')[0].attributes).toMatchObject(
      { schedule: '0 3 * * 1', activities: ['train'] },
    );
  });

  it('reads ZenML, Airflow, Metaflow, Prefect and Dagster pipelines with their schedules', async () => {
    const facts = await analyzeFiles({
      'zenml/run.py': `from zenml import pipeline, step
from sklearn.linear_model import LogisticRegression

@step
def load() -> int:
    return 1

@step
def train(x: int) -> None:
    LogisticRegression().fit(X, y)

@pipeline
def training():
    train(load())
`,
      'dags/retrain.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

with DAG(dag_id="fraud_retrain", schedule="0 2 * * *", start_date=datetime(2024, 1, 1), catchup=False) as dag:
    extract = BashOperator(task_id="extract", bash_command="python jobs/ingest_data.py")
    train = KubernetesPodOperator(task_id="train", name="train", image="acme/fraud", cmds=["python", "train.py"])
    extract >> train
`,
      'jobs/ingest_data.py': `import pandas as pd
pd.read_csv("s3://raw/tx.csv").to_parquet("s3://features/tx.parquet")
`,
      'dags/adhoc.py': `from airflow.decorators import dag, task

@dag(schedule=None, catchup=False)
def adhoc_backfill():
    @task
    def run():
        return 1
    run()

adhoc_backfill()
`,
      'flows/train_flow.py': `from metaflow import FlowSpec, step, schedule
from sklearn.linear_model import LogisticRegression

@schedule(cron="0 6 * * *")
class TrainFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.train)

    @step
    def train(self):
        self.model = LogisticRegression().fit(self.X, self.y)
        self.next(self.end)

    @step
    def end(self):
        pass
`,
      'prefect/flow.py': `from prefect import flow, task
from sklearn.linear_model import LogisticRegression

@task
def extract():
    return []

@task
def fit(rows):
    return LogisticRegression().fit(rows, labels)

@flow(name="retrain")
def retrain():
    rows = extract()
    fit(rows)
`,
      'prefect.yaml': `deployments:
  - name: nightly-refresh
    entrypoint: prefect/flow.py:retrain
    schedules:
      - cron: "0 1 * * *"
`,
      'orchestration/assets.py': `from dagster import asset, define_asset_job, ScheduleDefinition

@asset
def features():
    return 1

@asset
def model(features):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression().fit(features, labels)

training_job = define_asset_job("training")
schedule = ScheduleDefinition(job=training_job, cron_schedule="0 5 * * *")
`,
    });
    expect(signalsOf(facts, 'pipeline', 'zenml')[0].attributes).toMatchObject({
      name: 'training',
      steps: 1,
    });
    const airflow = signalsOf(facts, 'pipeline', 'airflow');
    expect(airflow.map(s => s.attributes.name)).toEqual(['fraud_retrain']);
    // train.py lives in the image, not the repository: its name is not evidence.
    expect(airflow[0].attributes).toMatchObject({
      activities: ['data-refresh'],
      missingScripts: ['train.py'],
    });
    expect(
      rejectionsOf(facts, 'pipeline').find(r => r.path === 'dags/adhoc.py')!
        .reason,
    ).toMatch(/`adhoc_backfill`.*does no ML work/);
    const airflowSchedules = signalsOf(facts, 'schedule', 'airflow');
    expect(airflowSchedules).toHaveLength(1);
    expect(airflowSchedules[0].attributes).toMatchObject({
      schedule: '0 2 * * *',
      target: 'fraud_retrain',
      activities: ['data-refresh'],
    });
    expect(
      signalsOf(facts, 'pipeline', 'metaflow')[0].attributes,
    ).toMatchObject({ name: 'TrainFlow', steps: 3 });
    expect(
      signalsOf(facts, 'schedule', 'metaflow')[0].attributes.schedule,
    ).toBe('0 6 * * *');
    expect(signalsOf(facts, 'pipeline', 'prefect')[0].attributes).toMatchObject(
      { name: 'retrain', steps: 2, activities: ['train'] },
    );
    expect(signalsOf(facts, 'schedule', 'prefect')[0].attributes).toMatchObject(
      { schedule: '0 1 * * *', activities: ['train'] },
    );
    expect(signalsOf(facts, 'pipeline', 'dagster')[0].attributes.steps).toBe(2);
    expect(signalsOf(facts, 'schedule', 'dagster')[0].attributes.schedule).toBe(
      '0 5 * * *',
    );
  });

  it('reads Argo CronWorkflows and Databricks bundles', async () => {
    const facts = await analyzeFiles({
      'k8s/retrain-cron.yaml': `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: fraud-retrain
spec:
  schedule: "0 0 * * 0"
  workflowSpec:
    entrypoint: main
    templates:
      - name: main
        steps: [[{ name: train, template: train }]]
      - name: train
        container: { image: acme/fraud-train, command: [python, train.py] }
`,
      'train.py':
        'from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit(X, y)\n',
      'notebooks/features.py':
        'df = spark.read.table("raw.tx")\ndf.write.saveAsTable("features.tx")\n',
      'src/train.py':
        'import mlflow\nfrom sklearn.linear_model import LogisticRegression\nmlflow.autolog()\nLogisticRegression().fit(X, y)\n',
      'databricks.yml': `bundle:
  name: fraud
resources:
  jobs:
    retrain:
      name: fraud-retrain
      schedule:
        quartz_cron_expression: "0 0 2 * * ?"
        timezone_id: UTC
      tasks:
        - task_key: features
          notebook_task: { notebook_path: ./notebooks/features.py }
        - task_key: train
          spark_python_task: { python_file: ./src/train.py }
`,
    });
    expect(
      signalsOf(facts, 'pipeline', 'argo-workflows')[0].attributes.steps,
    ).toBe(1);
    expect(
      signalsOf(facts, 'schedule', 'argo-workflows')[0].attributes.schedule,
    ).toBe('0 0 * * 0');
    expect(
      signalsOf(facts, 'pipeline', 'databricks')[0].attributes,
    ).toMatchObject({ name: 'fraud-retrain', steps: 2 });
    expect(
      signalsOf(facts, 'schedule', 'databricks')[0].attributes.schedule,
    ).toBe('0 0 2 * * ?');
  });
});
