"""Features computed identically in training and in the scoring API."""

import numpy as np
import pandas as pd

FEATURES = [
    "log_amount",
    "merchant_category_code",
    "merchant_age_days",
    "is_card_present",
    "is_cross_border",
    "merchant_dispute_rate",
    "merchant_txn_count",
]


def merchant_history(history: pd.DataFrame, min_transactions: int) -> pd.DataFrame:
    """Smoothed dispute rate per merchant; thin histories shrink towards their category's rate."""
    category_rate = history.groupby("merchant_category")["disputed"].mean()
    per_merchant = history.groupby(["merchant_id", "merchant_category"])["disputed"].agg(["sum", "count"]).reset_index()
    prior = per_merchant["merchant_category"].map(category_rate)
    per_merchant["merchant_dispute_rate"] = (per_merchant["sum"] + prior * min_transactions) / (
        per_merchant["count"] + min_transactions
    )
    return per_merchant.rename(columns={"count": "merchant_txn_count"})[
        ["merchant_id", "merchant_dispute_rate", "merchant_txn_count"]
    ]


def build_features(transactions: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    out = transactions.merge(history, on="merchant_id", how="left")
    out["merchant_dispute_rate"] = out["merchant_dispute_rate"].fillna(history["merchant_dispute_rate"].median())
    out["merchant_txn_count"] = out["merchant_txn_count"].fillna(0).astype(int)
    out["log_amount"] = np.log1p(out["amount_eur"])
    out["merchant_category_code"] = out["merchant_category"].astype(int)
    out[["is_card_present", "is_cross_border"]] = out[["is_card_present", "is_cross_border"]].astype(int)
    return out
