"""Training, evaluation and MLflow registration, called from the Airflow DAG."""

import mlflow
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from churn.features import CATEGORICAL, NUMERIC


def build_model(params: dict) -> Pipeline:
    encode = ColumnTransformer(
        [("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)], remainder="passthrough"
    )
    return Pipeline([("encode", encode), ("classifier", HistGradientBoostingClassifier(**params))])


def top_decile_lift(y_true: np.ndarray, scores: np.ndarray) -> float:
    order = np.argsort(-scores)
    top = y_true[order][: max(1, len(y_true) // 10)]
    return float(top.mean() / y_true.mean()) if y_true.mean() > 0 else 0.0


def train_and_register(dataset: pd.DataFrame, params: dict) -> str:
    features = dataset[NUMERIC + CATEGORICAL]
    train_x, test_x, train_y, test_y = train_test_split(
        features, dataset["churned"], test_size=params["evaluation"]["test_size"],
        stratify=dataset["churned"], random_state=params["model"]["random_state"],
    )
    mlflow.set_experiment("customer-churn")
    with mlflow.start_run(run_name="airflow-training") as run:
        mlflow.log_params(params["model"])
        model = build_model(params["model"]).fit(train_x, train_y)
        scores = model.predict_proba(test_x)[:, 1]
        metrics = {
            "roc_auc": roc_auc_score(test_y, scores),
            "pr_auc": average_precision_score(test_y, scores),
            "top_decile_lift": top_decile_lift(test_y.to_numpy(), scores),
        }
        mlflow.log_metrics(metrics)
        if metrics["roc_auc"] < params["evaluation"]["min_roc_auc"]:
            raise ValueError(f"ROC-AUC {metrics['roc_auc']:.3f} below {params['evaluation']['min_roc_auc']}")
        mlflow.sklearn.log_model(
            model, artifact_path="model", input_example=test_x.head(3),
            registered_model_name=params["registry"]["model_name"],
        )
        return run.info.run_id
