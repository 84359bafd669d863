"""Daily monitoring: feature drift, WAPE against yesterday's actuals, shelf availability KPI."""

import os

import mlflow
import numpy as np
import pandas as pd
import sqlalchemy
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from mlflow import MlflowClient
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from forecasting.train import wape


def shelf_availability(stockouts: pd.Series) -> float:
    """Share of forecast-driven store x SKU days without a stock-out."""
    return float(1 - stockouts.mean()) if len(stockouts) else 1.0


def input_null_share(current: pd.DataFrame, columns: list[str]) -> float:
    """Share of yesterday's forecast inputs with a missing feature (late or missing sales feeds)."""
    return float(current[columns].isna().any(axis=1).mean()) if len(current) else 0.0


def main() -> None:
    engine = sqlalchemy.create_engine(os.environ["WAREHOUSE_URL"])
    champion = MlflowClient().get_model_version_by_alias("demand-forecaster", "champion")
    reference = mlflow.load_table("reference.json", run_ids=[champion.run_id])
    current = pd.read_sql("SELECT * FROM supply.forecast_features WHERE day = CURRENT_DATE - 1", engine)
    outcomes = pd.read_sql(
        "SELECT f.units AS forecast, s.units_sold AS actual, s.stockout "
        "FROM supply.published_forecasts f JOIN supply.daily_sales_aggregates s USING (store_id, sku, day) "
        "WHERE day = CURRENT_DATE - 1",
        engine,
    )
    columns = [c for c in reference.columns if c in current.columns]
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=reference[columns], current_data=current[columns])

    registry = CollectorRegistry()
    values = {
        "demand_forecast_feature_drift_share": report.as_dict()["metrics"][0]["result"]["share_of_drifted_columns"],
        "demand_forecast_wape": wape(outcomes["actual"].to_numpy(), outcomes["forecast"].to_numpy()),
        "demand_forecast_bias": float(outcomes["forecast"].sum() / max(outcomes["actual"].sum(), 1)),
        "shelf_availability_ratio": shelf_availability(outcomes["stockout"]),
        "demand_forecast_input_null_share": input_null_share(current, columns),
    }
    for name, value in values.items():
        Gauge(name, name.replace("_", " "), registry=registry).set(float(np.nan_to_num(value)))
    push_to_gateway(os.environ["PUSHGATEWAY_ADDRESS"], job="demand-forecaster-monitor", registry=registry)


if __name__ == "__main__":
    main()
