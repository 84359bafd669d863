import os
from datetime import date

import pandas as pd
import snowflake.connector
from prophet import Prophet

PEAKS = pd.DataFrame({
    "holiday": "peak_returns",
    "ds": pd.to_datetime(["2023-12-04", "2024-12-02", "2025-12-01", "2026-11-30"]),
    "lower_window": 0,
    "upper_window": 21,
})

conn = snowflake.connector.connect(account=os.environ["SF_ACCOUNT"], user=os.environ["SF_USER"], authenticator="externalbrowser")
history = pd.read_sql(open("sql/returns_history.sql").read(), conn)
history.columns = [c.lower() for c in history.columns]

out = []
for wh, g in history.groupby("warehouse_id"):
    m = Prophet(holidays=PEAKS, weekly_seasonality=True, yearly_seasonality=True)
    m.fit(g[["ds", "y"]])
    future = m.make_future_dataframe(periods=42)
    fc = m.predict(future).tail(42)[["ds", "yhat", "yhat_lower", "yhat_upper"]]
    fc["warehouse_id"] = wh
    out.append(fc)

pd.concat(out).to_csv(f"returns_forecast_{date.today()}.csv", index=False)
print("done")
