"""Session snapshots: extraction from the warehouse and the schema every snapshot must satisfy."""

import argparse
import os
from pathlib import Path

import pandas as pd
import pandera as pa
import snowflake.connector
import yaml
from pandera import Check, Column

EVENTS = ["impression", "click", "add_to_basket", "purchase"]
CONTEXTS = ["home", "product", "basket"]

SESSION_SCHEMA = pa.DataFrameSchema(
    {
        "session_id": Column(str),
        "customer_id": Column(str),
        "product_id": Column(str),
        "category_id": Column(str),
        "context": Column(str, Check.isin(CONTEXTS)),
        "event": Column(str, Check.isin(EVENTS)),
        "price_eur": Column(float, Check.in_range(0, 20_000)),
        "event_at": Column("datetime64[ns]"),
    },
    checks=[
        # Every purchase in a session must have been shown first; otherwise the join dropped impressions.
        Check(lambda df: df[df.event == "purchase"].product_id.isin(df[df.event == "impression"].product_id).mean() > 0.95,
              name="purchases_have_impressions"),
    ],
    coerce=True,
    strict=False,
)

SNAPSHOT_SQL = """
SELECT session_id, customer_id, product_id, category_id, context, event, price_eur, event_at
FROM analytics.storefront_recommendation_events
WHERE event_at >= DATEADD(day, -%(window_days)s, CURRENT_DATE)
  AND personalisation_opt_out = FALSE
"""


def snapshot(out: Path, window_days: int) -> None:
    connection = snowflake.connector.connect(
        account=os.environ["SNOWFLAKE_ACCOUNT"],
        user=os.environ["SNOWFLAKE_USER"],
        private_key_file=os.environ["SNOWFLAKE_KEY_FILE"],
        warehouse="ML_WH",
    )
    frame = pd.read_sql(SNAPSHOT_SQL, connection, params={"window_days": window_days})
    frame.columns = [c.lower() for c in frame.columns]
    out.parent.mkdir(parents=True, exist_ok=True)
    SESSION_SCHEMA.validate(frame, lazy=True).to_parquet(out, index=False)


def load_sessions(path: Path | str) -> pd.DataFrame:
    """Reads a snapshot and fails with every schema violation listed, not just the first."""
    return SESSION_SCHEMA.validate(pd.read_parquet(path), lazy=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["snapshot"])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    params = yaml.safe_load(Path("params.yaml").read_text())["data"]
    snapshot(args.out, params["window_days"])


if __name__ == "__main__":
    main()
