"""Direct multi-horizon features: every input is at least `min_lag` days old, so one model
forecasts each day of the horizon without feeding its own predictions back."""

import holidays
import pandas as pd

SERIES = ["store_id", "sku"]


def add_lag_features(sales: pd.DataFrame, lags: list[int], windows: list[int]) -> pd.DataFrame:
    min_lag = min(lags)
    out = sales.sort_values(SERIES + ["day"]).copy()
    grouped = out.groupby(SERIES)["units_sold"]
    for lag in lags:
        out[f"lag_{lag}"] = grouped.shift(lag)
    shifted = grouped.shift(min_lag)
    for window in windows:
        rolling = shifted.groupby([out[c] for c in SERIES]).rolling(window, min_periods=1)
        out[f"rolling_mean_{window}"] = rolling.mean().reset_index(level=[0, 1], drop=True)
    return out


def add_calendar_features(sales: pd.DataFrame) -> pd.DataFrame:
    out = sales.copy()
    out["day_of_week"] = out["day"].dt.dayofweek
    out["month"] = out["day"].dt.month
    years = range(out["day"].dt.year.min(), out["day"].dt.year.max() + 1)
    calendars = {country: holidays.country_holidays(country, years=years) for country in out["country"].unique()}
    out["is_holiday"] = [day in calendars[country] for day, country in zip(out["day"].dt.date, out["country"])]
    return out


def make_features(sales: pd.DataFrame, lags: list[int], windows: list[int]) -> pd.DataFrame:
    return add_calendar_features(add_lag_features(sales, lags, windows))


def feature_columns(lags: list[int], windows: list[int]) -> list[str]:
    return (
        [f"lag_{lag}" for lag in lags]
        + [f"rolling_mean_{w}" for w in windows]
        + ["price_eur", "on_promotion", "day_of_week", "month", "is_holiday"]
    )
