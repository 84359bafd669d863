from kfp import compiler, dsl


@dsl.component(base_image="python:3.12", packages_to_install=["pandas", "pyarrow"])
def prepare(raw: dsl.Input[dsl.Dataset], features: dsl.Output[dsl.Dataset]):
    import pandas as pd

    frame = pd.read_parquet(raw.path)
    frame["week"] = pd.to_datetime(frame["date"]).dt.isocalendar().week
    frame.to_parquet(features.path)


@dsl.component(base_image="python:3.12", packages_to_install=["lightgbm", "mlflow", "pandas", "pyarrow"])
def train(features: dsl.Input[dsl.Dataset], model: dsl.Output[dsl.Model]):
    import lightgbm as lgb
    import mlflow
    import pandas as pd

    frame = pd.read_parquet(features.path)
    with mlflow.start_run():
        booster = lgb.train({"objective": "poisson"}, lgb.Dataset(frame.drop(columns=["units"]), frame["units"]))
        mlflow.log_metric("train_rows", len(frame))
        mlflow.lightgbm.log_model(booster, "model", registered_model_name="demand-forecast")
        booster.save_model(model.path)


@dsl.pipeline(name="demand-forecast-training")
def training_pipeline(raw_uri: str):
    raw = dsl.importer(artifact_uri=raw_uri, artifact_class=dsl.Dataset)
    features = prepare(raw=raw.output)
    train(features=features.outputs["features"])


if __name__ == "__main__":
    compiler.Compiler().compile(training_pipeline, "training.yaml")
