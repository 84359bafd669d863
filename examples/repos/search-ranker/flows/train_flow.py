"""Metaflow flow: build graded pairs, validate, fine-tune on GPU, evaluate, register in MLflow."""

import os

import mlflow
import pandas as pd
import yaml
from metaflow import FlowSpec, IncludeFile, Parameter, current, resources, retry, step


class SearchRankerFlow(FlowSpec):
    params_file = IncludeFile("params", default="params.yaml", help="training parameters")
    max_epochs = Parameter("max-epochs", default=2, type=int)

    @step
    def start(self):
        self.params = yaml.safe_load(self.params_file)
        mlflow.set_experiment("search-ranker")
        self.next(self.load_pairs)

    @retry(times=2)
    @step
    def load_pairs(self):
        from ranker.pairs import document_text, frequent_queries, graded_pairs

        data = self.params["data"]
        events = pd.read_parquet(os.environ.get("SEARCH_EVENTS_URI", "s3://acme-search-logs/sessions/"))
        events = events[events["event_date"] >= pd.Timestamp.today() - pd.Timedelta(days=data["lookback_days"])]
        products = pd.read_parquet("s3://acme-catalog-exports/products/latest.parquet")
        pairs = frequent_queries(graded_pairs(events), data["min_query_sessions"])
        pairs = pairs.merge(products.assign(document=document_text(products)), on="product_id")
        sessions = events.groupby("session_id")["event_date"].max()
        last_week = sessions[sessions >= sessions.max() - pd.Timedelta(days=7)].index
        self.eval_pairs = pairs[pairs["session_id"].isin(last_week)]
        self.train_pairs = pairs[~pairs["session_id"].isin(last_week)]
        self.next(self.validate)

    @step
    def validate(self):
        from ranker.pairs import PAIRS_SCHEMA

        columns = list(PAIRS_SCHEMA.columns)
        PAIRS_SCHEMA.validate(self.train_pairs[columns], lazy=True)
        PAIRS_SCHEMA.validate(self.eval_pairs[columns], lazy=True)
        self.next(self.fine_tune)

    @resources(gpu=1, cpu=8, memory=32000)
    @step
    def fine_tune(self):
        from sentence_transformers import CrossEncoder, InputExample
        from torch.utils.data import DataLoader

        from ranker.model import CrossEncoderRanker

        model_cfg, train_cfg = self.params["model"], self.params["training"]
        examples = [
            InputExample(texts=[row.query, row.document], label=row.grade / 3.0)
            for row in self.train_pairs.itertuples()
        ]
        loader = DataLoader(examples, shuffle=True, batch_size=train_cfg["batch_size"])
        model = CrossEncoder(model_cfg["base_checkpoint"], num_labels=1, max_length=model_cfg["max_length"])
        with mlflow.start_run(run_name=f"metaflow-{current.run_id}") as run:
            mlflow.log_params({**train_cfg, "epochs": self.max_epochs, "pairs": len(examples)})
            model.fit(
                train_dataloader=loader,
                epochs=self.max_epochs,
                warmup_steps=int(len(loader) * self.max_epochs * train_cfg["warmup_ratio"]),
                optimizer_params={"lr": train_cfg["learning_rate"]},
            )
            model.save("checkpoint")
            mlflow.pyfunc.log_model(
                "model",
                python_model=CrossEncoderRanker(model_cfg["max_length"]),
                artifacts={"checkpoint": "checkpoint"},
                code_paths=["ranker"],
            )
            self.mlflow_run_id = run.info.run_id
        self.next(self.evaluate)

    @resources(gpu=1, memory=16000)
    @step
    def evaluate(self):
        from ranker.metrics import mean_reciprocal_rank

        cutoff = self.params["evaluation"]["cutoff"]
        model = mlflow.pyfunc.load_model(f"runs:/{self.mlflow_run_id}/model")
        scored = self.eval_pairs.assign(score=model.predict(self.eval_pairs[["query", "document"]]))
        with mlflow.start_run(run_id=self.mlflow_run_id):
            self.mrr = mean_reciprocal_rank(scored, cutoff)
            mlflow.log_metric(f"mrr_at_{cutoff}", self.mrr)
            for language, group in scored.groupby("language"):
                mlflow.log_metric(f"mrr_at_{cutoff}_{language}", mean_reciprocal_rank(group, cutoff))
        self.next(self.register)

    @step
    def register(self):
        version = mlflow.register_model(f"runs:/{self.mlflow_run_id}/model", self.params["registry"]["model_name"])
        self.model_version = version.version
        self.next(self.end)

    @step
    def end(self):
        print(f"registered search-ranker version {self.model_version} (MRR@10 {self.mrr:.3f})")


if __name__ == "__main__":
    SearchRankerFlow()
