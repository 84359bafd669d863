import numpy as np
import pandas as pd
import pytest

from recommender.train import mean_ndcg, ndcg_at_k, split_by_time


def test_ndcg_is_one_for_the_ideal_order():
    assert ndcg_at_k([3, 2, 0, 0], k=4) == pytest.approx(1.0)


def test_ndcg_penalises_a_relevant_item_ranked_low():
    assert ndcg_at_k([0, 0, 0, 3], k=4) < ndcg_at_k([0, 3, 0, 0], k=4) < 1.0


def test_ndcg_without_relevant_items_is_zero():
    assert ndcg_at_k([0, 0, 0], k=3) == 0.0


def test_mean_ndcg_ranks_within_each_session():
    frame = pd.DataFrame({"session_id": ["a", "a", "b", "b"], "relevance": [0, 3, 1, 0]})
    perfect = np.array([0.1, 0.9, 0.8, 0.2])
    inverted = np.array([0.9, 0.1, 0.2, 0.8])
    assert mean_ndcg(frame, perfect, k=2) == pytest.approx(1.0)
    assert mean_ndcg(frame, inverted, k=2) < 0.7


def test_split_keeps_sessions_whole():
    sessions = pd.DataFrame(
        {
            "session_id": ["old", "edge", "edge", "new"],
            "event_at": pd.to_datetime(["2026-11-01 09:00", "2026-11-18 23:00", "2026-11-19 01:00", "2026-11-25 09:00"]),
        }
    )
    train, holdout = split_by_time(sessions, holdout_days=6)
    assert set(train["session_id"]) == {"old", "edge"}
    assert set(holdout["session_id"]) == {"new"}
