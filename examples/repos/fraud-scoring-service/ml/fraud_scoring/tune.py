"""Optuna search over XGBoost hyper-parameters; run by the `tune` stage of dvc.yaml."""

import argparse
import json
from pathlib import Path

import mlflow
import optuna
import pandas as pd
import xgboost as xgb
import yaml
from sklearn.metrics import average_precision_score
from sklearn.model_selection import TimeSeriesSplit

from fraud_scoring.features import FEATURE_COLUMNS


def objective(trial: optuna.Trial, frame: pd.DataFrame, seed: int) -> float:
    params = {
        "max_depth": trial.suggest_int("max_depth", 3, 9),
        "learning_rate": trial.suggest_float("learning_rate", 0.01, 0.3, log=True),
        "min_child_weight": trial.suggest_float("min_child_weight", 1.0, 20.0),
        "subsample": trial.suggest_float("subsample", 0.5, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.5, 1.0),
        "scale_pos_weight": trial.suggest_float("scale_pos_weight", 1.0, 300.0, log=True),
    }
    scores = []
    for train_idx, valid_idx in TimeSeriesSplit(n_splits=3).split(frame):
        train, valid = frame.iloc[train_idx], frame.iloc[valid_idx]
        model = xgb.XGBClassifier(n_estimators=400, random_state=seed, eval_metric="aucpr", **params)
        model.fit(train[FEATURE_COLUMNS], train["is_fraud"])
        scores.append(average_precision_score(valid["is_fraud"], model.predict_proba(valid[FEATURE_COLUMNS])[:, 1]))
    return sum(scores) / len(scores)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    params = yaml.safe_load(Path("params.yaml").read_text())["tune"]

    frame = pd.read_parquet(args.features / "train.parquet")
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=params["seed"]))
    mlflow.set_experiment("fraud-scoring-tuning")
    with mlflow.start_run(run_name="optuna-search"):
        study.optimize(
            lambda trial: objective(trial, frame, params["seed"]),
            n_trials=params["n_trials"],
            timeout=params["timeout_seconds"],
        )
        mlflow.log_params(study.best_params)
        mlflow.log_metric("cv_pr_auc", study.best_value)
    args.out.write_text(json.dumps(study.best_params, indent=2))


if __name__ == "__main__":
    main()
