"""Settled transactions with matured dispute labels, and the schema they must satisfy."""

import os

import pandas as pd
import pandera as pa
import sqlalchemy
from pandera import Check, Column

SETTLEMENTS = pa.DataFrameSchema(
    {
        "transaction_id": Column(str, unique=True),
        "merchant_id": Column(str),
        "merchant_category": Column(str, Check.str_matches(r"^\d{4}$")),
        "merchant_age_days": Column(int, Check.ge(0)),
        "merchant_country": Column(str, Check.str_length(2, 2)),
        "amount_eur": Column(float, Check.in_range(0, 100_000)),
        "is_card_present": Column(bool),
        "is_cross_border": Column(bool),
        "settled_at": Column("datetime64[ns]"),
        "disputed": Column(bool),
    },
    coerce=True,
)

QUERY = """
SELECT t.transaction_id, t.merchant_id, m.category AS merchant_category,
       DATE_PART('day', t.settled_at - m.onboarded_at)::int AS merchant_age_days,
       m.country AS merchant_country, t.amount_eur, t.is_card_present,
       t.card_country <> m.country AS is_cross_border, t.settled_at,
       EXISTS (SELECT 1 FROM disputes d WHERE d.transaction_id = t.transaction_id
               AND d.opened_at <= t.settled_at + make_interval(days => :label_window_days)) AS disputed
FROM settlements t JOIN merchants m USING (merchant_id)
WHERE t.settled_at BETWEEN now() - make_interval(days => :lookback_days)
                       AND now() - make_interval(days => :label_window_days)
"""


def load_settlements(lookback_days: int, label_window_days: int) -> pd.DataFrame:
    engine = sqlalchemy.create_engine(os.environ["RISK_DB_URL"])
    frame = pd.read_sql(
        sqlalchemy.text(QUERY),
        engine,
        params={"lookback_days": lookback_days, "label_window_days": label_window_days},
    )
    return SETTLEMENTS.validate(frame, lazy=True)
