"""Chat API: redact, retrieve, generate through NeMo Guardrails and the LiteLLM gateway, measure."""

import logging
import os

import mlflow
import yaml
from fastapi import FastAPI
from nemoguardrails import LLMRails, RailsConfig
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel, Field

from app.privacy import Redactor
from app.rag import Retriever, answer

PARAMS = yaml.safe_load(open("params.yaml"))
# The champion chain version fixes the collection and retrieval parameters the app uses.
CHAIN = mlflow.pyfunc.load_model(os.environ.get("CHAIN_URI", "models:/support-assistant-rag@champion")).metadata.metadata

app = FastAPI(title="support-assistant")
app.mount("/metrics", make_asgi_app())
log = logging.getLogger("support-assistant")

TOKENS = Counter("support_assistant_llm_tokens_total", "Tokens used", ["model", "kind"])
REDACTIONS = Counter("support_assistant_pii_redactions_total", "Messages with PII redacted", ["entity"])
HANDOVERS = Counter("support_assistant_handovers_total", "Chats handed to a human", ["reason"])
OUTCOMES = Counter("support_assistant_conversations_total", "Finished conversations", ["outcome"])
FEEDBACK = Counter("support_assistant_feedback_total", "Thumbs up/down from the chat widget", ["rating"])
GUARDRAIL_BLOCKS = Counter("support_assistant_guardrail_blocks_total", "Responses blocked by a rail", ["rail"])
LATENCY = Histogram("support_assistant_response_seconds", "Time to answer", buckets=[0.5, 1, 2, 4, 8, 16])

redactor = Redactor()
retriever = Retriever(os.environ["QDRANT_URL"], CHAIN["collection"], PARAMS["index"]["embedding_model"])
rails = LLMRails(RailsConfig.from_path("guardrails"))


class ChatRequest(BaseModel):
    conversation_id: str
    message: str = Field(max_length=2000)
    language: str = "de"
    order: dict | None = None


class Feedback(BaseModel):
    conversation_id: str
    message_id: str
    rating: str = Field(pattern="^(up|down)$")


class ConversationEnd(BaseModel):
    conversation_id: str
    outcome: str = Field(pattern="^(resolved|handover|abandoned)$")


@app.post("/v1/chat")
async def chat(request: ChatRequest) -> dict:
    with LATENCY.time():
        question, entities = redactor.redact(request.message, request.language)
        for entity in entities:
            REDACTIONS.labels(entity).inc()
        result = await answer(question, request.order, CHAIN, retriever, rails)
    if result.handover:
        HANDOVERS.labels("no-relevant-passage" if result.passages else "no-passages").inc()
        return {"handover": True, "answer": None}
    for call in result.llm_calls:
        TOKENS.labels(call.llm_model_name, "prompt").inc(call.prompt_tokens or 0)
        TOKENS.labels(call.llm_model_name, "completion").inc(call.completion_tokens or 0)
    for rail in result.activated_rails:
        if rail.stop:
            GUARDRAIL_BLOCKS.labels(rail.name).inc()
    return {"handover": False, "answer": result.text, "sources": [p.article_id for p in result.passages]}


@app.post("/v1/feedback")
def feedback(event: Feedback) -> dict:
    FEEDBACK.labels(event.rating).inc()
    log.info("feedback", extra={"conversation_id": event.conversation_id, "message_id": event.message_id, "rating": event.rating})
    return {"accepted": True}


@app.post("/v1/conversations/end")
def end_conversation(event: ConversationEnd) -> dict:
    OUTCOMES.labels(event.outcome).inc()
    return {"accepted": True}


@app.get("/healthz")
def health() -> dict:
    return {"status": "ok"}
