import numpy as np
import pandas as pd
import pytest

from eta.features import FEATURES
from eta.train import EtaWindowModel, fit_quantile, holdout_split, window_metrics


def test_window_metrics():
    metrics = window_metrics(np.array([10.0, 20.0, 30.0, 40.0]), np.array([12.0, 18.0, 30.0, 35.0]), np.array([15.0, 25.0, 35.0, 38.0]))
    assert metrics["mae_p50_minutes"] == pytest.approx(2.25)
    assert metrics["p90_coverage"] == 0.75
    assert metrics["mean_window_minutes"] == pytest.approx(4.5)


def test_holdout_split_is_by_day():
    rows = pd.DataFrame({"event_at": pd.to_datetime(["2026-11-01 09:00", "2026-11-10 09:00", "2026-11-14 17:00"])})
    train, holdout = holdout_split(rows, holdout_days=4)
    assert len(train) == 1 and len(holdout) == 2


def test_quantile_models_bracket_the_target_and_never_cross():
    rng = np.random.default_rng(0)
    rows = pd.DataFrame(rng.uniform(0, 10, size=(2000, len(FEATURES))), columns=FEATURES)
    rows["minutes_to_arrival"] = 4 * rows["stops_ahead"] + rng.exponential(5, size=2000)
    model = EtaWindowModel(fit_quantile(rows, 0.5, 0.1, 100), fit_quantile(rows, 0.9, 0.1, 100))
    predicted = model.predict(None, rows)
    coverage = (rows["minutes_to_arrival"] <= predicted["p90_minutes"]).mean()
    assert 0.85 < coverage < 0.95
    assert (predicted["p90_minutes"] >= predicted["p50_minutes"]).all()
