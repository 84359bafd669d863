"""MLflow pyfunc wrapper so the registry serves the fine-tuned cross-encoder like any model."""

import mlflow
import pandas as pd
from sentence_transformers import CrossEncoder


class CrossEncoderRanker(mlflow.pyfunc.PythonModel):
    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def load_context(self, context) -> None:
        self.model = CrossEncoder(context.artifacts["checkpoint"], max_length=self.max_length)

    def predict(self, context, model_input: pd.DataFrame, params=None) -> list[float]:
        pairs = list(zip(model_input["query"], model_input["document"]))
        return self.model.predict(pairs, batch_size=64, show_progress_bar=False).tolist()
