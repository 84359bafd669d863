import json
import sys

import joblib
import pandas as pd
from sklearn.metrics import roc_auc_score

model = joblib.load(sys.argv[1])
features = pd.read_parquet(sys.argv[2])
scores = model.predict_proba(features.drop(columns=["is_fraud"]))[:, 1]
json.dump({"auc": roc_auc_score(features["is_fraud"], scores)}, open("metrics.json", "w"))
