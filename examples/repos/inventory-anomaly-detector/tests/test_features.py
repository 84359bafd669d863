import pandas as pd
import pytest

from inventory_anomaly.features import FEATURES, robust_scale_by_category, window_features


def ledger(sku: str, sold: list[float], adjustments: list[float], book: list[float]) -> pd.DataFrame:
    days = pd.date_range("2026-11-01", periods=len(sold), freq="D")
    return pd.DataFrame(
        {
            "store_id": "st-1",
            "sku": sku,
            "category_id": "bakery",
            "day": days,
            "sold_units": sold,
            "received_units": [10.0] + [0.0] * (len(sold) - 1),
            "adjustment_units": adjustments,
            "book_stock": book,
            "delivery_discrepancy_units": [1.0] + [0.0] * (len(sold) - 1),
        }
    )


def test_window_features():
    movements = pd.concat(
        [
            ledger("normal", [3, 3, 3, 1], [0, 0, 0, 0], [7, 4, 1, 0]),
            ledger("shrinking", [1, 0, 0, 0], [-2, -2, 0, -1], [7, 5, 5, 4]),
        ]
    )
    features = window_features(movements).set_index("sku")
    assert features.loc["normal", "shrink_rate"] == 0.0
    assert features.loc["shrinking", "shrink_rate"] == pytest.approx(5 / 6)
    assert features.loc["shrinking", "negative_adjustments"] == 3
    assert features.loc["shrinking", "days_in_stock_without_sale"] == 3
    assert features.loc["normal", "days_in_stock_without_sale"] == 0
    assert features.loc["normal", "delivery_discrepancy_rate"] == pytest.approx(0.1)


def test_negative_sales_are_rejected_by_the_schema():
    with pytest.raises(Exception):
        window_features(ledger("bad", [-1, 0], [0, 0], [1, 1]))


def test_scaling_is_relative_to_the_category():
    features = pd.DataFrame(
        {"category_id": ["a", "a", "a", "b", "b", "b"], **{f: [1.0, 2.0, 3.0, 100.0, 200.0, 300.0] for f in FEATURES}}
    )
    scaled = robust_scale_by_category(features)
    assert scaled.loc[1, "shrink_rate"] == 0.0 and scaled.loc[4, "shrink_rate"] == 0.0
    assert scaled.loc[0, "shrink_rate"] == pytest.approx(scaled.loc[3, "shrink_rate"])
