"""Kubeflow pipeline: validate the DVC snapshot, tune with Optuna, train, register, promote."""

import argparse
import os

from kfp import compiler, dsl
from kfp.client import Client

IMAGE = os.environ.get("TRAINING_IMAGE", "registry.acme.internal/ml/product-recommender:latest")


@dsl.container_component
def validate_snapshot(snapshot: str):
    return dsl.ContainerSpec(
        image=IMAGE,
        command=["python", "-c"],
        args=["import sys; from recommender.data import load_sessions; load_sessions(sys.argv[1])", snapshot],
    )


@dsl.container_component
def tune(snapshot: str, tuned: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image=IMAGE,
        command=["python", "-m", "recommender.tune"],
        args=["--snapshot", snapshot, "--out", tuned],
    )


@dsl.container_component
def train_and_register(snapshot: str, tuned: dsl.InputPath(str)):
    return dsl.ContainerSpec(
        image=IMAGE,
        command=["python", "-m", "recommender.train"],
        args=["--snapshot", snapshot, "--tuned", tuned],
    )


@dsl.container_component
def restart_serving():
    # Setting restartAt makes Argo Rollouts replace the pods, which then load the new champion.
    return dsl.ContainerSpec(
        image="bitnami/kubectl:1.31",
        command=["sh", "-c"],
        args=[r'''kubectl -n recsys patch rollout product-recommender --type merge -p "{\"spec\":{\"restartAt\":\"$(date -u +%FT%TZ)\"}}"'''],
    )


@dsl.pipeline(name="product-recommender-training", description="Nightly retraining of the LambdaRank ranker")
def training_pipeline(snapshot: str):
    validated = validate_snapshot(snapshot=snapshot)
    tuned = tune(snapshot=snapshot).after(validated).set_cpu_limit("8").set_memory_limit("32G")
    trained = train_and_register(snapshot=snapshot, tuned=tuned.outputs["tuned"])
    trained.set_cpu_limit("8").set_memory_limit("32G").set_env_variable("MLFLOW_TRACKING_URI", os.environ.get("MLFLOW_TRACKING_URI", ""))
    restart_serving().after(trained)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshot", help="s3:// URI of the DVC-tracked session snapshot")
    parser.add_argument("--compile-only", action="store_true")
    args = parser.parse_args()
    compiler.Compiler().compile(training_pipeline, "training_pipeline.yaml")
    if args.compile_only:
        return
    client = Client(host=os.environ["KFP_HOST"])
    run = client.create_run_from_pipeline_package(
        "training_pipeline.yaml",
        arguments={"snapshot": args.snapshot},
        experiment_name="product-recommender",
        run_name=f"nightly-{os.environ.get('CI_PIPELINE_ID', 'local')}",
    )
    result = client.wait_for_run_completion(run.run_id, timeout=4 * 3600)
    if result.state != "SUCCEEDED":
        raise SystemExit(f"training pipeline ended in state {result.state}")


if __name__ == "__main__":
    main()
