"""Retrieval from pgvector, the prompt, the LiteLLM call, redaction and output validation."""

import os

import mlflow
import pandas as pd
import psycopg
import yaml
from openai import OpenAI
from pgvector.psycopg import register_vector
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from copilot.guards import output_guard

PII = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD"]

INSTRUCTIONS = (
    "You answer questions about merchant onboarding at Acme Payments using only the policy "
    "sections below. Cite every statement with its section number in brackets, e.g. [4.2]. "
    "If the sections do not cover the question, say that an onboarding specialist will help. "
    "Never say whether a merchant will be accepted and never give legal or tax advice."
)


def build_messages(question: str, sections: list[dict]) -> list[dict]:
    context = "\n\n".join(f"[{s['section']}] {s['title']} ({s['document']})\n{s['text']}" for s in sections)
    return [
        {"role": "system", "content": f"{INSTRUCTIONS}\n\n{context}"},
        {"role": "user", "content": question},
    ]


class CopilotModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context) -> None:
        self.params = yaml.safe_load(open(context.artifacts["params"]))
        self.client = OpenAI(base_url=os.environ["LITELLM_BASE_URL"], api_key=os.environ["LITELLM_API_KEY"])
        self.analyzer, self.anonymizer = AnalyzerEngine(), AnonymizerEngine()
        self.guard = output_guard()

    def redact(self, text: str, language: str) -> str:
        findings = self.analyzer.analyze(text=text, language=language, entities=PII)
        return self.anonymizer.anonymize(
            text=text, analyzer_results=findings,
            operators={"DEFAULT": OperatorConfig("replace", {"new_value": "<redacted>"})},
        ).text

    def retrieve(self, question: str) -> list[dict]:
        embedding = self.client.embeddings.create(model=self.params["index"]["embedding_model"], input=[question]).data[0].embedding
        with psycopg.connect(os.environ["PGVECTOR_URL"]) as conn:
            register_vector(conn)
            rows = conn.execute(
                f"SELECT document, section, title, text FROM {self.params['index']['table']} "
                "ORDER BY embedding <=> %s LIMIT %s",
                (embedding, self.params["retrieval"]["top_k"]),
            ).fetchall()
        return [dict(zip(("document", "section", "title", "text"), row)) for row in rows]

    def answer(self, question: str, language: str = "en") -> dict:
        question = self.redact(question, language)
        sections = self.retrieve(question)
        completion = self.client.chat.completions.create(
            model=self.params["generation"]["model"],
            messages=build_messages(question, sections),
            temperature=self.params["generation"]["temperature"],
            max_tokens=self.params["generation"]["max_tokens"],
        )
        text = completion.choices[0].message.content
        self.guard.validate(text, metadata={"retrieved_sections": [s["section"] for s in sections]})
        return {
            "answer": text,
            "sections": [s["section"] for s in sections],
            "contexts": [s["text"] for s in sections],
            "prompt_tokens": completion.usage.prompt_tokens,
            "completion_tokens": completion.usage.completion_tokens,
        }

    def predict(self, context, model_input: pd.DataFrame, params=None) -> list[dict]:
        return [self.answer(q) for q in model_input["question"]]
