"""Trains the fraud model on tuned parameters, evaluates it on the holdout, registers it, and
promotes a registered version to `champion` when it beats the current one."""

import argparse
import json
import os
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import xgboost as xgb
import yaml
from mlflow import MlflowClient
from mlflow.models import infer_signature
from sklearn.metrics import average_precision_score, roc_curve

from fraud_scoring.features import FEATURE_COLUMNS

MIN_PROMOTION_GAIN = 0.002


def recall_at_fpr(y_true: np.ndarray, scores: np.ndarray, max_fpr: float) -> float:
    """Best recall reachable while keeping the false-positive rate at or below max_fpr."""
    fpr, tpr, _ = roc_curve(y_true, scores)
    allowed = tpr[fpr <= max_fpr]
    return float(allowed.max()) if allowed.size else 0.0


def fit(features: Path, best_params: Path) -> None:
    params = yaml.safe_load(Path("params.yaml").read_text())["train"]
    tuned = json.loads(best_params.read_text())

    train = pd.read_parquet(features / "train.parquet")
    holdout = pd.read_parquet(features / "holdout.parquet")

    mlflow.set_experiment("fraud-scoring")
    with mlflow.start_run(run_name="train") as run:
        mlflow.log_params({**tuned, "seed": params["seed"], "n_features": len(FEATURE_COLUMNS)})
        model = xgb.XGBClassifier(
            n_estimators=2000,
            early_stopping_rounds=params["early_stopping_rounds"],
            random_state=params["seed"],
            eval_metric="aucpr",
            **tuned,
        )
        model.fit(
            train[FEATURE_COLUMNS],
            train["is_fraud"],
            eval_set=[(holdout[FEATURE_COLUMNS], holdout["is_fraud"])],
            verbose=False,
        )
        scores = model.predict_proba(holdout[FEATURE_COLUMNS])[:, 1]
        metrics = {
            "pr_auc": float(average_precision_score(holdout["is_fraud"], scores)),
            "recall_at_1pct_fpr": recall_at_fpr(holdout["is_fraud"].to_numpy(), scores, 0.01),
            "holdout_fraud_rate": float(holdout["is_fraud"].mean()),
        }
        mlflow.log_metrics(metrics)
        # The monitoring job compares live traffic with this sample of the training features.
        reference = Path("reports/reference.parquet")
        reference.parent.mkdir(exist_ok=True)
        train[FEATURE_COLUMNS].sample(n=min(50_000, len(train)), random_state=params["seed"]).to_parquet(reference)
        mlflow.log_artifact(str(reference))
        mlflow.xgboost.log_model(
            model,
            artifact_path="model",
            signature=infer_signature(holdout[FEATURE_COLUMNS], scores),
            registered_model_name=params["registered_model_name"],
        )
        Path("reports/metrics.json").write_text(json.dumps({**metrics, "run_id": run.info.run_id}, indent=2))


def should_promote(candidate_pr_auc: float, champion_pr_auc: float | None) -> bool:
    return champion_pr_auc is None or candidate_pr_auc >= champion_pr_auc + MIN_PROMOTION_GAIN


def promote(model_name: str) -> None:
    client = MlflowClient()
    latest = max(client.search_model_versions(f"name='{model_name}'"), key=lambda v: int(v.version))
    candidate = client.get_run(latest.run_id).data.metrics["pr_auc"]
    try:
        champion = client.get_model_version_by_alias(model_name, "champion")
        champion_score = client.get_run(champion.run_id).data.metrics["pr_auc"]
    except mlflow.exceptions.MlflowException:  # no champion yet: the first version becomes it
        champion_score = None
    if should_promote(candidate, champion_score):
        client.set_registered_model_alias(model_name, "champion", latest.version)
        print(f"promoted version {latest.version} (PR-AUC {candidate:.4f}) to champion")
        if "GITHUB_OUTPUT" in os.environ:  # lets the retrain workflow roll the new champion out
            with open(os.environ["GITHUB_OUTPUT"], "a") as output:
                output.write(f"promoted_version={latest.version}\n")
    else:
        print(f"version {latest.version} (PR-AUC {candidate:.4f}) does not beat the champion ({champion_score:.4f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    fit_cmd = sub.add_parser("fit")
    fit_cmd.add_argument("--features", type=Path, required=True)
    fit_cmd.add_argument("--best-params", type=Path, required=True)
    sub.add_parser("promote")
    args = parser.parse_args()
    if args.command == "fit":
        fit(args.features, args.best_params)
    else:
        promote(yaml.safe_load(Path("params.yaml").read_text())["train"]["registered_model_name"])


if __name__ == "__main__":
    main()
