"""Nightly Prefect flow: snapshot and validate the help centre, embed it at scale with Ray Data,
tune retrieval with Optuna, evaluate with ragas, register the chain and promote it."""

import argparse
import os
from datetime import date

import httpx
import mlflow
import optuna
import pandas as pd
import pandera as pa
import ray
import yaml
from mlflow import MlflowClient
from pandera import Check, Column
from prefect import flow, task
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway
from qdrant_client import QdrantClient, models

from app.rag import Retriever, chunk_words
from evals.ragas_eval import evaluate_chain, load_golden_set, retrieval_hit_rate

PARAMS = yaml.safe_load(open("params.yaml"))

ARTICLES = pa.DataFrameSchema(
    {
        "article_id": Column(str, unique=True),
        "language": Column(str, Check.isin(["de", "nl", "pl", "en"])),
        "title": Column(str, Check.str_length(3, 200)),
        "body": Column(str, Check.str_length(50, 60_000)),
        "updated_at": Column("datetime64[ns, UTC]"),
    },
    coerce=True,
)


def snapshot_helpcentre() -> pd.DataFrame:
    response = httpx.get(f"{os.environ['HELPCENTRE_API']}/articles?status=published", timeout=60)
    response.raise_for_status()
    return pd.DataFrame(response.json()["articles"])


class Embedder:
    def __init__(self):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(PARAMS["index"]["embedding_model"], device="cuda")

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        vectors = self.model.encode([f"passage: {t}" for t in batch["text"]], normalize_embeddings=True, batch_size=128)
        return batch.assign(vector=list(vectors))


class ChainDefinition(mlflow.pyfunc.PythonModel):
    """The registered artefact is the chain's configuration (collection, retrieval, prompt);
    the serving app resolves the champion's metadata at start-up."""

    def __init__(self, chain: dict):
        self.chain = chain

    def predict(self, context, model_input, params=None):
        return [self.chain for _ in range(len(model_input))]


def valid_articles(articles: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drops the articles that break the schema instead of failing the whole refresh; the
    number dropped is a data-quality signal for the help-centre editors."""
    try:
        return ARTICLES.validate(articles, lazy=True), 0
    except pa.errors.SchemaErrors as errors:
        bad_rows = set(errors.failure_cases["index"].dropna())
        kept = articles.drop(index=[i for i in bad_rows if i in articles.index])
        return ARTICLES.validate(kept, lazy=True), len(articles) - len(kept)


@task(retries=2)
def load_articles() -> pd.DataFrame:
    articles, rejected = valid_articles(snapshot_helpcentre())
    registry = CollectorRegistry()
    Gauge("support_assistant_kb_invalid_articles", "Help-centre articles dropped by schema validation", registry=registry).set(rejected)
    Gauge("support_assistant_kb_articles", "Help-centre articles indexed", registry=registry).set(len(articles))
    push_to_gateway(os.environ["PUSHGATEWAY_ADDRESS"], job="support-assistant-refresh", registry=registry)
    return articles


@task
def build_collection(articles: pd.DataFrame) -> str:
    chunks = [
        {"article_id": a.article_id, "title": a.title, "language": a.language, "text": text}
        for a in articles.itertuples()
        for text in chunk_words(a.body, PARAMS["index"]["chunk_words"], PARAMS["index"]["chunk_overlap_words"])
    ]
    embedded = (
        ray.data.from_pandas(pd.DataFrame(chunks))
        .map_batches(Embedder, batch_format="pandas", batch_size=512, concurrency=2, num_gpus=1)
        .to_pandas()
    )
    collection = f"{PARAMS['index']['collection_prefix']}-{date.today():%Y%m%d}"
    client = QdrantClient(url=os.environ["QDRANT_URL"])
    client.create_collection(collection, vectors_config=models.VectorParams(size=len(embedded["vector"][0]), distance=models.Distance.COSINE))
    client.upload_collection(
        collection,
        vectors=[v.tolist() for v in embedded["vector"]],
        payload=embedded.drop(columns=["vector"]).to_dict("records"),
    )
    return collection


@task
def tune_retrieval(collection: str) -> dict:
    golden = load_golden_set(PARAMS["evaluation"]["golden_set"])
    retriever = Retriever(os.environ["QDRANT_URL"], collection, PARAMS["index"]["embedding_model"])

    def objective(trial: optuna.Trial) -> float:
        top_k = trial.suggest_int("top_k", 3, 10)
        min_score = trial.suggest_float("min_score", 0.3, 0.6)
        # Reward finding the right article, penalise long contexts (cost and distraction).
        return retrieval_hit_rate(retriever, golden, top_k, min_score) - 0.01 * top_k

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=PARAMS["tuning"]["seed"]))
    study.optimize(objective, n_trials=PARAMS["tuning"]["n_trials"])
    return study.best_params


@task
def evaluate_and_register(collection: str, retrieval: dict) -> dict:
    chain = {"collection": collection, "prompt_version": PARAMS["generation"]["prompt_version"], **retrieval}
    mlflow.set_experiment("support-assistant")
    with mlflow.start_run(run_name=f"refresh-{collection}") as run:
        mlflow.log_params(chain)
        metrics = evaluate_chain(chain, PARAMS)
        mlflow.log_metrics(metrics)
        mlflow.pyfunc.log_model(
            "chain",
            python_model=ChainDefinition(chain),
            metadata=chain,
            registered_model_name=PARAMS["registry"]["model_name"],
        )
    passed = (
        metrics["faithfulness"] >= PARAMS["evaluation"]["min_faithfulness"]
        and metrics["answer_relevancy"] >= PARAMS["evaluation"]["min_answer_relevancy"]
    )
    if passed:
        client = MlflowClient()
        version = next(v for v in client.search_model_versions(f"name='{PARAMS['registry']['model_name']}'") if v.run_id == run.info.run_id)
        client.set_registered_model_alias(PARAMS["registry"]["model_name"], "champion", version.version)
    return {**metrics, "promoted": passed}


@flow(name="support-assistant-refresh", log_prints=True)
def refresh() -> dict:
    collection = build_collection(load_articles())
    result = evaluate_and_register(collection, tune_retrieval(collection))
    print(result)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["snapshot", "refresh"])
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.command == "snapshot":
        ARTICLES.validate(snapshot_helpcentre()).to_parquet(args.out, index=False)
    else:
        refresh()
