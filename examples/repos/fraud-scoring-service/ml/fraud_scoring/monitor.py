"""Hourly monitoring job: feature drift, precision on matured labels and the fraud-loss KPI."""

import os

import mlflow
import pandas as pd
import sqlalchemy
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from mlflow import MlflowClient
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from fraud_scoring.features import FEATURE_COLUMNS

DECLINE_THRESHOLD = 0.85


def drift_summary(reference: pd.DataFrame, current: pd.DataFrame) -> dict:
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=reference[FEATURE_COLUMNS], current_data=current[FEATURE_COLUMNS])
    result = report.as_dict()["metrics"][0]["result"]
    return {
        "share": float(result["share_of_drifted_columns"]),
        "count": int(result["number_of_drifted_columns"]),
    }


def labelled_quality(scored: pd.DataFrame, threshold: float = DECLINE_THRESHOLD) -> dict:
    """Precision and recall of the decline threshold on authorisations whose labels matured."""
    flagged = scored["fraud_probability"] >= threshold
    fraud = scored["is_fraud"].astype(bool)
    true_positives = int((flagged & fraud).sum())
    return {
        "precision": true_positives / int(flagged.sum()) if flagged.any() else 0.0,
        "recall": true_positives / int(fraud.sum()) if fraud.any() else 0.0,
    }


def null_share(frame: pd.DataFrame) -> float:
    """Share of scored authorisations with at least one missing feature (feature-store misses)."""
    return float(frame[FEATURE_COLUMNS].isna().any(axis=1).mean()) if len(frame) else 0.0


def fraud_loss_basis_points(volume_eur: float, fraud_loss_eur: float) -> float:
    return 10_000 * fraud_loss_eur / volume_eur if volume_eur else 0.0


def main() -> None:
    client = MlflowClient()
    champion = client.get_model_version_by_alias("fraud-scoring", "champion")
    reference = pd.read_parquet(
        mlflow.artifacts.download_artifacts(run_id=champion.run_id, artifact_path="reference.parquet")
    )
    engine = sqlalchemy.create_engine(os.environ["INFERENCE_LOG_URL"])
    current = pd.read_sql(
        "SELECT * FROM fraud.scored_features WHERE scored_at >= now() - interval '1 hour'", engine
    )
    matured = pd.read_sql(
        "SELECT fraud_probability, is_fraud FROM fraud.scored_with_labels "
        "WHERE scored_at::date = CURRENT_DATE - 90",
        engine,
    )
    totals = pd.read_sql(
        "SELECT sum(amount_eur) AS volume, sum(amount_eur) FILTER (WHERE is_fraud) AS losses "
        "FROM fraud.scored_with_labels WHERE scored_at >= CURRENT_DATE - 120 AND scored_at < CURRENT_DATE - 90",
        engine,
    ).iloc[0]

    drift = drift_summary(reference, current)
    quality = labelled_quality(matured)
    registry = CollectorRegistry()
    gauges = {
        "fraud_scoring_feature_drift_share": ("Share of drifted features (Evidently)", drift["share"]),
        "fraud_scoring_drifted_features": ("Number of drifted features", drift["count"]),
        "fraud_scoring_feature_null_share": ("Share of scored rows with a missing feature", null_share(current)),
        "fraud_scoring_labelled_precision": ("Precision of declines on matured labels", quality["precision"]),
        "fraud_scoring_labelled_recall": ("Recall of declines on matured labels", quality["recall"]),
        "fraud_loss_basis_points": (
            "Fraud losses in basis points of card-not-present volume",
            fraud_loss_basis_points(float(totals["volume"] or 0), float(totals["losses"] or 0)),
        ),
    }
    for name, (description, value) in gauges.items():
        Gauge(name, description, registry=registry).set(value)
    push_to_gateway(os.environ["PUSHGATEWAY_ADDRESS"], job="fraud-scoring-monitor", registry=registry)


if __name__ == "__main__":
    main()
