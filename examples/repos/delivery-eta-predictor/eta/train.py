"""Trains P50 and P90 quantile models, logs them as one MLflow pyfunc model and registers it."""

import argparse

import mlflow
import numpy as np
import pandas as pd
import yaml
from sklearn.ensemble import HistGradientBoostingRegressor

from eta.features import FEATURES


class EtaWindowModel(mlflow.pyfunc.PythonModel):
    """Returns the P50 and P90 minutes to arrival for each row."""

    def __init__(self, p50: HistGradientBoostingRegressor, p_high: HistGradientBoostingRegressor):
        self.p50 = p50
        self.p_high = p_high

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        low = self.p50.predict(model_input[FEATURES])
        high = np.maximum(self.p_high.predict(model_input[FEATURES]), low)  # quantiles must not cross
        return pd.DataFrame({"p50_minutes": low, "p90_minutes": high})


def fit_quantile(rows: pd.DataFrame, quantile: float, learning_rate: float, max_iter: int) -> HistGradientBoostingRegressor:
    model = HistGradientBoostingRegressor(loss="quantile", quantile=quantile, learning_rate=learning_rate, max_iter=max_iter, random_state=0)
    return model.fit(rows[FEATURES], rows["minutes_to_arrival"])


def window_metrics(actual: np.ndarray, p50: np.ndarray, p_high: np.ndarray) -> dict[str, float]:
    return {
        "mae_p50_minutes": float(np.abs(actual - p50).mean()),
        "p90_coverage": float((actual <= p_high).mean()),
        "mean_window_minutes": float((p_high - p50).mean()),
    }


def holdout_split(rows: pd.DataFrame, holdout_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    cutoff = rows["event_at"].dt.normalize().max() - pd.Timedelta(days=holdout_days)
    return rows[rows["event_at"] < cutoff], rows[rows["event_at"] >= cutoff]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--p-high", type=float, default=0.9)
    parser.add_argument("--learning-rate", type=float, default=0.08)
    parser.add_argument("--max-iter", type=float, default=500)
    args = parser.parse_args()
    params = yaml.safe_load(open("params.yaml"))

    train, holdout = holdout_split(pd.read_parquet(args.data), params["split"]["holdout_days"])
    with mlflow.start_run():
        mlflow.log_params({"p_high": args.p_high, "learning_rate": args.learning_rate, "max_iter": int(args.max_iter)})
        p50 = fit_quantile(train, params["quantiles"]["low"], args.learning_rate, int(args.max_iter))
        p_high = fit_quantile(train, args.p_high, args.learning_rate, int(args.max_iter))
        model = EtaWindowModel(p50, p_high)
        predicted = model.predict(None, holdout)
        mlflow.log_metrics(window_metrics(holdout["minutes_to_arrival"].to_numpy(), predicted["p50_minutes"].to_numpy(), predicted["p90_minutes"].to_numpy()))
        mlflow.pyfunc.log_model(
            "model",
            python_model=model,
            code_paths=["eta"],
            input_example=holdout[FEATURES].head(3),
            registered_model_name=params["registry"]["model_name"],
        )


if __name__ == "__main__":
    main()
