import numpy as np
import pandas as pd
import pytest

from forecasting.data import missing_days_share
from forecasting.features import add_calendar_features, add_lag_features, feature_columns
from forecasting.monitor import input_null_share, shelf_availability
from forecasting.train import backtest_split, training_rows, wape


@pytest.fixture
def sales() -> pd.DataFrame:
    days = pd.date_range("2026-10-01", periods=10, freq="D")
    frames = [
        pd.DataFrame({"store_id": store, "sku": "sku-1", "day": days, "units_sold": np.arange(10, dtype=float) + offset,
                      "country": "DE", "stockout": [False] * 9 + [True]})
        for store, offset in (("s1", 0.0), ("s2", 100.0))
    ]
    return pd.concat(frames, ignore_index=True)


def test_lags_stay_within_each_series(sales):
    out = add_lag_features(sales, lags=[2, 3], windows=[2]).set_index(["store_id", "day"])
    assert out.loc[("s1", pd.Timestamp("2026-10-05")), "lag_2"] == 2.0
    assert out.loc[("s2", pd.Timestamp("2026-10-05")), "lag_3"] == 101.0
    assert np.isnan(out.loc[("s2", pd.Timestamp("2026-10-02")), "lag_2"])


def test_rolling_mean_only_uses_values_older_than_the_minimum_lag(sales):
    out = add_lag_features(sales, lags=[2, 3], windows=[2]).set_index(["store_id", "day"])
    # On 2026-10-06 (value 5), the inputs are the values 2 days old and older: mean(3, 2)
    assert out.loc[("s1", pd.Timestamp("2026-10-06")), "rolling_mean_2"] == pytest.approx(2.5)


def test_calendar_marks_public_holidays(sales):
    unity_day = sales.assign(day=pd.Timestamp("2026-10-03"))
    assert add_calendar_features(unity_day)["is_holiday"].all()
    assert add_calendar_features(sales)["day_of_week"].between(0, 6).all()


def test_feature_columns_follow_the_configuration():
    assert feature_columns([28, 364], [7])[:3] == ["lag_28", "lag_364", "rolling_mean_7"]


def test_wape():
    assert wape(np.array([10.0, 0.0, 30.0]), np.array([12.0, 1.0, 27.0])) == pytest.approx(6 / 40)
    assert wape(np.array([0.0]), np.array([5.0])) == 0.0


def test_backtest_split_and_censored_days(sales):
    train, holdout = backtest_split(sales, horizon_days=3)
    assert holdout["day"].min() == pd.Timestamp("2026-10-08")
    assert len(training_rows(holdout)) == len(holdout) - 2  # the stock-out day of each store


def test_missing_days_share(sales):
    assert missing_days_share(sales) == 0.0
    assert missing_days_share(sales.drop(index=[3, 4])) == pytest.approx(2 / 20)


def test_shelf_availability():
    assert shelf_availability(pd.Series([False, False, False, True])) == 0.75


def test_input_null_share():
    current = pd.DataFrame({"lag_28": [1.0, np.nan, 3.0, 4.0], "price_eur": [2.0, 2.0, np.nan, 2.0], "other": [np.nan] * 4})
    assert input_null_share(current, ["lag_28", "price_eur"]) == 0.5
