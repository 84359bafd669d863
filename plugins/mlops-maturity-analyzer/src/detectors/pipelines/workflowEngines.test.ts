import { analyzeFiles, rejectionsOf, signalsOf } from '../../testUtils';

describe('ZenML', () => {
  it('follows pipelines to their steps, reads the Model Control Plane, model metadata and deploying steps', async () => {
    const facts = await analyzeFiles({
      'steps/trainer.py': `from sklearn.ensemble import RandomForestClassifier
from zenml import log_model_metadata, step

@step
def train_model(X, y) -> RandomForestClassifier:
    model = RandomForestClassifier().fit(X, y)
    log_model_metadata(metadata={"accuracy": model.score(X, y)})
    return model
`,
      'steps/space.py': `from huggingface_hub import HfApi
from zenml import step

def upload(api, folder):
    api.upload_folder(folder_path=folder, repo_id="acme/fraud-demo", repo_type="space")

@step
def deploy_to_space(folder: str) -> None:
    api = HfApi()
    api.create_repo(repo_id="acme/fraud-demo", repo_type="space", space_sdk="gradio", exist_ok=True)
    upload(api, folder)
`,
      'pipelines/training.py': `from zenml import Model, pipeline
from zenml.integrations.mlflow.steps import mlflow_model_deployer_step
from steps.trainer import train_model

@pipeline(model=Model(name="fraud-detector", version="production"))
def training(X, y):
    model = train_model(X, y)
    mlflow_model_deployer_step(model=model, deploy_decision=True)
`,
      'pipelines/app.py': `from zenml import pipeline
from steps.space import deploy_to_space

@pipeline
def app_deployment():
    deploy_to_space("app/")
`,
      'configs/production.yaml': `enable_cache: False
model:
  name: fraud-detector
  version: production
  license: Apache 2.0
steps:
  train_model:
    parameters:
      n_estimators: 300
`,
    });
    const pipelines = signalsOf(facts, 'pipeline', 'zenml');
    expect(
      pipelines.find(s => s.attributes.name === 'training')!.attributes,
    ).toMatchObject({
      steps: 2,
      stepNames: ['train_model', 'mlflow_model_deployer_step'],
    });
    expect(
      pipelines.find(s => s.attributes.name === 'training')!.attributes
        .activities,
    ).toEqual(expect.arrayContaining(['train', 'register-model', 'deploy']));
    expect(
      pipelines.find(s => s.attributes.name === 'app_deployment')!.attributes
        .activities,
    ).toEqual(['deploy']);
    const registration = signalsOf(facts, 'model-registration', 'zenml');
    expect(registration.map(s => s.path).sort()).toEqual([
      'configs/production.yaml',
      'pipelines/training.py',
    ]);
    expect(
      registration.find(s => s.path === 'configs/production.yaml')!.detail,
    ).toMatch(/ZenML Model `fraud-detector` \(version `production`\)/);
    expect(signalsOf(facts, 'metrics-logging', 'zenml')[0].path).toBe(
      'steps/trainer.py',
    );
  });
});

describe('Flyte', () => {
  it('reads workflows over tasks and the launch plans that schedule them', async () => {
    const facts = await analyzeFiles({
      'workflows/tasks.py': `from flytekit import task
from xgboost import XGBClassifier
from sklearn.metrics import accuracy_score

@task(cache=True, cache_version="1.0")
def fit(x, y) -> XGBClassifier:
    m = XGBClassifier()
    m.fit(x, y)
    return m

@task
def score(predictions, y) -> float:
    return accuracy_score(y, predictions)
`,
      'workflows/training.py': `from flytekit import workflow
from workflows.tasks import fit, score

@workflow
def diabetes_training(x, y) -> float:
    model = fit(x=x, y=y)
    return score(predictions=model, y=y)
`,
      'workflows/schedules.py': `from datetime import timedelta
from flytekit import CronSchedule, FixedRate, LaunchPlan
from workflows.training import diabetes_training

nightly = LaunchPlan.get_or_create(workflow=diabetes_training, name="nightly_training", schedule=CronSchedule(schedule="0 2 * * *"))
hourly = LaunchPlan.get_or_create(diabetes_training, name="hourly_training", schedule=FixedRate(duration=timedelta(hours=1)))
`,
    });
    expect(signalsOf(facts, 'pipeline', 'flyte')[0].attributes).toMatchObject({
      name: 'diabetes_training',
      steps: 2,
      stepNames: ['fit', 'score'],
      activities: ['train', 'evaluate-model'],
    });
    const schedules = signalsOf(facts, 'schedule', 'flyte');
    expect(
      schedules.map(s => [
        s.attributes.target,
        s.attributes.schedule,
        s.attributes.activities,
      ]),
    ).toEqual([
      ['nightly_training', '0 2 * * *', ['train', 'evaluate-model']],
      [
        'hourly_training',
        'every datetime.timedelta(hours=1)',
        ['train', 'evaluate-model'],
      ],
    ]);
  });
});

describe('Kedro', () => {
  const pkg = 'src/spaceflights';
  it('counts registered pipelines whose nodes do ML work', async () => {
    const facts = await analyzeFiles({
      [`${pkg}/pipeline_registry.py`]: `from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline

def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
`,
      [`${pkg}/pipelines/data_science/pipeline.py`]: `from kedro.pipeline import Node, Pipeline
from .nodes import evaluate_model, split_data, train_model

def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([
        Node(func=split_data, inputs=["model_input_table", "params:model_options"], outputs=["X_train", "X_test", "y_train", "y_test"]),
        Node(func=train_model, inputs=["X_train", "y_train"], outputs="regressor"),
        Node(func=evaluate_model, inputs=["regressor", "X_test", "y_test"], outputs="metrics"),
    ])
`,
      [`${pkg}/pipelines/data_science/nodes.py`]: `from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

def split_data(data, parameters):
    return train_test_split(data, test_size=parameters["test_size"])

def train_model(X_train, y_train):
    regressor = LinearRegression()
    regressor.fit(X_train, y_train)
    return regressor

def evaluate_model(regressor, X_test, y_test):
    return {"r2": r2_score(y_test, regressor.predict(X_test))}
`,
      [`${pkg}/pipelines/reporting/pipeline.py`]: `from kedro.pipeline import node, pipeline
from .nodes import plot_capacity

def create_pipeline(**kwargs):
    return pipeline([node(plot_capacity, inputs="shuttles", outputs="capacity_plot")])
`,
      [`${pkg}/pipelines/reporting/nodes.py`]:
        'import plotly.express as px\n\ndef plot_capacity(df):\n    return px.bar(df)\n',
    });
    const [pipeline] = signalsOf(facts, 'pipeline', 'kedro');
    expect(pipeline.attributes).toMatchObject({
      name: 'data_science',
      steps: 3,
      activities: ['train', 'evaluate-model'],
    });
    expect(rejectionsOf(facts, 'pipeline').map(r => r.reason)).toEqual([
      expect.stringMatching(/`reporting`.*does no ML work/),
    ]);
  });

  it('does not count pipelines the project does not register', async () => {
    const facts = await analyzeFiles({
      'src/proj/pipelines/ds/pipeline.py': `from kedro.pipeline import node, pipeline
from .nodes import train_model

def create_pipeline(**kwargs):
    return pipeline([node(train_model, inputs="X", outputs="model")])
`,
      'src/proj/pipelines/ds/nodes.py':
        'from sklearn.linear_model import LinearRegression\n\ndef train_model(X):\n    return LinearRegression().fit(X, y)\n',
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(rejectionsOf(facts, 'pipeline')[0].reason).toMatch(
      /not registered in a pipeline_registry\.py/,
    );
  });
});

describe('general-purpose orchestrators', () => {
  it('does not count a Prefect flow that computes drift metrics as a training pipeline', async () => {
    const monitoringFlow = `import datetime
import pandas as pd
import psycopg
from prefect import flow, task
from evidently import ColumnMapping
from evidently.report import Report
from evidently.metrics import ColumnDriftMetric, DatasetDriftMetric, DatasetMissingValuesMetric

report = Report(metrics=[ColumnDriftMetric(column_name="prediction"), DatasetDriftMetric(), DatasetMissingValuesMetric()])

@task
def prep_db():
    with psycopg.connect(CONNECTION, autocommit=True) as conn:
        conn.execute(create_table_statement)

@task
def calculate_metrics_postgresql(curr, i):
    current_data = raw_data[raw_data.lpep_pickup_datetime.between(begin, end)]
    current_data["prediction"] = model.predict(current_data[features])
    report.run(reference_data=reference_data, current_data=current_data, column_mapping=column_mapping)
    result = report.as_dict()
    curr.execute("insert into dummy_metrics values (%s, %s)", (result["metrics"][0]["result"]["drift_score"], begin))

@flow
def batch_monitoring_backfill():
    prep_db()
    with psycopg.connect(CONNECTION, autocommit=True) as conn:
        for i in range(0, 27):
            with conn.cursor() as curr:
                calculate_metrics_postgresql(curr, i)

if __name__ == "__main__":
    batch_monitoring_backfill()
`;
    const facts = await analyzeFiles({
      'evidently_metrics_calculation.py': monitoringFlow,
    });
    expect(signalsOf(facts, 'pipeline')).toHaveLength(0);
    expect(rejectionsOf(facts, 'pipeline')[0].reason).toBe(
      'Prefect pipeline `batch_monitoring_backfill` in evidently_metrics_calculation.py does no ML work: no step trains, evaluates, registers or deploys a model, or validates or refreshes its data (it computes drift or data-quality metrics with evidently (`ColumnDriftMetric`): a monitoring job, not a training pipeline)',
    );
  });

  it('reads what Airflow provider operators and Python callables do', async () => {
    const facts = await analyzeFiles({
      'dags/retrain.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.operators.sagemaker import SageMakerTrainingOperator, SageMakerEndpointOperator
from ml.evaluate import evaluate

with DAG("fraud_retrain", schedule="@weekly", start_date=datetime(2024, 1, 1)) as dag:
    train = SageMakerTrainingOperator(task_id="train", config=training_config)
    check = PythonOperator(task_id="evaluate", python_callable=evaluate)
    deploy = SageMakerEndpointOperator(task_id="deploy", config=endpoint_config)
    train >> check >> deploy
`,
      'ml/evaluate.py': `from sklearn.metrics import roc_auc_score

def evaluate():
    return roc_auc_score(y, p)
`,
    });
    const [dag] = signalsOf(facts, 'pipeline', 'airflow');
    expect(dag.attributes.activities).toEqual([
      'train',
      'deploy',
      'evaluate-model',
    ]);
    expect(signalsOf(facts, 'schedule', 'airflow')[0].attributes).toMatchObject(
      {
        schedule: '@weekly',
        activities: ['train', 'deploy', 'evaluate-model'],
      },
    );
  });
});
