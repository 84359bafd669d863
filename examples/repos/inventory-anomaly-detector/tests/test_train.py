import numpy as np
import pandas as pd

from inventory_anomaly.features import FEATURES
from inventory_anomaly.train import anomaly_scores, fit, precision_at_k_per_store


def test_precision_at_k_is_averaged_per_store():
    scored = pd.DataFrame(
        {
            "store_id": ["a", "a", "a", "b", "b"],
            "anomaly_score": [0.9, 0.8, 0.1, 0.7, 0.6],
            "recount_error": [True, False, True, False, False],
        }
    )
    assert precision_at_k_per_store(scored, k=2) == 0.25


def test_outliers_score_higher_than_inliers():
    rng = np.random.default_rng(1)
    normal = pd.DataFrame(rng.normal(0, 1, size=(500, len(FEATURES))), columns=FEATURES)
    outliers = pd.DataFrame(rng.normal(8, 1, size=(5, len(FEATURES))), columns=FEATURES)
    model = fit(normal, {"n_estimators": 100, "random_state": 0})
    scores = anomaly_scores(model, pd.concat([normal, outliers], ignore_index=True))
    assert scores.iloc[-5:].min() > scores.iloc[:-5].quantile(0.99)
