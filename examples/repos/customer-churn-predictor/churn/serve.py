"""Scoring API: CRM posts member feature rows and receives churn probabilities."""

import os

import mlflow
import pandas as pd
from fastapi import FastAPI
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel

from churn.features import CATEGORICAL, NUMERIC

app = FastAPI(title="customer-churn-predictor")
app.mount("/metrics", make_asgi_app())
SCORED = Counter("churn_members_scored_total", "Members scored")
PROBABILITY = Histogram("churn_probability", "Predicted churn probability", buckets=[0.1, 0.2, 0.3, 0.5, 0.7, 0.9])

model = mlflow.sklearn.load_model(os.environ.get("MODEL_URI", "models:/customer-churn@production"))


class Member(BaseModel):
    member_id: str
    recency_days: int
    frequency_30d: int
    frequency_90d: int
    frequency_365d: int
    monetary_90d: float
    monetary_365d: float
    category_breadth_365d: int
    online_share_365d: float
    voucher_redemption_rate: float
    tenure_days: int
    preferred_store_format: str


@app.post("/v1/scores")
def score(members: list[Member]) -> list[dict]:
    frame = pd.DataFrame([m.model_dump() for m in members])
    probabilities = model.predict_proba(frame[NUMERIC + CATEGORICAL])[:, 1]
    SCORED.inc(len(frame))
    for p in probabilities:
        PROBABILITY.observe(p)
    return [{"member_id": m, "churn_probability": round(float(p), 4)} for m, p in zip(frame["member_id"], probabilities)]


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
