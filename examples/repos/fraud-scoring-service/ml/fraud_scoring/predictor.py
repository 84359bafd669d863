"""KServe custom predictor: joins online velocity features and scores with the champion model."""

import os

import kserve
import mlflow
import pandas as pd
import redis
from prometheus_client import Counter, Histogram

from fraud_scoring.features import FEATURE_COLUMNS

SCORES = Histogram(
    "fraud_scoring_probability",
    "Fraud probability returned per authorisation",
    buckets=[0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99],
)
ONLINE_FEATURE_MISSES = Counter(
    "fraud_scoring_online_feature_misses_total", "Authorisations scored without velocity features"
)


class FraudScoringModel(kserve.Model):
    def __init__(self, name: str):
        super().__init__(name)
        self.model = None
        self.features = redis.Redis.from_url(os.environ["FEATURE_STORE_URL"])

    def load(self) -> bool:
        self.model = mlflow.pyfunc.load_model(os.environ.get("MODEL_URI", "models:/fraud-scoring@champion"))
        self.ready = True
        return self.ready

    def velocity(self, card_token: str) -> dict:
        stored = self.features.hgetall(f"velocity:{card_token}")
        if not stored:
            ONLINE_FEATURE_MISSES.inc()
        return {key.decode(): float(value) for key, value in stored.items()}

    def predict(self, payload: dict, headers: dict | None = None) -> dict:
        rows = [{**instance, **self.velocity(instance["card_token"])} for instance in payload["instances"]]
        frame = pd.DataFrame(rows).reindex(columns=FEATURE_COLUMNS, fill_value=0.0)
        probabilities = [float(p) for p in self.model.predict(frame)]
        for probability in probabilities:
            SCORES.observe(probability)
        return {"predictions": probabilities}


if __name__ == "__main__":
    kserve.ModelServer().start([FraudScoringModel("fraud-scoring")])
