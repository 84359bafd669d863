"""Re-ranking API called by the search service with a query and its candidate products."""

import os
import time

import mlflow
import pandas as pd
from fastapi import FastAPI, HTTPException
from prometheus_client import Histogram, make_asgi_app
from pydantic import BaseModel

app = FastAPI(title="search-ranker")
app.mount("/metrics", make_asgi_app())
LATENCY = Histogram("search_ranker_rerank_seconds", "Re-ranking latency", buckets=[0.01, 0.02, 0.04, 0.06, 0.1, 0.2])
CANDIDATES = Histogram("search_ranker_candidates", "Candidates per request", buckets=[10, 25, 50, 100])

model = mlflow.pyfunc.load_model(os.environ.get("MODEL_URI", "models:/search-ranker@production"))


class Candidate(BaseModel):
    product_id: str
    document: str


class RerankRequest(BaseModel):
    query: str
    candidates: list[Candidate]


@app.post("/rerank")
def score_candidates(request: RerankRequest) -> dict:
    if not 0 < len(request.candidates) <= 100:
        raise HTTPException(status_code=422, detail="between 1 and 100 candidates are accepted")
    started = time.perf_counter()
    frame = pd.DataFrame(
        {"query": request.query, "document": [c.document for c in request.candidates],
         "product_id": [c.product_id for c in request.candidates]}
    )
    frame["score"] = model.predict(frame[["query", "document"]])
    LATENCY.observe(time.perf_counter() - started)
    CANDIDATES.observe(len(frame))
    ranked = frame.sort_values("score", ascending=False)
    return {"product_ids": ranked["product_id"].tolist(), "scores": ranked["score"].round(4).tolist()}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
