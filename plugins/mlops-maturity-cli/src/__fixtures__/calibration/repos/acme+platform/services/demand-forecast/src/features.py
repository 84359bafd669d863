import pandas as pd


def weekly_totals(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["week"] = pd.to_datetime(frame["date"]).dt.isocalendar().week
    return frame.groupby(["store", "week"], as_index=False)["units"].sum()
