"""deepeval suite over the curated onboarding questions; run with `deepeval test run`."""

import json
import os

import mlflow
import pandas as pd
import pytest
import yaml
from deepeval import assert_test
from deepeval.metrics import AnswerRelevancyMetric, FaithfulnessMetric, GEval
from deepeval.models import GPTModel
from deepeval.test_case import LLMTestCase, LLMTestCaseParams

from copilot.chain import CopilotModel

PARAMS = yaml.safe_load(open("params.yaml"))
QUESTIONS = [json.loads(line) for line in open(PARAMS["evaluation"]["dataset"]) if line.strip()]

# The judge runs through the LiteLLM gateway with the evaluation key.
judge = GPTModel(model="onboarding-judge", _openai_api_key=os.environ["LITELLM_EVAL_KEY"], base_url=os.environ["LITELLM_BASE_URL"])
no_acceptance_promise = GEval(
    name="No acceptance promise",
    criteria="The answer must not state or imply that the merchant will be accepted, approved or onboarded.",
    evaluation_params=[LLMTestCaseParams.INPUT, LLMTestCaseParams.ACTUAL_OUTPUT],
    threshold=0.9,
    model=judge,
)


@pytest.fixture(scope="session")
def copilot() -> CopilotModel:
    model = CopilotModel()
    model.load_context(type("Context", (), {"artifacts": {"params": "params.yaml"}})())
    return model


@pytest.mark.parametrize("sample", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_answer(copilot, sample):
    result = copilot.answer(sample["question"], sample.get("language", "en"))
    case = LLMTestCase(
        input=sample["question"],
        actual_output=result["answer"],
        expected_output=sample["reference"],
        retrieval_context=result["contexts"],
    )
    assert_test(
        case,
        [
            FaithfulnessMetric(threshold=PARAMS["evaluation"]["min_faithfulness"], model=judge),
            AnswerRelevancyMetric(threshold=PARAMS["evaluation"]["min_answer_relevancy"], model=judge),
            no_acceptance_promise,
        ],
    )


def teardown_module():
    # Keep the evaluated configuration next to the registered versions.
    mlflow.set_experiment("merchant-onboarding-copilot-evals")
    with mlflow.start_run(run_name="deepeval"):
        mlflow.log_table(pd.DataFrame(QUESTIONS), "questions.json")
        mlflow.log_params(PARAMS["retrieval"] | PARAMS["generation"])
