"""SageMaker Pipeline definition; `--upsert --start` creates or updates it and starts a run."""

import argparse
import os

import sagemaker
from sagemaker.inputs import TrainingInput
from sagemaker.processing import ProcessingInput, ProcessingOutput
from sagemaker.sklearn.estimator import SKLearn
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.parameters import ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

ROLE = os.environ.get("SAGEMAKER_ROLE_ARN", "arn:aws:iam::402817395561:role/inventory-anomaly-pipeline")
BUCKET = "acme-ml-inventory-anomaly"


def build_pipeline(session: sagemaker.Session) -> Pipeline:
    movements_uri = ParameterString("MovementsUri", default_value=f"s3://{BUCKET}/ledger/latest/")
    labels_uri = ParameterString("RecountLabelsUri", default_value=f"s3://{BUCKET}/recounts/latest/")

    processor = SKLearnProcessor(
        framework_version="1.2-1", role=ROLE, instance_type="ml.m5.4xlarge", instance_count=1, sagemaker_session=session
    )
    prepare = ProcessingStep(
        name="PrepareWindowFeatures",
        processor=processor,
        inputs=[
            ProcessingInput(source=movements_uri, destination="/opt/ml/processing/input/movements"),
            ProcessingInput(source="params.yaml", destination="/opt/ml/processing/input/code"),
        ],
        outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/output/train")],
        code="inventory_anomaly/prepare.py",
    )

    estimator = SKLearn(
        entry_point="inventory_anomaly/train.py",
        source_dir=".",
        framework_version="1.2-1",
        py_version="py3",
        role=ROLE,
        instance_type="ml.m5.2xlarge",
        environment={"MLFLOW_TRACKING_ARN": os.environ["MLFLOW_TRACKING_ARN"]},
        sagemaker_session=session,
    )
    train = TrainingStep(
        name="TrainEvaluateRegister",
        estimator=estimator,
        inputs={
            "train": TrainingInput(prepare.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri),
            "labels": TrainingInput(labels_uri),
        },
    )
    return Pipeline(
        name="inventory-anomaly-detector",
        parameters=[movements_uri, labels_uri],
        steps=[prepare, train],
        sagemaker_session=session,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upsert", action="store_true")
    parser.add_argument("--start", action="store_true")
    args = parser.parse_args()
    pipeline = build_pipeline(sagemaker.Session())
    if args.upsert:
        pipeline.upsert(role_arn=ROLE)
    if args.start:
        execution = pipeline.start()
        execution.wait(delay=60, max_attempts=240)
        print(execution.list_steps())
