"""Golden-set evaluation with ragas, used by the PR workflow and the nightly refresh flow."""

import argparse
import asyncio
import json
import os
import sys

import httpx
import mlflow
import yaml
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from nemoguardrails import LLMRails, RailsConfig
from ragas import EvaluationDataset, evaluate
from ragas.embeddings import LangchainEmbeddingsWrapper
from ragas.llms import LangchainLLMWrapper
from ragas.metrics import Faithfulness, LLMContextPrecisionWithReference, ResponseRelevancy

from app.rag import Retriever, answer


def load_golden_set(path: str) -> list[dict]:
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def retrieval_hit_rate(retriever, golden: list[dict], top_k: int, min_score: float) -> float:
    """Share of golden questions whose reference article is among the passages kept."""
    hits = 0
    for sample in golden:
        passages = [p for p in retriever.search(sample["question"], top_k) if p.score >= min_score]
        hits += any(p.article_id in sample["reference_article_ids"] for p in passages)
    return hits / len(golden) if golden else 0.0


def evaluator_models():
    # The judge goes through the same LiteLLM gateway, with its own virtual key and budget.
    gateway = {"base_url": os.environ["LITELLM_BASE_URL"], "api_key": os.environ["LITELLM_EVAL_KEY"]}
    return (
        LangchainLLMWrapper(ChatOpenAI(model="eval-judge", temperature=0, **gateway)),
        LangchainEmbeddingsWrapper(OpenAIEmbeddings(model="eval-embeddings", **gateway)),
    )


def evaluate_chain(chain: dict, params: dict) -> dict:
    golden = load_golden_set(params["evaluation"]["golden_set"])
    retriever = Retriever(os.environ["QDRANT_URL"], chain["collection"], params["index"]["embedding_model"])
    rails = LLMRails(RailsConfig.from_path("guardrails"))
    samples = []
    for sample in golden:
        result = asyncio.run(answer(sample["question"], sample.get("order"), chain, retriever, rails))
        samples.append(
            {
                "user_input": sample["question"],
                "response": result.text or "",
                "retrieved_contexts": [p.text for p in result.passages],
                "reference": sample["reference_answer"],
            }
        )
    llm, embeddings = evaluator_models()
    scores = evaluate(
        dataset=EvaluationDataset.from_list(samples),
        metrics=[Faithfulness(), ResponseRelevancy(), LLMContextPrecisionWithReference()],
        llm=llm,
        embeddings=embeddings,
    ).to_pandas()
    return {
        "faithfulness": float(scores["faithfulness"].mean()),
        "answer_relevancy": float(scores["answer_relevancy"].mean()),
        "context_precision": float(scores["llm_context_precision_with_reference"].mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["run", "build-golden"])
    parser.add_argument("--out")
    args = parser.parse_args()
    params = yaml.safe_load(open("params.yaml"))
    if args.command == "build-golden":
        reviewed = httpx.get(f"{os.environ['REVIEW_TOOL_API']}/golden?status=approved", timeout=60).json()["samples"]
        with open(args.out, "w") as out:
            out.writelines(json.dumps(sample, ensure_ascii=False) + "\n" for sample in reviewed)
        return
    # A PR is evaluated with the champion's retrieval settings and the PR's prompt version.
    champion = mlflow.pyfunc.load_model(f"models:/{params['registry']['model_name']}@champion").metadata.metadata
    metrics = evaluate_chain({**champion, "prompt_version": params["generation"]["prompt_version"]}, params)
    print(json.dumps(metrics, indent=2))
    evaluation = params["evaluation"]
    if metrics["faithfulness"] < evaluation["min_faithfulness"] or metrics["answer_relevancy"] < evaluation["min_answer_relevancy"]:
        sys.exit("ragas scores below the thresholds in params.yaml")


if __name__ == "__main__":
    main()
