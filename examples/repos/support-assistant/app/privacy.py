"""PII redaction with Presidio before a message reaches retrieval, a model or a log line."""

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "LOCATION", "IP_ADDRESS"]
LANGUAGES = ["de", "nl", "pl", "en"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str


def merge_overlapping(spans: list[Span]) -> list[Span]:
    """Presidio can report nested or overlapping findings; keep the widest cover of each region."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), last.entity)
        else:
            merged.append(span)
    return merged


def apply_redactions(text: str, spans: list[Span]) -> str:
    redacted, cursor = [], 0
    for span in merge_overlapping(spans):
        redacted.append(text[cursor:span.start])
        redacted.append(f"<{span.entity}>")
        cursor = span.end
    redacted.append(text[cursor:])
    return "".join(redacted)


class Redactor:
    def __init__(self, score_threshold: float = 0.5):
        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": lang, "model_name": "xx_ent_wiki_sm"} for lang in LANGUAGES],
            }
        )
        self.analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=LANGUAGES)
        self.score_threshold = score_threshold

    def redact(self, text: str, language: str) -> tuple[str, list[str]]:
        findings = self.analyzer.analyze(
            text=text, language=language if language in LANGUAGES else "en",
            entities=ENTITIES, score_threshold=self.score_threshold,
        )
        spans = [Span(f.start, f.end, f.entity_type) for f in findings]
        return apply_redactions(text, spans), sorted({s.entity for s in spans})
