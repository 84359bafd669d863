import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

const train = `"""Trains the fraud model.

We also monitor drift with Evidently and register to MLflow (this docstring must not count).
"""
import mlflow
import mlflow.sklearn as mls
from mlflow.tracking import MlflowClient
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV
import hydra
from omegaconf import DictConfig


@hydra.main(config_path="../conf", config_name="config", version_base=None)
def main(cfg: DictConfig) -> None:
    mlflow.set_experiment("fraud")
    with mlflow.start_run() as run:
        search = GridSearchCV(RandomForestClassifier(), {"max_depth": [4, 8]})
        search.fit(X, y)
        mlflow.log_metrics({"auc": auc, "f1": f1})
        mls.log_model(search.best_estimator_, "model", registered_model_name="fraud-detector")
    MlflowClient().set_registered_model_alias("fraud-detector", "champion", "3")  # promotes


if __name__ == "__main__":
    main()
`;

describe('Python code', () => {
  it('recognises tracking, metrics, registration, tuning and Hydra config from code, not docstrings', async () => {
    const facts = await analyzeFiles({
      'src/fraud/train.py': train,
      'src/conf/config.yaml': 'defaults:\n  - model: rf\n',
      'src/conf/model/rf.yaml': 'max_depth: 8\n',
    });
    expect(signalsOf(facts, 'experiment-tracking', 'mlflow')[0].detail).toBe(
      'src/fraud/train.py tracks experiments with MLflow (`mlflow.set_experiment`)',
    );
    expect(signalsOf(facts, 'metrics-logging', 'mlflow')).toHaveLength(1);
    expect(
      signalsOf(facts, 'model-registration', 'mlflow')[0].attributes.call,
    ).toBe('registered_model_name');
    expect(
      signalsOf(facts, 'hyperparameter-tuning', 'scikit-learn')[0].attributes
        .runByPipeline,
    ).toBe(false);
    expect(
      signalsOf(facts, 'config-as-code', 'hydra')[0].attributes,
    ).toMatchObject({
      configDir: 'src/conf',
      configName: 'config',
      configFiles: 2,
    });
    expect(signalsOf(facts, 'drift-monitoring')).toHaveLength(0);
  });

  it('ignores practices that appear only in docs, comments or tests', async () => {
    const facts = await analyzeFiles({
      'docs/monitoring.md':
        '# Monitoring\n\nWe monitor drift with Evidently `DataDriftPreset()` and register models with `mlflow.register_model()`.\n',
      'docs/snippets/register.py':
        'import mlflow\nmlflow.register_model("runs:/1/model", "x")\n',
      'src/app.py':
        '# import mlflow\n# mlflow.register_model("runs:/1/model", "fraud")\nprint("hello")\n',
      'tests/test_register.py':
        'from unittest import mock\nimport mlflow\n\ndef test_register():\n    with mock.patch("mlflow.register_model") as m:\n        mlflow.register_model("runs:/1/model", "x")\n        m.assert_called_once()\n',
    });
    expect(signalsOf(facts, 'model-registration')).toHaveLength(0);
    expect(signalsOf(facts, 'drift-monitoring')).toHaveLength(0);
  });

  it('recognises registries of SageMaker, Azure ML and Vertex AI, and drift tools', async () => {
    const facts = await analyzeFiles({
      'sm/register.py':
        'import boto3\nsm = boto3.client("sagemaker")\nsm.create_model_package(ModelPackageGroupName="fraud")\n',
      'aml/register.py':
        'from azure.ai.ml import MLClient\nfrom azure.ai.ml.entities import Model\nml_client.models.create_or_update(Model(path="model", name="fraud"))\n',
      'vertex/upload.py':
        'from google.cloud import aiplatform\naiplatform.Model.upload(display_name="fraud", artifact_uri="gs://m")\n',
      'monitoring/drift.py': `from evidently.report import Report
from evidently.metric_preset import DataDriftPreset

report = Report(metrics=[DataDriftPreset()])
report.run(reference_data=ref, current_data=cur)
`,
      'monitoring/alibi.py':
        'from alibi_detect.cd import KSDrift\ncd = KSDrift(x_ref, p_val=0.05)\n',
      'monitoring/quality.py':
        'from evidently.report import Report\nfrom evidently.metric_preset import ClassificationPreset\nReport(metrics=[ClassificationPreset()])\n',
    });
    expect(
      signalsOf(facts, 'model-registration')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['azureml', 'sagemaker', 'vertex-ai']);
    expect(
      signalsOf(facts, 'drift-monitoring')
        .map(s => `${s.tool}:${s.path}`)
        .sort(),
    ).toEqual([
      'alibi-detect:monitoring/alibi.py',
      'evidently:monitoring/drift.py',
    ]);
  });

  it('does not count registration done by hand in a notebook, or a dataset pushed to the Hub, as a registry', async () => {
    const notebook = (lines: string[]) =>
      JSON.stringify({
        cells: [{ cell_type: 'code', source: lines.map(l => `${l}\n`) }],
      });
    const facts = await analyzeFiles({
      'notebooks/train.ipynb': notebook([
        'import mlflow',
        'with mlflow.start_run():',
        '    mlflow.sklearn.log_model(model, "model", registered_model_name="fraud")',
      ]),
      'steps/upload_dataset.py': `from datasets import Dataset
from huggingface_hub import create_repo

def upload(df):
    create_repo("acme/fraud-questions", repo_type="dataset", exist_ok=True)
    dataset = Dataset.from_pandas(df)
    dataset.push_to_hub("acme/fraud-questions")
`,
      'steps/finetune.py': `from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer

def finetune(train):
    trainer = SentenceTransformerTrainer(model=SentenceTransformer("base"), train_dataset=train)
    trainer.train()
    trainer.model.push_to_hub("acme/fraud-embeddings")
`,
    });
    expect(
      signalsOf(facts, 'model-registration').map(s => `${s.tool}:${s.path}`),
    ).toEqual(['huggingface-hub:steps/finetune.py']);
    expect(rejectionsOf(facts, 'model-registration')[0].reason).toBe(
      'Notebook notebooks/train.ipynb registers a model with MLflow (`registered_model_name`), but a model registered by running notebook cells by hand is not an automated registry: register it from the training pipeline',
    );
    // Tracking from a notebook is still tracking.
    expect(signalsOf(facts, 'experiment-tracking', 'mlflow')).toHaveLength(1);
  });

  it('recognises trackers wired into training frameworks and prompt flow runs', async () => {
    const facts = await analyzeFiles({
      'train_lightning.py': `import pytorch_lightning as pl
from pytorch_lightning.loggers import WandbLogger

wandb_logger = WandbLogger(project="fraud")
trainer = pl.Trainer(max_epochs=5, logger=wandb_logger)
trainer.fit(model, datamodule)
`,
      'train_hf.py': `from transformers import Trainer, TrainingArguments

args = TrainingArguments(output_dir="out", report_to=["mlflow"], num_train_epochs=3)
Trainer(model=model, args=args, train_dataset=train).train()
`,
      'llmops/run_experiment.py': `from azure.identity import DefaultAzureCredential
from promptflow.azure import PFClient
from promptflow.entities import Run

pf = PFClient(DefaultAzureCredential(), subscription, resource_group, workspace)
run = Run(flow="flows/standard", data="azureml:qa:1", column_mapping=mapping)
job = pf.runs.create_or_update(run, stream=True)
`,
      'flows/evaluation/accuracy.py': `from promptflow import log_metric, tool

@tool
def calculate_accuracy(grades: list):
    log_metric("accuracy", sum(grades) / len(grades))
`,
    });
    expect(
      signalsOf(facts, 'experiment-tracking').map(s => `${s.tool}:${s.path}`),
    ).toEqual([
      'promptflow:llmops/run_experiment.py',
      'mlflow:train_hf.py',
      'wandb:train_lightning.py',
    ]);
    expect(
      signalsOf(facts, 'metrics-logging').map(s => `${s.tool}:${s.path}`),
    ).toEqual([
      'promptflow:flows/evaluation/accuracy.py',
      'wandb:train_lightning.py',
    ]);
  });

  it('recognises a FastAPI model server, and rejects an app that loads no model', async () => {
    const facts = await analyzeFiles({
      'service/app/main.py': `from fastapi import FastAPI
from prometheus_client import Counter, Histogram, make_asgi_app
from .model import load

app = FastAPI()
app.mount("/metrics", make_asgi_app())
PREDICTIONS = Counter("fraud_predictions_total", "Predictions served")
FRAUD_CAUGHT = Counter("fraud_loss_prevented_eur_total", "Fraudulent transactions blocked")
SCORE = Histogram("fraud_chargeback_probability", "Model output")
LATENCY = Histogram("fraud_latency_seconds", "Latency")
model = load()

@app.post("/predict")
def predict(tx: dict):
    PREDICTIONS.inc()
    return {"score": model.predict_proba([tx])[0][1]}
`,
      'service/app/model.py':
        'import joblib\n\ndef load():\n    return joblib.load("model.joblib")\n',
      'other/api.py':
        'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/predict", methods=["POST"])\ndef predict():\n    return {"score": 0.5}\n',
    });
    const serving = signalsOf(facts, 'serving', 'fastapi')[0];
    expect(serving.attributes).toMatchObject({
      framework: 'fastapi',
      endpoints: ['/predict'],
      modelLoader: 'joblib.load',
    });
    expect(rejectionsOf(facts, 'serving')[0].reason).toMatch(
      /other\/api.py exposes `\/predict` but loads no model/,
    );
    expect(
      signalsOf(facts, 'monitoring-config', 'prometheus-client')[0].attributes
        .metrics,
    ).toEqual([
      'fraud_predictions_total',
      'fraud_loss_prevented_eur_total',
      'fraud_chargeback_probability',
      'fraud_latency_seconds',
    ]);
    expect(
      signalsOf(facts, 'kpi', 'prometheus-client')[0].attributes.metrics,
    ).toEqual(['fraud_loss_prevented_eur_total']);
  });

  it('recognises a package that loads its config file with strictyaml from its package root', async () => {
    const facts = await analyzeFiles({
      'model_package/config.yml': 'target: SalePrice\ntest_size: 0.1\nalpha: 0.001\n',
      'model_package/config/core.py': `from pathlib import Path

from strictyaml import load

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE_PATH = PACKAGE_ROOT / "config.yml"


def fetch_config():
    with open(CONFIG_FILE_PATH) as conf_file:
        return load(conf_file.read())
`,
    });
    expect(signalsOf(facts, 'config-as-code', 'yaml-config')).toEqual([
      expect.objectContaining({
        path: 'model_package/config/core.py',
        attributes: { configFiles: ['model_package/config.yml'] },
      }),
    ]);
  });

  it('rejects metrics that nothing exposes and params.yaml that nothing reads', async () => {
    const facts = await analyzeFiles({
      'src/metrics.py':
        'from prometheus_client import Gauge\nDRIFT = Gauge("feature_drift", "drift")\n',
      'params.yaml': 'lr: 0.1\n',
    });
    expect(signalsOf(facts, 'monitoring-config')).toHaveLength(0);
    expect(rejectionsOf(facts, 'monitoring-config')[0].reason).toMatch(
      /nothing exposes them/,
    );
    expect(rejectionsOf(facts, 'config-as-code')[0].reason).toMatch(
      /no pipeline or code reads it/,
    );
  });

  it('recognises serving frameworks, data libraries and pandera schemas used elsewhere', async () => {
    const facts = await analyzeFiles({
      'bento/service.py':
        'import bentoml\n\n@bentoml.service(resources={"cpu": "2"})\nclass Fraud:\n    @bentoml.api\n    def predict(self, x):\n        return x\n',
      'bento/bentofile.yaml': 'service: "service:Fraud"\ninclude: ["*.py"]\n',
      'triton/models/fraud/config.pbtxt':
        'name: "fraud"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 64\ndynamic_batching { }\n',
      'ray/serve_app.py':
        'from ray import serve\n\n@serve.deployment(num_replicas=2)\nclass Model:\n    pass\n',
      'etl/spark_job.py':
        'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n',
      'src/schemas.py':
        'import pandera as pa\nfrom pandera.typing import Series\n\nclass Transactions(pa.DataFrameModel):\n    amount: Series[float] = pa.Field(ge=0)\n',
      'src/features.py':
        'from src.schemas import Transactions\n\ndef build(df):\n    return Transactions.validate(df)\n',
      'sweeps/sweep.yaml':
        'program: train.py\nmethod: bayes\nmetric: { name: val_auc, goal: maximize }\nparameters:\n  lr: { min: 0.0001, max: 0.1 }\n',
    });
    expect(
      signalsOf(facts, 'serving')
        .map(s => s.tool)
        .sort(),
    ).toEqual(['bentoml', 'bentoml', 'ray-serve', 'triton']);
    expect(signalsOf(facts, 'data-scale', 'spark')).toHaveLength(1);
    expect(
      signalsOf(facts, 'data-schema', 'pandera')[0].attributes.schemas,
    ).toEqual(['Transactions']);
    expect(signalsOf(facts, 'data-validation', 'pandera')[0].path).toBe(
      'src/features.py',
    );
    expect(
      signalsOf(facts, 'hyperparameter-tuning', 'wandb-sweeps')[0].attributes
        .parameters,
    ).toEqual(['lr']);
  });
});
