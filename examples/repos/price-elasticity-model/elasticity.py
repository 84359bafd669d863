"""Log-log regression of weekly units on price per category, controlling for promotions and season."""

import argparse

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf


def weekly(sales: pd.DataFrame) -> pd.DataFrame:
    sales["week"] = sales["day"].dt.to_period("W").dt.start_time
    agg = sales.groupby(["category", "sku", "week"]).agg(units=("units", "sum"), price=("price_eur", "mean"), promo=("on_promotion", "max"))
    agg = agg.reset_index()
    agg = agg[(agg["units"] > 0) & (agg["price"] > 0)]
    agg["log_units"] = np.log(agg["units"])
    agg["log_price"] = np.log(agg["price"])
    agg["week_of_year"] = agg["week"].dt.isocalendar().week.astype(int)
    return agg


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sales")
    p.add_argument("--out")
    a = p.parse_args()
    df = weekly(pd.read_parquet(a.sales))
    rows = []
    for cat, g in df.groupby("category"):
        if g["sku"].nunique() < 5:
            continue
        fit = smf.ols("log_units ~ log_price + promo + C(sku) + C(week_of_year)", data=g).fit()
        rows.append({"category": cat, "elasticity": fit.params["log_price"], "std_err": fit.bse["log_price"], "n": len(g)})
    pd.DataFrame(rows).to_csv(a.out, index=False)
    print(pd.DataFrame(rows).sort_values("elasticity").to_string())


if __name__ == "__main__":
    main()
