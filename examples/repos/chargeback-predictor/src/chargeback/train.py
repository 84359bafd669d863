"""Model fitting and evaluation used by the ZenML pipeline steps."""

import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from chargeback.features import FEATURES


def time_split(frame: pd.DataFrame, holdout_months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    cutoff = frame["settled_at"].max() - pd.DateOffset(months=holdout_months)
    return frame[frame["settled_at"] <= cutoff], frame[frame["settled_at"] > cutoff]


def fit(train: pd.DataFrame, model_params: dict) -> CalibratedClassifierCV:
    booster = HistGradientBoostingClassifier(
        learning_rate=model_params["learning_rate"],
        max_iter=model_params["max_iter"],
        max_leaf_nodes=model_params["max_leaf_nodes"],
        l2_regularization=model_params["l2_regularization"],
        class_weight=model_params["class_weight"],
        random_state=model_params["random_state"],
    )
    # Reserves are sums of probabilities, so the scores must be calibrated, not just ranked.
    model = CalibratedClassifierCV(booster, method="isotonic", cv=3)
    return model.fit(train[FEATURES], train["disputed"])


def evaluate(model, holdout: pd.DataFrame) -> dict[str, float]:
    scores = model.predict_proba(holdout[FEATURES])[:, 1]
    return {
        "roc_auc": float(roc_auc_score(holdout["disputed"], scores)),
        "pr_auc": float(average_precision_score(holdout["disputed"], scores)),
        "brier": float(brier_score_loss(holdout["disputed"], scores)),
        "expected_vs_actual": float(scores.sum() / max(holdout["disputed"].sum(), 1)),
    }
