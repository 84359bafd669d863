"""Loyalty data extraction and the Great Expectations suite the training snapshot must pass."""

import os

import great_expectations as gx
import pandas as pd
import sqlalchemy


def load_purchases(since: pd.Timestamp) -> pd.DataFrame:
    engine = sqlalchemy.create_engine(os.environ["LOYALTY_DB_URL"])
    return pd.read_sql(
        sqlalchemy.text(
            "SELECT member_id, purchased_at, amount_eur, category_id, channel, voucher_used "
            "FROM loyalty.purchases WHERE purchased_at >= :since"
        ),
        engine,
        params={"since": since},
        parse_dates=["purchased_at"],
    )


def load_members() -> pd.DataFrame:
    engine = sqlalchemy.create_engine(os.environ["LOYALTY_DB_URL"])
    return pd.read_sql(
        "SELECT member_id, joined_at, preferred_store_format FROM loyalty.members WHERE NOT opted_out_of_profiling",
        engine,
        parse_dates=["joined_at"],
    )


def snapshot_expectations() -> list:
    return [
        gx.expectations.ExpectColumnValuesToBeUnique(column="member_id"),
        gx.expectations.ExpectColumnValuesToNotBeNull(column="recency_days"),
        gx.expectations.ExpectColumnValuesToBeBetween(column="recency_days", min_value=0, max_value=365),
        gx.expectations.ExpectColumnValuesToBeBetween(column="online_share_365d", min_value=0, max_value=1),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="preferred_store_format", value_set=["hypermarket", "supermarket", "express", "online"]
        ),
        # A churn rate outside this band means the label join is broken, not that customers changed.
        gx.expectations.ExpectColumnMeanToBeBetween(column="churned", min_value=0.15, max_value=0.40),
    ]


def validate_snapshot(snapshot: pd.DataFrame) -> None:
    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("loyalty")
        .add_dataframe_asset("churn_snapshot")
        .add_batch_definition_whole_dataframe("snapshot")
        .get_batch(batch_parameters={"dataframe": snapshot})
    )
    suite = context.suites.add(gx.ExpectationSuite(name="churn_snapshot", expectations=snapshot_expectations()))
    result = batch.validate(suite)
    if not result.success:
        failed = [r.expectation_config.type for r in result.results if not r.success]
        raise ValueError(f"churn snapshot failed expectations: {failed}")
