"""Nightly drift and quality report: Evidently on ranking features, NDCG on yesterday's sessions."""

import os

import mlflow
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from mlflow import MlflowClient
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

import pandas as pd
import pandera as pa

from recommender.data import SESSION_SCHEMA
from recommender.features import FEATURES, add_ranking_features, label_sessions
from recommender.train import mean_ndcg


def validated_with_failures(raw: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Validates yesterday's sessions, keeping the valid rows and counting the failures, so a
    partial upstream problem is measured instead of stopping the quality report."""
    try:
        return SESSION_SCHEMA.validate(raw, lazy=True), 0
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        bad_rows = set(cases["index"].dropna())
        return SESSION_SCHEMA.validate(raw.drop(index=[i for i in bad_rows if i in raw.index]), lazy=True), len(cases)


def main() -> None:
    champion = MlflowClient().get_model_version_by_alias("product-recommender", "champion")
    reference = mlflow.load_table("reference.json", run_ids=[champion.run_id])
    raw = pd.read_parquet(os.environ["YESTERDAY_SNAPSHOT"])
    sessions, schema_failures = validated_with_failures(raw)
    yesterday = add_ranking_features(label_sessions(sessions))

    report = Report(metrics=[DataDriftPreset(stattest="psi")])
    report.run(reference_data=reference[FEATURES], current_data=yesterday[FEATURES])
    drift = report.as_dict()["metrics"][0]["result"]

    model = mlflow.lightgbm.load_model(f"models:/product-recommender/{champion.version}")
    registry = CollectorRegistry()
    Gauge("recommender_feature_drift_share", "Share of drifted ranking features", registry=registry).set(
        drift["share_of_drifted_columns"]
    )
    Gauge("recommender_ndcg_at_20", "NDCG@20 of the champion on yesterday's sessions", registry=registry).set(
        mean_ndcg(yesterday, model.predict(yesterday[FEATURES]), 20)
    )
    Gauge("recommender_snapshot_schema_failures", "Schema violations in yesterday's sessions", registry=registry).set(
        schema_failures
    )
    push_to_gateway(os.environ["PUSHGATEWAY_ADDRESS"], job="product-recommender-quality", registry=registry)


if __name__ == "__main__":
    main()
