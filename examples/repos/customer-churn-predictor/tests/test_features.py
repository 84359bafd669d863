import pandas as pd
import pytest

from churn.features import churn_labels, member_features

SNAPSHOT = pd.Timestamp("2026-06-30")


@pytest.fixture
def purchases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member_id": ["a", "a", "a", "b", "b", "a"],
            "purchased_at": pd.to_datetime(
                ["2025-12-01", "2026-06-10", "2026-06-25", "2026-01-15", "2026-03-01", "2026-08-01"]
            ),
            "amount_eur": [50.0, 20.0, 30.0, 100.0, 40.0, 25.0],
            "category_id": ["food", "food", "drinks", "garden", "garden", "food"],
            "channel": ["store", "online", "store", "store", "store", "store"],
            "voucher_used": [False, True, False, False, True, False],
        }
    )


@pytest.fixture
def members() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member_id": ["a", "b"],
            "joined_at": pd.to_datetime(["2024-06-30", "2026-01-01"]),
            "preferred_store_format": ["supermarket", "hypermarket"],
        }
    )


def test_features_ignore_purchases_after_the_snapshot(purchases, members):
    features = member_features(purchases, members, SNAPSHOT, [30, 90, 365]).set_index("member_id")
    assert features.loc["a", "recency_days"] == 5
    assert features.loc["a", "frequency_30d"] == 2
    assert features.loc["a", "frequency_365d"] == 3
    assert features.loc["a", "monetary_90d"] == 50.0
    assert features.loc["b", "frequency_30d"] == 0
    assert features.loc["b", "recency_days"] == 121


def test_shares_and_tenure(purchases, members):
    features = member_features(purchases, members, SNAPSHOT, [30, 90, 365]).set_index("member_id")
    assert features.loc["a", "online_share_365d"] == pytest.approx(1 / 3)
    assert features.loc["a", "category_breadth_365d"] == 2
    assert features.loc["b", "voucher_redemption_rate"] == 0.5
    assert features.loc["a", "tenure_days"] == 730


def test_churn_label_looks_only_at_the_horizon(purchases):
    labels = churn_labels(purchases, pd.Series(["a", "b"]), SNAPSHOT, horizon_days=90)
    assert labels.tolist() == [False, True]
    assert churn_labels(purchases, pd.Series(["a"]), SNAPSHOT, horizon_days=30).tolist() == [True]
