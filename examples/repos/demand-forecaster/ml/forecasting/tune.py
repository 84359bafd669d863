"""Optuna search for the LightGBM parameters, on a backtest that ends before the holdout."""

import json
import sys
from pathlib import Path

import lightgbm as lgb
import numpy as np
import optuna
import pandas as pd
import yaml

from forecasting.features import feature_columns, make_features
from forecasting.train import backtest_split, training_rows, wape


def main(sales_path: str, out_path: str) -> None:
    config = yaml.safe_load(Path("params.yaml").read_text())
    lags, windows = config["features"]["lags"], config["features"]["rolling_windows"]
    horizon = config["features"]["horizon_days"]
    columns = feature_columns(lags, windows)
    frame = make_features(pd.read_parquet(sales_path), lags, windows)
    train, _ = backtest_split(frame, horizon)
    fit_rows, valid = backtest_split(train, horizon)
    fit_rows = training_rows(fit_rows)

    def objective(trial: optuna.Trial) -> float:
        model = lgb.LGBMRegressor(
            objective=config["train"]["objective"],
            tweedie_variance_power=config["train"]["tweedie_variance_power"],
            n_estimators=500,
            learning_rate=trial.suggest_float("learning_rate", 0.01, 0.2, log=True),
            num_leaves=trial.suggest_int("num_leaves", 31, 511, log=True),
            min_child_samples=trial.suggest_int("min_child_samples", 20, 500, log=True),
            reg_lambda=trial.suggest_float("reg_lambda", 1e-3, 10.0, log=True),
            random_state=config["tune"]["seed"],
        )
        model.fit(fit_rows[columns], fit_rows["units_sold"])
        return wape(valid["units_sold"].to_numpy(), np.clip(model.predict(valid[columns]), 0, None))

    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=config["tune"]["seed"]))
    study.optimize(objective, n_trials=config["tune"]["n_trials"])
    Path(out_path).parent.mkdir(exist_ok=True)
    Path(out_path).write_text(json.dumps(study.best_params, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
