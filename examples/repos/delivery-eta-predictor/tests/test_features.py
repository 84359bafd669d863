import pandas as pd
import pytest

from eta.features import route_features


def events(**overrides) -> pd.DataFrame:
    row = {
        "route_id": "r1",
        "stop_id": "s7",
        "depot_id": "depot-12",
        "vehicle_type": "ebike",
        "event_at": "2026-11-24 10:30",
        "stops_ahead": 3,
        "distance_ahead_km": 2.5,
        "planned_arrival_at": "2026-11-24 11:00",
        "route_started_at": "2026-11-24 08:30",
        "completed_stops": 20,
        "planned_elapsed_minutes": 100.0,
    }
    return pd.DataFrame([{**row, **overrides}])


def test_route_features():
    features = route_features(events()).iloc[0]
    assert features["planned_minutes_ahead"] == 30
    assert features["delay_vs_plan_minutes"] == 20  # 120 minutes driven for 100 planned
    assert features["minutes_per_completed_stop"] == 6
    assert features["is_ebike"] == 1 and features["is_truck"] == 0
    assert features["depot_code"] == 12
    assert features["hour_of_day"] == 10 and features["day_of_week"] == 1


def test_no_pace_before_the_first_stop():
    assert pd.isna(route_features(events(completed_stops=0)).iloc[0]["minutes_per_completed_stop"])


def test_unknown_vehicle_types_are_rejected():
    with pytest.raises(Exception, match="vehicle_type"):
        route_features(events(vehicle_type="drone"))
