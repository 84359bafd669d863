import pandas as pd
import pytest

from chargeback.features import FEATURES, build_features, merchant_history


@pytest.fixture
def history() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "merchant_id": ["m1"] * 4 + ["m2"] * 96 + ["m3"] * 100,
            "merchant_category": ["4722"] * 100 + ["5411"] * 100,
            "disputed": [True] * 4 + [False] * 86 + [True] * 10 + [False] * 100,
        }
    )


def test_thin_history_shrinks_towards_the_category_rate(history):
    rates = merchant_history(history, min_transactions=50).set_index("merchant_id")["merchant_dispute_rate"]
    # m1 disputed 4 of 4; its category (4722) disputes 14 of 100.
    assert rates["m1"] == pytest.approx((4 + 0.14 * 50) / (4 + 50))
    assert rates["m1"] < 0.25
    assert rates["m3"] == 0.0


def test_unknown_merchants_get_the_median_rate(history):
    per_merchant = merchant_history(history, min_transactions=50)
    new = pd.DataFrame(
        {
            "merchant_id": ["m9"],
            "merchant_category": ["5999"],
            "merchant_age_days": [3],
            "amount_eur": [120.0],
            "is_card_present": [False],
            "is_cross_border": [True],
        }
    )
    features = build_features(new, per_merchant)
    assert features.loc[0, "merchant_dispute_rate"] == per_merchant["merchant_dispute_rate"].median()
    assert features.loc[0, "merchant_txn_count"] == 0
    assert features.loc[0, "is_cross_border"] == 1
    assert set(FEATURES) <= set(features.columns)
