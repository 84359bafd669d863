import pandas as pd

from src.featurize import featurize


def test_night_transactions_are_flagged():
    frame = featurize(pd.DataFrame({"amount": [10.0, 99.0], "hour": [3, 14]}))
    assert list(frame["is_night"]) == [1, 0]


def test_amount_feature_is_never_negative():
    frame = featurize(pd.DataFrame({"amount": [-5.0], "hour": [12]}))
    assert frame["amount_log"].min() >= 0
