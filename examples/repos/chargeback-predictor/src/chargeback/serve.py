"""Scoring API for the reserve calculator: expected chargeback exposure of a merchant's batch."""

import os

import mlflow
import pandas as pd
import sqlalchemy
from fastapi import FastAPI
from prometheus_client import Histogram, make_asgi_app
from pydantic import BaseModel

from chargeback.features import FEATURES, build_features

app = FastAPI(title="chargeback-predictor")
app.mount("/metrics", make_asgi_app())
SCORES = Histogram("chargeback_probability", "Predicted chargeback probability", buckets=[0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3])

model = mlflow.sklearn.load_model(os.environ.get("MODEL_URI", "models:/chargeback-predictor@production"))
engine = sqlalchemy.create_engine(os.environ["RISK_DB_URL"])


class Transaction(BaseModel):
    transaction_id: str
    merchant_id: str
    merchant_category: str
    merchant_age_days: int
    amount_eur: float
    is_card_present: bool
    is_cross_border: bool


class ExposureRequest(BaseModel):
    transactions: list[Transaction]


@app.post("/v1/exposure")
def score_exposure(request: ExposureRequest) -> dict:
    transactions = pd.DataFrame([t.model_dump() for t in request.transactions])
    history = pd.read_sql(
        sqlalchemy.text(
            "SELECT merchant_id, merchant_dispute_rate, merchant_txn_count FROM risk.merchant_history "
            "WHERE merchant_id = ANY(:ids)"
        ),
        engine,
        params={"ids": transactions["merchant_id"].unique().tolist()},
    )
    features = build_features(transactions, history)
    probabilities = model.predict_proba(features[FEATURES])[:, 1]
    for probability in probabilities:
        SCORES.observe(probability)
    exposure_eur = float((probabilities * transactions["amount_eur"]).sum())
    return {"expected_chargeback_eur": round(exposure_eur, 2), "probabilities": probabilities.round(5).tolist()}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
