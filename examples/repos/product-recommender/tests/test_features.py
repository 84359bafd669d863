import pandas as pd
import pytest

from recommender.features import RELEVANCE, add_ranking_features, co_purchase_candidates, label_sessions


@pytest.fixture
def events() -> pd.DataFrame:
    rows = [
        ("s1", "u1", "home", "p1", "c1", "impression", 10.0),
        ("s1", "u1", "home", "p1", "c1", "click", 10.0),
        ("s1", "u1", "home", "p1", "c1", "purchase", 10.0),
        ("s1", "u1", "home", "p2", "c2", "impression", 80.0),
        ("s1", "u1", "home", "p3", "c1", "purchase", 12.0),
        ("s2", "u2", "basket", "p1", "c1", "purchase", 10.0),
        ("s2", "u2", "basket", "p3", "c1", "purchase", 12.0),
        ("s2", "u2", "basket", "p2", "c2", "purchase", 80.0),
    ]
    return pd.DataFrame(
        rows, columns=["session_id", "customer_id", "context", "product_id", "category_id", "event", "price_eur"]
    )


def test_relevance_is_the_strongest_interaction(events):
    labelled = label_sessions(events).set_index(["session_id", "product_id"])["relevance"]
    assert labelled[("s1", "p1")] == RELEVANCE["purchase"]
    assert labelled[("s1", "p2")] == RELEVANCE["impression"]
    assert len(labelled) == 6


def test_co_purchase_candidates_are_ordered_by_count_then_id(events):
    candidates = co_purchase_candidates(events, top_n=5)
    assert candidates["p1"] == ["p3", "p2"]  # p3 bought with p1 twice, p2 once
    assert candidates["p2"] == ["p1", "p3"]
    assert "p1" not in candidates["p1"]


def test_co_purchase_candidates_respect_top_n(events):
    assert co_purchase_candidates(events, top_n=1)["p3"] == ["p1"]


def test_ranking_features(events):
    features = add_ranking_features(label_sessions(events))
    assert features["product_popularity"].max() == 1.0
    assert set(features["context_code"]) == {0, 2}
    assert features.loc[features["product_id"] == "p2", "price_band"].unique().tolist() == [2]


def test_invalid_session_rows_are_counted_and_dropped():
    from recommender.drift import validated_with_failures

    rows = pd.DataFrame(
        {
            "session_id": ["s1", "s1", "s2"],
            "customer_id": ["u1", "u1", "u2"],
            "product_id": ["p1", "p1", "p2"],
            "category_id": ["c1", "c1", "c2"],
            "context": ["home", "home", "checkout"],
            "event": ["impression", "purchase", "impression"],
            "price_eur": [10.0, 10.0, -5.0],
            "event_at": pd.to_datetime(["2026-11-25 10:00", "2026-11-25 10:02", "2026-11-25 11:00"]),
        }
    )
    valid, failures = validated_with_failures(rows)
    assert failures == 2  # unknown context and negative price, both on the third row
    assert valid["session_id"].tolist() == ["s1", "s1"]
