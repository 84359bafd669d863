import glob
import os

import pandas as pd
import requests

latest = sorted(glob.glob("returns_forecast_*.csv"))[-1]
forecast = pd.read_csv(latest)
actuals = pd.read_csv(os.environ.get("ACTUALS_CSV", "actuals_last_week.csv"))
merged = forecast.merge(actuals, on=["warehouse_id", "ds"])
mape = (abs(merged["yhat"] - merged["y"]) / merged["y"]).groupby(merged["warehouse_id"]).mean()

text = "Returns forecast accuracy last week (MAPE):\n" + "\n".join(f"- {wh}: {v:.1%}" for wh, v in mape.items())
requests.post(os.environ["SLACK_WEBHOOK_URL"], json={"text": text}, timeout=10)
