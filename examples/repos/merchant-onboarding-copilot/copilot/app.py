"""Onboarding portal API around the registered copilot chain."""

import os

import mlflow
from fastapi import FastAPI, HTTPException
from guardrails.errors import ValidationError
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel, Field

app = FastAPI(title="merchant-onboarding-copilot")
app.mount("/metrics", make_asgi_app())
TOKENS = Counter("onboarding_copilot_tokens_total", "LLM tokens used", ["kind"])
BLOCKED = Counter("onboarding_copilot_blocked_answers_total", "Answers rejected by output validation")
LATENCY = Histogram("onboarding_copilot_answer_seconds", "Answer latency", buckets=[1, 2, 4, 8, 15])

chain = mlflow.pyfunc.load_model(os.environ.get("MODEL_URI", "models:/merchant-onboarding-copilot@production")).unwrap_python_model()


class Question(BaseModel):
    question: str = Field(min_length=3, max_length=1500)
    language: str = Field(default="en", pattern="^(en|de)$")


@app.post("/v1/answers")
def ask(request: Question) -> dict:
    with LATENCY.time():
        try:
            result = chain.answer(request.question, request.language)
        except ValidationError as error:
            BLOCKED.inc()
            raise HTTPException(status_code=422, detail="No policy-backed answer; an onboarding specialist will follow up.") from error
    TOKENS.labels("prompt").inc(result["prompt_tokens"])
    TOKENS.labels("completion").inc(result["completion_tokens"])
    return {"answer": result["answer"], "sections": result["sections"]}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
