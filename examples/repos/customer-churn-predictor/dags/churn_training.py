"""Airflow DAG that builds the churn snapshot, validates it, trains and registers the model.

Triggered by hand after each quarterly loyalty data release (no schedule yet)."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import yaml
from airflow.decorators import dag, task

PARAMS = yaml.safe_load((Path(__file__).parents[1] / "params.yaml").read_text())


@dag(
    dag_id="customer_churn_training",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    params={"snapshot_date": "2026-06-30"},
    tags=["customer-churn", "ml-platform"],
)
def customer_churn_training():
    @task
    def build_snapshot(**context) -> str:
        from churn.data import load_members, load_purchases
        from churn.features import churn_labels, member_features

        snapshot = pd.Timestamp(context["params"]["snapshot_date"])
        purchases = load_purchases(snapshot - pd.Timedelta(days=400))
        features = member_features(purchases, load_members(), snapshot, PARAMS["features"]["windows_days"])
        features = features[features["frequency_365d"] >= PARAMS["snapshot"]["min_purchases_12m"]]
        features["churned"] = churn_labels(
            purchases, features["member_id"], snapshot, PARAMS["snapshot"]["label_horizon_days"]
        ).to_numpy()
        path = f"/shared/churn/snapshot-{snapshot.date()}.parquet"
        features.to_parquet(path, index=False)
        return path

    @task
    def validate(path: str) -> str:
        from churn.data import validate_snapshot

        validate_snapshot(pd.read_parquet(path))
        return path

    @task
    def train(path: str) -> str:
        from churn.train import train_and_register

        return train_and_register(pd.read_parquet(path), PARAMS)

    train(validate(build_snapshot()))


customer_churn_training()
