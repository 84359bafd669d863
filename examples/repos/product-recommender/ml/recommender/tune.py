"""Optuna search over LambdaRank parameters, run as a step of the Kubeflow training pipeline."""

import argparse
import json
from pathlib import Path

import lightgbm as lgb
import mlflow
import optuna
import yaml

from recommender.data import load_sessions
from recommender.features import FEATURES, add_ranking_features, label_sessions
from recommender.train import mean_ndcg, split_by_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshot", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    config = yaml.safe_load(Path("params.yaml").read_text())

    # Tune on the training window only, validating on its last week, so the holdout stays unseen.
    train_events, _ = split_by_time(load_sessions(args.snapshot), config["data"]["holdout_days"])
    fit_events, valid_events = split_by_time(train_events, config["data"]["holdout_days"])
    fit_frame = add_ranking_features(label_sessions(fit_events))
    valid_frame = add_ranking_features(label_sessions(valid_events))

    def objective(trial: optuna.Trial) -> float:
        model = lgb.LGBMRanker(
            objective="lambdarank",
            n_estimators=300,
            learning_rate=trial.suggest_float("learning_rate", 0.02, 0.2, log=True),
            num_leaves=trial.suggest_int("num_leaves", 15, 255, log=True),
            min_child_samples=trial.suggest_int("min_child_samples", 10, 200, log=True),
            feature_fraction=trial.suggest_float("feature_fraction", 0.5, 1.0),
            random_state=config["tune"]["seed"],
        )
        model.fit(fit_frame[FEATURES], fit_frame["relevance"], group=fit_frame.groupby("session_id").size().to_numpy())
        return mean_ndcg(valid_frame, model.predict(valid_frame[FEATURES]), config["train"]["eval_at"])

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=config["tune"]["seed"]))
    mlflow.set_experiment("product-recommender-tuning")
    with mlflow.start_run(run_name="optuna"):
        study.optimize(objective, n_trials=config["tune"]["n_trials"])
        mlflow.log_params(study.best_params)
        mlflow.log_metric("valid_ndcg", study.best_value)
    tuned = {k: v for k, v in study.best_params.items()}
    args.out.write_text(json.dumps(tuned, indent=2))


if __name__ == "__main__":
    main()
