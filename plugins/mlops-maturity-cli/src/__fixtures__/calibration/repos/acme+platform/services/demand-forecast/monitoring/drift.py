import pandas as pd
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

reference = pd.read_parquet("gs://acme-sales/reference.parquet")
current = pd.read_parquet("gs://acme-sales/last-7-days.parquet")
report = Report(metrics=[DataDriftPreset()])
report.run(reference_data=reference, current_data=current)
share = report.as_dict()["metrics"][0]["result"]["share_of_drifted_columns"]

registry = CollectorRegistry()
Gauge("demand_forecast_drift_share", "Share of drifted feature columns", registry=registry).set(share)
push_to_gateway("pushgateway.monitoring:9091", job="demand-forecast-drift", registry=registry)
