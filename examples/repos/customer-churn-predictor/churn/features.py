"""RFM-style member features from the purchase history up to a snapshot date."""

import pandas as pd

NUMERIC = [
    "recency_days",
    "frequency_30d",
    "frequency_90d",
    "frequency_365d",
    "monetary_90d",
    "monetary_365d",
    "category_breadth_365d",
    "online_share_365d",
    "voucher_redemption_rate",
    "tenure_days",
]
CATEGORICAL = ["preferred_store_format"]


def member_features(purchases: pd.DataFrame, members: pd.DataFrame, snapshot: pd.Timestamp, windows: list[int]) -> pd.DataFrame:
    history = purchases[purchases["purchased_at"] <= snapshot]
    grouped = history.groupby("member_id")
    features = pd.DataFrame({"recency_days": (snapshot - grouped["purchased_at"].max()).dt.days})
    for days in windows:
        window = history[history["purchased_at"] > snapshot - pd.Timedelta(days=days)].groupby("member_id")
        features[f"frequency_{days}d"] = window.size()
        if days >= 90:
            features[f"monetary_{days}d"] = window["amount_eur"].sum()
    last_year = history[history["purchased_at"] > snapshot - pd.Timedelta(days=365)].groupby("member_id")
    features["category_breadth_365d"] = last_year["category_id"].nunique()
    features["online_share_365d"] = last_year["channel"].apply(lambda c: (c == "online").mean())
    features["voucher_redemption_rate"] = grouped["voucher_used"].mean()
    features = features.fillna(0).join(members.set_index("member_id")[["joined_at", "preferred_store_format"]])
    features["tenure_days"] = (snapshot - features.pop("joined_at")).dt.days
    return features.reset_index()


def churn_labels(purchases: pd.DataFrame, member_ids: pd.Series, snapshot: pd.Timestamp, horizon_days: int) -> pd.Series:
    """True when the member makes no purchase in the horizon after the snapshot."""
    future = purchases[(purchases["purchased_at"] > snapshot) & (purchases["purchased_at"] <= snapshot + pd.Timedelta(days=horizon_days))]
    return ~member_ids.isin(future["member_id"])
