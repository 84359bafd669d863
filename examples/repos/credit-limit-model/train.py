import pickle
import sys

import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier

df = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "repayments.csv")
df = df.dropna()

# features picked in the notebook (cell 14)
X = df[["basket_eur", "customer_age_days", "previous_orders", "avg_basket_eur", "returns_ratio", "device_is_mobile"]]
y = df["defaulted"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

model = XGBClassifier(n_estimators=300, max_depth=5, learning_rate=0.05)
model.fit(X_train, y_train)

print("AUC", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))

with open("model.pkl", "wb") as f:
    pickle.dump(model, f)
