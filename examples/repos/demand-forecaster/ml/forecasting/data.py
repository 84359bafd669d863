"""Daily sales per store x SKU: extraction and the contract every training snapshot must meet."""

import os
import sys
from pathlib import Path

import pandas as pd
import pandera as pa
import sqlalchemy
import yaml
from pandera.typing import Series


class DailySales(pa.DataFrameModel):
    """Schema of data/sales.parquet; a snapshot that breaks it never reaches training."""

    store_id: Series[str]
    sku: Series[str]
    day: Series[pa.DateTime]
    units_sold: Series[float] = pa.Field(ge=0)
    price_eur: Series[float] = pa.Field(gt=0, le=5_000)
    on_promotion: Series[bool]
    stockout: Series[bool]
    country: Series[str] = pa.Field(isin=["DE", "NL", "BE", "AT", "PL"])

    class Config:
        coerce = True
        unique = ["store_id", "sku", "day"]


def missing_days_share(sales: pd.DataFrame) -> float:
    """Share of series-days absent between each series' first and last day."""
    spans = sales.groupby(["store_id", "sku"])["day"].agg(["min", "max", "count"])
    expected = ((spans["max"] - spans["min"]).dt.days + 1).sum()
    return float(1 - spans["count"].sum() / expected) if expected else 0.0


def validate(sales: pd.DataFrame, max_missing_days_share: float) -> pd.DataFrame:
    validated = DailySales.validate(sales, lazy=True)
    share = missing_days_share(validated)
    if share > max_missing_days_share:
        raise ValueError(f"{share:.1%} of series-days are missing (limit {max_missing_days_share:.1%})")
    return validated


def extract(out: Path, history_days: int) -> None:
    engine = sqlalchemy.create_engine(os.environ["WAREHOUSE_URL"])
    sales = pd.read_sql(
        sqlalchemy.text(
            "SELECT store_id, sku, day, units_sold, price_eur, on_promotion, stockout, country "
            "FROM supply.daily_sales_aggregates WHERE day >= CURRENT_DATE - :history_days"
        ),
        engine,
        params={"history_days": history_days},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    sales.to_parquet(out, index=False)


if __name__ == "__main__":
    params = yaml.safe_load(Path("params.yaml").read_text())
    command, path = sys.argv[1], Path(sys.argv[2])
    if command == "extract":
        extract(path, params["extract"]["history_days"])
    else:
        validate(pd.read_parquet(path), params["validate"]["max_missing_days_share"])
