import pandas as pd

from ranker.metrics import mean_reciprocal_rank, reciprocal_rank
from ranker.pairs import frequent_queries, graded_pairs


def session_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "session_id": ["s1"] * 5,
            "query": ["running shoes"] * 5,
            "product_id": ["a", "b", "c", "c", "d"],
            "position": [1, 2, 3, 3, 4],
            "action": ["impression", "impression", "click", "purchase", "impression"],
        }
    )


def test_skipped_results_above_a_click_are_negatives():
    pairs = graded_pairs(session_events()).set_index("product_id")["grade"]
    assert pairs.to_dict() == {"a": 0, "b": 0, "c": 3}


def test_results_below_the_last_click_are_not_labelled():
    assert "d" not in set(graded_pairs(session_events())["product_id"])


def test_rare_queries_are_dropped():
    pairs = pd.DataFrame({"query": ["q1", "q1", "q2"], "session_id": ["s1", "s2", "s3"]})
    assert frequent_queries(pairs, min_sessions=2)["query"].tolist() == ["q1", "q1"]


def test_reciprocal_rank():
    assert reciprocal_rank([0, 0, 2, 1], cutoff=10) == 1 / 3
    assert reciprocal_rank([0, 0, 2], cutoff=2) == 0.0


def test_mean_reciprocal_rank_orders_by_score():
    scored = pd.DataFrame(
        {"session_id": ["s1", "s1", "s2", "s2"], "grade": [1, 0, 0, 2], "score": [0.2, 0.9, 0.8, 0.1]}
    )
    assert mean_reciprocal_rank(scored, cutoff=10) == 0.5
