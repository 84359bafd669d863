"""Trains the LambdaRank model, logs it to MLflow, registers it and promotes it when it is better."""

import argparse
import json
from pathlib import Path

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
import yaml
from mlflow import MlflowClient

from recommender.data import load_sessions
from recommender.features import FEATURES, add_ranking_features, co_purchase_candidates, label_sessions

MODEL_NAME = "product-recommender"


def ndcg_at_k(relevance_in_ranked_order: list[int], k: int) -> float:
    gains = np.asarray(relevance_in_ranked_order, dtype=float)
    discounts = 1.0 / np.log2(np.arange(2, min(k, gains.size) + 2))
    dcg = float(((2**gains[:k] - 1) * discounts).sum())
    ideal = float(((2 ** np.sort(gains)[::-1][:k] - 1) * discounts).sum())
    return dcg / ideal if ideal > 0 else 0.0


def mean_ndcg(frame: pd.DataFrame, scores: np.ndarray, k: int) -> float:
    ranked = frame.assign(score=scores).sort_values(["session_id", "score"], ascending=[True, False])
    return float(ranked.groupby("session_id")["relevance"].apply(lambda r: ndcg_at_k(r.tolist(), k)).mean())


def split_by_time(sessions: pd.DataFrame, holdout_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    cutoff = sessions["event_at"].max() - pd.Timedelta(days=holdout_days)
    session_start = sessions.groupby("session_id")["event_at"].transform("min")
    return sessions[session_start <= cutoff], sessions[session_start > cutoff]


def train(snapshot: str, params: dict, tuned: dict) -> tuple[str, float]:
    train_events, holdout_events = split_by_time(load_sessions(snapshot), params["holdout_days"])
    train_frame = add_ranking_features(label_sessions(train_events))
    holdout_frame = add_ranking_features(label_sessions(holdout_events))

    mlflow.set_experiment(MODEL_NAME)
    with mlflow.start_run(run_name="lambdarank") as run:
        mlflow.log_params({**tuned, "seed": params["seed"], "snapshot": snapshot})
        model = lgb.LGBMRanker(
            objective="lambdarank",
            n_estimators=params["num_boost_round"],
            random_state=params["seed"],
            **tuned,
        )
        model.fit(
            train_frame[FEATURES],
            train_frame["relevance"],
            group=train_frame.groupby("session_id").size().to_numpy(),
        )
        ndcg = mean_ndcg(holdout_frame, model.predict(holdout_frame[FEATURES]), params["eval_at"])
        mlflow.log_metric(f"ndcg_at_{params['eval_at']}", ndcg)
        mlflow.log_metric("holdout_sessions", holdout_frame["session_id"].nunique())
        # Everything serving and the drift job need travels with the run, so a version is self-contained.
        mlflow.log_dict(co_purchase_candidates(train_events, params["candidates_per_product"]), "candidates.json")
        mlflow.log_table(
            train_frame.drop_duplicates("product_id")[["product_id", "category_id", "product_popularity", "price_band"]],
            "product_features.json",
        )
        mlflow.log_table(
            train_frame.drop_duplicates(["customer_id", "category_id"])[["customer_id", "category_id", "customer_category_affinity"]],
            "customer_affinity.json",
        )
        mlflow.log_table(train_frame[FEATURES].sample(n=min(100_000, len(train_frame)), random_state=params["seed"]), "reference.json")
        mlflow.lightgbm.log_model(model, artifact_path="model", registered_model_name=MODEL_NAME)
        return run.info.run_id, ndcg


def promote_if_better(run_id: str, ndcg: float, metric: str) -> bool:
    client = MlflowClient()
    version = next(v for v in client.search_model_versions(f"name='{MODEL_NAME}'") if v.run_id == run_id)
    try:
        champion = client.get_model_version_by_alias(MODEL_NAME, "champion")
        champion_ndcg = client.get_run(champion.run_id).data.metrics[metric]
    except mlflow.exceptions.MlflowException:
        champion_ndcg = float("-inf")
    if ndcg <= champion_ndcg:
        return False
    client.set_registered_model_alias(MODEL_NAME, "champion", version.version)
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshot", required=True)
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    parser.add_argument("--tuned", type=Path, required=True)
    args = parser.parse_args()
    config = yaml.safe_load(args.params.read_text())
    params = {
        **config["train"],
        "holdout_days": config["data"]["holdout_days"],
        "candidates_per_product": config["candidates"]["per_context"],
    }
    run_id, ndcg = train(args.snapshot, params, json.loads(args.tuned.read_text()))
    promoted = promote_if_better(run_id, ndcg, f"ndcg_at_{params['eval_at']}")
    print(json.dumps({"run_id": run_id, "ndcg": ndcg, "promoted": promoted}))


if __name__ == "__main__":
    main()
