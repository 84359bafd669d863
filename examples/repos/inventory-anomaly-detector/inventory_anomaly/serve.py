"""Daily scoring API: the stores app posts each store's window features and gets recount tasks."""

import os

import mlflow
import pandas as pd
import yaml
from fastapi import FastAPI
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel

from inventory_anomaly.features import FEATURES, robust_scale_by_category
from inventory_anomaly.train import anomaly_scores

PARAMS = yaml.safe_load(open("params.yaml"))
mlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_ARN"])
model = mlflow.sklearn.load_model(os.environ.get("MODEL_URI", "models:/inventory-anomaly-detector@production"))

app = FastAPI(title="inventory-anomaly-detector")
app.mount("/metrics", make_asgi_app())
TASKS = Counter("inventory_recount_tasks_total", "Recount tasks created", ["store_id"])
SCORES = Histogram("inventory_anomaly_score", "Anomaly scores of scored positions")


class Position(BaseModel):
    sku: str
    category_id: str
    shrink_rate: float
    negative_adjustments: int
    adjustment_abs_sum: float
    days_in_stock_without_sale: int
    book_to_sales_ratio: float
    delivery_discrepancy_rate: float


class StoreBatch(BaseModel):
    store_id: str
    positions: list[Position]


@app.post("/v1/recount-tasks")
def score_positions(batch: StoreBatch) -> dict:
    frame = pd.DataFrame([p.model_dump() for p in batch.positions]).assign(store_id=batch.store_id)
    scaled = robust_scale_by_category(frame)
    frame["anomaly_score"] = anomaly_scores(model, scaled)
    for score in frame["anomaly_score"]:
        SCORES.observe(score)
    top = frame.nlargest(PARAMS["evaluation"]["top_k_per_store"], "anomaly_score")
    TASKS.labels(batch.store_id).inc(len(top))
    return {"store_id": batch.store_id, "recount": top[["sku", "anomaly_score"] + FEATURES[:2]].to_dict("records")}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
