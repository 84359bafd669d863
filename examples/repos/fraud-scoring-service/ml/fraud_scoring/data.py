"""Extracts labelled authorisations from the warehouse and validates them before training."""

import argparse
import json
import os
from pathlib import Path

import great_expectations as gx
import pandas as pd
import sqlalchemy
import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "transactions.schema.json"

EXTRACT_SQL = """
SELECT a.auth_id, a.card_token, a.merchant_id, a.merchant_category, a.amount_eur,
       a.currency, a.channel, a.device_risk, a.ip_risk, a.authorised_at,
       COALESCE(c.is_fraud, FALSE) AS is_fraud
FROM payments.authorisations a
LEFT JOIN payments.chargebacks c ON c.auth_id = a.auth_id AND c.reason_group = 'fraud'
WHERE a.channel = 'card_not_present'
  AND a.authorised_at >= CURRENT_DATE - %(lookback_days)s
  AND a.authorised_at < CURRENT_DATE - %(label_maturity_days)s
"""


def extract(out: Path, lookback_days: int, label_maturity_days: int) -> pd.DataFrame:
    engine = sqlalchemy.create_engine(os.environ["WAREHOUSE_URL"])
    frame = pd.read_sql(
        EXTRACT_SQL,
        engine,
        params={"lookback_days": lookback_days, "label_maturity_days": label_maturity_days},
        parse_dates=["authorised_at"],
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(out, index=False)
    return frame


def build_suite(schema: dict) -> gx.ExpectationSuite:
    """Turns the JSON schema of the dataset into Great Expectations expectations."""
    suite = gx.ExpectationSuite(name="transactions")
    for column in schema["required"]:
        suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column=column))
    for column, spec in schema["properties"].items():
        if "minimum" in spec or "maximum" in spec:
            suite.add_expectation(
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column=column, min_value=spec.get("minimum"), max_value=spec.get("maximum")
                )
            )
        if "enum" in spec:
            suite.add_expectation(
                gx.expectations.ExpectColumnValuesToBeInSet(column=column, value_set=spec["enum"])
            )
    suite.add_expectation(gx.expectations.ExpectColumnValuesToBeUnique(column="auth_id"))
    # Fraud prevalence outside this band means the chargeback join broke, not that fraud changed.
    suite.add_expectation(
        gx.expectations.ExpectColumnMeanToBeBetween(column="is_fraud", min_value=0.0005, max_value=0.02)
    )
    return suite


def validate(frame: pd.DataFrame, schema: dict) -> dict:
    context = gx.get_context(mode="ephemeral")
    batch_definition = (
        context.data_sources.add_pandas("warehouse")
        .add_dataframe_asset("authorisations")
        .add_batch_definition_whole_dataframe("extract")
    )
    suite = context.suites.add(build_suite(schema))
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
    failed = [r.expectation_config.type for r in result.results if not r.success]
    return {"success": result.success, "evaluated": len(result.results), "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    extract_cmd = sub.add_parser("extract")
    extract_cmd.add_argument("--out", type=Path, required=True)
    validate_cmd = sub.add_parser("validate")
    validate_cmd.add_argument("dataset", type=Path)
    validate_cmd.add_argument("--report", type=Path, required=True)
    args = parser.parse_args()

    if args.command == "extract":
        params = yaml.safe_load(Path("params.yaml").read_text())["extract"]
        extract(args.out, params["lookback_days"], params["label_maturity_days"])
        return

    schema = json.loads(SCHEMA_PATH.read_text())
    report = validate(pd.read_parquet(args.dataset), schema)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2))
    if not report["success"]:
        raise SystemExit(f"Data validation failed: {report['failed']}")


if __name__ == "__main__":
    main()
