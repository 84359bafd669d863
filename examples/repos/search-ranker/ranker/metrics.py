"""Offline ranking metrics reported to MLflow."""

import pandas as pd


def reciprocal_rank(grades_in_ranked_order: list[int], cutoff: int) -> float:
    for position, grade in enumerate(grades_in_ranked_order[:cutoff], start=1):
        if grade > 0:
            return 1.0 / position
    return 0.0


def mean_reciprocal_rank(scored: pd.DataFrame, cutoff: int) -> float:
    """scored: session_id, grade, score; ranks each session's results by score."""
    ranked = scored.sort_values(["session_id", "score"], ascending=[True, False])
    return float(ranked.groupby("session_id")["grade"].apply(lambda g: reciprocal_rank(g.tolist(), cutoff)).mean())
