import numpy as np
import pandas as pd
import pytest

from fraud_scoring.features import FEATURE_COLUMNS, add_time_features, add_velocity_features, split_holdout
from fraud_scoring.monitor import fraud_loss_basis_points, labelled_quality, null_share
from fraud_scoring.train import recall_at_fpr, should_promote


@pytest.fixture
def authorisations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "card_token": ["c1", "c1", "c1", "c2"],
            "merchant_category": ["5411", "5411", "5999", "4121"],
            "amount_eur": [10.0, 30.0, 200.0, 15.0],
            "authorised_at": pd.to_datetime(
                ["2026-11-03 10:00", "2026-11-03 10:30", "2026-11-04 09:00", "2026-11-07 23:00"]
            ),
            "is_fraud": [False, False, True, False],
        }
    )


def test_time_features(authorisations):
    out = add_time_features(authorisations)
    assert out["hour_of_day"].tolist() == [10, 10, 9, 23]
    assert out["is_weekend"].tolist() == [0, 0, 0, 1]  # 2026-11-07 is a Saturday
    assert out["merchant_category_code"].dtype.kind == "i"


def test_velocity_counts_exclude_current_authorisation(authorisations):
    out = add_velocity_features(authorisations, [1, 24]).set_index("amount_eur")
    assert out.loc[10.0, "card_txn_count_1h"] == 0
    assert out.loc[30.0, "card_txn_count_1h"] == 1
    assert out.loc[200.0, "card_txn_count_24h"] == 2
    assert out.loc[200.0, "card_amount_sum_24h"] == pytest.approx(40.0)
    assert out.loc[15.0, "card_txn_count_24h"] == 0


def test_amount_ratio_uses_previous_mean_only(authorisations):
    out = add_velocity_features(authorisations, [24]).set_index("amount_eur")
    assert out.loc[10.0, "amount_to_card_mean_ratio"] == 1.0
    assert out.loc[200.0, "amount_to_card_mean_ratio"] == pytest.approx(10.0)


def test_holdout_is_the_most_recent_window(authorisations):
    train, holdout = split_holdout(authorisations, holdout_days=2)
    assert holdout["card_token"].tolist() == ["c2"]
    assert train["authorised_at"].max() < holdout["authorised_at"].min()

from fraud_scoring.train import recall_at_fpr


def test_recall_at_fpr_on_separable_scores():
    y_true = np.array([0, 0, 0, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])
    assert recall_at_fpr(y_true, scores, 0.0) == 1.0


def test_recall_at_fpr_respects_the_budget():
    y_true = np.array([0, 1, 0, 1])
    scores = np.array([0.9, 0.8, 0.1, 0.2])
    assert recall_at_fpr(y_true, scores, 0.0) == 0.0
    assert recall_at_fpr(y_true, scores, 0.5) == 1.0


@pytest.mark.parametrize(
    "candidate, champion, expected",
    [(0.61, None, True), (0.61, 0.60, True), (0.601, 0.60, False), (0.55, 0.60, False)],
)
def test_promotion_needs_a_real_gain(candidate, champion, expected):
    assert should_promote(candidate, champion) is expected


def test_labelled_quality():
    scored = pd.DataFrame({"fraud_probability": [0.95, 0.9, 0.2, 0.1], "is_fraud": [1, 0, 1, 0]})
    assert labelled_quality(scored) == {"precision": 0.5, "recall": 0.5}


def test_fraud_loss_in_basis_points():
    assert fraud_loss_basis_points(1_000_000.0, 450.0) == pytest.approx(4.5)
    assert fraud_loss_basis_points(0.0, 10.0) == 0.0


def test_null_share_counts_rows_with_any_missing_feature():
    frame = pd.DataFrame(1.0, index=range(4), columns=FEATURE_COLUMNS)
    frame.loc[1, "device_risk"] = np.nan
    frame.loc[1, "ip_risk"] = np.nan
    frame.loc[3, "card_txn_count_1h"] = np.nan
    assert null_share(frame) == 0.5
    assert null_share(frame.iloc[0:0]) == 0.0
