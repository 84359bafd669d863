"""SageMaker processing entry point: ledger extract -> scaled window features for training."""

import argparse
from pathlib import Path

import pandas as pd
import yaml

from inventory_anomaly.features import robust_scale_by_category, window_features

INPUT = Path("/opt/ml/processing/input")
OUTPUT = Path("/opt/ml/processing/output")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--params", default=str(INPUT / "code" / "params.yaml"))
    args = parser.parse_args()
    params = yaml.safe_load(Path(args.params).read_text())

    movements = pd.read_parquet(INPUT / "movements")
    cutoff = movements["day"].max() - pd.Timedelta(days=params["window_days"])
    window = movements[movements["day"] > cutoff]
    history = window.groupby(["store_id", "sku"])["day"].transform("nunique")
    features = robust_scale_by_category(window_features(window[history >= params["min_history_days"]]))
    (OUTPUT / "train").mkdir(parents=True, exist_ok=True)
    features.to_parquet(OUTPUT / "train" / "features.parquet", index=False)


if __name__ == "__main__":
    main()
