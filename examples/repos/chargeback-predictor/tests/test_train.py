import numpy as np
import pandas as pd

from chargeback.features import FEATURES
from chargeback.train import evaluate, fit, time_split

MODEL_PARAMS = {
    "learning_rate": 0.1,
    "max_iter": 50,
    "max_leaf_nodes": 15,
    "l2_regularization": 0.0,
    "class_weight": None,
    "random_state": 0,
}


def synthetic(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({name: rng.normal(size=n) for name in FEATURES})
    frame["disputed"] = (frame["merchant_dispute_rate"] + 0.5 * rng.normal(size=n)) > 1.5
    frame["settled_at"] = pd.date_range("2025-01-01", periods=n, freq="3h")
    return frame


def test_time_split_holds_out_the_latest_months():
    train, holdout = time_split(synthetic(), holdout_months=2)
    assert train["settled_at"].max() < holdout["settled_at"].min()
    assert holdout["settled_at"].max() - holdout["settled_at"].min() <= pd.Timedelta(days=62)


def test_model_learns_the_signal_and_stays_calibrated():
    train, holdout = time_split(synthetic(), holdout_months=2)
    metrics = evaluate(fit(train, MODEL_PARAMS), holdout)
    assert metrics["roc_auc"] > 0.85
    assert 0.7 < metrics["expected_vs_actual"] < 1.3
    assert 0.0 <= metrics["brier"] < 0.1
