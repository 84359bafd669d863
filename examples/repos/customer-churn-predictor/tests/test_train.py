import numpy as np
import pandas as pd

from churn.features import CATEGORICAL, NUMERIC
from churn.train import build_model, top_decile_lift


def test_top_decile_lift():
    y_true = np.array([1] * 10 + [0] * 90)
    perfect = np.linspace(1, 0, 100)
    assert top_decile_lift(y_true, perfect) == 10.0
    assert top_decile_lift(np.zeros(10), perfect[:10]) == 0.0


def test_pipeline_handles_unseen_store_formats():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.random((200, len(NUMERIC))), columns=NUMERIC)
    frame["preferred_store_format"] = rng.choice(["supermarket", "express"], size=200)
    labels = frame["recency_days"] > 0.5
    model = build_model({"max_iter": 30, "random_state": 0}).fit(frame[NUMERIC + CATEGORICAL], labels)
    unseen = frame.head(3).assign(preferred_store_format="online")
    probabilities = model.predict_proba(unseen[NUMERIC + CATEGORICAL])[:, 1]
    assert probabilities.shape == (3,)
    assert ((0 <= probabilities) & (probabilities <= 1)).all()
    assert model.score(frame[NUMERIC + CATEGORICAL], labels) > 0.9
