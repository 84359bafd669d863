"""Builds training rows: route state at each event, labelled with the actual arrival time."""

import argparse
import os
from pathlib import Path

import pandas as pd
import sqlalchemy

from eta.features import route_features

QUERY = """
SELECT e.route_id, e.stop_id, r.depot_id, r.vehicle_type, e.event_at, e.stops_ahead, e.distance_ahead_km,
       s.planned_arrival_at, r.started_at AS route_started_at, e.completed_stops, e.planned_elapsed_minutes,
       s.arrived_at
FROM lastmile.route_events e
JOIN lastmile.routes r USING (route_id)
JOIN lastmile.stops s USING (route_id, stop_id)
WHERE r.route_date BETWEEN :start AND :end AND s.arrived_at IS NOT NULL AND e.event_at < s.arrived_at
"""


def label_minutes_to_arrival(frame: pd.DataFrame) -> pd.Series:
    return (frame["arrived_at"] - frame["event_at"]).dt.total_seconds() / 60


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    engine = sqlalchemy.create_engine(os.environ["LASTMILE_DB_URL"])
    raw = pd.read_sql(sqlalchemy.text(QUERY), engine, params={"start": args.start, "end": args.end},
                      parse_dates=["event_at", "planned_arrival_at", "route_started_at", "arrived_at"])
    rows = route_features(raw).assign(minutes_to_arrival=label_minutes_to_arrival(raw))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    rows.to_parquet(args.output, index=False)


if __name__ == "__main__":
    main()
