import asyncio
from types import SimpleNamespace

import pandas as pd
import pytest

from app.privacy import Span, apply_redactions, merge_overlapping
from app.rag import Passage, answer, build_messages, chunk_words, needs_handover
from pipelines.ingest_and_index import valid_articles

CHAIN = {"top_k": 3, "min_score": 0.4, "prompt_version": "v14"}
RETURNS = Passage("a-17", "Returns", "You can return items within 30 days.", 0.81)


class FixedRetriever:
    def __init__(self, passages):
        self.passages = passages
        self.queries = []

    def search(self, query, top_k):
        self.queries.append((query, top_k))
        return self.passages[:top_k]


class RecordingRails:
    """Stands in for LLMRails: records the messages and returns a canned generation with a log."""

    def __init__(self, reply):
        self.reply = reply
        self.messages = None

    async def generate_async(self, messages, options):
        self.messages = messages
        call = SimpleNamespace(llm_model_name="support-primary", prompt_tokens=812, completion_tokens=64)
        return SimpleNamespace(response=[{"role": "assistant", "content": self.reply}], log=SimpleNamespace(llm_calls=[call], activated_rails=[]))


def test_chunks_overlap_and_cover_the_article():
    words = [f"w{i}" for i in range(10)]
    chunks = chunk_words(" ".join(words), size=4, overlap=1)
    assert chunks == ["w0 w1 w2 w3", "w3 w4 w5 w6", "w6 w7 w8 w9"]
    assert chunk_words("short text", size=4, overlap=1) == ["short text"]
    with pytest.raises(ValueError):
        chunk_words("a b c", size=2, overlap=2)


def test_messages_number_the_sources_and_include_the_order():
    messages = build_messages("Where is my parcel?", [RETURNS], {"status": "shipped", "carrier": "DHL"}, "v14")
    assert [m["role"] for m in messages] == ["system", "context", "user"]
    assert messages[1]["content"]["relevant_chunks"].startswith("[1] Returns")
    assert messages[1]["content"]["order"] == "carrier: DHL\nstatus: shipped"


@pytest.mark.parametrize(
    "question, passages, expected",
    [
        ("Can I talk to a human?", [RETURNS], True),
        ("Ik wil een medewerker", [RETURNS], True),
        ("How long can I return?", [], True),
        ("How long can I return?", [Passage("x", "t", "b", 0.2)], True),
        ("How long can I return?", [RETURNS], False),
    ],
)
def test_handover(question, passages, expected):
    assert needs_handover(question, passages, min_score=0.4) is expected


def test_answer_uses_the_chain_settings():
    retriever, rails = FixedRetriever([RETURNS] * 5), RecordingRails("Within 30 days [1].")
    result = asyncio.run(answer("How long can I return?", None, CHAIN, retriever, rails))
    assert result.text == "Within 30 days [1]." and not result.handover
    assert retriever.queries == [("How long can I return?", 3)]
    assert result.llm_calls[0].prompt_tokens == 812


def test_answer_hands_over_without_calling_the_model():
    rails = RecordingRails("unused")
    result = asyncio.run(answer("Where is my parcel?", None, CHAIN, FixedRetriever([]), rails))
    assert result.handover and result.text is None
    assert rails.messages is None


def test_redaction_replaces_spans_and_merges_overlaps():
    text = "I am Anna Schmidt, mail anna@example.com"
    spans = [Span(5, 17, "PERSON"), Span(5, 9, "PERSON"), Span(24, 41, "EMAIL_ADDRESS")]
    assert apply_redactions(text, spans) == "I am <PERSON>, mail <EMAIL_ADDRESS>"
    assert merge_overlapping([Span(0, 5, "A"), Span(3, 8, "B")]) == [Span(0, 8, "A")]


def test_invalid_articles_are_dropped_and_counted():
    articles = pd.DataFrame(
        {
            "article_id": ["a-1", "a-2", "a-3"],
            "language": ["de", "xx", "nl"],
            "title": ["Rücksendung", "Bad language", "Retour"],
            "body": ["Sie können Artikel innerhalb von 30 Tagen zurückschicken. " * 3, "x " * 40, "Kort"],
            "updated_at": pd.to_datetime(["2026-11-20", "2026-11-21", "2026-11-22"], utc=True),
        }
    )
    kept, rejected = valid_articles(articles)
    assert kept["article_id"].tolist() == ["a-1"]
    assert rejected == 2
