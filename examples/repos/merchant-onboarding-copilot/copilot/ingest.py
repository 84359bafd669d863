"""Policy documents → validated sections → pgvector index → registered chain configuration."""

import argparse
import glob
import json
import os
import re
from collections import defaultdict

import mlflow
import pandas as pd
import pandera as pa
import psycopg
import yaml
from openai import OpenAI
from pandera import Check, Column
from pgvector.psycopg import register_vector
from pypdf import PdfReader

PARAMS = yaml.safe_load(open("params.yaml"))
HEADING = re.compile(r"^(\d+(?:\.\d+)*)\s+(\S.*)$", re.MULTILINE)

SECTIONS = pa.DataFrameSchema(
    {
        "document": Column(str),
        "section": Column(str, Check.str_matches(r"^\d+(\.\d+)*$")),
        "title": Column(str),
        "text": Column(str, Check.str_length(min_value=PARAMS["ingest"]["min_section_chars"])),
    },
    unique=["document", "section"],
)


def split_sections(document: str, text: str) -> list[dict]:
    """Cuts a policy document at its numbered headings ("4.2 Required documents")."""
    headings = list(HEADING.finditer(text))
    sections = []
    for current, following in zip(headings, headings[1:] + [None]):
        body = text[current.end(): following.start() if following else len(text)].strip()
        sections.append({"document": document, "section": current.group(1), "title": current.group(2).strip(), "text": body})
    return sections


def ingest(out: str) -> None:
    rows = []
    for path in PARAMS["ingest"]["sources"]:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        rows.extend(split_sections(os.path.basename(path), text))
    frame = pd.DataFrame(rows)
    frame = frame[frame["text"].str.len() >= PARAMS["ingest"]["min_section_chars"]]
    SECTIONS.validate(frame, lazy=True).to_parquet(out, index=False)


def gateway() -> OpenAI:
    return OpenAI(base_url=os.environ["LITELLM_BASE_URL"], api_key=os.environ["LITELLM_API_KEY"])


def index(path: str) -> None:
    sections = pd.read_parquet(path)
    vectors = gateway().embeddings.create(model=PARAMS["index"]["embedding_model"], input=sections["text"].tolist()).data
    with psycopg.connect(os.environ["PGVECTOR_URL"]) as conn:
        register_vector(conn)
        table = PARAMS["index"]["table"]
        conn.execute(f"TRUNCATE {table}")
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {table} (document, section, title, text, embedding) VALUES (%s, %s, %s, %s, %s)",
                [(r.document, r.section, r.title, r.text, v.embedding) for r, v in zip(sections.itertuples(), vectors)],
            )


def summarise_deepeval(run: dict) -> dict[str, float]:
    """Mean score per metric over the test cases of one saved `deepeval test run`."""
    scores = defaultdict(list)
    for case in run["testCases"]:
        for metric in case["metricsData"]:
            scores[metric["name"].lower().replace(" ", "_")].append(metric["score"])
    return {name: sum(values) / len(values) for name, values in scores.items()}


def register() -> None:
    from copilot.chain import CopilotModel

    # The evaluate stage runs with DEEPEVAL_RESULTS_FOLDER=reports/deepeval.
    latest = max(glob.glob("reports/deepeval/*.json"), key=os.path.getmtime)
    mlflow.set_experiment("merchant-onboarding-copilot")
    with mlflow.start_run(run_name="release"):
        mlflow.log_params({**PARAMS["retrieval"], **PARAMS["generation"], "sources": len(PARAMS["ingest"]["sources"])})
        mlflow.log_metrics(summarise_deepeval(json.load(open(latest))))
        mlflow.pyfunc.log_model(
            "model",
            python_model=CopilotModel(),
            artifacts={"params": "params.yaml"},
            code_paths=["copilot"],
            registered_model_name=PARAMS["registry"]["model_name"],
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["ingest", "index", "register"])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--out")
    args = parser.parse_args()
    {"ingest": lambda: ingest(args.out), "index": lambda: index(args.path), "register": register}[args.command]()
