import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('Terraform', () => {
  it('recognises managed platforms that serve the model and their scaling', async () => {
    const facts = await analyzeFiles({
      'infra/main.tf': `resource "google_vertex_ai_endpoint" "fraud" {
  name         = "fraud"
  display_name = "fraud"
  location     = "europe-west4"
}

resource "google_cloud_run_v2_service" "api" {
  name     = "fraud-api"
  location = "europe-west4"
  template {
    scaling {
      min_instance_count = 1
      max_instance_count = 5
    }
    containers {
      image = "europe-docker.pkg.dev/acme/fraud/api:1.4.2"
    }
  }
}

resource "azurerm_container_app" "chat" {
  name                         = "chat-api"
  container_app_environment_id = azurerm_container_app_environment.env.id
  resource_group_name          = azurerm_resource_group.rg.name
  revision_mode                = "Single"
  template {
    min_replicas = 2
    max_replicas = 2
    container {
      name   = "api"
      image  = "acme.azurecr.io/chat-api:1.0"
      cpu    = 0.5
      memory = "1Gi"
    }
  }
}
`,
    });
    const platforms = signalsOf(facts, 'serving').map(s => ({
      tool: s.tool,
      platform: s.attributes.platform,
      autoscaling: s.attributes.autoscaling,
    }));
    expect(platforms).toEqual([
      { tool: 'vertex-ai', platform: 'vertex-ai-endpoint', autoscaling: null },
      {
        tool: 'cloud-run',
        platform: 'cloud-run',
        autoscaling: {
          minReplicas: 1,
          maxReplicas: 5,
          via: 'google_cloud_run_v2_service scaling',
        },
      },
      {
        tool: 'azure-container-apps',
        platform: 'azure-container-apps',
        autoscaling: {
          minReplicas: 2,
          maxReplicas: 2,
          via: 'azurerm_container_app scaling',
        },
      },
    ]);
  });

  it('follows Cloud Scheduler jobs to the function that submits the pipeline, and rejects the others', async () => {
    const facts = await analyzeFiles({
      'terraform/scheduler/main.tf': `resource "google_cloud_scheduler_job" "retrain" {
  name        = "weekly-training"
  description = "Trigger the training pipeline"
  schedule    = "0 3 * * 1"
  time_zone   = "UTC"
  pubsub_target {
    topic_name = google_pubsub_topic.pipelines.id
    attributes = {
      template_path = "gs://acme-pipelines/training/training.json"
    }
  }
}

resource "google_cloud_scheduler_job" "paused" {
  name     = "hourly-scoring"
  schedule = "0 * * * *"
  paused   = true
  pubsub_target {
    topic_name = google_pubsub_topic.pipelines.id
  }
}
`,
      'terraform/functions/main.tf': `resource "google_cloudfunctions_function" "trigger" {
  name        = "pipeline-trigger"
  runtime     = "python311"
  entry_point = "handle"
  event_trigger {
    event_type = "google.pubsub.topic.publish"
    resource   = google_pubsub_topic.pipelines.id
  }
}
`,
      'functions/trigger/main.py': `import base64
import json

from google.cloud import aiplatform


def handle(event, context):
    params = json.loads(base64.b64decode(event["data"]).decode())
    job = aiplatform.PipelineJob(
        display_name="scheduled",
        template_path=event["attributes"]["template_path"],
        parameter_values=params,
    )
    job.submit()
`,
    });
    const [schedule] = signalsOf(facts, 'schedule', 'cloud-scheduler');
    expect(schedule.attributes).toMatchObject({
      trigger: 'cron',
      schedule: '0 3 * * 1',
      runners: ['function'],
      activities: ['train'],
    });
    expect(schedule.detail).toBe(
      'Cloud Scheduler job `retrain` in terraform/scheduler runs on `0 3 * * 1` and starts function `functions/trigger/main.py` (submits the pipeline at `gs://acme-pipelines/training/training.json`) (train)',
    );
    expect(rejectionsOf(facts, 'schedule')[0].reason).toBe(
      'Cloud Scheduler job `paused` in terraform/scheduler is disabled (paused = true), so its schedule `0 * * * *` starts nothing',
    );
  });

  it('rejects a Cloud Scheduler job whose Pub/Sub messages nothing in the repository acts on', async () => {
    const facts = await analyzeFiles({
      'infra/main.tf': `resource "google_cloud_scheduler_job" "nightly" {
  name     = "nightly"
  schedule = "0 2 * * *"
  pubsub_target {
    topic_name = "projects/acme/topics/nightly"
  }
}
`,
    });
    expect(signalsOf(facts, 'schedule')).toHaveLength(0);
    expect(rejectionsOf(facts, 'schedule')[0].reason).toBe(
      'Cloud Scheduler job `nightly` in infra runs on `0 2 * * *` but only targets pubsub-topic `projects/acme/topics/nightly`, which starts no pipeline or job the repository shows',
    );
  });

  it('reads Cloud Monitoring alert policies as monitoring and alerting', async () => {
    const facts = await analyzeFiles({
      'infra/monitoring.tf': `resource "google_monitoring_alert_policy" "latency" {
  display_name = "fraud-api latency"
  combiner     = "OR"
  conditions {
    display_name = "p95 latency above 500 ms"
    condition_threshold {
      filter          = "resource.type = \\"cloud_run_revision\\" AND metric.type = \\"run.googleapis.com/request_latencies\\""
      comparison      = "COMPARISON_GT"
      threshold_value = 500
      duration        = "300s"
    }
  }
}
`,
    });
    expect(
      signalsOf(facts, 'monitoring-config', 'cloud-monitoring')[0].detail,
    ).toBe(
      'Terraform in infra configures Cloud Monitoring alert policies `fraud-api latency`',
    );
    expect(signalsOf(facts, 'alert-rules', 'cloud-monitoring')).toHaveLength(1);
  });
});
