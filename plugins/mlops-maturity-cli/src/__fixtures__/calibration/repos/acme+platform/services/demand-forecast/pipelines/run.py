import kfp

from pipelines.training import training_pipeline

client = kfp.Client()
client.create_run_from_pipeline_func(training_pipeline, arguments={"raw_uri": "gs://acme-sales/latest.parquet"})
