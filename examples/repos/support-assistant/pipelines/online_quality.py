"""Hourly online quality job: ragas faithfulness on a 5% sample of yesterday's answers, and
Evidently drift of the question mix against the golden set."""

import os

import pandas as pd
import sqlalchemy
import yaml
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway
from ragas import EvaluationDataset, evaluate
from ragas.metrics import Faithfulness

from evals.ragas_eval import evaluator_models, load_golden_set

PARAMS = yaml.safe_load(open("params.yaml"))


def question_descriptors(questions: pd.DataFrame) -> pd.DataFrame:
    """Cheap, stable descriptors of a question mix: language, length, topic from the router."""
    return pd.DataFrame(
        {
            "language": questions["language"],
            "length_words": questions["question"].str.split().str.len(),
            "topic": questions["topic"],
            "has_order_context": questions["has_order"].astype(int),
        }
    )


def main() -> None:
    engine = sqlalchemy.create_engine(os.environ["TRANSCRIPTS_DB_URL"])
    recent = pd.read_sql(
        "SELECT question, answer, contexts, language, topic, has_order FROM assistant.turns "
        "WHERE answered_at >= now() - interval '1 hour' AND NOT handover",
        engine,
    )
    sample = recent.sample(frac=0.05, random_state=0) if len(recent) > 40 else recent
    llm, _ = evaluator_models()
    faithfulness = evaluate(
        dataset=EvaluationDataset.from_list(
            [{"user_input": r.question, "response": r.answer, "retrieved_contexts": r.contexts} for r in sample.itertuples()]
        ),
        metrics=[Faithfulness()],
        llm=llm,
    ).to_pandas()["faithfulness"].mean()

    golden = pd.DataFrame(load_golden_set(PARAMS["evaluation"]["golden_set"]))
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=question_descriptors(golden), current_data=question_descriptors(recent))
    drift_share = report.as_dict()["metrics"][0]["result"]["share_of_drifted_columns"]

    registry = CollectorRegistry()
    Gauge("support_assistant_answer_groundedness", "Sampled ragas faithfulness", registry=registry).set(faithfulness)
    Gauge("support_assistant_query_drift_share", "Drifted question descriptors vs golden set", registry=registry).set(drift_share)
    push_to_gateway(os.environ["PUSHGATEWAY_ADDRESS"], job="support-assistant-online-quality", registry=registry)


if __name__ == "__main__":
    main()
