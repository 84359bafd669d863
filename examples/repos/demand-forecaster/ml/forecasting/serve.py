"""Forecast API used by the nightly replenishment batch."""

import os
from datetime import date, timedelta

import mlflow
import numpy as np
import pandas as pd
import sqlalchemy
import yaml
from fastapi import FastAPI
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel, Field

from forecasting.features import feature_columns, make_features

CONFIG = yaml.safe_load(open(os.environ.get("PARAMS_PATH", "params.yaml")))
LAGS, WINDOWS = CONFIG["features"]["lags"], CONFIG["features"]["rolling_windows"]
HORIZON = CONFIG["features"]["horizon_days"]

app = FastAPI(title="demand-forecaster")
app.mount("/metrics", make_asgi_app())
SERIES_FORECAST = Counter("demand_forecast_series_total", "Store x SKU series forecast")
LATENCY = Histogram("demand_forecast_request_seconds", "Time to forecast one request")

model = mlflow.lightgbm.load_model(os.environ.get("MODEL_URI", "models:/demand-forecaster@champion"))
engine = sqlalchemy.create_engine(os.environ["WAREHOUSE_URL"])


class ForecastRequest(BaseModel):
    store_id: str
    skus: list[str] = Field(max_length=5000)
    start: date


def history_with_future_rows(store_id: str, skus: list[str], start: date) -> pd.DataFrame:
    history = pd.read_sql(
        sqlalchemy.text(
            "SELECT store_id, sku, day, units_sold, price_eur, on_promotion, stockout, country "
            "FROM supply.daily_sales_aggregates WHERE store_id = :store AND sku = ANY(:skus) AND day >= :since"
        ),
        engine,
        params={"store": store_id, "skus": skus, "since": start - timedelta(days=max(LAGS) + max(WINDOWS))},
        parse_dates=["day"],
    )
    last = history.sort_values("day").groupby("sku").tail(1)
    future = pd.concat(
        [last.assign(day=pd.Timestamp(start + timedelta(days=offset)), units_sold=np.nan) for offset in range(HORIZON)]
    )
    return pd.concat([history, future], ignore_index=True)


@app.post("/v1/forecasts")
def predict_demand(request: ForecastRequest) -> dict:
    with LATENCY.time():
        frame = make_features(history_with_future_rows(request.store_id, request.skus, request.start), LAGS, WINDOWS)
        future = frame[frame["day"] >= pd.Timestamp(request.start)]
        units = np.clip(model.predict(future[feature_columns(LAGS, WINDOWS)]), 0, None)
    SERIES_FORECAST.inc(future["sku"].nunique())
    result = future.assign(units=units.round(2))[["sku", "day", "units"]]
    return {"store_id": request.store_id, "forecasts": result.assign(day=result["day"].dt.date.astype(str)).to_dict("records")}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
