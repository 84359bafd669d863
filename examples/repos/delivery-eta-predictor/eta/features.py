"""Route-state features for a stop, built the same way from history and from live events."""

import numpy as np
import pandas as pd
import pandera as pa
from pandera import Check, Column

ROUTE_EVENTS = pa.DataFrameSchema(
    {
        "route_id": Column(str),
        "stop_id": Column(str),
        "depot_id": Column(str),
        "vehicle_type": Column(str, Check.isin(["van", "ebike", "truck"])),
        "event_at": Column("datetime64[ns]"),
        "stops_ahead": Column(int, Check.in_range(0, 200)),
        "distance_ahead_km": Column(float, Check.ge(0)),
        "planned_arrival_at": Column("datetime64[ns]"),
        "route_started_at": Column("datetime64[ns]"),
        "completed_stops": Column(int, Check.ge(0)),
        "planned_elapsed_minutes": Column(float, Check.ge(0)),
    },
    coerce=True,
)

FEATURES = [
    "stops_ahead",
    "distance_ahead_km",
    "hour_of_day",
    "day_of_week",
    "planned_minutes_ahead",
    "delay_vs_plan_minutes",
    "minutes_per_completed_stop",
    "is_ebike",
    "is_truck",
    "depot_code",
]


def route_features(events: pd.DataFrame) -> pd.DataFrame:
    events = ROUTE_EVENTS.validate(events)
    out = events.copy()
    out["hour_of_day"] = out["event_at"].dt.hour
    out["day_of_week"] = out["event_at"].dt.dayofweek
    out["planned_minutes_ahead"] = (out["planned_arrival_at"] - out["event_at"]).dt.total_seconds() / 60
    elapsed = (out["event_at"] - out["route_started_at"]).dt.total_seconds() / 60
    out["minutes_per_completed_stop"] = np.where(out["completed_stops"] > 0, elapsed / out["completed_stops"].clip(lower=1), np.nan)
    # Positive when the driver is behind plan for the stops completed so far.
    out["delay_vs_plan_minutes"] = elapsed - out["planned_elapsed_minutes"]
    out["is_ebike"] = (out["vehicle_type"] == "ebike").astype(int)
    out["is_truck"] = (out["vehicle_type"] == "truck").astype(int)
    out["depot_code"] = out["depot_id"].str.extract(r"(\d+)$", expand=False).astype(int)
    return out
