"""Labels and candidates built from session events; shared by training and serving."""

from collections import Counter, defaultdict

import pandas as pd

RELEVANCE = {"impression": 0, "click": 1, "add_to_basket": 2, "purchase": 3}


def label_sessions(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (session, product) with the strongest interaction as the relevance grade."""
    graded = events.assign(relevance=events["event"].map(RELEVANCE))
    return (
        graded.groupby(["session_id", "customer_id", "context", "product_id", "category_id"], as_index=False)
        .agg(relevance=("relevance", "max"), price_eur=("price_eur", "first"))
        .sort_values(["session_id", "product_id"], ignore_index=True)
    )


def co_purchase_candidates(events: pd.DataFrame, top_n: int) -> dict[str, list[str]]:
    """For each product, the products most often bought in the same session (ties by id)."""
    baskets = events[events["event"] == "purchase"].groupby("session_id")["product_id"].agg(set)
    counts: dict[str, Counter] = defaultdict(Counter)
    for basket in baskets:
        for product in basket:
            counts[product].update(other for other in basket if other != product)
    return {
        product: [p for p, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]]
        for product, c in counts.items()
    }


def add_ranking_features(labelled: pd.DataFrame) -> pd.DataFrame:
    out = labelled.copy()
    popularity = out.groupby("product_id")["relevance"].transform("size")
    out["product_popularity"] = popularity / popularity.max()
    affinity = out.groupby(["customer_id", "category_id"])["relevance"].transform("mean")
    out["customer_category_affinity"] = affinity.fillna(0.0)
    out["price_band"] = pd.cut(out["price_eur"], bins=[0, 20, 50, 150, 500, float("inf")], labels=False, include_lowest=True)
    out["context_code"] = out["context"].map({"home": 0, "product": 1, "basket": 2})
    return out


FEATURES = ["product_popularity", "customer_category_affinity", "price_band", "context_code"]
