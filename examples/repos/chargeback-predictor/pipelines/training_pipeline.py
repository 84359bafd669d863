"""ZenML training pipeline for chargeback-predictor; tracking and registration go to MLflow."""

import argparse

import mlflow
import pandas as pd
import yaml
from sklearn.base import ClassifierMixin
from typing_extensions import Annotated
from zenml import pipeline, step

from chargeback.data import load_settlements
from chargeback.features import build_features, merchant_history
from chargeback.train import evaluate, fit, time_split


@step
def load(lookback_days: int, label_window_days: int) -> Annotated[pd.DataFrame, "settlements"]:
    return load_settlements(lookback_days, label_window_days)


@step
def featurize(
    settlements: pd.DataFrame, holdout_months: int, min_transactions: int
) -> tuple[Annotated[pd.DataFrame, "train"], Annotated[pd.DataFrame, "holdout"]]:
    train, holdout = time_split(settlements, holdout_months)
    history = merchant_history(train, min_transactions)
    return build_features(train, history), build_features(holdout, history)


@step(experiment_tracker="mlflow_tracker")
def train_evaluate_register(
    train: pd.DataFrame, holdout: pd.DataFrame, model_params: dict, min_roc_auc: float, model_name: str
) -> Annotated[ClassifierMixin, "model"]:
    """Logs parameters, metrics and the model in one MLflow run, so the registered version
    carries its own evaluation."""
    mlflow.log_params(model_params)
    model = fit(train, model_params)
    metrics = evaluate(model, holdout)
    mlflow.log_metrics(metrics)
    if metrics["roc_auc"] < min_roc_auc:
        raise ValueError(f"ROC-AUC {metrics['roc_auc']:.3f} is below the {min_roc_auc} floor; not registering")
    mlflow.sklearn.log_model(
        model,
        artifact_path="model",
        input_example=holdout.head(5)[list(model.feature_names_in_)],
        registered_model_name=model_name,
    )
    return model


@pipeline(name="chargeback-predictor-training")
def chargeback_training(params: dict):
    data = params["data"]
    settlements = load(data["lookback_days"], data["label_window_days"])
    train, holdout = featurize(settlements, params["evaluation"]["holdout_months"], data["min_merchant_transactions"])
    train_evaluate_register(
        train, holdout, params["model"], params["evaluation"]["min_roc_auc"], params["registry"]["model_name"]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--params", default="params.yaml")
    args = parser.parse_args()
    with open(args.params) as handle:
        chargeback_training(params=yaml.safe_load(handle))
