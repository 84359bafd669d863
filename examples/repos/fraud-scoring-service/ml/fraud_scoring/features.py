"""Feature engineering shared by training and the online predictor."""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

FEATURE_COLUMNS = [
    "amount_eur",
    "log_amount",
    "merchant_category_code",
    "device_risk",
    "ip_risk",
    "hour_of_day",
    "is_weekend",
    "card_txn_count_1h",
    "card_txn_count_24h",
    "card_txn_count_168h",
    "card_amount_sum_24h",
    "amount_to_card_mean_ratio",
]


def add_time_features(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["hour_of_day"] = out["authorised_at"].dt.hour
    out["is_weekend"] = (out["authorised_at"].dt.dayofweek >= 5).astype(int)
    out["log_amount"] = np.log1p(out["amount_eur"])
    out["merchant_category_code"] = out["merchant_category"].astype(int)
    return out


def add_velocity_features(frame: pd.DataFrame, windows_hours: list[int]) -> pd.DataFrame:
    """Counts and sums per card over trailing windows, excluding the current authorisation."""
    out = frame.sort_values(["card_token", "authorised_at"]).copy()
    indexed = out.set_index("authorised_at")
    for hours in windows_hours:
        rolled = indexed.groupby("card_token")["amount_eur"].rolling(f"{hours}h", closed="left")
        out[f"card_txn_count_{hours}h"] = rolled.count().fillna(0).to_numpy()
        if hours == 24:
            out["card_amount_sum_24h"] = rolled.sum().fillna(0.0).to_numpy()
    card_mean = out.groupby("card_token")["amount_eur"].transform(
        lambda s: s.shift(1).expanding().mean()
    )
    out["amount_to_card_mean_ratio"] = (out["amount_eur"] / card_mean).fillna(1.0)
    return out


def split_holdout(frame: pd.DataFrame, holdout_days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Time-based split: the most recent days are the holdout, never shuffled into training."""
    cutoff = frame["authorised_at"].max() - pd.Timedelta(days=holdout_days)
    return frame[frame["authorised_at"] <= cutoff], frame[frame["authorised_at"] > cutoff]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    params = yaml.safe_load(Path("params.yaml").read_text())["featurize"]

    frame = pd.read_parquet(args.dataset)
    frame = add_velocity_features(add_time_features(frame), params["velocity_windows_hours"])
    train, holdout = split_holdout(frame, params["holdout_days"])
    args.out_dir.mkdir(parents=True, exist_ok=True)
    train[FEATURE_COLUMNS + ["is_fraud"]].to_parquet(args.out_dir / "train.parquet", index=False)
    holdout[FEATURE_COLUMNS + ["is_fraud"]].to_parquet(args.out_dir / "holdout.parquet", index=False)


if __name__ == "__main__":
    main()
