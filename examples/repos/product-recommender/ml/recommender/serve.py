"""Recommendation API: candidates from co-purchases, ranked by the champion LambdaRank model."""

import os

import mlflow
import pandas as pd
from fastapi import FastAPI, HTTPException
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel

from recommender.features import FEATURES

MODEL_URI = os.environ.get("MODEL_URI", "models:/product-recommender@champion")

app = FastAPI(title="product-recommender")
app.mount("/metrics", make_asgi_app())

REQUESTS = Counter("recommender_requests_total", "Recommendation requests", ["context"])
FALLBACKS = Counter("recommender_fallback_total", "Requests served from the bestseller fallback", ["reason"])
LATENCY = Histogram("recommender_latency_seconds", "Time to rank candidates")
IMPRESSIONS = Counter("recommender_carousel_impressions_total", "Carousel slots shown", ["context"])
CLICKS = Counter("recommender_carousel_clicks_total", "Carousel slots clicked", ["context"])


class RecommendationRequest(BaseModel):
    customer_id: str
    context: str
    anchor_product_ids: list[str] = []
    limit: int = 20


class FeedbackEvent(BaseModel):
    context: str
    shown: int
    clicked: int


CONTEXT_CODES = {"home": 0, "product": 1, "basket": 2}

# The model and the tables it was trained with come from the same registered version.
run_id = mlflow.models.get_model_info(MODEL_URI).run_id
model = mlflow.lightgbm.load_model(MODEL_URI)
candidates: dict[str, list[str]] = mlflow.artifacts.load_dict(f"runs:/{run_id}/candidates.json")
product_features: pd.DataFrame = mlflow.load_table("product_features.json", run_ids=[run_id])
customer_affinity: pd.DataFrame = mlflow.load_table("customer_affinity.json", run_ids=[run_id])
bestsellers: list[str] = product_features.nlargest(100, "product_popularity")["product_id"].tolist()


def rank_features(customer_id: str, context: str, pool: set[str]) -> pd.DataFrame:
    rows = product_features[product_features["product_id"].isin(pool)]
    affinity = customer_affinity[customer_affinity["customer_id"] == customer_id]
    rows = rows.merge(affinity[["category_id", "customer_category_affinity"]], on="category_id", how="left")
    return rows.fillna({"customer_category_affinity": 0.0}).assign(context_code=CONTEXT_CODES.get(context, 0))


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}


@app.post("/v1/recommendations")
def recommend(request: RecommendationRequest) -> dict:
    if request.limit > 100:
        raise HTTPException(status_code=422, detail="limit must be at most 100")
    REQUESTS.labels(request.context).inc()
    pool = {p for anchor in request.anchor_product_ids for p in candidates.get(anchor, [])}
    if not pool:
        FALLBACKS.labels("no-candidates").inc()
        return {"products": bestsellers[: request.limit], "fallback": True}
    with LATENCY.time():
        rows = rank_features(request.customer_id, request.context, pool)
        ranked = rows.assign(score=model.predict(rows[FEATURES])).nlargest(request.limit, "score")
    return {"products": ranked["product_id"].tolist(), "fallback": False}


@app.post("/v1/feedback")
def feedback(event: FeedbackEvent) -> dict:
    """The storefront reports carousel impressions and clicks; CTR is the service's KPI."""
    IMPRESSIONS.labels(event.context).inc(event.shown)
    CLICKS.labels(event.context).inc(event.clicked)
    return {"accepted": True}
