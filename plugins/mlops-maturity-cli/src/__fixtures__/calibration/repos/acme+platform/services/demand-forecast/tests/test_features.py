import pandas as pd

from src.features import weekly_totals


def test_weekly_totals_sum_units_per_store_and_week():
    frame = pd.DataFrame(
        {"store": ["a", "a", "b"], "date": ["2024-01-01", "2024-01-02", "2024-01-01"], "units": [1, 2, 5]}
    )
    totals = weekly_totals(frame)
    assert totals.loc[totals["store"] == "a", "units"].item() == 3
    assert totals.loc[totals["store"] == "b", "units"].item() == 5
