import sys

import joblib
import mlflow
import pandas as pd
import yaml
from sklearn.ensemble import RandomForestClassifier

params = yaml.safe_load(open("params.yaml"))["train"]
features = pd.read_parquet(sys.argv[1])

with mlflow.start_run():
    mlflow.log_params(params)
    model = RandomForestClassifier(**params)
    model.fit(features.drop(columns=["is_fraud"]), features["is_fraud"])
    mlflow.log_metric("train_accuracy", model.score(features.drop(columns=["is_fraud"]), features["is_fraud"]))
    mlflow.sklearn.log_model(model, "model", registered_model_name="fraud-scoring")
    joblib.dump(model, sys.argv[2])
