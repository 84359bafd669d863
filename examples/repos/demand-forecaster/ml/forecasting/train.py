"""Backtests and trains the global LightGBM model, registers it, and promotes better versions."""

import json
import os
import sys
from pathlib import Path

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
import yaml
from mlflow import MlflowClient

from forecasting.data import DailySales
from forecasting.features import feature_columns, make_features

MODEL_NAME = "demand-forecaster"


def wape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Weighted absolute percentage error: total absolute error over total actual units."""
    total = np.abs(actual).sum()
    return float(np.abs(actual - forecast).sum() / total) if total else 0.0


def backtest_split(frame: pd.DataFrame, horizon_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    cutoff = frame["day"].max() - pd.Timedelta(days=horizon_days)
    return frame[frame["day"] <= cutoff], frame[frame["day"] > cutoff]


def training_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Stock-out days understate demand, so they are left out of the loss."""
    return frame[~frame["stockout"]]


def fit(sales_path: str, tuned_path: str) -> None:
    config = yaml.safe_load(Path("params.yaml").read_text())
    lags, windows = config["features"]["lags"], config["features"]["rolling_windows"]
    params = config["train"]
    columns = feature_columns(lags, windows)
    frame = make_features(DailySales.validate(pd.read_parquet(sales_path)), lags, windows)
    train, holdout = backtest_split(frame, config["features"]["horizon_days"])
    train = training_rows(train)
    tuned = json.loads(Path(tuned_path).read_text())

    mlflow.set_experiment(MODEL_NAME)
    with mlflow.start_run(run_name="weekly-retrain"):
        mlflow.log_params({**tuned, "objective": params["objective"], "lags": lags, "windows": windows})
        model = lgb.LGBMRegressor(
            objective=params["objective"],
            tweedie_variance_power=params["tweedie_variance_power"],
            n_estimators=params["num_boost_round"],
            random_state=params["seed"],
            **tuned,
        )
        model.fit(train[columns], train["units_sold"])
        forecast = np.clip(model.predict(holdout[columns]), 0, None)
        metrics = {
            "wape": wape(holdout["units_sold"].to_numpy(), forecast),
            "bias": float(forecast.sum() / max(holdout["units_sold"].sum(), 1.0)),
        }
        mlflow.log_metrics(metrics)
        mlflow.log_table(train[columns].sample(n=min(200_000, len(train)), random_state=params["seed"]), "reference.json")
        mlflow.lightgbm.log_model(model, artifact_path="model", registered_model_name=params["registered_model_name"])
        Path("reports").mkdir(exist_ok=True)
        Path("reports/backtest.json").write_text(json.dumps(metrics, indent=2))


def promote() -> None:
    client = MlflowClient()
    latest = max(client.search_model_versions(f"name='{MODEL_NAME}'"), key=lambda v: int(v.version))
    candidate = client.get_run(latest.run_id).data.metrics["wape"]
    try:
        champion = client.get_model_version_by_alias(MODEL_NAME, "champion")
        current = client.get_run(champion.run_id).data.metrics["wape"]
    except mlflow.exceptions.MlflowException:
        current = float("inf")
    if candidate < current:
        client.set_registered_model_alias(MODEL_NAME, "champion", latest.version)
        print(f"version {latest.version} promoted: WAPE {candidate:.4f} < {current:.4f}")
        if "GITHUB_OUTPUT" in os.environ:
            with open(os.environ["GITHUB_OUTPUT"], "a") as output:
                output.write(f"promoted_version={latest.version}\n")


if __name__ == "__main__":
    if sys.argv[1] == "fit":
        fit(sys.argv[2], sys.argv[3])
    else:
        promote()
