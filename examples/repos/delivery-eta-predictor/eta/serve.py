"""ETA window API for the tracking page and notifications."""

import os

import mlflow
import pandas as pd
from fastapi import FastAPI
from prometheus_client import Histogram, make_asgi_app
from pydantic import BaseModel

from eta.features import route_features

app = FastAPI(title="delivery-eta-predictor")
app.mount("/metrics", make_asgi_app())
WINDOW = Histogram("eta_window_minutes", "Width of the predicted arrival window", buckets=[10, 20, 30, 45, 60, 90])
LATENCY = Histogram("eta_request_seconds", "ETA request latency")

model = mlflow.pyfunc.load_model(os.environ.get("MODEL_URI", "models:/delivery-eta@production"))


class RouteState(BaseModel):
    route_id: str
    stop_id: str
    depot_id: str
    vehicle_type: str
    event_at: str
    stops_ahead: int
    distance_ahead_km: float
    planned_arrival_at: str
    route_started_at: str
    completed_stops: int
    planned_elapsed_minutes: float


@app.post("/v1/eta")
def predict_eta(states: list[RouteState]) -> list[dict]:
    with LATENCY.time():
        frame = route_features(pd.DataFrame([s.model_dump() for s in states]))
        windows = model.predict(frame)
    arrivals = []
    for event_at, stop_id, (_, w) in zip(frame["event_at"], frame["stop_id"], windows.iterrows()):
        WINDOW.observe(w["p90_minutes"] - w["p50_minutes"])
        arrivals.append({
            "stop_id": stop_id,
            "expected_at": (event_at + pd.Timedelta(minutes=w["p50_minutes"])).isoformat(),
            "latest_at": (event_at + pd.Timedelta(minutes=w["p90_minutes"])).isoformat(),
        })
    return arrivals


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
