"""SageMaker training entry point: fits the Isolation Forest, evaluates it on recount labels,
logs everything to MLflow and registers the model."""

import argparse
import os
from pathlib import Path

import mlflow
import pandas as pd
import yaml
from sklearn.ensemble import IsolationForest

from inventory_anomaly.features import FEATURES


def precision_at_k_per_store(scored: pd.DataFrame, k: int) -> float:
    """Mean over stores of the share of the k highest-scored positions whose recount found an error."""
    top = scored.sort_values("anomaly_score", ascending=False).groupby("store_id").head(k)
    return float(top.groupby("store_id")["recount_error"].mean().mean())


def fit(features: pd.DataFrame, model_params: dict) -> IsolationForest:
    return IsolationForest(**model_params).fit(features[FEATURES])


def anomaly_scores(model: IsolationForest, features: pd.DataFrame) -> pd.Series:
    # score_samples is higher for normal points; negate so that higher means more anomalous.
    return pd.Series(-model.score_samples(features[FEATURES]), index=features.index)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--labels", default=os.environ.get("SM_CHANNEL_LABELS", "data/labels"))
    parser.add_argument("--params", default="params.yaml")
    args = parser.parse_args()
    params = yaml.safe_load(Path(args.params).read_text())

    features = pd.read_parquet(args.train)
    labelled = pd.read_parquet(args.labels).merge(features, on=["store_id", "sku"])

    mlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_ARN"])
    mlflow.set_experiment("inventory-anomaly-detector")
    with mlflow.start_run(run_name=os.environ.get("TRAINING_JOB_NAME", "local")):
        mlflow.log_params(params["model"])
        model = fit(features, params["model"])
        k = params["evaluation"]["top_k_per_store"]
        precision = precision_at_k_per_store(labelled.assign(anomaly_score=anomaly_scores(model, labelled)), k)
        mlflow.log_metrics({f"precision_at_{k}": precision, "labelled_positions": len(labelled)})
        if precision < params["evaluation"]["min_precision_at_k"]:
            raise SystemExit(f"precision@{k} {precision:.3f} below the floor; not registering")
        mlflow.sklearn.log_model(
            model, artifact_path="model", registered_model_name=params["registry"]["model_name"]
        )


if __name__ == "__main__":
    main()
