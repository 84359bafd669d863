"""Turns search sessions into graded query-product training pairs."""

import pandas as pd
import pandera as pa
from pandera import Check, Column

GRADES = {"purchase": 3, "add_to_basket": 2, "click": 1}


def graded_pairs(events: pd.DataFrame) -> pd.DataFrame:
    """Grade per (session, query, product): the strongest action, or 0 when a result ranked
    above the session's lowest click was skipped. Results below every click are unlabelled."""
    events = events.assign(grade=events["action"].map(GRADES).fillna(0).astype(int))
    per_result = events.groupby(["session_id", "query", "product_id"], as_index=False).agg(
        grade=("grade", "max"), position=("position", "min")
    )
    lowest_click = per_result[per_result["grade"] > 0].groupby("session_id")["position"].max()
    per_result = per_result.join(lowest_click.rename("lowest_click"), on="session_id")
    labelled = per_result[(per_result["grade"] > 0) | (per_result["position"] < per_result["lowest_click"])]
    return labelled.drop(columns=["lowest_click"]).reset_index(drop=True)


def frequent_queries(pairs: pd.DataFrame, min_sessions: int) -> pd.DataFrame:
    """Keeps queries seen in enough sessions; rare queries can contain personal data."""
    sessions = pairs.groupby("query")["session_id"].transform("nunique")
    return pairs[sessions >= min_sessions].reset_index(drop=True)


def document_text(products: pd.DataFrame) -> pd.Series:
    return products["title"] + " | " + products["brand"].fillna("") + " | " + products["category_path"]


PAIRS_SCHEMA = pa.DataFrameSchema(
    {
        "session_id": Column(str),
        "query": Column(str, Check.str_length(1, 200)),
        "product_id": Column(str),
        "document": Column(str, Check.str_length(3, 600)),
        "grade": Column(int, Check.isin([0, 1, 2, 3])),
        "language": Column(str, Check.isin(["de", "nl", "pl"])),
    },
    checks=[Check(lambda df: (df["grade"] > 0).mean() > 0.05, name="enough_positive_pairs")],
)
