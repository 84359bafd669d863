"""Movement features per store x SKU over a trailing window, and their per-category scaling."""

import numpy as np
import pandas as pd
import pandera as pa
from pandera import Check, Column

MOVEMENTS = pa.DataFrameSchema(
    {
        "store_id": Column(str),
        "sku": Column(str),
        "category_id": Column(str),
        "day": Column("datetime64[ns]"),
        "sold_units": Column(float, Check.ge(0)),
        "received_units": Column(float, Check.ge(0)),
        "adjustment_units": Column(float),
        "book_stock": Column(float),
        "delivery_discrepancy_units": Column(float, Check.ge(0)),
    },
    coerce=True,
)

FEATURES = [
    "shrink_rate",
    "negative_adjustments",
    "adjustment_abs_sum",
    "days_in_stock_without_sale",
    "book_to_sales_ratio",
    "delivery_discrepancy_rate",
]


def window_features(movements: pd.DataFrame) -> pd.DataFrame:
    movements = MOVEMENTS.validate(movements)
    grouped = movements.groupby(["store_id", "sku", "category_id"])
    features = grouped.agg(
        sold=("sold_units", "sum"),
        received=("received_units", "sum"),
        negative_adjustments=("adjustment_units", lambda a: int((a < 0).sum())),
        adjustment_abs_sum=("adjustment_units", lambda a: float(a.abs().sum())),
        shrink_units=("adjustment_units", lambda a: float(-a[a < 0].sum())),
        mean_book_stock=("book_stock", "mean"),
        discrepancy=("delivery_discrepancy_units", "sum"),
    ).reset_index()
    in_stock_days = grouped.apply(lambda g: int(((g["book_stock"] > 0) & (g["sold_units"] == 0)).sum()), include_groups=False)
    features["days_in_stock_without_sale"] = in_stock_days.to_numpy()
    throughput = features["sold"] + features["shrink_units"]
    features["shrink_rate"] = np.where(throughput > 0, features["shrink_units"] / throughput, 0.0)
    features["book_to_sales_ratio"] = features["mean_book_stock"] / (features["sold"] / len(movements["day"].unique()) + 1)
    features["delivery_discrepancy_rate"] = np.where(
        features["received"] > 0, features["discrepancy"] / features["received"], 0.0
    )
    return features[["store_id", "sku", "category_id"] + FEATURES]


def robust_scale_by_category(features: pd.DataFrame) -> pd.DataFrame:
    """Centres each feature on its category median and scales by the IQR, so a bakery item
    and a television are compared with their own kind."""
    scaled = features.copy()
    grouped = features.groupby("category_id")[FEATURES]
    median = grouped.transform("median")
    iqr = grouped.transform(lambda c: c.quantile(0.75) - c.quantile(0.25)).replace(0, 1.0)
    scaled[FEATURES] = (features[FEATURES] - median) / iqr
    return scaled
