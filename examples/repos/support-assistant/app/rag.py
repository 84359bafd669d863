"""Retrieval, prompt assembly and the hand-over decision."""

from dataclasses import dataclass, field

from qdrant_client import QdrantClient
from sentence_transformers import SentenceTransformer

SYSTEM_PROMPTS = {
    "v14": (
        "You are Acme's customer support assistant. Answer only from the help-centre passages and "
        "the order details provided. Cite passages as [1], [2]. If the passages do not answer the "
        "question, say so and offer a human agent. Never promise refunds, vouchers or delivery "
        "dates that are not in the order details."
    ),
}


@dataclass(frozen=True)
class Passage:
    article_id: str
    title: str
    text: str
    score: float


def chunk_words(text: str, size: int, overlap: int) -> list[str]:
    """Splits an article into overlapping windows of words so no answer is cut at a boundary."""
    if overlap >= size:
        raise ValueError("overlap must be smaller than the chunk size")
    words = text.split()
    step = size - overlap
    return [" ".join(words[start:start + size]) for start in range(0, max(len(words) - overlap, 1), step)]


def build_messages(question: str, passages: list[Passage], order_context: dict | None, prompt_version: str) -> list[dict]:
    sources = "\n\n".join(f"[{i}] {p.title}\n{p.text}" for i, p in enumerate(passages, start=1))
    order = "\n".join(f"{k}: {v}" for k, v in sorted((order_context or {}).items())) or "no order selected"
    return [
        {"role": "system", "content": SYSTEM_PROMPTS[prompt_version]},
        {"role": "context", "content": {"relevant_chunks": sources, "order": order}},
        {"role": "user", "content": question},
    ]


def needs_handover(question: str, passages: list[Passage], min_score: float) -> bool:
    """Hand over when the customer asks for a person or nothing relevant was retrieved."""
    asks_for_human = any(word in question.lower() for word in ("agent", "human", "mitarbeiter", "medewerker", "konsultant"))
    return asks_for_human or not passages or max(p.score for p in passages) < min_score


class Retriever:
    def __init__(self, qdrant_url: str, collection: str, embedding_model: str):
        self.client = QdrantClient(url=qdrant_url)
        self.collection = collection
        self.encoder = SentenceTransformer(embedding_model)

    def search(self, query: str, top_k: int) -> list[Passage]:
        vector = self.encoder.encode(f"query: {query}", normalize_embeddings=True).tolist()
        hits = self.client.query_points(self.collection, query=vector, limit=top_k).points
        return [Passage(h.payload["article_id"], h.payload["title"], h.payload["text"], h.score) for h in hits]


@dataclass
class Answer:
    text: str | None
    passages: list[Passage]
    handover: bool
    llm_calls: list = field(default_factory=list)
    activated_rails: list = field(default_factory=list)


async def answer(question: str, order: dict | None, chain: dict, retriever: Retriever, rails) -> Answer:
    """One turn of the assistant for an already redacted question; `rails` is an LLMRails."""
    passages = retriever.search(question, int(chain["top_k"]))
    if needs_handover(question, passages, float(chain["min_score"])):
        return Answer(None, passages, handover=True)
    response = await rails.generate_async(
        messages=build_messages(question, passages, order, chain["prompt_version"]),
        options={"log": {"llm_calls": True, "activated_rails": True}},
    )
    return Answer(
        response.response[0]["content"], passages, handover=False,
        llm_calls=response.log.llm_calls, activated_rails=response.log.activated_rails,
    )
