"""Daily refresh of the sales aggregates the forecaster trains and serves on."""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLCheckOperator, SQLExecuteQueryOperator

with DAG(
    dag_id="demand_forecaster_sales_refresh",
    schedule="0 2 * * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    default_args={"owner": "forecasting-ml", "retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["demand-forecaster", "data-refresh"],
) as dag:
    refresh = SQLExecuteQueryOperator(
        task_id="refresh_daily_sales_aggregates",
        conn_id="warehouse",
        sql="""
            DELETE FROM supply.daily_sales_aggregates WHERE day >= '{{ macros.ds_add(ds, -3) }}';
            INSERT INTO supply.daily_sales_aggregates
            SELECT s.store_id, s.sku, s.day, SUM(s.units) AS units_sold, AVG(s.unit_price_eur) AS price_eur,
                   BOOL_OR(s.on_promotion), COALESCE(BOOL_OR(o.stockout), FALSE), st.country
            FROM pos.sales_lines s
            JOIN stores st USING (store_id)
            LEFT JOIN supply.stockout_events o USING (store_id, sku, day)
            WHERE s.day >= '{{ macros.ds_add(ds, -3) }}' AND s.day <= '{{ ds }}'
            GROUP BY s.store_id, s.sku, s.day, st.country;
        """,
    )
    completeness = SQLCheckOperator(
        task_id="check_all_stores_reported",
        conn_id="warehouse",
        sql="""
            SELECT COUNT(DISTINCT store_id) >= 0.98 * (SELECT COUNT(*) FROM stores WHERE active)
            FROM supply.daily_sales_aggregates WHERE day = '{{ ds }}'
        """,
    )
    refresh >> completeness
